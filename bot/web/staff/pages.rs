//! The queue, a booking, a waiting request, the actions on them, and the exports.

use std::collections::{BTreeMap, HashMap};

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::Paris;
use maud::{Markup, html};

use super::auth::Ctx;
use super::layout::{self, Tr, when};
use super::{Staff, StaffError};
use crate::app::{BookRequest, Booked, RequestBooked};
use crate::booking::territory::{Format, Territory};
use crate::core::{Body, BookingStatus, OutboxKind, Parcours};
use crate::engine::Answer;
use crate::i18n::summary::staff_summary;
use crate::storage::staff::{
    ActionOutcome, AuditEntry, Move, Notice, QueueFilter, QueueRow, RequestRow, Role, StatusFilter,
};

/// Bookings per page of the queue.
pub const PAGE_SIZE: i64 = 50;

/// Messages a redirect may show (anything else is ignored).
const FLASH: [&str; 8] = [
    "staff-done",
    "staff-unchanged",
    "staff-reason-required",
    "staff-slot-taken",
    "staff-slot-unknown",
    "staff-choose-outcome",
    "staff-saved",
    "staff-invalid",
];

/// The queue's query string.
#[derive(Debug, Default, serde::Deserialize)]
pub struct QueueQuery {
    pub partner: Option<String>,
    pub status: Option<String>,
    pub date: Option<String>,
    pub parcours: Option<String>,
    pub q: Option<String>,
    pub page: Option<i64>,
}

fn nonempty(v: &Option<String>) -> Option<String> {
    v.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// A Paris day as Unix seconds, start and end.
#[must_use]
pub fn day_range(d: NaiveDate) -> Option<(i64, i64)> {
    let start = Paris
        .from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
        .earliest()?;
    let next = d.succ_opt()?;
    let end = Paris
        .from_local_datetime(&next.and_hms_opt(0, 0, 0)?)
        .earliest()?;
    Some((start.timestamp(), end.timestamp()))
}

impl QueueQuery {
    fn filter(&self, now: i64) -> Result<QueueFilter, StaffError> {
        let day = match nonempty(&self.date) {
            Some(d) => Some(
                NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                    .ok()
                    .and_then(day_range)
                    .ok_or_else(|| {
                        StaffError::BadRequest("date: AAAA-MM-JJ / YYYY-MM-DD".into())
                    })?,
            ),
            None => None,
        };
        let status = match nonempty(&self.status) {
            Some(s) => {
                StatusFilter::parse(&s).ok_or_else(|| StaffError::BadRequest("status".into()))?
            }
            None => StatusFilter::default(),
        };
        Ok(QueueFilter {
            partner: nonempty(&self.partner),
            status,
            day,
            parcours: nonempty(&self.parcours),
            reference: nonempty(&self.q),
            now,
        })
    }

    fn query_string(&self, page: Option<i64>) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("partner", &self.partner),
            ("status", &self.status),
            ("date", &self.date),
            ("parcours", &self.parcours),
            ("q", &self.q),
        ] {
            if let Some(v) = nonempty(v) {
                s.append_pair(k, &v);
            }
        }
        if let Some(p) = page {
            s.append_pair("page", &p.to_string());
        }
        s.finish()
    }
}

fn partner_name(t: Option<&Territory>, id: &str) -> String {
    t.and_then(|t| t.partner(id))
        .map_or_else(|| id.to_string(), |p| p.name.clone())
}

fn site_name(t: Option<&Territory>, id: &str) -> String {
    t.and_then(|t| t.site(id))
        .map_or_else(|| id.to_string(), |(_, s)| s.name.clone())
}

/// The territories an account works with.
fn territories<'a>(staff: &'a Staff, ctx: &Ctx) -> Vec<&'a Territory> {
    staff
        .catalog()
        .territories
        .iter()
        .filter(|t| {
            ctx.account.role == Role::Admin || ctx.account.territory.as_deref() == Some(&t.id)
        })
        .collect()
}

/// GET /staff
pub async fn queue(
    State(staff): State<Staff>,
    ctx: Ctx,
    Query(q): Query<QueueQuery>,
) -> Result<Html<String>, StaffError> {
    let now = staff.now();
    let filter = q.filter(now)?;
    let scope = ctx.account.scope();
    let store = staff.store();
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    let (rows, total) = store
        .staff_queue(&scope, &filter, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        .await?;
    let counts = store.staff_counts(&scope).await?;
    let requests = if page == 1 && filter.reference.is_none() {
        store
            .staff_requests(&scope, filter.partner.as_deref(), 100)
            .await?
    } else {
        Vec::new()
    };
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let ts = territories(&staff, &ctx);
    let t = ts.first().copied();
    let partners: Vec<(String, String)> = ts
        .iter()
        .flat_map(|t| t.partners.iter())
        .filter(|p| scope.allows_partner(&p.id))
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    let status_names = [
        "active",
        "all",
        "pending",
        "confirmed",
        "cancelled",
        "seen",
        "no-show",
        "excused",
    ];
    let pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    let body = html! {
        h1 { (tr.t("staff-queue")) }
        h2 #counts { (tr.t("staff-counts")) }
        ul.counts aria-labelledby="counts" {
            @for (status, n) in &counts {
                li { (tr.t(&format!("staff-status-{status}"))) " : " strong { (n) } }
            }
        }
        form.filters method="get" action="/staff" role="search" {
            p {
                label for="q" { (tr.t("staff-filter-reference")) }
                input #q name="q" type="search" value=(q.q.clone().unwrap_or_default()) autocomplete="off";
            }
            p {
                label for="partner" { (tr.t("staff-filter-partner")) }
                select #partner name="partner" {
                    option value="" { (tr.t("staff-all")) }
                    @for (id, name) in &partners {
                        option value=(id) selected[filter.partner.as_deref() == Some(id.as_str())] { (name) }
                    }
                }
            }
            p {
                label for="status" { (tr.t("staff-filter-status")) }
                select #status name="status" {
                    @for s in status_names {
                        option value=(s) selected[filter.status.as_str() == s] { (tr.t(&format!("staff-status-{s}"))) }
                    }
                }
            }
            p {
                label for="date" { (tr.t("staff-filter-date")) }
                input #date name="date" type="date" value=(q.date.clone().unwrap_or_default());
            }
            p {
                label for="parcours" { (tr.t("staff-filter-parcours")) }
                select #parcours name="parcours" {
                    option value="" { (tr.t("staff-all")) }
                    @for p in ["emploi", "global", "social"] {
                        option value=(p) selected[filter.parcours.as_deref() == Some(p)] { (tr.t(&format!("staff-parcours-{p}"))) }
                    }
                }
            }
            p { button type="submit" { (tr.t("staff-filter-apply")) } }
        }
        p { a href={ "/staff/export/bookings.csv?" (q.query_string(None)) } { (tr.t("staff-export-csv")) } }
        @if !requests.is_empty() {
            h2 { (tr.t("staff-waiting-title")) " (" (requests.len()) ")" }
            table {
                caption.muted { (tr.t("staff-waiting-caption")) }
                thead { tr {
                    th scope="col" { (tr.t("staff-col-created")) }
                    th scope="col" { (tr.t("staff-col-partner")) }
                    th scope="col" { (tr.t("staff-col-parcours")) }
                    th scope="col" { (tr.t("staff-col-urgent")) }
                } }
                tbody {
                    @for r in &requests {
                        tr {
                            td { a href={ "/staff/requests/" (r.id) } { (when(r.created_at)) } }
                            td { (partner_name(t, &r.partner)) }
                            td { (parcours_label(&tr, r.parcours.as_deref())) }
                            td { @if r.urgent { span.urgent { (tr.t("staff-urgent")) } } }
                        }
                    }
                }
            }
        }
        h2 { (tr.t("staff-bookings-title")) " (" (total) ")" }
        @if rows.is_empty() {
            p { (tr.t("staff-none")) }
        } @else {
            table {
                thead { tr {
                    th scope="col" { (tr.t("staff-col-reference")) }
                    th scope="col" { (tr.t("staff-col-when")) }
                    th scope="col" { (tr.t("staff-col-partner")) }
                    th scope="col" { (tr.t("staff-col-status")) }
                    th scope="col" { (tr.t("staff-col-parcours")) }
                    th scope="col" { (tr.t("staff-col-urgent")) }
                } }
                tbody {
                    @for b in &rows {
                        tr {
                            td { a href={ "/staff/bookings/" (b.id) } { (b.reference) } }
                            td { (when(b.starts_at)) }
                            td {
                                (partner_name(t, &b.partner))
                                @if let Some(w) = &b.with_partner { " + " (partner_name(t, w)) }
                                br; span.muted { (site_name(t, &b.site)) }
                            }
                            td { (tr.t(&format!("staff-status-{}", b.status))) }
                            td { (parcours_label(&tr, b.parcours.as_deref())) }
                            td { @if b.urgent { span.urgent { (tr.t("staff-urgent")) } } }
                        }
                    }
                }
            }
            @if pages > 1 {
                nav aria-label=(tr.t("staff-pages")) {
                    p {
                        @if page > 1 { a href={ "/staff?" (q.query_string(Some(page - 1))) } { (tr.t("staff-previous")) } " " }
                        (tr.ta("staff-page-of", &[("page", page.to_string()), ("pages", pages.to_string())]))
                        @if page < pages { " " a href={ "/staff?" (q.query_string(Some(page + 1))) } { (tr.t("staff-next")) } }
                    }
                }
            }
        }
    };
    Ok(layout::page(&tr, &ctx, &tr.t("staff-queue"), body))
}

fn parcours_label(tr: &Tr<'_>, p: Option<&str>) -> String {
    match p {
        Some(p) => tr.or(&format!("staff-parcours-{p}"), p),
        None => String::new(),
    }
}

/// A booking the account may see, or 404.
async fn booking_in_scope(staff: &Staff, ctx: &Ctx, id: &str) -> Result<QueueRow, StaffError> {
    let b = staff
        .store()
        .staff_booking(id)
        .await?
        .ok_or(StaffError::NotFound)?;
    if !ctx
        .account
        .scope()
        .allows(&b.territory, &b.partner, b.with_partner.as_deref())
    {
        return Err(StaffError::NotFound);
    }
    Ok(b)
}

async fn request_in_scope(staff: &Staff, ctx: &Ctx, id: &str) -> Result<RequestRow, StaffError> {
    let r = staff
        .store()
        .staff_request(id)
        .await?
        .ok_or(StaffError::NotFound)?;
    if !ctx.account.scope().allows(&r.territory, &r.partner, None) {
        return Err(StaffError::NotFound);
    }
    Ok(r)
}

/// The diagnostic as shared: nothing without the sharing consent, sensitive answers only with
/// their own consent.
async fn summary_block(
    staff: &Staff,
    tr: &Tr<'_>,
    person: Option<&str>,
) -> Result<Markup, StaffError> {
    let Some(person) = person else {
        return Ok(html! { p.muted { (tr.t("staff-person-erased")) } });
    };
    let store = staff.store();
    let mut latest: BTreeMap<String, bool> = BTreeMap::new();
    for (scope, granted) in store.consents_of(person).await? {
        latest.insert(scope, granted);
    }
    if latest.get("share") != Some(&true) {
        return Ok(html! { p { (tr.t("staff-no-share")) } });
    }
    let sensitive_ok = latest.get("sensitive") == Some(&true);
    let catalog = staff.catalog();
    let Some(dialogue) = catalog
        .dialogue("diagnostic")
        .or_else(|| catalog.dialogues.first())
    else {
        return Ok(html! {});
    };
    let mut answers = BTreeMap::new();
    for a in store.answers_of(person).await? {
        if a.sensitive && !sensitive_ok {
            continue;
        }
        let Ok(value) = serde_json::from_str(&a.value) else {
            continue;
        };
        answers.insert(
            a.step.clone(),
            Answer {
                value,
                codes: a.codes.split_whitespace().map(str::to_string).collect(),
                sensitive: a.sensitive,
                at: 0,
            },
        );
    }
    let s = staff_summary(&catalog.locales, dialogue, &answers);
    Ok(html! {
        @if !sensitive_ok { p.muted { (tr.t("staff-no-sensitive")) } }
        h3 { (tr.t("staff-proposal")) }
        ul { @for line in &s.proposal_text { li { (line) } } }
        h3 { (tr.t("staff-answers")) }
        table {
            thead { tr {
                th scope="col" { (tr.t("staff-col-question")) }
                th scope="col" { (tr.t("staff-col-answer")) }
                th scope="col" { (tr.t("staff-col-codes")) }
            } }
            tbody {
                @for l in &s.lines {
                    tr {
                        td { (l.label) @if l.sensitive { " " span.muted { "(" (tr.t("staff-sensitive")) ")" } } }
                        td { (l.value) }
                        td { @for c in &l.codes { code { (c) } " " } }
                    }
                }
            }
        }
    })
}

async fn contact_block(
    staff: &Staff,
    tr: &Tr<'_>,
    ctx: &Ctx,
    person: Option<&str>,
    action: &str,
    revealed: Option<&str>,
) -> Result<Markup, StaffError> {
    let Some(person) = person else {
        return Ok(html! {});
    };
    let Some((channel, locale)) = staff.store().person_channel(person).await? else {
        return Ok(html! {});
    };
    Ok(html! {
        dl {
            dt { (tr.t("staff-channel")) }
            dd { (tr.or(&format!("staff-channel-{channel}"), &channel)) }
            dt { (tr.t("staff-language")) }
            dd { (tr.or(&format!("language-name-{locale}"), &locale)) }
            dt { (tr.t("staff-contact")) }
            dd {
                @if let Some(address) = revealed {
                    strong #contact { (address) }
                } @else {
                    span aria-hidden="true" { "••••••••" } " "
                    form method="post" action=(action) style="display:inline" {
                        input type="hidden" name="csrf" value=(ctx.csrf);
                        button.secondary type="submit" { (tr.t("staff-contact-show")) }
                    }
                    p.muted { (tr.t("staff-contact-audited")) }
                }
            }
        }
    })
}

/// The booking page's query string.
#[derive(Debug, Default, serde::Deserialize)]
pub struct BookingQuery {
    pub partner: Option<String>,
    pub msg: Option<String>,
}

async fn booking_page(
    staff: &Staff,
    ctx: &Ctx,
    b: &QueueRow,
    q: &BookingQuery,
    revealed: Option<&str>,
) -> Result<Html<String>, StaffError> {
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let t = staff.catalog().territory(Some(&b.territory));
    let store = staff.store();
    let now = staff.now();
    let history = store.booking_history(&b.id).await?;
    let mut actors: HashMap<String, String> = HashMap::new();
    for (_, actor, _, _) in &history {
        if actor != "person" && actor != "system" && !actors.contains_key(actor) {
            if let Some(a) = store.staff_by_id(actor).await? {
                actors.insert(actor.clone(), a.email);
            }
        }
    }
    let messages = match &b.person_id {
        Some(p) => store
            .outbox_of(p)
            .await?
            .into_iter()
            .filter(|(kind, _, _)| *kind == OutboxKind::Text)
            .collect(),
        None => Vec::new(),
    };
    let active = matches!(b.status.as_str(), "pending" | "confirmed");
    let scope = ctx.account.scope();
    let target = nonempty(&q.partner)
        .filter(|p| scope.allows_partner(p))
        .unwrap_or_else(|| b.partner.clone());
    let slots = match (active, t) {
        (true, Some(t)) => staff.host.free_slots(&t.id, &target, now).await?,
        _ => Vec::new(),
    };
    let partners: Vec<(String, String)> = t
        .map(|t| {
            t.partners
                .iter()
                .filter(|p| scope.allows_partner(&p.id) && !p.sites.is_empty())
                .map(|p| (p.id.clone(), p.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let flash = q.msg.as_deref().filter(|m| FLASH.contains(m));
    let summary = summary_block(staff, &tr, b.person_id.as_deref()).await?;
    let contact = contact_block(
        staff,
        &tr,
        ctx,
        b.person_id.as_deref(),
        &format!("/staff/bookings/{}/contact", b.id),
        revealed,
    )
    .await?;
    let base = format!("/staff/bookings/{}", b.id);
    let body = html! {
        p { a href="/staff" { "← " (tr.t("staff-queue")) } }
        h1 { (tr.t("staff-booking")) " " (b.reference) }
        @if let Some(m) = flash {
            p.notice role="status" { (tr.t(m)) }
        }
        dl {
            dt { (tr.t("staff-col-status")) } dd #status { (tr.t(&format!("staff-status-{}", b.status))) }
            dt { (tr.t("staff-col-when")) } dd { (when(b.starts_at)) " – " (layout::when(b.ends_at).split(' ').nth(1).unwrap_or("")) }
            dt { (tr.t("staff-col-partner")) } dd { (partner_name(t, &b.partner)) " · " (site_name(t, &b.site)) }
            @if let Some(w) = &b.with_partner { dt { (tr.t("staff-with")) } dd { (partner_name(t, w)) } }
            dt { (tr.t("staff-format")) } dd { (tr.or(&format!("format-{}", b.format), &b.format)) }
            dt { (tr.t("staff-col-parcours")) } dd { (parcours_label(&tr, b.parcours.as_deref())) @if let Some(l) = &b.lead { " · " (l) } }
            @if b.urgent { dt { (tr.t("staff-col-urgent")) } dd.urgent { (tr.t("staff-urgent-text")) } }
            dt { (tr.t("staff-col-created")) } dd { (when(b.created_at)) }
        }
        h2 { (tr.t("staff-person")) }
        (contact)
        @if let Some(p) = &b.person_id {
            p { a href={ "/staff/people/" (p) "/export.json" } { (tr.t("staff-export-person")) } }
        }
        h2 { (tr.t("staff-diagnostic")) }
        (summary)
        @if active {
            h2 { (tr.t("staff-actions")) }
            div.actions {
                @if b.status == BookingStatus::Pending {
                    form method="post" action={ (base) "/confirm" } {
                        input type="hidden" name="csrf" value=(ctx.csrf);
                        button #confirm type="submit" { (tr.t("staff-confirm")) }
                    }
                }
                form method="post" action={ (base) "/cancel" } {
                    input type="hidden" name="csrf" value=(ctx.csrf);
                    label for="cancel-reason" { (tr.t("staff-reason")) }
                    input #cancel-reason name="reason" required maxlength="500";
                    " " button.danger type="submit" { (tr.t("staff-cancel")) }
                }
                form method="post" action={ (base) "/outcome" } {
                    input type="hidden" name="csrf" value=(ctx.csrf);
                    fieldset {
                        legend { (tr.t("staff-outcome")) }
                        @for o in ["seen", "no-show", "excused"] {
                            label { input type="radio" name="outcome" value=(o) required; " " (tr.t(&format!("staff-status-{o}"))) }
                        }
                    }
                    button type="submit" { (tr.t("staff-record")) }
                }
            }
            h3 { (tr.t("staff-reassign")) }
            form method="get" action=(base) {
                label for="target" { (tr.t("staff-reassign-partner")) }
                select #target name="partner" {
                    @for (id, name) in &partners {
                        option value=(id) selected[*id == target] { (name) }
                    }
                }
                " " button.secondary type="submit" { (tr.t("staff-show-slots")) }
            }
            @if slots.is_empty() {
                p { (tr.t("staff-no-slots")) }
            } @else {
                form method="post" action={ (base) "/reassign" } {
                    input type="hidden" name="csrf" value=(ctx.csrf);
                    p {
                        label for="slot" { (tr.t("staff-slot")) }
                        select #slot name="slot" required {
                            @for s in slots.iter().take(60) {
                                option value=(s.key) { (when(s.start)) " · " (site_name(t, &s.site)) }
                            }
                        }
                    }
                    p {
                        label for="move-reason" { (tr.t("staff-reason")) }
                        input #move-reason name="reason" required maxlength="500";
                    }
                    @if b.with_partner.is_some() { p.muted { (tr.t("staff-joint-dropped")) } }
                    button #reassign type="submit" { (tr.t("staff-reassign-button")) }
                }
            }
        }
        h2 { (tr.t("staff-history")) }
        ol {
            @for (at, actor, status, reason) in &history {
                li {
                    (when(*at)) " · " (tr.t(&format!("staff-status-{status}"))) " · "
                    (actors.get(actor).cloned().unwrap_or_else(|| tr.or(&format!("staff-actor-{actor}"), actor)))
                    @if let Some(r) = reason { " · " em { (r) } }
                }
            }
        }
        h2 { (tr.t("staff-messages")) }
        @if messages.is_empty() {
            p.muted { (tr.t("staff-none")) }
        } @else {
            ul #messages {
                @for (_, text, at) in &messages {
                    li { (when(*at)) " · " (text) }
                }
            }
        }
    };
    Ok(layout::page(
        &tr,
        ctx,
        &format!("{} {}", tr.t("staff-booking"), b.reference),
        body,
    ))
}

/// GET /staff/bookings/{id}
pub async fn booking(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<BookingQuery>,
) -> Result<Html<String>, StaffError> {
    let b = booking_in_scope(&staff, &ctx, &id).await?;
    ctx.audit(
        &staff,
        "view-booking",
        Some(&b.id),
        b.person_id.as_deref(),
        None,
    )
    .await?;
    booking_page(&staff, &ctx, &b, &q, None).await
}

/// POST /staff/bookings/{id}/contact: shows the contact address, audited.
pub async fn booking_contact(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Html<String>, StaffError> {
    ctx.check(&form)?;
    let b = booking_in_scope(&staff, &ctx, &id).await?;
    let address = match &b.person_id {
        Some(p) => staff.store().person_contact(p).await?,
        None => None,
    };
    ctx.audit(
        &staff,
        "view-contact",
        Some(&b.id),
        b.person_id.as_deref(),
        None,
    )
    .await?;
    booking_page(
        &staff,
        &ctx,
        &b,
        &BookingQuery::default(),
        address.as_deref(),
    )
    .await
}

/// The message to a person about their booking, in their language, for their channel.
async fn notice(
    staff: &Staff,
    b: &QueueRow,
    id: &str,
    start: i64,
    site: &str,
) -> Result<Option<Notice>, StaffError> {
    let Some(person) = &b.person_id else {
        return Ok(None);
    };
    Ok(staff
        .host
        .notice(person, &b.territory, id, start, site, &b.reference)
        .await?)
}

fn back(id: &str, msg: &str) -> Response {
    Redirect::to(&format!("/staff/bookings/{id}?msg={msg}")).into_response()
}

fn reason_of(form: &HashMap<String, String>) -> Option<String> {
    form.get("reason")
        .map(|r| r.trim().chars().take(500).collect::<String>())
        .filter(|r| !r.is_empty())
}

async fn set_status(
    staff: &Staff,
    ctx: &Ctx,
    b: &QueueRow,
    status: BookingStatus,
    reason: Option<&str>,
    notice_id: Option<&str>,
) -> Result<Response, StaffError> {
    if !matches!(b.status.as_str(), "pending" | "confirmed") {
        return Ok(back(&b.id, "staff-unchanged"));
    }
    let notice = match notice_id {
        Some(n) => notice(staff, b, n, b.starts_at, &b.site).await?,
        None => None,
    };
    let action = format!("booking-{status}");
    let outcome = staff
        .store()
        .staff_set_status(
            &b.id,
            status,
            reason,
            &AuditEntry {
                actor: &ctx.account.id,
                action: &action,
                booking_id: Some(&b.id),
                person_id: b.person_id.as_deref(),
                detail: reason,
            },
            notice.as_ref(),
            staff.now(),
        )
        .await?;
    Ok(back(
        &b.id,
        if outcome == ActionOutcome::Done {
            "staff-done"
        } else {
            "staff-unchanged"
        },
    ))
}

/// POST /staff/bookings/{id}/confirm
pub async fn confirm(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, StaffError> {
    ctx.check(&form)?;
    let b = booking_in_scope(&staff, &ctx, &id).await?;
    if b.status != BookingStatus::Pending {
        return Ok(back(&b.id, "staff-unchanged"));
    }
    set_status(
        &staff,
        &ctx,
        &b,
        BookingStatus::Confirmed,
        None,
        Some("staff-notice-confirmed"),
    )
    .await
}

/// POST /staff/bookings/{id}/cancel
pub async fn cancel(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, StaffError> {
    ctx.check(&form)?;
    let b = booking_in_scope(&staff, &ctx, &id).await?;
    let Some(reason) = reason_of(&form) else {
        return Ok(back(&b.id, "staff-reason-required"));
    };
    set_status(
        &staff,
        &ctx,
        &b,
        BookingStatus::Cancelled,
        Some(&reason),
        Some("staff-notice-cancelled"),
    )
    .await
}

/// POST /staff/bookings/{id}/outcome
pub async fn outcome(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, StaffError> {
    ctx.check(&form)?;
    let b = booking_in_scope(&staff, &ctx, &id).await?;
    let (status, notice_id) = match form.get("outcome").map(String::as_str) {
        Some("seen") => (BookingStatus::Seen, None),
        Some("no-show") => (BookingStatus::NoShow, Some("staff-notice-no-show")),
        Some("excused") => (BookingStatus::Excused, Some("staff-notice-excused")),
        _ => return Ok(back(&b.id, "staff-choose-outcome")),
    };
    let reason = reason_of(&form);
    set_status(&staff, &ctx, &b, status, reason.as_deref(), notice_id).await
}

/// POST /staff/bookings/{id}/reassign
pub async fn reassign(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, StaffError> {
    ctx.check(&form)?;
    let b = booking_in_scope(&staff, &ctx, &id).await?;
    let Some(reason) = reason_of(&form) else {
        return Ok(back(&b.id, "staff-reason-required"));
    };
    if !matches!(b.status.as_str(), "pending" | "confirmed") {
        return Ok(back(&b.id, "staff-unchanged"));
    }
    let key = form.get("slot").cloned().unwrap_or_default();
    let Some(t) = staff.catalog().territory(Some(&b.territory)) else {
        return Err(StaffError::NotFound);
    };
    let site_id = key.split('/').next().unwrap_or("");
    let Some((partner, _)) = t.site(site_id) else {
        return Ok(back(&b.id, "staff-slot-unknown"));
    };
    // An advisor moves bookings within their own partner only; nobody moves one outside
    // their scope.
    if !ctx.account.scope().allows(&b.territory, &partner.id, None) {
        return Ok(back(&b.id, "staff-slot-unknown"));
    }
    let now = staff.now();
    let slots = staff.host.free_slots(&t.id, &partner.id, now).await?;
    // The chosen start may have a free seat other than the one listed.
    let wanted = slots.iter().find(|s| s.key == key);
    let Some(slot) = wanted else {
        return Ok(back(&b.id, "staff-slot-taken"));
    };
    let site = t.site(&slot.site).map(|(_, s)| s);
    let allowed: Vec<Format> = partner
        .appointments
        .iter()
        .find(|a| a.id == slot.appointment)
        .map(|a| {
            a.formats
                .iter()
                .copied()
                .filter(|f| site.is_some_and(|s| s.formats.contains(f)))
                .collect()
        })
        .unwrap_or_default();
    let format = Format::parse(&b.format)
        .filter(|f| allowed.contains(f))
        .or_else(|| allowed.first().copied())
        .unwrap_or(Format::OnSite);
    let moved = QueueRow {
        partner: partner.id.clone(),
        site: slot.site.clone(),
        ..b.clone()
    };
    let notice = notice(&staff, &moved, "staff-notice-moved", slot.start, &slot.site).await?;
    let detail = format!(
        "{} -> {} {}: {reason}",
        b.partner,
        partner.id,
        layout::when(slot.start)
    );
    let outcome = staff
        .store()
        .staff_move(
            &b.id,
            &Move {
                partner: &partner.id,
                site: &slot.site,
                appointment: &slot.appointment,
                format: format.as_str(),
                start: slot.start,
                end: slot.end,
                keys: vec![slot.key.clone()],
            },
            &reason,
            &AuditEntry {
                actor: &ctx.account.id,
                action: "booking-moved",
                booking_id: Some(&b.id),
                person_id: b.person_id.as_deref(),
                detail: Some(&detail),
            },
            notice.as_ref(),
            now,
        )
        .await?;
    Ok(match outcome {
        ActionOutcome::Done => {
            if ctx.account.scope().allows(&b.territory, &partner.id, None) {
                back(&b.id, "staff-done")
            } else {
                Redirect::to("/staff").into_response()
            }
        }
        ActionOutcome::Taken => back(&b.id, "staff-slot-taken"),
        ActionOutcome::Unchanged => back(&b.id, "staff-unchanged"),
    })
}

async fn request_page(
    staff: &Staff,
    ctx: &Ctx,
    r: &RequestRow,
    revealed: Option<&str>,
    q: &BookingQuery,
) -> Result<Html<String>, StaffError> {
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let t = staff.catalog().territory(Some(&r.territory));
    let flash = q.msg.as_deref().filter(|m| FLASH.contains(m));
    let scope = ctx.account.scope();
    let target = nonempty(&q.partner)
        .filter(|p| scope.allows_partner(p))
        .unwrap_or_else(|| r.partner.clone());
    let open = r.status == "open" && r.person_id.is_some();
    let slots = match (open, t) {
        (true, Some(t)) => staff.host.free_slots(&t.id, &target, staff.now()).await?,
        _ => Vec::new(),
    };
    let partners: Vec<(String, String)> = t
        .map(|t| {
            t.partners
                .iter()
                .filter(|p| scope.allows_partner(&p.id) && !p.sites.is_empty())
                .map(|p| (p.id.clone(), p.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let base = format!("/staff/requests/{}", r.id);
    let summary = summary_block(staff, &tr, r.person_id.as_deref()).await?;
    let contact = contact_block(
        staff,
        &tr,
        ctx,
        r.person_id.as_deref(),
        &format!("/staff/requests/{}/contact", r.id),
        revealed,
    )
    .await?;
    let body = html! {
        p { a href="/staff" { "← " (tr.t("staff-queue")) } }
        h1 { (tr.t("staff-request")) }
        @if let Some(m) = flash { p.notice role="status" { (tr.t(m)) } }
        dl {
            dt { (tr.t("staff-col-status")) } dd { (tr.or(&format!("staff-request-{}", r.status), &r.status)) }
            dt { (tr.t("staff-col-created")) } dd { (when(r.created_at)) }
            dt { (tr.t("staff-col-partner")) } dd { (partner_name(t, &r.partner)) }
            dt { (tr.t("staff-col-parcours")) } dd { (parcours_label(&tr, r.parcours.as_deref())) @if let Some(l) = &r.lead { " · " (l) } }
            @if r.urgent { dt { (tr.t("staff-col-urgent")) } dd.urgent { (tr.t("staff-urgent-text")) } }
        }
        h2 { (tr.t("staff-person")) }
        (contact)
        @if let Some(p) = &r.person_id {
            p { a href={ "/staff/people/" (p) "/export.json" } { (tr.t("staff-export-person")) } }
        }
        h2 { (tr.t("staff-diagnostic")) }
        (summary)
        @if open {
            h2 { (tr.t("staff-request-book")) }
            form method="get" action=(base) {
                label for="target" { (tr.t("staff-reassign-partner")) }
                select #target name="partner" {
                    @for (id, name) in &partners {
                        option value=(id) selected[*id == target] { (name) }
                    }
                }
                " " button.secondary type="submit" { (tr.t("staff-show-slots")) }
            }
            @if slots.is_empty() {
                p { (tr.t("staff-no-slots")) }
            } @else {
                form method="post" action={ (base) "/book" } {
                    input type="hidden" name="csrf" value=(ctx.csrf);
                    p {
                        label for="slot" { (tr.t("staff-slot")) }
                        select #slot name="slot" required {
                            @for s in slots.iter().take(60) {
                                option value=(s.key) { (when(s.start)) " · " (site_name(t, &s.site)) }
                            }
                        }
                    }
                    button #book type="submit" { (tr.t("staff-request-book-button")) }
                }
            }
        }
        @if r.status == "open" {
            h2 { (tr.t("staff-actions")) }
            form method="post" action={ "/staff/requests/" (r.id) "/close" } {
                input type="hidden" name="csrf" value=(ctx.csrf);
                p {
                    label for="close-reason" { (tr.t("staff-reason")) }
                    input #close-reason name="reason" required maxlength="500";
                }
                button type="submit" { (tr.t("staff-request-close")) }
            }
        }
    };
    Ok(layout::page(&tr, ctx, &tr.t("staff-request"), body))
}

/// GET /staff/requests/{id}
pub async fn request(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<BookingQuery>,
) -> Result<Html<String>, StaffError> {
    let r = request_in_scope(&staff, &ctx, &id).await?;
    ctx.audit(
        &staff,
        "view-request",
        None,
        r.person_id.as_deref(),
        Some(&r.id),
    )
    .await?;
    request_page(&staff, &ctx, &r, None, &q).await
}

/// POST /staff/requests/{id}/contact
pub async fn request_contact(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Html<String>, StaffError> {
    ctx.check(&form)?;
    let r = request_in_scope(&staff, &ctx, &id).await?;
    let address = match &r.person_id {
        Some(p) => staff.store().person_contact(p).await?,
        None => None,
    };
    ctx.audit(
        &staff,
        "view-contact",
        None,
        r.person_id.as_deref(),
        Some(&r.id),
    )
    .await?;
    request_page(
        &staff,
        &ctx,
        &r,
        address.as_deref(),
        &BookingQuery::default(),
    )
    .await
}

/// POST /staff/requests/{id}/close
pub async fn close_request(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, StaffError> {
    ctx.check(&form)?;
    let r = request_in_scope(&staff, &ctx, &id).await?;
    let Some(reason) = reason_of(&form) else {
        return Ok(
            Redirect::to(&format!("/staff/requests/{id}?msg=staff-reason-required"))
                .into_response(),
        );
    };
    let detail = format!("{}: {reason}", r.id);
    let outcome = staff
        .store()
        .staff_close_request(
            &r.id,
            &AuditEntry {
                actor: &ctx.account.id,
                action: "request-closed",
                booking_id: None,
                person_id: r.person_id.as_deref(),
                detail: Some(&detail),
            },
            None,
            staff.now(),
        )
        .await?;
    let msg = if outcome == ActionOutcome::Done {
        "staff-done"
    } else {
        "staff-unchanged"
    };
    Ok(Redirect::to(&format!("/staff/requests/{id}?msg={msg}")).into_response())
}

/// GET /staff/people/{id}/export.json: everything stored about a person (right of access).
pub async fn person_export(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, StaffError> {
    if !staff
        .store()
        .person_in_scope(&id, &ctx.account.scope())
        .await?
    {
        return Err(StaffError::NotFound);
    }
    let data = staff
        .store()
        .person_export(&id)
        .await?
        .ok_or(StaffError::NotFound)?;
    ctx.audit(&staff, "export-person", None, Some(&id), None)
        .await?;
    let body = serde_json::to_string_pretty(&data).unwrap_or_default();
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"personne.json\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// A CSV cell: quoted, and neutralised if a spreadsheet would read it as a formula.
#[must_use]
pub fn csv_cell(v: &str) -> String {
    let v = if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{v}")
    } else {
        v.to_string()
    };
    format!("\"{}\"", v.replace('"', "\"\""))
}

/// GET /staff/export/bookings.csv: the bookings of the account's scope that match the filters.
pub async fn export_csv(
    State(staff): State<Staff>,
    ctx: Ctx,
    Query(q): Query<QueueQuery>,
) -> Result<Response, StaffError> {
    let filter = q.filter(staff.now())?;
    let rows = staff
        .store()
        .staff_export(&ctx.account.scope(), &filter)
        .await?;
    let detail = format!("{} rows; {}", rows.len(), q.query_string(None));
    ctx.audit(&staff, "export-csv", None, None, Some(&detail))
        .await?;
    let mut out = String::from(
        "reference,status,starts_at,ends_at,partner,site,with_partner,appointment,format,parcours,lead,urgent,created_at\r\n",
    );
    for b in &rows {
        let cells = [
            b.reference.clone(),
            b.status.to_string(),
            layout::when(b.starts_at),
            layout::when(b.ends_at),
            b.partner.clone(),
            b.site.clone(),
            b.with_partner.clone().unwrap_or_default(),
            b.appointment.clone(),
            b.format.clone(),
            b.parcours.clone().unwrap_or_default(),
            b.lead.clone().unwrap_or_default(),
            if b.urgent { "1".into() } else { "0".into() },
            layout::when(b.created_at),
        ];
        out.push_str(
            &cells
                .iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"rendez-vous.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}

/// POST /staff/requests/{id}/book: books a free slot for a person waiting for a call back,
/// closes the request and tells the person.
pub async fn book_request(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, StaffError> {
    ctx.check(&form)?;
    let r = request_in_scope(&staff, &ctx, &id).await?;
    let back = |msg: &str| Redirect::to(&format!("/staff/requests/{id}?msg={msg}")).into_response();
    let Some(person) = r.person_id.clone().filter(|_| r.status == "open") else {
        return Ok(back("staff-unchanged"));
    };
    let Some(t) = staff.catalog().territory(Some(&r.territory)) else {
        return Err(StaffError::NotFound);
    };
    let key = form.get("slot").cloned().unwrap_or_default();
    let Some((partner, site)) = t.site(key.split('/').next().unwrap_or("")) else {
        return Ok(back("staff-slot-unknown"));
    };
    if !ctx.account.scope().allows(&r.territory, &partner.id, None) {
        return Ok(back("staff-slot-unknown"));
    }
    let now = staff.now();
    let slots = staff.host.free_slots(&t.id, &partner.id, now).await?;
    let Some(slot) = slots.iter().find(|s| s.key == key) else {
        return Ok(back("staff-slot-taken"));
    };
    let format = partner
        .appointments
        .iter()
        .find(|a| a.id == slot.appointment)
        .and_then(|a| a.formats.iter().copied().find(|f| site.formats.contains(f)))
        .unwrap_or(Format::OnSite);
    // Reminders only for a person who agreed to them, at the configured distances.
    let reminders = staff
        .store()
        .consents_of(&person)
        .await?
        .into_iter()
        .rev()
        .find(|(scope, _)| scope == "reminders")
        .is_some_and(|(_, granted)| granted);
    let offer = crate::booking::Offer {
        keys: vec![slot.key.clone()],
        partner: partner.id.clone(),
        site: slot.site.clone(),
        with_partner: None,
        with_site: None,
        appointment: slot.appointment.clone(),
        format,
        start: slot.start,
        end: slot.end,
    };
    let request_key = format!("request:{}", r.id);
    let booked = staff
        .host
        .book(BookRequest {
            territory: t,
            person_id: &person,
            request_key: &request_key,
            offer: &offer,
            parcours: r.parcours.as_deref().and_then(Parcours::parse),
            lead: r.lead.as_deref().and_then(Body::parse),
            urgent: r.urgent,
            reminders,
            closes: Some(RequestBooked {
                request_id: &r.id,
                actor: &ctx.account.id,
            }),
            now,
        })
        .await?;
    let row = match booked {
        Booked::Booked(row) => row,
        Booked::Taken => return Ok(back("staff-slot-taken")),
        Booked::RequestClosed => return Ok(back("staff-unchanged")),
    };
    Ok(Redirect::to(&format!("/staff/bookings/{}?msg=staff-done", row.id)).into_response())
}
