//! A waiting request's page: a person no slot fitted, waiting for a call back; staff book them
//! a slot or close the request.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use maud::html;

use super::auth::TokenForm;
use super::case::{self, CaseQuery, SlotChoice};
use super::ctx::Ctx;
use super::error::StaffError;
use super::layout::{self, Tr, parcours_label, partner_name, when};
use super::queue::nonempty;
use super::state::Staff;
use crate::app::staff::RequestRow;

async fn request_page(
    staff: &Staff,
    ctx: &Ctx,
    r: &RequestRow,
    revealed: Option<&str>,
    q: &CaseQuery,
) -> Result<Html<String>, StaffError> {
    let desk = staff.desk(ctx);
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let t = staff.catalog().territory(Some(&r.territory));
    let waiting = r.status == "open";
    let open = waiting && r.person_id.is_some();
    let asked = nonempty(q.partner.as_ref());
    let picker = desk
        .picker(&r.territory, asked.as_deref(), &r.partner, open)
        .await?;
    let base = format!("/staff/requests/{}", r.id);
    let person = case::person(&desk, &tr, ctx, r.person_id.as_deref(), &base, revealed).await?;
    let book = SlotChoice {
        action: format!("{base}/book"),
        extra: html! {},
        button: ("book", "staff-request-book-button"),
    };
    let body = html! {
        p { a href="/staff" { "← " (tr.t("staff-queue")) } }
        h1 { (tr.t("staff-request")) }
        @if let Some(m) = q.flash() { p.notice role="status" { (tr.t(m)) } }
        dl {
            dt { (tr.t("staff-col-status")) } dd { (tr.or(&format!("staff-request-{}", r.status), &r.status)) }
            dt { (tr.t("staff-col-created")) } dd { (when(r.created_at)) }
            dt { (tr.t("staff-col-partner")) } dd { (partner_name(t, &r.partner)) }
            dt { (tr.t("staff-col-parcours")) } dd { (parcours_label(&tr, r.parcours.as_deref())) @if let Some(l) = &r.lead { " · " (l) } }
            @if r.urgent { dt { (tr.t("staff-col-urgent")) } dd.urgent { (tr.t("staff-urgent-text")) } }
        }
        (person)
        @if open {
            h2 { (tr.t("staff-request-book")) }
            (case::picker(&tr, ctx, t, &picker, &base, book))
        }
        @if waiting {
            h2 { (tr.t("staff-actions")) }
            form method="post" action={ (base) "/close" } {
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
    Query(q): Query<CaseQuery>,
) -> Result<Html<String>, StaffError> {
    let r = staff.desk(&ctx).view_request(&id).await?;
    request_page(&staff, &ctx, &r, None, &q).await
}

/// POST /staff/requests/{id}/contact: shows the contact address, audited.
pub async fn request_contact(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Result<Html<String>, StaffError> {
    ctx.check_token(&form.csrf)?;
    let (r, address) = staff.desk(&ctx).reveal_request_contact(&id).await?;
    request_page(&staff, &ctx, &r, address.as_deref(), &CaseQuery::default()).await
}
