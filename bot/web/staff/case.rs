//! What a booking's page and a request's page share: the message a redirect brings, the
//! person's contact (hidden until asked for), the diagnostic as shared, and the choice of a
//! partner and a free slot.

use maud::{Markup, html};

use super::ctx::Ctx;
use super::error::StaffError;
use super::layout::{Tr, site_name, when};
use crate::app::staff::{Desk, Diagnostic, Picker};
use crate::booking::territory::Territory;

/// Messages a redirect may show (anything else is ignored).
const FLASH: [&str; 8] = [
    "staff-done",
    "staff-unchanged",
    "staff-reason-required",
    "staff-slot-taken",
    "staff-slot-unknown",
    "staff-choose-outcome",
    "staff-saved",
    "staff-invalid",
];

/// The query string of a booking's or a request's page.
#[derive(Debug, Default, serde::Deserialize)]
pub struct CaseQuery {
    /// The partner whose free slots are listed.
    pub partner: Option<String>,
    /// What the last action did.
    pub msg: Option<String>,
}

impl CaseQuery {
    /// The message to show, if it is one of the dashboard's.
    #[must_use]
    pub fn flash(&self) -> Option<&str> {
        self.msg.as_deref().filter(|m| FLASH.contains(m))
    }
}

/// The person's part of the page at `base`: their contact (revealed, or a button to `base`
/// `/contact`), their right-of-access export, and the diagnostic as they shared it.
pub async fn person(
    desk: &Desk<'_>,
    tr: &Tr<'_>,
    ctx: &Ctx,
    person: Option<&str>,
    base: &str,
    revealed: Option<&str>,
) -> Result<Markup, StaffError> {
    let channel = desk.channel_of(person).await?;
    let shared = desk.diagnostic(person).await?;
    Ok(html! {
        h2 { (tr.t("staff-person")) }
        (contact(tr, ctx, channel.as_ref(), &format!("{base}/contact"), revealed))
        @if let Some(p) = person {
            p { a href={ "/staff/people/" (p) "/export.json" } { (tr.t("staff-export-person")) } }
        }
        h2 { (tr.t("staff-diagnostic")) }
        (diagnostic(tr, &shared))
    })
}

/// The diagnostic as the person shared it.
#[must_use]
fn diagnostic(tr: &Tr<'_>, d: &Diagnostic) -> Markup {
    let (sensitive, s) = match d {
        Diagnostic::Erased => return html! { p.muted { (tr.t("staff-person-erased")) } },
        Diagnostic::NotShared => return html! { p { (tr.t("staff-no-share")) } },
        Diagnostic::Unreadable => return html! {},
        Diagnostic::Shared { sensitive, summary } => (*sensitive, summary),
    };
    html! {
        @if !sensitive { p.muted { (tr.t("staff-no-sensitive")) } }
        h3 { (tr.t("staff-proposal")) }
        ul { @for line in &s.proposal_text { li { (line) } } }
        h3 { (tr.t("staff-answers")) }
        table {
            thead { tr {
                th scope="col" { (tr.t("staff-col-question")) }
                th scope="col" { (tr.t("staff-col-answer")) }
                th scope="col" { (tr.t("staff-col-codes")) }
            } }
            tbody {
                @for l in &s.lines {
                    tr {
                        td { (l.label) @if l.sensitive { " " span.muted { "(" (tr.t("staff-sensitive")) ")" } } }
                        td { (l.value) }
                        td { @for c in &l.codes { code { (c) } " " } }
                    }
                }
            }
        }
    }
}

/// The person's channel and language, and their address once revealed (else a button that
/// reveals it, to `action`).
#[must_use]
fn contact(
    tr: &Tr<'_>,
    ctx: &Ctx,
    channel: Option<&(String, String)>,
    action: &str,
    revealed: Option<&str>,
) -> Markup {
    let Some((channel, locale)) = channel else {
        return html! {};
    };
    html! {
        dl {
            dt { (tr.t("staff-channel")) }
            dd { (tr.or(&format!("staff-channel-{channel}"), channel)) }
            dt { (tr.t("staff-language")) }
            dd { (tr.or(&format!("language-name-{locale}"), locale)) }
            dt { (tr.t("staff-contact")) }
            dd {
                @if let Some(address) = revealed {
                    strong #contact { (address) }
                } @else {
                    span aria-hidden="true" { "••••••••" } " "
                    form method="post" action=(action) style="display:inline" {
                        input type="hidden" name="csrf" value=(ctx.csrf);
                        button.secondary type="submit" { (tr.t("staff-contact-show")) }
                    }
                    p.muted { (tr.t("staff-contact-audited")) }
                }
            }
        }
    }
}

/// The form that books or moves to a free slot.
pub struct SlotChoice<'a> {
    /// Where the form posts.
    pub action: String,
    /// Fields between the slot and the button.
    pub extra: Markup,
    /// The button's id and message.
    pub button: (&'a str, &'a str),
}

/// The choice of a partner (a GET to `base`), then of one of its free slots.
#[must_use]
pub fn picker(
    tr: &Tr<'_>,
    ctx: &Ctx,
    t: Option<&Territory>,
    p: &Picker,
    base: &str,
    choice: SlotChoice<'_>,
) -> Markup {
    html! {
        form method="get" action=(base) {
            label for="target" { (tr.t("staff-reassign-partner")) }
            select #target name="partner" {
                @for (id, name) in &p.partners {
                    option value=(id) selected[*id == p.target] { (name) }
                }
            }
            " " button.secondary type="submit" { (tr.t("staff-show-slots")) }
        }
        @if p.slots.is_empty() {
            p { (tr.t("staff-no-slots")) }
        } @else {
            form method="post" action=(choice.action) {
                input type="hidden" name="csrf" value=(ctx.csrf);
                p {
                    label for="slot" { (tr.t("staff-slot")) }
                    select #slot name="slot" required {
                        @for s in p.slots.iter().take(60) {
                            option value=(s.key) { (when(s.start)) " · " (site_name(t, &s.site)) }
                        }
                    }
                }
                (choice.extra)
                button id=(choice.button.0) type="submit" { (tr.t(choice.button.1)) }
            }
        }
    }
}
