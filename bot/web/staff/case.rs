//! What a booking's page and a request's page share: the message a redirect brings, the
//! person's contact (hidden until asked for), the diagnostic as shared, and the choice of a
//! partner and a free slot.

use std::future::Future;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use maud::{Markup, html};

use super::auth::TokenForm;
use super::ctx::Ctx;
use super::error::StaffError;
use super::layout::{self, Tr, site_name, when};
use super::queue::nonempty;
use super::state::Staff;
use crate::app::staff::{Case, Desk, Diagnostic, Messages, Picker};
use crate::booking::territory::Territory;
use crate::core::OutboxKind;

/// A case's page: where it lives, its title, and its body under the title.
pub trait CasePage: Case {
    /// Its page's address without the id: `/staff/bookings`.
    const PATH: &'static str;
    fn id(&self) -> &str;
    fn title(&self, tr: &Tr<'_>) -> String;
    /// The page's body under its title and message.
    fn draw(&self, page: Parts<'_>) -> impl Future<Output = Result<Markup, StaffError>> + Send;
}

/// What every case's page draws from.
pub struct Parts<'a> {
    pub desk: Desk<'a>,
    pub tr: &'a Tr<'a>,
    pub ctx: &'a Ctx,
    pub territory: Option<&'a Territory>,
    pub picker: Picker,
    /// The person's part, drawn by [`person`].
    pub person: Markup,
    /// The messages sent or due to the person, drawn by [`messages`].
    pub messages: Messages,
    /// The page's address, under which its forms post.
    pub base: String,
}

/// GET a case's page.
pub async fn show<C: CasePage>(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<CaseQuery>,
) -> Result<Html<String>, StaffError> {
    let (case, _) = staff.desk(&ctx).open_case::<C>(&id, false).await?;
    page(&staff, &ctx, &case, &q, None).await
}

/// POST a case's `/contact`: the page with the contact address shown, audited.
pub async fn reveal<C: CasePage>(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Result<Html<String>, StaffError> {
    ctx.check_token(&form.csrf)?;
    let (case, address) = staff.desk(&ctx).open_case::<C>(&id, true).await?;
    page(
        &staff,
        &ctx,
        &case,
        &CaseQuery::default(),
        address.as_deref(),
    )
    .await
}

async fn page<C: CasePage>(
    staff: &Staff,
    ctx: &Ctx,
    case: &C,
    q: &CaseQuery,
    revealed: Option<&str>,
) -> Result<Html<String>, StaffError> {
    let desk = staff.desk(ctx);
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let (territory, partner, person) = case.place();
    let base = format!("{}/{}", C::PATH, case.id());
    let asked = nonempty(q.partner.as_ref());
    let picker = desk
        .picker(territory, asked.as_deref(), partner, case.open())
        .await?;
    let messages = desk.messages(person).await?;
    let person = self::person(&desk, &tr, ctx, person, &base, revealed, &messages).await?;
    let title = case.title(&tr);
    let parts = Parts {
        desk,
        tr: &tr,
        ctx,
        territory: staff.catalog().territory(Some(territory)),
        picker,
        person,
        messages,
        base,
    };
    let drawn = case.draw(parts).await?;
    let body = html! {
        p { a href="/staff" { "← " (tr.t("staff-queue")) } }
        h1 { (title) }
        @if let Some(m) = q.flash() { p.notice role="status" { (tr.t(m)) } }
        (drawn)
    };
    Ok(layout::page(&tr, ctx, &title, body))
}

/// Messages a redirect may show (anything else is ignored).
const FLASH: [&str; 9] = [
    "staff-done",
    "staff-lead-only",
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
    messages: &Messages,
) -> Result<Markup, StaffError> {
    let channel = desk.channel_of(person).await?;
    let shared = desk.diagnostic(person).await?;
    Ok(html! {
        h2 { (tr.t("staff-person")) }
        @if let Some((at, code)) = messages.unreachable {
            p.urgent #unreachable role="status" {
                (tr.ta("staff-unreachable", &[
                    ("when", when(at)),
                    ("code", code.map_or_else(|| "?".to_string(), |c| c.to_string())),
                ]))
            }
        }
        (contact(tr, ctx, channel.as_ref(), &format!("{base}/contact"), revealed))
        @if let Some(p) = person {
            p { a href={ "/staff/people/" (p) "/export.json" } { (tr.t("staff-export-person")) } }
        }
        h2 { (tr.t("staff-diagnostic")) }
        (diagnostic(tr, &shared))
    })
}

/// The messages sent or due to a person, each with what became of it: its delivery status as
/// the provider last reported it, the provider's error code, or why it was not sent.
#[must_use]
pub fn messages(tr: &Tr<'_>, m: &Messages) -> Markup {
    html! {
        h2 { (tr.t("staff-messages")) }
        @if m.list.is_empty() {
            p.muted { (tr.t("staff-none")) }
        } @else {
            ul #messages {
                @for d in &m.list {
                    @let status = match (d.sent_at, &d.delivery) {
                        (None, _) => "waiting",
                        (Some(_), Some(s)) => s.as_str(),
                        (Some(_), None) => "none",
                    };
                    @let bad = matches!(status, "failed" | "undelivered" | "no-template" | "not-sent");
                    li {
                        (when(d.sent_at.unwrap_or(d.due))) " · "
                        @if d.kind == OutboxKind::Text { (d.text) } @else { (tr.t(&format!("staff-message-kind-{}", d.kind))) }
                        " · "
                        span.delivery.urgent[bad] data-status=(status) {
                            (tr.or(&format!("staff-delivery-{status}"), status))
                            @if let Some(c) = d.code { " (" (tr.ta("staff-delivery-code", &[("code", c.to_string())])) ")" }
                        }
                        @if let (Some(note), false) = (&d.note, status == "no-template") { " " span.muted { "(" (note) ")" } }
                    }
                }
            }
        }
    }
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
            (tr.head(&["staff-col-question", "staff-col-answer", "staff-col-codes"]))
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
            dd { (tr.or(&crate::dialogue::language_name_id(locale), locale)) }
            dt { (tr.t("staff-contact")) }
            dd {
                @if let Some(address) = revealed {
                    strong #contact { (address) }
                } @else {
                    span aria-hidden="true" { "••••••••" } " "
                    (layout::post_button(ctx, action, &[], &tr.t("staff-contact-show")))
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
