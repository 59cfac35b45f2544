//! The queue: the bookings of the account's scope, filtered and paged, their counts by status,
//! and the requests of people waiting for a call back.

use axum::extract::{Query, State};
use axum::response::Html;
use maud::html;

use super::ctx::Ctx;
use super::error::StaffError;
use super::layout::{self, Tr, parcours_label, partner_name, site_name, when};
use super::state::Staff;
use crate::app::staff::{PAGE_SIZE, QueueFilter, StatusFilter, paris_day};

/// The queue's query string (also the CSV export's).
#[derive(Debug, Default, serde::Deserialize)]
pub struct QueueQuery {
    pub partner: Option<String>,
    pub status: Option<String>,
    pub date: Option<String>,
    pub parcours: Option<String>,
    pub q: Option<String>,
    pub page: Option<i64>,
}

/// A value given and not blank, trimmed.
pub(super) fn nonempty(v: Option<&String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl QueueQuery {
    /// The filter the query asks for, at `now`.
    pub fn filter(&self, now: i64) -> Result<QueueFilter, StaffError> {
        let day =
            match nonempty(self.date.as_ref()) {
                Some(d) => Some(paris_day(&d).ok_or_else(|| {
                    StaffError::BadRequest("date: AAAA-MM-JJ / YYYY-MM-DD".into())
                })?),
                None => None,
            };
        let status = match nonempty(self.status.as_ref()) {
            Some(s) => {
                StatusFilter::parse(&s).ok_or_else(|| StaffError::BadRequest("status".into()))?
            }
            None => StatusFilter::default(),
        };
        Ok(QueueFilter {
            partner: nonempty(self.partner.as_ref()),
            status,
            day,
            parcours: nonempty(self.parcours.as_ref()),
            reference: nonempty(self.q.as_ref()),
            now,
        })
    }

    /// The query again, without blanks, at another page.
    #[must_use]
    pub fn query_string(&self, page: Option<i64>) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("partner", &self.partner),
            ("status", &self.status),
            ("date", &self.date),
            ("parcours", &self.parcours),
            ("q", &self.q),
        ] {
            if let Some(v) = nonempty(v.as_ref()) {
                s.append_pair(k, &v);
            }
        }
        if let Some(p) = page {
            s.append_pair("page", &p.to_string());
        }
        s.finish()
    }
}

/// GET /staff
pub async fn queue(
    State(staff): State<Staff>,
    ctx: Ctx,
    Query(q): Query<QueueQuery>,
) -> Result<Html<String>, StaffError> {
    let filter = q.filter(staff.now())?;
    let desk = staff.desk(&ctx);
    let scope = desk.scope();
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    let queue = desk.queue(&filter, page).await?;
    let (rows, total, counts, requests) = (queue.rows, queue.total, queue.counts, queue.requests);
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let ts = desk.territories();
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
                (tr.head(&["staff-col-created", "staff-col-partner", "staff-col-parcours", "staff-col-urgent"]))
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
                (tr.head(&["staff-col-reference", "staff-col-when", "staff-col-partner", "staff-col-status", "staff-col-parcours", "staff-col-urgent"]))
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
