//! A waiting request's page: a person no slot fitted, waiting for a call back; staff book them
//! a slot or close the request.

use maud::{Markup, html};

use super::booking::reason_input;
use super::case::{self, CasePage, Parts, SlotChoice};
use super::error::StaffError;
use super::layout::{self, Tr, parcours_label, partner_name};
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
        let kinds = page.desk.urgency(r.person_id.as_deref()).await?;
        let problem = page.problem;
        let book = SlotChoice {
            form: "book",
            action: format!("{base}/book"),
            extra: html! {},
            button: ("book", "staff-request-book-button"),
        };
        Ok(html! {
            dl {
                dt { (tr.t("staff-col-status")) } dd { (tr.or(&format!("staff-request-{}", r.status), &r.status)) }
                dt { (tr.t("staff-col-created")) } dd { (layout::when_words(tr, r.created_at)) }
                dt { (tr.t("staff-col-partner")) } dd { (partner_name(page.territory, &r.partner)) }
                dt { (tr.t("staff-col-parcours")) } dd { (parcours_label(tr, r.parcours.as_deref())) @if let Some(l) = &r.lead { " · " (layout::lead_label(tr, l)) } }
                @if r.urgent { dt { (tr.t("staff-col-urgent")) } dd #urgency { (layout::urgency(tr, &kinds)) " " span.muted { (tr.t(if kinds.is_empty() { "staff-urgent-unknown" } else { "staff-urgent-text" })) } } }
            }
            @if r.urgent {
                (case::called_back(tr, page.ctx, base, r.called_back_at, problem))
            }
            (page.person)
            @if waiting && r.person_id.is_some() {
                h2 { (tr.t("staff-request-book")) }
                (case::picker(tr, page.ctx, page.territory, &page.picker, base, book, problem))
            }
            @if waiting {
                h2 { (tr.t("staff-actions")) }
                form #close method="post" action={ (base) "/close#close" } {
                    input type="hidden" name="csrf" value=(page.ctx.csrf);
                    (case::alert(tr, problem, "close"))
                    p {
                        label for="close-reason" { (tr.t("staff-close-reason")) }
                        (reason_input(tr, "close", "close-reason", problem))
                    }
                    button #close-button type="submit" { (tr.t("staff-request-close")) }
                }
            }
            (case::messages(tr, &page.messages))
        })
    }
}
