//! A booking's page: what, when, where, the person (contact on demand, the diagnostic as
//! shared), the actions it allows, its history and the messages sent.

use maud::{Markup, html};

use super::case::{self, CasePage, Parts, SlotChoice};
use super::error::StaffError;
use super::layout::{self, Tr, parcours_label, partner_name, site_name, when};
use crate::app::staff::QueueRow;
use crate::core::BookingStatus;

impl CasePage for QueueRow {
    const PATH: &'static str = "/staff/bookings";

    fn id(&self) -> &str {
        &self.id
    }

    fn title(&self, tr: &Tr<'_>) -> String {
        format!("{} {}", tr.t("staff-booking"), self.reference)
    }

    async fn draw(&self, page: Parts<'_>) -> Result<Markup, StaffError> {
        let Parts {
            desk,
            tr,
            ctx,
            territory: t,
            picker,
            person,
            messages,
            base,
        } = page;
        let b = self;
        let history = desk.history(&b.id).await?;
        let status = Some(b.status);
        let active = b.status.is_active();
        // The second partner of a joint appointment records its own outcome only.
        let leads = desk.leads(b);
        let move_to = SlotChoice {
            action: format!("{base}/reassign"),
            extra: html! {
                p {
                    label for="move-reason" { (tr.t("staff-reason")) }
                    input #move-reason name="reason" required maxlength="500";
                }
                @if b.with_partner.is_some() { p.muted { (tr.t("staff-joint-dropped")) } }
            },
            button: ("reassign", "staff-reassign-button"),
        };
        Ok(html! {
        dl {
            dt { (tr.t("staff-col-status")) } dd #status { (tr.t(&format!("staff-status-{}", b.status))) }
            dt { (tr.t("staff-col-when")) } dd { (when(b.starts_at)) " – " (layout::when(b.ends_at).split(' ').nth(1).unwrap_or("")) }
            dt { (tr.t("staff-col-partner")) } dd { (partner_name(t, &b.partner)) " · " (site_name(t, &b.site)) }
            @if let Some(w) = &b.with_partner { dt { (tr.t("staff-with")) } dd { (partner_name(t, w)) } }
            dt { (tr.t("staff-format")) } dd { (tr.or(&format!("format-{}", b.format), &b.format)) }
            dt { (tr.t("staff-col-parcours")) } dd { (parcours_label(tr, b.parcours.as_deref())) @if let Some(l) = &b.lead { " · " (l) } }
            @if b.urgent { dt { (tr.t("staff-col-urgent")) } dd.urgent { (tr.t("staff-urgent-text")) } }
            dt { (tr.t("staff-col-created")) } dd { (when(b.created_at)) }
        }
        (person)
        @if active && leads {
            h2 { (tr.t("staff-actions")) }
            div.actions {
                @if status == Some(BookingStatus::Pending) {
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
                (outcome_form(tr, &ctx.csrf, &base))
            }
            h3 { (tr.t("staff-reassign")) }
            (case::picker(tr, ctx, t, &picker, &base, move_to))
        }
        @if !leads && status != Some(BookingStatus::Cancelled) {
            h2 { (tr.t("staff-actions")) }
            p.muted #joint-second { (tr.t("staff-joint-second")) }
            div.actions { (outcome_form(tr, &ctx.csrf, &base)) }
        }
        h2 { (tr.t("staff-history")) }
        ol {
            @for h in &history {
                li {
                    (when(h.at)) " · " (tr.t(&format!("staff-status-{}", h.status))) " · "
                    (h.actor_email.clone().unwrap_or_else(|| tr.or(&format!("staff-actor-{}", h.actor), &h.actor)))
                    @if let Some(r) = &h.reason { " · " em { (r) } }
                }
            }
        }
        (case::messages(tr, &messages))
        })
    }
}

/// The form that records how an appointment went: seen, no-show or excused.
fn outcome_form(tr: &Tr<'_>, csrf: &str, base: &str) -> Markup {
    html! {
        form method="post" action={ (base) "/outcome" } {
            input type="hidden" name="csrf" value=(csrf);
            fieldset {
                legend { (tr.t("staff-outcome")) }
                @for o in [BookingStatus::Seen, BookingStatus::NoShow, BookingStatus::Excused] {
                    label { input type="radio" name="outcome" value=(o.as_str()) required; " " (tr.t(&format!("staff-status-{o}"))) }
                }
            }
            button type="submit" { (tr.t("staff-record")) }
        }
    }
}
