//! A site's slots: its opening patterns (the file's, switched off or on, and those staff
//! added), one-off slots, closures, and the load of the coming weeks.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::ctx::Ctx;
use super::error::StaffError;
use super::layout::{self, Tr, when};
use super::state::Staff;
use crate::app::staff::{OpeningChange, SiteChange, SiteRemoval, paris_day, paris_time};
use crate::booking::openings::DAYS;
use crate::booking::territory::Day;
use crate::core::OpeningOp;

/// Messages a redirect to the slots page may show.
const FLASH: [&str; 2] = ["staff-saved", "staff-invalid"];

/// The slots page's query string.
#[derive(Debug, Default, Deserialize)]
pub struct SlotsQuery {
    pub site: Option<String>,
    pub msg: Option<String>,
}

/// What is added to a site: a weekly pattern (`kind=opening`: days, from, to), a one-off slot
/// (`kind=extra`: date, time) or a closure (`kind=closure`: from, to as days, reason).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AddForm {
    pub csrf: String,
    pub kind: String,
    pub from: String,
    pub to: String,
    pub date: String,
    pub time: String,
    pub appointment: String,
    pub seats: String,
    pub reason: String,
    #[serde(rename = "day-mon")]
    pub mon: Option<String>,
    #[serde(rename = "day-tue")]
    pub tue: Option<String>,
    #[serde(rename = "day-wed")]
    pub wed: Option<String>,
    #[serde(rename = "day-thu")]
    pub thu: Option<String>,
    #[serde(rename = "day-fri")]
    pub fri: Option<String>,
    #[serde(rename = "day-sat")]
    pub sat: Option<String>,
}

impl AddForm {
    /// The change the form asks for; none for an unknown kind.
    fn change(&self) -> Option<SiteChange> {
        let appointment = self.appointment.trim().to_string();
        let seats: u32 = self.seats.trim().parse().unwrap_or(1);
        Some(match self.kind.trim() {
            "opening" => {
                let ticked = [
                    &self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat,
                ];
                SiteChange::Opening {
                    days: DAYS
                        .iter()
                        .zip(ticked)
                        .filter(|(_, t)| t.is_some())
                        .map(|((n, _), _)| (*n).to_string())
                        .collect(),
                    from: self.from.trim().to_string(),
                    to: self.to.trim().to_string(),
                    appointment,
                    seats,
                }
            }
            "extra" => SiteChange::Extra {
                start: paris_time(self.date.trim(), self.time.trim()),
                appointment,
                seats,
            },
            "closure" => SiteChange::Closure {
                start: paris_day(self.from.trim()).map(|d| d.0),
                end: paris_day(self.to.trim()).map(|d| d.1),
                reason: self.reason.trim().to_string(),
            },
            _ => return None,
        })
    }
}

/// What is taken off a site: a file pattern (`kind=file-opening`, index), a change staff made
/// (`kind=change`, id), a one-off slot (`kind=extra`, id) or a closure (`kind=closure`, id).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RemoveForm {
    pub csrf: String,
    pub kind: String,
    pub id: String,
    pub index: String,
}

impl RemoveForm {
    /// The removal the form asks for; none for an unknown kind.
    fn removal(self) -> Option<SiteRemoval> {
        Some(match self.kind.as_str() {
            "file-opening" => SiteRemoval::FileOpening(self.index.parse().ok()),
            "change" => SiteRemoval::Change(self.id),
            "extra" => SiteRemoval::Extra(self.id),
            "closure" => SiteRemoval::Closure(self.id),
            _ => return None,
        })
    }
}

fn day_names(days: &[Day], tr: &Tr<'_>) -> String {
    days.iter()
        .filter_map(|d| DAYS.iter().find(|(_, x)| x == d).map(|(n, _)| *n))
        .map(|n| tr.t(&format!("staff-day-{n}")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// GET /staff/slots
pub async fn slots(
    State(staff): State<Staff>,
    ctx: Ctx,
    Query(q): Query<SlotsQuery>,
) -> Result<Html<String>, StaffError> {
    let desk = staff.desk(&ctx);
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let sites = desk.sites();
    let chosen = match q.site.as_deref().filter(|s| !s.is_empty()) {
        Some(id) => Some(desk.site(id)?),
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
    let plan = desk.site_plan(t, partner, site).await?;
    let flash = q.msg.as_deref().filter(|m| FLASH.contains(m));
    let action_add = format!("/staff/slots/{}/add", site.id);
    let action_remove = format!("/staff/slots/{}/remove", site.id);
    let removed: HashMap<i64, &OpeningChange> = plan
        .changes
        .iter()
        .filter(|c| c.op == OpeningOp::Remove)
        .filter_map(|c| c.file_index.map(|i| (i, c)))
        .collect();
    let appointment_and_seats = |prefix: &str| {
        let (appt, seats) = (format!("{prefix}-appt"), format!("{prefix}-seats"));
        html! {
            p { label for=(appt) { (tr.t("staff-appointment")) }
                select id=(appt) name="appointment" { @for a in &partner.appointments { option value=(a.id) { (layout::appointment_label(&tr, &a.id)) } } } }
            p { label for=(seats) { (tr.t("staff-seats")) } input id=(seats) type="number" name="seats" min="1" max="20" value="1"; }
        }
    };
    let remove = |kind: &str, key: &str, value: &str, label: &str| {
        layout::post_button(
            &ctx,
            &action_remove,
            &[("kind", kind), (key, value)],
            &tr.t(label),
        )
    };
    let add_form = |kind: &str, legend: &str, fields: Markup| {
        html! {
            form method="post" action=(action_add) {
                input type="hidden" name="csrf" value=(ctx.csrf);
                input type="hidden" name="kind" value=(kind);
                fieldset {
                    legend { (tr.t(legend)) }
                    (fields)
                    button type="submit" { (tr.t("staff-add")) }
                }
            }
        }
    };
    // The weekly patterns: the file's (switched off or not), then those staff added.
    let file_rows = site.openings.iter().enumerate().map(|(i, o)| {
        let action = match removed.get(&(i as i64)) {
            Some(c) => html! {
                span.muted { (tr.t("staff-removed")) } " "
                (remove("change", "id", &c.id, "staff-restore"))
            },
            None => remove("file-opening", "index", &i.to_string(), "staff-remove"),
        };
        (o.clone(), action)
    });
    let added_rows = plan
        .changes
        .iter()
        .filter(|c| c.op == OpeningOp::Add)
        .map(|c| (c.opening(), remove("change", "id", &c.id, "staff-remove")));
    let rows: Vec<_> = file_rows.chain(added_rows).collect();
    let body = html! {
        h1 { (tr.t("staff-slots")) }
        (picker)
        @if let Some(m) = flash { p.notice role="status" { (tr.t(m)) } }
        h2 { (partner.name) " · " (site.name) }
        h3 { (tr.t("staff-load")) }
        table {
            (tr.head(&["staff-week", "staff-booked", "staff-capacity"]))
            tbody {
                @for w in &plan.load {
                    tr {
                        td { (layout::day(w.start)) }
                        td { (w.booked) }
                        td { (w.capacity) @if w.capacity > 0 { " (" ((w.booked * 100) / w.capacity) " %)" } }
                    }
                }
            }
        }
        h3 { (tr.t("staff-openings")) }
        (layout::scroll(&tr.t("staff-openings"), html! { table {
            (tr.head(&["staff-days", "staff-hours", "staff-appointment", "staff-seats", "staff-actions"]))
            tbody {
                @for (o, action) in &rows {
                    tr {
                        td { (day_names(&o.days, &tr)) }
                        td { (o.from) "–" (o.to) }
                        td { (layout::appointment_label(&tr, &o.appointment)) br; code.muted { (o.appointment) } }
                        td { (o.seats) }
                        td { (action) }
                    }
                }
            }
        } }))
        (add_form("opening", "staff-opening-add", html! {
            @for (n, _) in DAYS {
                label { input type="checkbox" name={ "day-" (n) } value="1"; " " (tr.t(&format!("staff-day-{n}"))) }
            }
            p { label for="o-from" { (tr.t("staff-from")) } input #o-from type="time" name="from" required; }
            p { label for="o-to" { (tr.t("staff-to")) } input #o-to type="time" name="to" required; }
            (appointment_and_seats("o"))
        }))
        h3 { (tr.t("staff-extras")) }
        ul {
            @for x in &plan.extras {
                li {
                    (when(x.starts_at)) " · " (x.appointment.as_deref().map(|a| layout::appointment_label(&tr, a)).unwrap_or_default()) " · " (x.seats.unwrap_or(1)) " "
                    (remove("extra", "id", &x.id, "staff-remove"))
                }
            }
        }
        (add_form("extra", "staff-extra-add", html! {
            p { label for="x-date" { (tr.t("staff-date")) } input #x-date type="date" name="date" required; }
            p { label for="x-time" { (tr.t("staff-time")) } input #x-time type="time" name="time" required; }
            (appointment_and_seats("x"))
        }))
        h3 { (tr.t("staff-closures")) }
        ul {
            @for c in &plan.closures {
                li {
                    (when(c.starts_at)) " → " (when(c.ends_at.unwrap_or(c.starts_at)))
                    @if let Some(r) = &c.reason { " · " (r) } " "
                    (remove("closure", "id", &c.id, "staff-remove"))
                }
            }
        }
        (add_form("closure", "staff-closure-add", html! {
            p { label for="c-from" { (tr.t("staff-from")) } input #c-from type="date" name="from" required; }
            p { label for="c-to" { (tr.t("staff-to-included")) } input #c-to type="date" name="to" required; }
            p { label for="c-reason" { (tr.t("staff-reason")) } input #c-reason name="reason" maxlength="200"; }
        }))
    };
    Ok(layout::page(&tr, &ctx, &tr.t("staff-slots"), body))
}

fn slots_back(site: &str, msg: &str) -> Response {
    Redirect::to(&format!("/staff/slots?site={site}&msg={msg}")).into_response()
}

/// POST /staff/slots/{site}/add
pub async fn slots_add(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(site_id): Path<String>,
    Form(form): Form<AddForm>,
) -> Result<Response, StaffError> {
    ctx.check_token(&form.csrf)?;
    let desk = staff.desk(&ctx);
    let (_, partner, site) = desk.site(&site_id)?;
    let saved = match form.change() {
        Some(change) => desk.change_site(partner, site, change).await?,
        None => false,
    };
    Ok(slots_back(&site.id, saved_or_invalid(saved)))
}

/// POST /staff/slots/{site}/remove
pub async fn slots_remove(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(site_id): Path<String>,
    Form(form): Form<RemoveForm>,
) -> Result<Response, StaffError> {
    ctx.check_token(&form.csrf)?;
    let desk = staff.desk(&ctx);
    let (_, _, site) = desk.site(&site_id)?;
    let saved = match form.removal() {
        Some(removal) => desk.remove_from_site(site, removal).await?,
        None => false,
    };
    Ok(slots_back(&site.id, saved_or_invalid(saved)))
}

fn saved_or_invalid(saved: bool) -> &'static str {
    if saved {
        "staff-saved"
    } else {
        "staff-invalid"
    }
}
