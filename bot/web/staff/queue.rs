//! The queue: the bookings of the account's scope, filtered and paged, their counts by status,
//! and the requests of people waiting for a call back.

use axum::Form;
use axum::extract::{Query, State};
use axum::response::Html;
use maud::{Markup, html};

use super::ctx::Ctx;
use super::error::StaffError;
use super::layout::{self, Tr, parcours_label, partner_name, site_name};
use super::state::Staff;
use crate::app::staff::{
    PAGE_SIZE, QueueFilter, QueueSort, SortColumn, StatusFilter, day, paris_day,
};
use crate::channels::sms::e164;
use crate::core::{Channel, ConvKey};

/// The queue's query string (also the CSV export's).
#[derive(Debug, Default, serde::Deserialize)]
pub struct QueueQuery {
    pub partner: Option<String>,
    pub status: Option<String>,
    pub date: Option<String>,
    pub parcours: Option<String>,
    pub q: Option<String>,
    /// A view of the days ahead: `today`, `tomorrow` or `week`.
    pub view: Option<String>,
    pub site: Option<String>,
    /// `uncalled`: only urgent situations not called back yet.
    pub urgent: Option<String>,
    pub page: Option<i64>,
    /// The column the list is sorted by (`when`, `-when`...): see [`QueueSort::parse`].
    pub sort: Option<String>,
    /// The form's token, when the search is posted (a phone number never goes in an address).
    pub csrf: Option<String>,
}

/// The views of the days ahead: their name in the query string and their message.
const VIEWS: [(&str, &str); 3] = [
    ("today", "staff-view-today"),
    ("tomorrow", "staff-view-tomorrow"),
    ("week", "staff-view-week"),
];

/// A value given and not blank, trimmed.
pub(super) fn nonempty(v: Option<&String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl QueueQuery {
    /// The filter the query asks for, at `now`.
    pub fn filter(&self, now: i64) -> Result<QueueFilter, StaffError> {
        let view = nonempty(self.view.as_ref());
        let day = match (nonempty(self.date.as_ref()), view.as_deref()) {
            (Some(d), _) => {
                Some(paris_day(&d).ok_or_else(|| {
                    StaffError::BadRequest("date: AAAA-MM-JJ / YYYY-MM-DD".into())
                })?)
            }
            (None, Some(v)) => {
                let today = paris_day(&day(now)).ok_or(StaffError::NotFound)?;
                Some(match v {
                    "today" => today,
                    "tomorrow" => paris_day(&day(today.1 + 3600)).ok_or(StaffError::NotFound)?,
                    "week" => (today.0, today.0 + 7 * 86_400 + 3600),
                    _ => return Err(StaffError::BadRequest("view".into())),
                })
            }
            (None, None) => None,
        };
        let status = match nonempty(self.status.as_ref()) {
            Some(s) => {
                StatusFilter::parse(&s).ok_or_else(|| StaffError::BadRequest("status".into()))?
            }
            // A day's list shows every appointment of the day, whatever became of it.
            None if day.is_some() => StatusFilter::All,
            None => StatusFilter::default(),
        };
        Ok(QueueFilter {
            partner: nonempty(self.partner.as_ref()),
            status,
            day,
            parcours: nonempty(self.parcours.as_ref()),
            reference: nonempty(self.q.as_ref()),
            not_called_back: self.urgent.as_deref() == Some("uncalled"),
            site: nonempty(self.site.as_ref()),
            people: None,
            by_time: day.is_some(),
            sort: match nonempty(self.sort.as_ref()) {
                Some(s) => Some(
                    QueueSort::parse(&s).ok_or_else(|| StaffError::BadRequest("sort".into()))?,
                ),
                None => None,
            },
            now,
        })
    }

    /// The query again, without blanks, at another page.
    #[must_use]
    pub fn query_string(&self, page: Option<i64>) -> String {
        self.query_sorted(page, self.sort.as_deref())
    }

    /// The query again, without blanks, at another page and sorted by `sort`.
    #[must_use]
    pub fn query_sorted(&self, page: Option<i64>, sort: Option<&str>) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        // A phone number or a name searched is not written into a link.
        let searched = self.q.as_ref().filter(|q| reference_like(q)).cloned();
        for (k, v) in [
            ("partner", &self.partner),
            ("status", &self.status),
            ("date", &self.date),
            ("parcours", &self.parcours),
            ("q", &searched),
            ("view", &self.view),
            ("site", &self.site),
            ("urgent", &self.urgent),
        ] {
            if let Some(v) = nonempty(v.as_ref()) {
                s.append_pair(k, &v);
            }
        }
        if let Some(sort) = sort.map(str::trim).filter(|s| !s.is_empty()) {
            s.append_pair("sort", sort);
        }
        if let Some(p) = page {
            s.append_pair("page", &p.to_string());
        }
        s.finish()
    }
}

/// Whether a searched text can only be a booking reference: one word of letters and digits,
/// with a digit, and not a phone number. Anything else may be a name or a number, which stay
/// out of links.
fn reference_like(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars().all(|c| c.is_ascii_alphanumeric())
        && t.chars().any(|c| c.is_ascii_digit())
        && phone_keys(t).is_none()
}

/// The conversations a searched text may be the phone number of (SMS and WhatsApp), if it is
/// one, in any usual format.
fn phone_keys(text: &str) -> Option<Vec<ConvKey>> {
    let number = e164(text)?;
    Some(vec![
        ConvKey::new(Channel::Sms, number.clone()),
        ConvKey::new(Channel::WhatsApp, number),
    ])
}

/// GET /staff
pub async fn queue(
    State(staff): State<Staff>,
    ctx: Ctx,
    Query(q): Query<QueueQuery>,
) -> Result<Html<String>, StaffError> {
    page(&staff, &ctx, &q).await
}

/// POST /staff: the same search, posted, so that a phone number searched stays out of the
/// address (and of every log and history that keeps addresses).
pub async fn search(
    State(staff): State<Staff>,
    ctx: Ctx,
    Form(q): Form<QueueQuery>,
) -> Result<Html<String>, StaffError> {
    ctx.check_token(q.csrf.as_deref().unwrap_or(""))?;
    page(&staff, &ctx, &q).await
}

async fn page(staff: &Staff, ctx: &Ctx, q: &QueueQuery) -> Result<Html<String>, StaffError> {
    let now = staff.now();
    let mut filter = q.filter(now)?;
    let desk = staff.desk(ctx);
    if let Some(text) = filter.reference.clone() {
        if let Some(keys) = phone_keys(&text) {
            filter.people = Some(desk.people_at(&keys).await?);
            filter.reference = None;
        } else if !reference_like(&text) {
            // A name reception noted; a word that may also be a reference is one when no
            // name matches it.
            let named = desk.people_named(&text).await?;
            let one_word = text.split_whitespace().count() == 1;
            if !named.is_empty() || !one_word {
                filter.people = Some(named);
                filter.reference = None;
            }
        }
    }
    let scope = desk.scope();
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    let queue = desk.queue(&filter, page).await?;
    let (rows, total, counts, requests) = (queue.rows, queue.total, queue.counts, queue.requests);
    let urgency = queue.urgency;
    let queue_needs = queue.needs;
    let no_kinds = Vec::new();
    let kinds = |id: &str| urgency.get(id).unwrap_or(&no_kinds);
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let ts = desk.territories();
    let t = ts.first().copied();
    let partners: Vec<(String, String)> = ts
        .iter()
        .flat_map(|t| t.partners.iter())
        .filter(|p| scope.allows_partner(&p.id))
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    let sites: Vec<(String, String)> = desk
        .sites()
        .into_iter()
        .map(|(_, p, s)| (s.id.clone(), format!("{} · {}", s.name, p.name)))
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
    let view = nonempty(q.view.as_ref());
    let pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    let printable = filter.day.is_some();
    let title = match view
        .as_deref()
        .and_then(|v| VIEWS.iter().find(|(n, _)| *n == v))
    {
        Some((_, m)) => tr.t(m),
        None => tr.t("staff-queue"),
    };
    // Each column's name, rendered once for all the rows that carry it.
    let labels: std::collections::HashMap<&str, String> = COLUMNS
        .into_iter()
        .chain(["staff-col-created"])
        .map(|id| (id, tr.t(id)))
        .collect();
    let col = |id: &str| labels.get(id).cloned().unwrap_or_else(|| tr.t(id));
    // Invitations held for want of a free slot: reception sees it where it works.
    let held = if ctx.account.role == crate::app::staff::Role::Advisor {
        Vec::new()
    } else {
        staff.host().held_invitations().await?
    };
    let body = html! {
        h1 { (title) }
        (layout::held_alert(&tr, staff.host().territory(), &held))
        nav.views aria-label=(tr.t("staff-views")) {
            ul {
                li { a href="/staff" aria-current=[view.is_none().then_some("page")] { (tr.t("staff-queue")) } }
                @for (name, msg) in VIEWS {
                    li { a href={ "/staff?view=" (name) } aria-current=[(view.as_deref() == Some(name)).then_some("page")] { (tr.t(msg)) } }
                }
                li { a href="/staff?urgent=uncalled" aria-current=[filter.not_called_back.then_some("page")] { (tr.t("staff-filter-not-called-back")) } }
            }
        }
        @if let Some((from, until)) = filter.day {
            p.days { (layout::day_words(&tr, from)) @if until - from > 90_000 { " – " (layout::day_words(&tr, until - 3600)) } }
        }
        h2 #counts { (tr.t("staff-counts")) }
        ul.counts aria-labelledby="counts" {
            @for (status, n) in &counts {
                li { (tr.t(&format!("staff-status-{status}"))) " : " strong { (n) } }
            }
        }
        form.filters method="post" action="/staff" role="search" {
            input type="hidden" name="csrf" value=(ctx.csrf);
            @if let Some(v) = &view { input type="hidden" name="view" value=(v); }
            @if let Some(v) = filter.sort { input type="hidden" name="sort" value=(v.as_param()); }
            p {
                label for="q" { (tr.t("staff-filter-reference")) }
                input #q name="q" type="search" value=(q.q.clone().unwrap_or_default()) autocomplete="off" aria-describedby="q-help";
                span.muted #q-help { (tr.t("staff-filter-reference-help")) }
            }
            p {
                label for="site" { (tr.t("staff-filter-site")) }
                select #site name="site" {
                    option value="" { (tr.t("staff-all")) }
                    @for (id, name) in &sites {
                        option value=(id) selected[filter.site.as_deref() == Some(id.as_str())] { (name) }
                    }
                }
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
            @if view.is_none() {
                p {
                    label for="date" { (tr.t("staff-filter-date")) }
                    input #date name="date" type="date" value=(q.date.clone().unwrap_or_default());
                }
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
        p.links {
            a href={ "/staff/export/bookings.csv?" (q.query_string(None)) } { (tr.t("staff-export-csv")) }
            @if printable { " · " span.muted { (tr.t("staff-print-help")) } }
        }
        @if !requests.is_empty() {
            section.waiting aria-labelledby="waiting" {
            h2 #waiting { (tr.t("staff-waiting-title")) " (" (requests.len()) ")" }
            p.muted { (tr.t("staff-waiting-caption")) }
            (layout::scroll(&tr.t("staff-waiting-title"), html! { table.cards.waiting {
                (tr.head(&["staff-col-created", "staff-col-partner", "staff-col-parcours", "staff-col-urgent"]))
                tbody {
                    @for r in &requests {
                        tr {
                            td data-label=(col("staff-col-created")) { a href={ "/staff/requests/" (r.id) } { (layout::when_words(&tr, r.created_at)) } }
                            td data-label=(col("staff-col-partner")) { (partner_name(t, &r.partner)) }
                            td data-label=(col("staff-col-parcours")) { (parcours_label(&tr, r.parcours.as_deref())) }
                            td data-label=(col("staff-col-urgent")) {
                                @if r.urgent {
                                    (layout::urgency(&tr, kinds(&r.id)))
                                    @if r.called_back_at.is_some() { br; span.muted { (tr.t("staff-called-back-short")) } }
                                }
                            }
                        }
                    }
                }
            } }))
            }
        }
        h2 { (tr.t("staff-bookings-title")) " (" (total) ")" }
        @if rows.is_empty() {
            p { (tr.t("staff-none")) }
        } @else {
            (layout::scroll(&tr.t("staff-bookings-title"), html! { table.cards.bookings {
                (sortable_head(&tr, q, &filter))
                tbody {
                    @for b in &rows {
                        tr {
                            td data-label=(col("staff-col-when")) { (layout::when_words(&tr, b.starts_at)) }
                            td data-label=(col("staff-col-reference")) { a href={ "/staff/bookings/" (b.id) } { (b.reference) } }
                            td data-label=(col("staff-col-partner")) {
                                (partner_name(t, &b.partner))
                                @if let Some(w) = &b.with_partner { " + " (partner_name(t, w)) }
                                br; span.muted { (site_name(t, &b.site)) }
                            }
                            td data-label=(col("staff-format")) {
                                (tr.or(&format!("format-{}", b.format), &b.format))
                                @if let Some((needs, language)) = queue_needs.get(&b.id) {
                                    br; strong.needs { (layout::needs_words(&tr, needs, language.as_deref())) }
                                }
                            }
                            td data-label=(col("staff-col-status")) {
                                (tr.t(&format!("staff-status-{}", b.status)))
                                @if b.status.is_active() && b.starts_at <= now { br; strong.warn { (tr.t("staff-to-record")) } }
                            }
                            td.diag data-label=(col("staff-col-parcours")) {
                                (parcours_label(&tr, b.parcours.as_deref()))
                                @if let Some(l) = &b.lead { br; span.muted { (layout::lead_label(&tr, l)) } }
                            }
                            td.diag data-label=(col("staff-col-urgent")) {
                                @if b.urgent {
                                    (layout::urgency(&tr, kinds(&b.id)))
                                    @if b.called_back_at.is_some() { br; span.muted { (tr.t("staff-called-back-short")) } }
                                }
                            }
                        }
                    }
                }
            } }))
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
    Ok(layout::page(&tr, ctx, &title, body))
}

/// The messages naming the columns of the bookings' list, in the order of [`SortColumn::ALL`].
const COLUMNS: [&str; 7] = [
    "staff-col-when",
    "staff-col-reference",
    "staff-col-partner",
    "staff-format",
    "staff-col-status",
    "staff-col-parcours",
    "staff-col-urgent",
];

/// The head of the bookings' list: each column a link that sorts the list by it (the other
/// way if it is sorted so already), keeping the filters; the sorted column says so
/// (`aria-sort`). A day's list is in the order of the times unless sorted otherwise.
fn sortable_head(tr: &Tr<'_>, q: &QueueQuery, filter: &QueueFilter) -> Markup {
    let current = filter.sort.or_else(|| {
        filter.by_time.then_some(QueueSort {
            column: SortColumn::When,
            descending: false,
        })
    });
    html! {
        thead { tr {
            @for (column, id) in SortColumn::ALL.into_iter().zip(COLUMNS) {
                @let sorted = current.filter(|s| s.column == column);
                @let next = QueueSort {
                    column,
                    descending: sorted.is_some_and(|s| !s.descending),
                };
                th scope="col" aria-sort=[sorted.map(|s| if s.descending { "descending" } else { "ascending" })] {
                    a.sort href={ "/staff?" (q.query_sorted(None, Some(&next.as_param()))) } {
                        (tr.t(id))
                        @if let Some(s) = sorted {
                            " " span aria-hidden="true" { (if s.descending { "▼" } else { "▲" }) }
                        }
                    }
                }
            }
        } }
    }
}
