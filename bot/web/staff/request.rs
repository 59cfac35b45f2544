//! A waiting request's page: a person no slot fitted, waiting for a call back; staff book them
//! a slot or close the request.

use maud::{Markup, html};

use super::case::{self, CasePage, Parts, SlotChoice};
use super::error::StaffError;
use super::layout::{Tr, parcours_label, partner_name, when};
use crate::app::staff::RequestRow;

impl CasePage for RequestRow {
    const PATH: &'static str = "/staff/requests";

    fn id(&self) -> &str {
        &self.id
    }

    fn title(&self, tr: &Tr<'_>) -> String {
        tr.t("staff-request")
    }

    async fn draw(&self, page: Parts<'_>) -> Result<Markup, StaffError> {
        let (r, tr, base) = (self, page.tr, &page.base);
        let waiting = r.status == "open";
        let book = SlotChoice {
            action: format!("{base}/book"),
            extra: html! {},
            button: ("book", "staff-request-book-button"),
        };
        Ok(html! {
            dl {
                dt { (tr.t("staff-col-status")) } dd { (tr.or(&format!("staff-request-{}", r.status), &r.status)) }
                dt { (tr.t("staff-col-created")) } dd { (when(r.created_at)) }
                dt { (tr.t("staff-col-partner")) } dd { (partner_name(page.territory, &r.partner)) }
                dt { (tr.t("staff-col-parcours")) } dd { (parcours_label(tr, r.parcours.as_deref())) @if let Some(l) = &r.lead { " · " (l) } }
                @if r.urgent { dt { (tr.t("staff-col-urgent")) } dd.urgent { (tr.t("staff-urgent-text")) } }
            }
            (page.person)
            @if waiting && r.person_id.is_some() {
                h2 { (tr.t("staff-request-book")) }
                (case::picker(tr, page.ctx, page.territory, &page.picker, base, book))
            }
            @if waiting {
                h2 { (tr.t("staff-actions")) }
                form method="post" action={ (base) "/close" } {
                    input type="hidden" name="csrf" value=(page.ctx.csrf);
                    p {
                        label for="close-reason" { (tr.t("staff-reason")) }
                        input #close-reason name="reason" required maxlength="500";
                    }
                    button type="submit" { (tr.t("staff-request-close")) }
                }
            }
            (case::messages(tr, &page.messages))
        })
    }
}
