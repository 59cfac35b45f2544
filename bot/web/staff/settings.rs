//! Slots of a site (opening patterns, one-off slots, closures, the load of the coming weeks),
//! the audit log and the accounts.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Europe::Paris;
use maud::html;

use super::auth::{Ctx, create_account};
use super::layout::{self, Tr, when};
use super::pages::day_range;
use super::{Staff, StaffError};
use crate::booking::openings::{DAYS, OpeningChange, effective_site};
use crate::booking::slots::{ExtraSlot, site_slots};
use crate::booking::territory::{Day, Partner, Site, Territory, time_of};
use crate::core::OpeningOp;
use crate::storage::staff::{AuditFilter, Role};

fn day_names(days: &[Day], tr: &Tr<'_>) -> String {
    days.iter()
        .filter_map(|d| DAYS.iter().find(|(_, x)| x == d).map(|(n, _)| *n))
        .map(|n| tr.t(&format!("staff-day-{n}")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sites an account may manage: (territory, partner, site).
fn sites_of<'a>(staff: &'a Staff, ctx: &Ctx) -> Vec<(&'a Territory, &'a Partner, &'a Site)> {
    let scope = ctx.account.scope();
    staff
        .catalog()
        .territories
        .iter()
        .filter(|t| scope.territory.as_deref().is_none_or(|x| x == t.id))
        .flat_map(|t| {
            t.partners
                .iter()
                .filter(|p| scope.allows_partner(&p.id))
                .flat_map(move |p| p.sites.iter().map(move |s| (t, p, s)))
        })
        .collect()
}

/// The slots page's query string.
#[derive(Debug, Default, serde::Deserialize)]
pub struct SlotsQuery {
    pub site: Option<String>,
    pub msg: Option<String>,
}

/// GET /staff/slots
pub async fn slots(
    State(staff): State<Staff>,
    ctx: Ctx,
    Query(q): Query<SlotsQuery>,
) -> Result<Html<String>, StaffError> {
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let sites = sites_of(&staff, &ctx);
    let chosen = match q.site.as_deref().filter(|s| !s.is_empty()) {
        Some(id) => Some(
            sites
                .iter()
                .find(|(_, _, s)| s.id == id)
                .copied()
                .ok_or(StaffError::NotFound)?,
        ),
        None => sites.first().copied(),
    };
    let picker = html! {
        form method="get" action="/staff/slots" {
            label for="site" { (tr.t("staff-site")) }
            select #site name="site" {
                @for (_, p, s) in &sites {
                    option value=(s.id) selected[chosen.is_some_and(|c| c.2.id == s.id)] { (p.name) " · " (s.name) }
                }
            }
            " " button.secondary type="submit" { (tr.t("staff-show")) }
        }
    };
    let Some((t, partner, site)) = chosen else {
        return Ok(layout::page(
            &tr,
            &ctx,
            &tr.t("staff-slots"),
            html! { h1 { (tr.t("staff-slots")) } (picker) },
        ));
    };
    let store = staff.store();
    let now = staff.now();
    let changes = store.opening_changes(Some(&site.id)).await?;
    let effective = effective_site(site, &changes);
    let weeks = i64::from(t.weeks_ahead.max(1)) + 2;
    let until = now + weeks * 7 * 86_400;
    let closures = store.closures(now, until).await?;
    let extras = store.extra_slots(now, until).await?;
    let all = site_slots(partner, &effective, now, until, &closures, &extras);
    let booked = store.booked_starts(now, until).await?;
    let week_of = |ts: i64| (ts - now) / (7 * 86_400);
    let mut load: Vec<(i64, usize, usize)> = (0..weeks).map(|w| (w, 0, 0)).collect();
    for s in &all {
        if let Some(l) = load.get_mut(week_of(s.start) as usize) {
            l.1 += 1;
        }
    }
    for (s, start) in &booked {
        if *s == site.id {
            if let Some(l) = load.get_mut(week_of(*start) as usize) {
                l.2 += 1;
            }
        }
    }
    let site_closures = store.site_closures(&site.id, now).await?;
    let site_extras = store.site_extras(&site.id, now).await?;
    let flash = q
        .msg
        .as_deref()
        .filter(|m| ["staff-saved", "staff-invalid"].contains(m));
    let action_add = format!("/staff/slots/{}/add", site.id);
    let action_remove = format!("/staff/slots/{}/remove", site.id);
    let removed: HashMap<i64, &OpeningChange> = changes
        .iter()
        .filter(|c| c.op == OpeningOp::Remove)
        .filter_map(|c| c.file_index.map(|i| (i, c)))
        .collect();
    let body = html! {
        h1 { (tr.t("staff-slots")) }
        (picker)
        @if let Some(m) = flash { p.notice role="status" { (tr.t(m)) } }
        h2 { (partner.name) " · " (site.name) }
        h3 { (tr.t("staff-load")) }
        table {
            thead { tr {
                th scope="col" { (tr.t("staff-week")) }
                th scope="col" { (tr.t("staff-booked")) }
                th scope="col" { (tr.t("staff-capacity")) }
            } }
            tbody {
                @for (w, cap, n) in &load {
                    tr {
                        td { (layout::day(now + w * 7 * 86_400)) }
                        td { (n) }
                        td { (cap) @if *cap > 0 { " (" ((n * 100) / cap) " %)" } }
                    }
                }
            }
        }
        h3 { (tr.t("staff-openings")) }
        table {
            thead { tr {
                th scope="col" { (tr.t("staff-days")) }
                th scope="col" { (tr.t("staff-hours")) }
                th scope="col" { (tr.t("staff-appointment")) }
                th scope="col" { (tr.t("staff-seats")) }
                th scope="col" { span.muted { (tr.t("staff-actions")) } }
            } }
            tbody {
                @for (i, o) in site.openings.iter().enumerate() {
                    tr {
                        td { (day_names(&o.days, &tr)) }
                        td { (o.from) "–" (o.to) }
                        td { (o.appointment) }
                        td { (o.seats) }
                        td {
                            form method="post" action=(action_remove) {
                                input type="hidden" name="csrf" value=(ctx.csrf);
                                @if let Some(c) = removed.get(&(i as i64)) {
                                    span.muted { (tr.t("staff-removed")) } " "
                                    input type="hidden" name="kind" value="change";
                                    input type="hidden" name="id" value=(c.id);
                                    button.secondary type="submit" { (tr.t("staff-restore")) }
                                } @else {
                                    input type="hidden" name="kind" value="file-opening";
                                    input type="hidden" name="index" value=(i);
                                    button.secondary type="submit" { (tr.t("staff-remove")) }
                                }
                            }
                        }
                    }
                }
                @for c in changes.iter().filter(|c| c.op == OpeningOp::Add) {
                    tr {
                        td { (c.days.iter().map(|d| tr.t(&format!("staff-day-{d}"))).collect::<Vec<_>>().join(", ")) }
                        td { (c.from) "–" (c.to) }
                        td { (c.appointment) }
                        td { (c.seats) }
                        td {
                            form method="post" action=(action_remove) {
                                input type="hidden" name="csrf" value=(ctx.csrf);
                                input type="hidden" name="kind" value="change";
                                input type="hidden" name="id" value=(c.id);
                                button.secondary type="submit" { (tr.t("staff-remove")) }
                            }
                        }
                    }
                }
            }
        }
        form method="post" action=(action_add) {
            input type="hidden" name="csrf" value=(ctx.csrf);
            input type="hidden" name="kind" value="opening";
            fieldset {
                legend { (tr.t("staff-opening-add")) }
                @for (n, _) in DAYS {
                    label { input type="checkbox" name={ "day-" (n) } value="1"; " " (tr.t(&format!("staff-day-{n}"))) }
                }
                p { label for="o-from" { (tr.t("staff-from")) } input #o-from type="time" name="from" required; }
                p { label for="o-to" { (tr.t("staff-to")) } input #o-to type="time" name="to" required; }
                p { label for="o-appt" { (tr.t("staff-appointment")) }
                    select #o-appt name="appointment" { @for a in &partner.appointments { option value=(a.id) { (a.id) } } } }
                p { label for="o-seats" { (tr.t("staff-seats")) } input #o-seats type="number" name="seats" min="1" max="20" value="1"; }
                button type="submit" { (tr.t("staff-add")) }
            }
        }
        h3 { (tr.t("staff-extras")) }
        ul {
            @for x in &site_extras {
                li {
                    (when(x.starts_at)) " · " (x.appointment.clone().unwrap_or_default()) " · " (x.seats.unwrap_or(1)) " "
                    form method="post" action=(action_remove) style="display:inline" {
                        input type="hidden" name="csrf" value=(ctx.csrf);
                        input type="hidden" name="kind" value="extra";
                        input type="hidden" name="id" value=(x.id);
                        button.secondary type="submit" { (tr.t("staff-remove")) }
                    }
                }
            }
        }
        form method="post" action=(action_add) {
            input type="hidden" name="csrf" value=(ctx.csrf);
            input type="hidden" name="kind" value="extra";
            fieldset {
                legend { (tr.t("staff-extra-add")) }
                p { label for="x-date" { (tr.t("staff-date")) } input #x-date type="date" name="date" required; }
                p { label for="x-time" { (tr.t("staff-time")) } input #x-time type="time" name="time" required; }
                p { label for="x-appt" { (tr.t("staff-appointment")) }
                    select #x-appt name="appointment" { @for a in &partner.appointments { option value=(a.id) { (a.id) } } } }
                p { label for="x-seats" { (tr.t("staff-seats")) } input #x-seats type="number" name="seats" min="1" max="20" value="1"; }
                button type="submit" { (tr.t("staff-add")) }
            }
        }
        h3 { (tr.t("staff-closures")) }
        ul {
            @for c in &site_closures {
                li {
                    (when(c.starts_at)) " → " (when(c.ends_at.unwrap_or(c.starts_at)))
                    @if let Some(r) = &c.reason { " · " (r) } " "
                    form method="post" action=(action_remove) style="display:inline" {
                        input type="hidden" name="csrf" value=(ctx.csrf);
                        input type="hidden" name="kind" value="closure";
                        input type="hidden" name="id" value=(c.id);
                        button.secondary type="submit" { (tr.t("staff-remove")) }
                    }
                }
            }
        }
        form method="post" action=(action_add) {
            input type="hidden" name="csrf" value=(ctx.csrf);
            input type="hidden" name="kind" value="closure";
            fieldset {
                legend { (tr.t("staff-closure-add")) }
                p { label for="c-from" { (tr.t("staff-from")) } input #c-from type="date" name="from" required; }
                p { label for="c-to" { (tr.t("staff-to-included")) } input #c-to type="date" name="to" required; }
                p { label for="c-reason" { (tr.t("staff-reason")) } input #c-reason name="reason" maxlength="200"; }
                button type="submit" { (tr.t("staff-add")) }
            }
        }
    };
    Ok(layout::page(&tr, &ctx, &tr.t("staff-slots"), body))
}

fn site_in_scope<'a>(
    staff: &'a Staff,
    ctx: &Ctx,
    id: &str,
) -> Result<(&'a Territory, &'a Partner, &'a Site), StaffError> {
    sites_of(staff, ctx)
        .into_iter()
        .find(|(_, _, s)| s.id == id)
        .ok_or(StaffError::NotFound)
}

fn paris(date: &str, time: &str) -> Option<i64> {
    let d = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    let t = NaiveTime::parse_from_str(time.trim(), "%H:%M").ok()?;
    Paris
        .from_local_datetime(&d.and_time(t))
        .earliest()
        .map(|x| x.timestamp())
}

fn slots_back(site: &str, msg: &str) -> Response {
    Redirect::to(&format!("/staff/slots?site={site}&msg={msg}")).into_response()
}

/// POST /staff/slots/{site}/add
pub async fn slots_add(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(site_id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, StaffError> {
    ctx.check(&form)?;
    let (_, partner, site) = site_in_scope(&staff, &ctx, &site_id)?;
    let get = |k: &str| {
        form.get(k)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let now = staff.now();
    let store = staff.store();
    let appointment = get("appointment");
    let known_appt = partner.appointments.iter().any(|a| a.id == appointment);
    let seats: u32 = get("seats").parse().unwrap_or(1);
    match get("kind").as_str() {
        "opening" => {
            let days: Vec<String> = DAYS
                .iter()
                .filter(|(n, _)| form.contains_key(&format!("day-{n}")))
                .map(|(n, _)| (*n).to_string())
                .collect();
            let (from, to) = (get("from"), get("to"));
            let valid = matches!((time_of(&from), time_of(&to)), (Some(f), Some(t)) if f < t);
            if days.is_empty() || !valid || !known_appt || !(1..=20).contains(&seats) {
                return Ok(slots_back(&site.id, "staff-invalid"));
            }
            store
                .add_opening_change(
                    &OpeningChange {
                        id: String::new(),
                        site: site.id.clone(),
                        op: OpeningOp::Add,
                        file_index: None,
                        days,
                        from,
                        to,
                        appointment,
                        seats,
                    },
                    &ctx.account.id,
                    now,
                )
                .await?;
        }
        "extra" => {
            let Some(start) = paris(&get("date"), &get("time")) else {
                return Ok(slots_back(&site.id, "staff-invalid"));
            };
            if !known_appt || !(1..=20).contains(&seats) || start <= now {
                return Ok(slots_back(&site.id, "staff-invalid"));
            }
            store
                .add_extra_slot(
                    &ExtraSlot {
                        site: site.id.clone(),
                        appointment,
                        start,
                        seats,
                    },
                    &ctx.account.id,
                    now,
                )
                .await?;
            let detail = format!("extra {} {}", site.id, when(start));
            ctx.audit(&staff, "slots", None, None, Some(&detail))
                .await?;
        }
        "closure" => {
            let from = NaiveDate::parse_from_str(&get("from"), "%Y-%m-%d")
                .ok()
                .and_then(day_range);
            let to = NaiveDate::parse_from_str(&get("to"), "%Y-%m-%d")
                .ok()
                .and_then(day_range);
            let (Some((start, _)), Some((_, end))) = (from, to) else {
                return Ok(slots_back(&site.id, "staff-invalid"));
            };
            if end <= start {
                return Ok(slots_back(&site.id, "staff-invalid"));
            }
            let reason: String = get("reason").chars().take(200).collect();
            store
                .add_closure(&site.id, start, end, &reason, &ctx.account.id, now)
                .await?;
            let detail = format!(
                "closure {} {} {}",
                site.id,
                layout::day(start),
                layout::day(end - 1)
            );
            ctx.audit(&staff, "slots", None, None, Some(&detail))
                .await?;
        }
        _ => return Ok(slots_back(&site.id, "staff-invalid")),
    }
    Ok(slots_back(&site.id, "staff-saved"))
}

/// POST /staff/slots/{site}/remove
pub async fn slots_remove(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(site_id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, StaffError> {
    ctx.check(&form)?;
    let (_, _, site) = site_in_scope(&staff, &ctx, &site_id)?;
    let store = staff.store();
    let now = staff.now();
    let id = form.get("id").cloned().unwrap_or_default();
    let ok = match form.get("kind").map(String::as_str) {
        Some("file-opening") => {
            let index: usize = form
                .get("index")
                .and_then(|i| i.parse().ok())
                .unwrap_or(usize::MAX);
            match site.openings.get(index) {
                Some(o) => {
                    store
                        .add_opening_change(
                            &OpeningChange {
                                id: String::new(),
                                site: site.id.clone(),
                                op: OpeningOp::Remove,
                                file_index: Some(index as i64),
                                days: DAYS
                                    .iter()
                                    .filter(|(_, d)| o.days.contains(d))
                                    .map(|(n, _)| (*n).to_string())
                                    .collect(),
                                from: o.from.clone(),
                                to: o.to.clone(),
                                appointment: o.appointment.clone(),
                                seats: o.seats,
                            },
                            &ctx.account.id,
                            now,
                        )
                        .await?;
                    true
                }
                None => false,
            }
        }
        Some("change") => {
            store
                .delete_opening_change(&id, &site.id, &ctx.account.id, now)
                .await?
        }
        Some(kind @ ("extra" | "closure")) => {
            let done = store.delete_site_entry(kind, &id, &site.id).await?;
            if done {
                let detail = format!("remove {kind} {}", site.id);
                ctx.audit(&staff, "slots", None, None, Some(&detail))
                    .await?;
            }
            done
        }
        _ => false,
    };
    Ok(slots_back(
        &site.id,
        if ok { "staff-saved" } else { "staff-invalid" },
    ))
}

/// The audit page's query string.
#[derive(Debug, Default, serde::Deserialize)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub booking: Option<String>,
    pub person: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

fn opt(v: &Option<String>) -> Option<String> {
    v.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// GET /staff/audit (admins)
pub async fn audit(
    State(staff): State<Staff>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Html<String>, StaffError> {
    ctx.admin()?;
    let date = |v: &Option<String>| {
        opt(v)
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
            .and_then(day_range)
    };
    let filter = AuditFilter {
        actor: opt(&q.actor),
        action: opt(&q.action),
        booking_id: opt(&q.booking),
        person_id: opt(&q.person),
        from: date(&q.from).map(|d| d.0),
        until: date(&q.to).map(|d| d.1),
    };
    let rows = staff.store().audit_entries(&filter, 500).await?;
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let field = |id: &str, label: &str, v: &Option<String>, kind: &str| {
        html! {
            p {
                label for=(id) { (tr.t(label)) }
                input id=(id) name=(id) type=(kind) value=(v.clone().unwrap_or_default());
            }
        }
    };
    let body = html! {
        h1 { (tr.t("staff-audit")) }
        form.filters method="get" action="/staff/audit" role="search" {
            (field("actor", "staff-audit-actor", &q.actor, "text"))
            (field("action", "staff-audit-action", &q.action, "text"))
            (field("booking", "staff-audit-booking", &q.booking, "text"))
            (field("person", "staff-audit-person", &q.person, "text"))
            (field("from", "staff-from", &q.from, "date"))
            (field("to", "staff-to-included", &q.to, "date"))
            p { button type="submit" { (tr.t("staff-filter-apply")) } }
        }
        table {
            thead { tr {
                th scope="col" { (tr.t("staff-audit-when")) }
                th scope="col" { (tr.t("staff-audit-actor")) }
                th scope="col" { (tr.t("staff-audit-action")) }
                th scope="col" { (tr.t("staff-audit-booking")) }
                th scope="col" { (tr.t("staff-audit-person")) }
                th scope="col" { (tr.t("staff-audit-detail")) }
            } }
            tbody {
                @for r in &rows {
                    tr {
                        td { (when(r.at)) }
                        td { (r.actor_email.clone().unwrap_or_else(|| r.actor.clone())) }
                        td { (r.action) }
                        td { @if let Some(b) = &r.booking_id { a href={ "/staff/bookings/" (b) } { code { (b) } } } }
                        td { @if let Some(p) = &r.person_id { code { (p) } } }
                        td { (r.detail.clone().unwrap_or_default()) }
                    }
                }
            }
        }
    };
    Ok(layout::page(&tr, &ctx, &tr.t("staff-audit"), body))
}

fn accounts_page(
    staff: &Staff,
    ctx: &Ctx,
    accounts: &[crate::storage::staff::Account],
    link: Option<&str>,
    error: Option<&str>,
) -> Html<String> {
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let partners: Vec<(&str, &str)> = staff
        .catalog()
        .territories
        .iter()
        .flat_map(|t| t.partners.iter())
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let body = html! {
        h1 { (tr.t("staff-accounts")) }
        @if let Some(l) = link {
            div.notice role="status" {
                p { (tr.t("staff-setup-link")) }
                p { code #setup-link { (l) } }
            }
        }
        @if let Some(e) = error { p.error role="alert" { (tr.t(e)) } }
        table {
            thead { tr {
                th scope="col" { (tr.t("staff-email")) }
                th scope="col" { (tr.t("staff-role")) }
                th scope="col" { (tr.t("staff-col-partner")) }
                th scope="col" { (tr.t("staff-col-status")) }
                th scope="col" { span.muted { (tr.t("staff-actions")) } }
            } }
            tbody {
                @for a in accounts {
                    tr {
                        td { (a.email) }
                        td { (tr.t(&format!("staff-role-{}", a.role.as_str()))) }
                        td { (a.partner.clone().unwrap_or_default()) }
                        td {
                            @if !a.active { (tr.t("staff-account-off")) }
                            @else if a.password_hash.is_none() { (tr.t("staff-account-waiting")) }
                            @else { (tr.t("staff-account-on")) }
                        }
                        td {
                            @if a.id != ctx.account.id {
                                form method="post" action={ "/staff/accounts/" (a.id) "/active" } style="display:inline" {
                                    input type="hidden" name="csrf" value=(ctx.csrf);
                                    @if a.active {
                                        input type="hidden" name="active" value="0";
                                        button.secondary type="submit" { (tr.t("staff-account-disable")) }
                                    } @else {
                                        input type="hidden" name="active" value="1";
                                        button.secondary type="submit" { (tr.t("staff-account-enable")) }
                                    }
                                }
                                " "
                                form method="post" action={ "/staff/accounts/" (a.id) "/active" } style="display:inline" {
                                    input type="hidden" name="csrf" value=(ctx.csrf);
                                    input type="hidden" name="reset" value="1";
                                    button.secondary type="submit" { (tr.t("staff-account-reset")) }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { (tr.t("staff-account-add")) }
        form method="post" action="/staff/accounts" {
            input type="hidden" name="csrf" value=(ctx.csrf);
            p { label for="new-email" { (tr.t("staff-email")) } input #new-email type="email" name="email" required; }
            p { label for="new-role" { (tr.t("staff-role")) }
                select #new-role name="role" {
                    @for r in ["reception", "advisor", "admin"] { option value=(r) { (tr.t(&format!("staff-role-{r}"))) } }
                } }
            p { label for="new-partner" { (tr.t("staff-account-partner")) }
                select #new-partner name="partner" {
                    option value="" { "—" }
                    @for (id, name) in &partners { option value=(id) { (name) } }
                } }
            button type="submit" { (tr.t("staff-add")) }
        }
    };
    layout::page(&tr, ctx, &tr.t("staff-accounts"), body)
}

/// GET /staff/accounts (admins)
pub async fn accounts(State(staff): State<Staff>, ctx: Ctx) -> Result<Html<String>, StaffError> {
    ctx.admin()?;
    let accounts = staff.store().staff_accounts().await?;
    Ok(accounts_page(&staff, &ctx, &accounts, None, None))
}

fn base_url(headers: &HeaderMap, staff: &Staff) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '[' | ']'))
        })
        .unwrap_or("localhost");
    let scheme = if staff.config.insecure_http {
        "http"
    } else {
        "https"
    };
    format!("{scheme}://{host}")
}

/// POST /staff/accounts (admins): creates an account and shows its setup link once.
pub async fn accounts_add(
    State(staff): State<Staff>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, StaffError> {
    ctx.admin()?;
    ctx.check(&form)?;
    let email = form
        .get("email")
        .map(|e| e.trim().to_lowercase())
        .unwrap_or_default();
    let role = form.get("role").and_then(|r| Role::parse(r));
    let partner = form
        .get("partner")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty());
    let territory = match &partner {
        Some(p) => staff
            .catalog()
            .territories
            .iter()
            .find(|t| t.partner(p).is_some())
            .map(|t| t.id.clone()),
        None => ctx
            .account
            .territory
            .clone()
            .or_else(|| staff.catalog().territories.first().map(|t| t.id.clone())),
    };
    let store = staff.store();
    let valid = email.contains('@')
        && email.len() <= 254
        && match role {
            Some(Role::Advisor) => partner.is_some() && territory.is_some(),
            Some(_) => territory.is_some(),
            None => false,
        };
    if !valid {
        let accounts = store.staff_accounts().await?;
        let mut res = accounts_page(&staff, &ctx, &accounts, None, Some("staff-account-invalid"))
            .into_response();
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    let role = role.expect("checked");
    let partner = if role == Role::Advisor { partner } else { None };
    let token = create_account(
        store,
        &email,
        role,
        territory.as_deref(),
        partner.as_deref(),
        &ctx.account.id,
        staff.now(),
    )
    .await?;
    let accounts = store.staff_accounts().await?;
    let Some(token) = token else {
        let mut res = accounts_page(&staff, &ctx, &accounts, None, Some("staff-account-exists"))
            .into_response();
        *res.status_mut() = StatusCode::CONFLICT;
        return Ok(res);
    };
    let link = format!("{}/staff/setup/{token}", base_url(&headers, &staff));
    Ok(accounts_page(&staff, &ctx, &accounts, Some(&link), None).into_response())
}

/// POST /staff/accounts/{id}/active (admins): turn on or off, or a new setup link.
pub async fn accounts_active(
    State(staff): State<Staff>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, StaffError> {
    ctx.admin()?;
    ctx.check(&form)?;
    let store = staff.store();
    let now = staff.now();
    if id == ctx.account.id {
        return Err(StaffError::BadRequest("own account".into()));
    }
    store.staff_by_id(&id).await?.ok_or(StaffError::NotFound)?;
    let mut link = None;
    if form.contains_key("reset") {
        let token = super::auth::new_token();
        store
            .reset_staff_setup(
                &id,
                &super::auth::token_hash(&token),
                now + super::auth::SETUP_VALIDITY,
                now,
            )
            .await?;
        ctx.audit(&staff, "account-reset", None, None, Some(&id))
            .await?;
        link = Some(format!(
            "{}/staff/setup/{token}",
            base_url(&headers, &staff)
        ));
    } else {
        let active = form.get("active").map(String::as_str) == Some("1");
        store.set_staff_active(&id, active, now).await?;
        ctx.audit(
            &staff,
            if active {
                "account-enabled"
            } else {
                "account-disabled"
            },
            None,
            None,
            Some(&id),
        )
        .await?;
    }
    let accounts = store.staff_accounts().await?;
    Ok(accounts_page(&staff, &ctx, &accounts, link.as_deref(), None).into_response())
}
