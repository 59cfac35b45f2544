//! A booking's page: what, when, where, the person (contact on demand, the diagnostic as
//! shared), the actions it allows, its history and the messages sent.

use maud::{Markup, html};

use super::case::{self, CasePage, Parts, Problem, SlotChoice};
use super::error::StaffError;
use super::layout::{self, Tr, parcours_label, partner_name, site_name};
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
            problem,
        } = page;
        let b = self;
        let history = desk.history(&b.id).await?;
        // What France Travail's partner API said of it, when it was sent there.
        let france_travail = desk
            .host()
            .france_travail_deliveries(&b.id)
            .await
            .map_err(crate::app::staff::DeskError::from)?
            .into_iter()
            .find(|l| l.state != "skipped");
        let kinds = desk.urgency(b.person_id.as_deref()).await?;
        let status = Some(b.status);
        let active = b.status.is_active();
        // The second partner of a joint appointment records its own outcome only.
        let leads = desk.leads(b);
        let started = desk.started(b);
        let undo_until = desk.undo_until(b).filter(|_| leads);
        let move_to = SlotChoice {
            form: "move",
            action: format!("{base}/reassign"),
            extra: html! {
                p {
                    label for="move-reason" { (tr.t("staff-move-reason")) }
                    (reason_input(tr, "move", "move-reason", problem))
                }
                @if b.with_partner.is_some() { p.muted { (tr.t("staff-joint-dropped")) } }
            },
            button: ("reassign", "staff-reassign-button"),
        };
        let outcome = OutcomeForm {
            csrf: &ctx.csrf,
            base: &base,
            started,
            starts_at: b.starts_at,
            problem,
        };
        Ok(html! {
        dl {
            dt { (tr.t("staff-col-status")) } dd #status { (tr.t(&format!("staff-status-{}", b.status))) }
            dt { (tr.t("staff-col-when")) } dd { (layout::when_words(tr, b.starts_at)) " – " (layout::when(b.ends_at).split(' ').nth(1).unwrap_or("")) }
            dt { (tr.t("staff-col-partner")) } dd { (partner_name(t, &b.partner)) " · " (site_name(t, &b.site)) }
            @if let Some(w) = &b.with_partner { dt { (tr.t("staff-with")) } dd { (partner_name(t, w)) } }
            dt { (tr.t("staff-format")) } dd { (tr.or(&format!("format-{}", b.format), &b.format)) }
            dt { (tr.t("staff-col-parcours")) } dd { (parcours_label(tr, b.parcours.as_deref())) @if let Some(l) = &b.lead { " · " (layout::lead_label(tr, l)) } }
            @if b.urgent { dt { (tr.t("staff-col-urgent")) } dd #urgency { (layout::urgency(tr, &kinds)) " " span.muted { (tr.t(if kinds.is_empty() { "staff-urgent-unknown" } else { "staff-urgent-text" })) } } }
            dt { (tr.t("staff-col-created")) } dd { (layout::when_words(tr, b.created_at)) }
            @if let Some(l) = &france_travail {
                dt { (tr.t("partners-ft-title")) }
                dd #france-travail { (layout::when_words(tr, l.last_at.unwrap_or(l.created_at))) " · " (super::partners::last_text(tr, l)) }
            }
        }
        @if b.urgent {
            (case::called_back(tr, ctx, &base, b.called_back_at, problem))
        }
        @if undo_until.is_none() { (case::alert(tr, problem, "undo")) }
        @if let Some(until) = undo_until {
            div.undo #undo-box role="status" {
                p { (tr.ta("staff-undo-until", &[("time", layout::time(until))])) }
                form #undo method="post" action={ (base) "/undo#undo" } {
                    input type="hidden" name="csrf" value=(ctx.csrf);
                    (case::alert(tr, problem, "undo"))
                    button #undo-button type="submit" { (tr.t("staff-undo")) }
                }
            }
        }
        (person)
        @if active && leads {
            h2 { (tr.t("staff-actions")) }
            div.actions {
                @if status == Some(BookingStatus::Pending) {
                    form #confirm-form method="post" action={ (base) "/confirm#confirm-form" } {
                        input type="hidden" name="csrf" value=(ctx.csrf);
                        (case::alert(tr, problem, "confirm"))
                        button #confirm type="submit" { (tr.t("staff-confirm")) }
                    }
                }
                form #cancel method="post" action={ (base) "/cancel#cancel" } {
                    input type="hidden" name="csrf" value=(ctx.csrf);
                    (case::alert(tr, problem, "cancel"))
                    label for="cancel-reason" { (tr.t("staff-cancel-reason")) }
                    (reason_input(tr, "cancel", "cancel-reason", problem))
                    " " button.danger #cancel-button type="submit" { (tr.t("staff-cancel")) }
                }
                (outcome.draw(tr))
            }
            h3 { (tr.t("staff-reassign")) }
            (case::picker(tr, ctx, t, &picker, &base, move_to, problem))
        }
        @if !leads && status != Some(BookingStatus::Cancelled) {
            h2 { (tr.t("staff-actions")) }
            p.muted #joint-second { (tr.t("staff-joint-second")) }
            div.actions { (outcome.draw(tr)) }
        }
        h2 { (tr.t("staff-history")) }
        ol {
            @for h in &history {
                li {
                    (layout::when_words(tr, h.at)) " · " (tr.or(&format!("staff-status-{}", h.status), &h.status)) " · "
                    (h.actor_email.clone().unwrap_or_else(|| tr.or(&format!("staff-actor-{}", h.actor), &h.actor)))
                    @if let Some(r) = &h.reason { " · " em { (r) } }
                }
            }
        }
        (case::messages(tr, &messages))
        })
    }
}

/// A reason's text field in the form `form`, with what was typed if the form failed, its note
/// (the person does not see it) and its problem.
pub(super) fn reason_input(tr: &Tr<'_>, form: &str, id: &str, problem: Option<&Problem>) -> Markup {
    let note = format!("{id}-note");
    html! {
        input id=(id) name="reason" required maxlength="500" pattern=".*\\S.*"
            value=(case::typed(problem, form))
            aria-invalid=[case::invalid(problem, form, id)]
            aria-describedby=[case::described(problem, form, id, Some(&note))];
        " " span.muted id=(note) { (tr.t("staff-reason-private")) }
    }
}

/// The form that records how an appointment went, once it has started.
struct OutcomeForm<'a> {
    csrf: &'a str,
    base: &'a str,
    started: bool,
    starts_at: i64,
    problem: Option<&'a Problem>,
}

impl OutcomeForm<'_> {
    /// Seen, no-show or excused; before the appointment, when it can be recorded.
    fn draw(&self, tr: &Tr<'_>) -> Markup {
        let p = self.problem;
        if !self.started {
            return html! {
                (case::alert(tr, p, "outcome"))
                p.muted #outcome-later { (tr.ta("staff-outcome-later", &[("when", format!("{}, {}", layout::day_words(tr, self.starts_at), layout::time(self.starts_at)))])) }
            };
        }
        html! {
            form #outcome method="post" action={ (self.base) "/outcome#outcome" } {
                input type="hidden" name="csrf" value=(self.csrf);
                (case::alert(tr, p, "outcome"))
                fieldset aria-describedby=[case::described(p, "outcome", "outcome-seen", None)] {
                    legend { (tr.t("staff-outcome")) }
                    @for o in [BookingStatus::Seen, BookingStatus::NoShow, BookingStatus::Excused] {
                        label { input id={ "outcome-" (o.as_str()) } type="radio" name="outcome" value=(o.as_str()) required; " " (tr.t(&format!("staff-status-{o}"))) }
                    }
                }
                p {
                    label for="outcome-reason" { (tr.t("staff-outcome-reason")) }
                    input #outcome-reason name="reason" maxlength="500" value=(case::typed(p, "outcome")) aria-describedby="outcome-reason-note";
                    span.muted #outcome-reason-note { (tr.t("staff-reason-private")) }
                }
                button #outcome-button type="submit" { (tr.t("staff-record")) }
            }
        }
    }
}
