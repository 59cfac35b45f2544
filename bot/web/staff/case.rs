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
use super::layout::{self, Tr, site_name};
use super::queue::nonempty;
use super::state::Staff;
use crate::app::staff::{Case, Desk, Diagnostic, Messages, Picker, Slot, when};
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
    /// What went wrong with the form just sent, if anything.
    pub problem: Option<&'a Problem>,
}

/// What went wrong with a form: shown beside it (`role=alert`), its field marked invalid and
/// described by the message, what was typed kept; the page opens at the form (its id is the
/// form action's fragment).
#[derive(Debug, Clone, Default)]
pub struct Problem {
    /// The form's id.
    pub form: &'static str,
    /// The field's id, or empty when the form as a whole failed.
    pub field: &'static str,
    /// The message id.
    pub message: &'static str,
    /// What was typed in the form's text field.
    pub typed: String,
}

/// The message of a problem with the form `form`, if there is one (`role=alert`, described by
/// `<form>-error`).
#[must_use]
pub fn alert(tr: &Tr<'_>, problem: Option<&Problem>, form: &str) -> Markup {
    match problem.filter(|p| p.form == form) {
        Some(p) => html! { p.error role="alert" id={ (form) "-error" } { (tr.t(p.message)) } },
        None => html! {},
    }
}

/// `aria-invalid` of a field of the form `form`: set when the problem is about this field.
#[must_use]
pub fn invalid(problem: Option<&Problem>, form: &str, field: &str) -> Option<&'static str> {
    problem
        .filter(|p| p.form == form && p.field == field)
        .map(|_| "true")
}

/// `aria-describedby` of a field: its own note, if any, and the problem's message when the
/// problem is about this field.
#[must_use]
pub fn described(
    problem: Option<&Problem>,
    form: &str,
    field: &str,
    note: Option<&str>,
) -> Option<String> {
    let error = invalid(problem, form, field).map(|_| format!("{form}-error"));
    match (note, error) {
        (Some(n), Some(e)) => Some(format!("{n} {e}")),
        (Some(n), None) => Some(n.to_string()),
        (None, e) => e,
    }
}

/// What was typed in the form `form` before it failed.
#[must_use]
pub fn typed<'p>(problem: Option<&'p Problem>, form: &str) -> &'p str {
    problem
        .filter(|p| p.form == form)
        .map_or("", |p| p.typed.as_str())
}

/// The page of a case with a problem beside the form that failed; the view is not audited
/// again (the page was open).
pub async fn with_problem<C: CasePage>(
    staff: &Staff,
    ctx: &Ctx,
    id: &str,
    problem: &Problem,
) -> Result<Html<String>, StaffError> {
    let case = C::find(&staff.desk(ctx), id).await?;
    page(
        staff,
        ctx,
        &case,
        &CaseQuery::default(),
        None,
        Some(problem),
    )
    .await
}

/// GET a case's page.
pub async fn show<C: CasePage>(
    State(staff): State<Staff>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<CaseQuery>,
) -> Result<Html<String>, StaffError> {
    let (case, _) = staff.desk(&ctx).open_case::<C>(&id, false).await?;
    page(&staff, &ctx, &case, &q, None, None).await
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
        None,
    )
    .await
}

async fn page<C: CasePage>(
    staff: &Staff,
    ctx: &Ctx,
    case: &C,
    q: &CaseQuery,
    revealed: Option<&str>,
    problem: Option<&Problem>,
) -> Result<Html<String>, StaffError> {
    let desk = staff.desk(ctx);
    let tr = Tr::new(staff.catalog(), ctx.lang());
    let (territory, partner, person) = case.place();
    let base = format!("{}/{}", C::PATH, case.id());
    let asked = nonempty(q.partner.as_ref());
    let picker = desk
        .picker(territory, asked.as_deref(), (partner, person), case.open())
        .await?;
    let messages = desk.messages(person).await?;
    let person = self::person(
        &desk,
        (&tr, ctx),
        person,
        &base,
        (revealed, problem),
        &messages,
    )
    .await?;
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
        problem,
    };
    let drawn = case.draw(parts).await?;
    let body = html! {
        p { a href="/staff" { "← " (tr.t("staff-queue")) } }
        h1 { (title) }
        @if let Some(m) = q.flash() {
            @if m == "staff-lead-only" {
                p.error role="alert" { (tr.t(m)) }
            } @else {
                p.notice role="status" { (tr.t(m)) }
            }
        }
        (drawn)
    };
    Ok(layout::page(&tr, ctx, &title, body))
}

/// Messages a redirect may show (anything else is ignored).
const FLASH: [&str; 7] = [
    "staff-done",
    "staff-done-undo",
    "staff-undone",
    "staff-lead-only",
    "staff-unchanged",
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
    (tr, ctx): (&Tr<'_>, &Ctx),
    person: Option<&str>,
    base: &str,
    (revealed, problem): (Option<&str>, Option<&Problem>),
    messages: &Messages,
) -> Result<Markup, StaffError> {
    let channel = desk.channel_of(person).await?;
    let shared = desk.diagnostic(person).await?;
    let name = desk.name_of(person).await?;
    let locale = channel.as_ref().map(|(_, l)| l.as_str());
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
        @if person.is_some() { (name_form(tr, ctx, base, name.as_deref(), problem)) }
        @if let Some(p) = person {
            p { a href={ "/staff/people/" (p) "/export.json" } { (tr.t("staff-export-person")) } }
        }
        h2 { (tr.t("staff-diagnostic")) }
        (diagnostic(tr, &shared, locale))
    })
}

/// The name reception noted for the person (sealed, searchable from the queue), and the form
/// that notes or corrects it; a blank name forgets it.
fn name_form(
    tr: &Tr<'_>,
    ctx: &Ctx,
    base: &str,
    name: Option<&str>,
    problem: Option<&Problem>,
) -> Markup {
    const FORM: &str = "name-form";
    let typed = typed(problem, FORM);
    let value = if typed.is_empty() {
        name.unwrap_or("")
    } else {
        typed
    };
    html! {
        form id=(FORM) method="post" action={ (base) "/name#" (FORM) } {
            input type="hidden" name="csrf" value=(ctx.csrf);
            (alert(tr, problem, FORM))
            p {
                label for="name" { (tr.t("staff-name")) }
                input #name name="name" maxlength="120" autocomplete="off" value=(value)
                    aria-describedby="name-help";
                " " button.secondary #name-button type="submit" { (tr.t("staff-name-save")) }
                br;
                span.muted #name-help { (tr.t("staff-name-help")) }
            }
        }
    }
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
                        @if d.kind == OutboxKind::Text {
                            span dir="auto" lang=[m.locale.as_deref()] { (d.text) }
                            @if let Some(french) = m.locale.as_deref().filter(|l| *l != crate::i18n::REFERENCE).and(d.message.as_deref()).and_then(|j| tr.in_french(j)) {
                                br; span.muted { (tr.t("staff-in-french")) " " } span.french lang="fr" { (french) }
                            }
                        } @else { (tr.t(&format!("staff-message-kind-{}", d.kind))) }
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
fn diagnostic(tr: &Tr<'_>, d: &Diagnostic, locale: Option<&str>) -> Markup {
    let (sensitive, s, services) = match d {
        Diagnostic::Erased => return html! { p.muted { (tr.t("staff-person-erased")) } },
        Diagnostic::NotShared => return html! { p { (tr.t("staff-no-share")) } },
        Diagnostic::Unreadable => return html! {},
        Diagnostic::Shared {
            sensitive,
            summary,
            services,
        } => (*sensitive, summary, services),
    };
    html! {
        @if !sensitive { p.muted { (tr.t("staff-no-sensitive")) } }
        h3 { (tr.t("staff-proposal")) }
        ul { @for line in &s.proposal_text { li { (line) } } }
        h3 { (tr.t("staff-answers")) }
        (layout::scroll(&tr.t("staff-answers"), html! { table {
            (tr.head(&["staff-col-question", "staff-col-answer", "staff-col-codes"]))
            tbody {
                @for l in &s.lines {
                    tr {
                        td { (l.label) @if l.sensitive { " " span.muted { "(" (tr.t("staff-sensitive")) ")" } } }
                        td {
                            @if l.own_words {
                                span dir="auto" lang=[locale] { (l.value) }
                                br;
                                span.muted { (own_words(tr, locale)) }
                            } @else {
                                span lang="fr" { (l.value) }
                                @if let Some(theirs) = &l.theirs {
                                    br;
                                    span.muted { (tr.ta("staff-as-read", &[("language", tr.language(locale.unwrap_or("fr")))])) " " }
                                    span dir="auto" lang=[locale] { (theirs) }
                                }
                            }
                        }
                        td { @for c in &l.codes { code { (c) } " " } }
                    }
                }
            }
        } }))
        (super::services::proposed(tr, services))
    }
}

/// What marks a text as the person's own words, with their language named unless French.
fn own_words(tr: &Tr<'_>, locale: Option<&str>) -> String {
    match locale.filter(|l| *l != crate::i18n::REFERENCE) {
        Some(l) => tr.ta("staff-own-words-in", &[("language", tr.language(l))]),
        None => tr.t("staff-own-words"),
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
            dd {
                span lang=(locale) dir="auto" { (tr.or(&crate::dialogue::language_name_id(locale), locale)) }
                " (" (tr.language(locale)) ")"
            }
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
    /// The form's id.
    pub form: &'static str,
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
    problem: Option<&Problem>,
) -> Markup {
    let form = choice.form;
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
            form id=(form) method="post" action={ (choice.action) "#" (form) } {
                input type="hidden" name="csrf" value=(ctx.csrf);
                (alert(tr, problem, form))
                fieldset.slots aria-describedby=[described(problem, form, "slot", p.stated.then_some("slot-fits-note"))] {
                    legend { (tr.t("staff-slot")) }
                    @if p.stated {
                        p.muted #slot-fits-note {
                            (tr.t("staff-slot-fits-note"))
                            @if !p.needs.codes.is_empty() {
                                " " span #slot-needs { (tr.ta("staff-needs-told", &[("needs", layout::needs_words(tr, &p.needs, p.language.as_deref()))])) }
                            }
                        }
                    }
                    @for (fitting, groups) in slot_groups(p) {
                        @if p.stated {
                            h4 { (tr.t(if fitting { "staff-slot-fitting" } else { "staff-slot-others" })) }
                        }
                        @for (site, days) in groups {
                            fieldset.site {
                                legend { (site_name(t, site)) }
                                @for day in days {
                                    div.slot-day {
                                        span.day-name { (layout::day_words(tr, day[0].start)) }
                                        @for s in day {
                                            label.slot {
                                                input type="radio" name="slot" value=(s.key) required aria-invalid=[invalid(problem, form, "slot")];
                                                " " (layout::time(s.start))
                                                @if fitting && p.stated { " " span.fits { (tr.t("staff-slot-fits")) } }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                (choice.extra)
                button id=(choice.button.0) type="submit" { (tr.t(choice.button.1)) }
            }
        }
    }
}

/// The call back of a person with an urgent situation: when it was made, or the form that
/// records it with a note (in the history and the audit log; the person does not see it).
#[must_use]
pub fn called_back(
    tr: &Tr<'_>,
    ctx: &Ctx,
    base: &str,
    at: Option<i64>,
    problem: Option<&Problem>,
) -> Markup {
    const FORM: &str = "called-back";
    const FIELD: &str = "called-back-note";
    html! {
        @if let Some(at) = at {
            p #called-back-at { (tr.t("staff-called-back-at")) " " (layout::when_words(tr, at)) }
        } @else {
            form id=(FORM) method="post" action={ (base) "/called-back#" (FORM) } {
                input type="hidden" name="csrf" value=(ctx.csrf);
                (alert(tr, problem, FORM))
                p {
                    label for=(FIELD) { (tr.t("staff-called-back-note")) }
                    input id=(FIELD) name="note" required maxlength="500" pattern=".*\\S.*"
                        value=(typed(problem, FORM))
                        aria-invalid=[invalid(problem, FORM, FIELD)]
                        aria-describedby=[described(problem, FORM, FIELD, Some("called-back-note-help"))];
                    span.muted #called-back-note-help { (tr.t("staff-reason-private")) }
                }
                button #called-back-button type="submit" { (tr.t("staff-called-back")) }
            }
        }
    }
}

/// Slots shown at most, in each of the two lists (suits the person, the others).
const SLOTS_SHOWN: usize = 80;

/// A site's free slots, day by day.
type SiteDays<'a> = (&'a str, Vec<Vec<&'a Slot>>);

/// The free slots of a picker grouped for the page: those that suit the person first, then
/// the others; in each, by site, then by day, soonest first.
fn slot_groups(p: &Picker) -> Vec<(bool, Vec<SiteDays<'_>>)> {
    let mut out = Vec::new();
    for fitting in [true, false] {
        let mut chosen: Vec<&Slot> = p
            .slots
            .iter()
            .filter(|(_, fits)| *fits == fitting)
            .map(|(s, _)| s)
            .take(SLOTS_SHOWN)
            .collect();
        if chosen.is_empty() {
            continue;
        }
        chosen.sort_by(|a, b| a.site.cmp(&b.site).then(a.start.cmp(&b.start)));
        let mut groups: Vec<SiteDays<'_>> = Vec::new();
        for s in chosen {
            let day = layout::day(s.start);
            match groups.last_mut() {
                Some((site, days)) if *site == s.site => match days.last_mut() {
                    Some(d) if layout::day(d[0].start) == day => d.push(s),
                    _ => days.push(vec![s]),
                },
                _ => groups.push((s.site.as_str(), vec![vec![s]])),
            }
        }
        out.push((fitting, groups));
    }
    out
}
