//! The audit log (admins): who saw or did what, when, filtered.

use axum::extract::{Query, State};
use axum::response::Html;
use maud::html;

use super::ctx::Ctx;
use super::error::StaffError;
use super::layout::{self, Tr};
use super::queue::nonempty;
use super::state::Staff;
use crate::app::staff::{AUDIT_SHOWN, AuditFilter, paris_day};

/// The actions of the audit log, by their code: each has a label `staff-audit-<code>`.
const ACTIONS: [&str; 37] = [
    "view-booking",
    "view-request",
    "view-contact",
    "booking-confirmed",
    "booking-cancelled",
    "booking-seen",
    "booking-no-show",
    "booking-excused",
    "booking-moved",
    "booking-undo-cancelled",
    "booking-undo-no-show",
    "request-closed",
    "called-back",
    "search-phone",
    "search-name",
    "note-name",
    "forget-name",
    "export-csv",
    "export-person",
    "login",
    "login-failed",
    "logout",
    "account-created",
    "account-reset",
    "account-enabled",
    "account-disabled",
    "slots",
    "invitations-list",
    "invitation-view",
    "invitation-send-again",
    "invitation-stop",
    "invitation-close",
    "invitations-import",
    "invitations-export",
    "feed-created",
    "feed-renewed",
    "feed-revoked",
];

/// The audit page's query string.
#[derive(Debug, Default, serde::Deserialize)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub booking: Option<String>,
    pub person: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<i64>,
}

impl AuditQuery {
    /// The query again, without blanks, at another page.
    fn at_page(&self, page: i64) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("actor", &self.actor),
            ("action", &self.action),
            ("booking", &self.booking),
            ("person", &self.person),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if let Some(v) = nonempty(v.as_ref()) {
                s.append_pair(k, &v);
            }
        }
        s.append_pair("page", &page.to_string());
        s.finish()
    }
}

/// GET /staff/audit (admins)
pub async fn audit(
    State(staff): State<Staff>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Html<String>, StaffError> {
    staff.desk(&ctx).admin()?;
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    let date = |v: &Option<String>| nonempty(v.as_ref()).and_then(|d| paris_day(&d));
    let filter = AuditFilter {
        actor: nonempty(q.actor.as_ref()),
        action: nonempty(q.action.as_ref()),
        booking_id: nonempty(q.booking.as_ref()),
        person_id: nonempty(q.person.as_ref()),
        from: date(&q.from).map(|d| d.0),
        until: date(&q.to).map(|d| d.1),
        offset: (page - 1) * AUDIT_SHOWN,
    };
    let rows = staff.desk(&ctx).audit_log(&filter).await?;
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
            p {
                label for="action" { (tr.t("staff-audit-action")) }
                select #action name="action" {
                    option value="" { (tr.t("staff-audit-all")) }
                    @for a in ACTIONS {
                        option value=(a) selected[filter.action.as_deref() == Some(a)] { (tr.t(&format!("staff-audit-{a}"))) }
                    }
                }
            }
            (field("booking", "staff-audit-booking", &q.booking, "text"))
            (field("person", "staff-audit-person", &q.person, "text"))
            (field("from", "staff-from", &q.from, "date"))
            (field("to", "staff-to-included", &q.to, "date"))
            p { button type="submit" { (tr.t("staff-filter-apply")) } }
        }

        (layout::scroll(&tr.t("staff-audit"), html! { table {
            (tr.head(&["staff-audit-when", "staff-audit-actor", "staff-audit-action", "staff-audit-booking", "staff-audit-person", "staff-audit-detail"]))
            tbody {
                @for r in &rows {
                    tr {
                        td { (layout::when_words(&tr, r.at)) }
                        td { (r.actor_email.clone().unwrap_or_else(|| r.actor.clone())) }
                        td { (tr.or(&format!("staff-audit-{}", r.action), &r.action)) br; code.muted { (r.action) } }
                        td { @if let Some(b) = &r.booking_id { a href={ "/staff/bookings/" (b) } { code { (b) } } } }
                        td { @if let Some(p) = &r.person_id { code { (p) } } }
                        td { (r.detail.clone().unwrap_or_default()) }
                    }
                }
            }
        } }))
        @if page > 1 || i64::try_from(rows.len()).unwrap_or(i64::MAX) >= AUDIT_SHOWN {
            nav aria-label=(tr.t("staff-pages")) {
                p {
                    @if page > 1 { a href={ "/staff/audit?" (q.at_page(page - 1)) } { (tr.t("staff-previous")) } " " }
                    (tr.ta("staff-audit-page", &[("page", page.to_string())]))
                    @if i64::try_from(rows.len()).unwrap_or(i64::MAX) >= AUDIT_SHOWN { " " a href={ "/staff/audit?" (q.at_page(page + 1)) } { (tr.t("staff-next")) } }
                }
            }
        }
    };
    Ok(layout::page(&tr, &ctx, &tr.t("staff-audit"), body))
}
