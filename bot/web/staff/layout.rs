//! The page frame, the style sheet, the translations and dates of the dashboard.

use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use super::ctx::Ctx;
use crate::app::staff::Role;
use crate::booking::Needs;
use crate::booking::territory::Territory;
use crate::catalog::Catalog;
use crate::core::Body;
use crate::engine::Msg;
use crate::i18n::Isolation;

use crate::app::staff::day_parts;
pub use crate::app::staff::{day, time, when};

/// A form of hidden fields and one button, shown in the line: the small actions of a list.
#[must_use]
pub fn post_button(ctx: &Ctx, action: &str, fields: &[(&str, &str)], label: &str) -> Markup {
    html! {
        form.inline method="post" action=(action) {
            input type="hidden" name="csrf" value=(ctx.csrf);
            @for (name, value) in fields {
                input type="hidden" name=(name) value=(value);
            }
            button.secondary type="submit" { (label) }
        }
    }
}

/// A table that must stay a table, in a region that scrolls sideways on a narrow screen and
/// can be reached with the keyboard.
#[must_use]
pub fn scroll(label: &str, table: Markup) -> Markup {
    html! {
        div.scroll role="region" aria-label=(label) tabindex="0" { (table) }
    }
}

/// Staff messages in the account's language.
pub struct Tr<'a> {
    catalog: &'a Catalog,
    pub lang: &'a str,
}

impl<'a> Tr<'a> {
    #[must_use]
    pub fn new(catalog: &'a Catalog, lang: &'a str) -> Self {
        Self { catalog, lang }
    }

    /// A table's head: one column a message (the actions column is muted).
    #[must_use]
    pub fn head(&self, columns: &[&str]) -> Markup {
        html! {
            thead { tr {
                @for id in columns {
                    th scope="col" {
                        @if *id == "staff-actions" { span.muted { (self.t(id)) } } @else { (self.t(id)) }
                    }
                }
            } }
        }
    }

    /// A message.
    #[must_use]
    pub fn t(&self, id: &str) -> String {
        self.catalog
            .locales
            .render(self.lang, &Msg::new(id), Isolation::Plain)
    }

    /// A message with arguments.
    #[must_use]
    pub fn ta(&self, id: &str, args: &[(&str, String)]) -> String {
        let mut m = Msg::new(id);
        for (k, v) in args {
            m = m.arg(k, v.clone());
        }
        self.catalog.locales.render(self.lang, &m, Isolation::Plain)
    }

    /// A message to the person, kept as its Fluent message (JSON), as it reads in French.
    #[must_use]
    pub fn in_french(&self, message: &str) -> Option<String> {
        let m: Msg = serde_json::from_str(message).ok()?;
        Some(
            self.catalog
                .locales
                .render(crate::i18n::REFERENCE, &m, Isolation::Plain),
        )
    }

    /// A language's name in the account's language (`arabe`), or its tag.
    #[must_use]
    pub fn language(&self, tag: &str) -> String {
        self.or(&format!("staff-language-name-{tag}"), tag)
    }

    /// A message if it exists, else the fallback (codes without a label).
    #[must_use]
    pub fn or(&self, id: &str, fallback: &str) -> String {
        if self.catalog.locales.has(crate::i18n::REFERENCE, id) {
            self.t(id)
        } else {
            fallback.to_string()
        }
    }
}

/// The name of a partner of a territory, or its id.
#[must_use]
pub fn partner_name(t: Option<&Territory>, id: &str) -> String {
    t.and_then(|t| t.partner(id))
        .map_or_else(|| id.to_string(), |p| p.name.clone())
}

/// The name of a site of a territory, or its id.
#[must_use]
pub fn site_name(t: Option<&Territory>, id: &str) -> String {
    t.and_then(|t| t.site(id))
        .map_or_else(|| id.to_string(), |(_, s)| s.name.clone())
}

/// A parcours in words, or nothing.
#[must_use]
pub fn parcours_label(tr: &Tr<'_>, p: Option<&str>) -> String {
    match p {
        Some(p) => tr.or(&format!("staff-parcours-{p}"), p),
        None => String::new(),
    }
}

/// A day in words, `mardi 1 décembre`.
#[must_use]
pub fn day_words(tr: &Tr<'_>, t: i64) -> String {
    match day_parts(t) {
        Some((weekday, d, month)) => tr.ta(
            "staff-day-words",
            &[
                ("weekday", tr.t(&format!("staff-day-{weekday}"))),
                ("day", d.to_string()),
                ("month", tr.t(&format!("staff-month-{month}"))),
            ],
        ),
        None => day(t),
    }
}

/// A moment in words, in a `time` element that carries it exactly: `mardi 1 décembre, 09:30`.
#[must_use]
pub fn when_words(tr: &Tr<'_>, t: i64) -> Markup {
    html! {
        time datetime=(when(t).replace(' ', "T")) { (day_words(tr, t)) ", " (time(t)) }
    }
}

/// A type of appointment in words, or its code.
#[must_use]
pub fn appointment_label(tr: &Tr<'_>, id: &str) -> String {
    tr.or(&format!("staff-appointment-{id}"), id)
}

/// The lead body of a proposal in words, or its code.
#[must_use]
pub fn lead_label(tr: &Tr<'_>, code: &str) -> String {
    let label = Body::parse(code).map_or_else(
        || code.to_string(),
        |b| tr.t(&format!("body-{}", b.message_name())),
    );
    let mut chars = label.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// The urgent situations a person told, in plain words with the number to call
/// ("Idées suicidaires, 3114"); "Urgent" when the kind is not known.
#[must_use]
pub fn urgency(tr: &Tr<'_>, kinds: &[String]) -> Markup {
    html! {
        span.urgent {
            @if kinds.is_empty() {
                (tr.t("staff-urgent"))
            } @else {
                @for (i, k) in kinds.iter().enumerate() {
                    @if i > 0 { " · " }
                    (tr.or(&format!("staff-urgency-{}", k.replace('_', "-")), k))
                }
            }
        }
    }
}

/// What a person said they need at the appointment, in words ("Interprète en arabe · Lieu
/// accessible en fauteuil"); empty when they said nothing.
#[must_use]
pub fn needs_words(tr: &Tr<'_>, needs: &Needs, language: Option<&str>) -> String {
    needs
        .codes
        .iter()
        .map(|n| match (n.as_str(), language) {
            (Needs::INTERPRETER, Some(l)) => {
                tr.ta("staff-need-interpreter-in", &[("language", tr.language(l))])
            }
            _ => tr.or(&format!("staff-need-{n}"), n),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            meta name="referrer" content="no-referrer";
            title { (title) " · tremplin" }
            link rel="stylesheet" href="/staff/staff.css";
        }
    }
}

/// The alert for invitations held, by partner: no free first appointment there soon (on the
/// Invitations page and the queue).
#[must_use]
pub fn held_alert(tr: &Tr<'_>, t: Option<&Territory>, held: &[(String, i64)]) -> Markup {
    html! {
        @for (partner, n) in held {
            p.alert role="status" {
                (tr.ta("invitations-held-alert", &[
                    ("count", n.to_string()),
                    ("partner", partner_name(t, partner)),
                    ("days", crate::app::invitations::HOLD_DAYS.to_string()),
                ]))
                " " a href="/staff/invitations?status=held" { (tr.t("invitations-see")) }
            }
        }
    }
}

/// A page for a logged-in account: the menu, the language switch, logout.
pub fn page(tr: &Tr<'_>, ctx: &Ctx, title: &str, body: Markup) -> Html<String> {
    let admin = ctx.account.role == Role::Admin;
    Html(
        html! {
            (DOCTYPE)
            html lang=(tr.lang) {
                (head(title))
                body {
                    a.skip href="#main" { (tr.t("staff-skip")) }
                    header {
                        nav aria-label=(tr.t("staff-menu")) {
                            ul {
                                li { a href="/staff" { (tr.t("staff-queue")) } }
                                li { a href="/staff/slots" { (tr.t("staff-slots")) } }
                                li { a href="/staff/stats" { (tr.t("staff-stats")) } }
                                li { a href="/staff/simulator" { (tr.t("staff-simulator")) } }
                                li { a href="/staff/feeds" { (tr.t("staff-feeds")) } }
                                @if ctx.account.role != Role::Advisor {
                                    li { a href="/staff/invitations" { (tr.t("invitations-title")) } }
                                }
                                @if admin {
                                    li { a href="/staff/accounts" { (tr.t("staff-accounts")) } }
                                    li { a href="/staff/partners" { (tr.t("partners-title")) } }
                                    li { a href="/staff/audit" { (tr.t("staff-audit")) } }
                                }
                                li { a href="/staff/password" { (tr.t("staff-password-change")) } }
                            }
                        }
                        div.who {
                            span { (ctx.account.email) " · " (tr.t(&format!("staff-role-{}", ctx.account.role.as_str()))) }
                            form method="post" action="/staff/locale" {
                                input type="hidden" name="csrf" value=(ctx.csrf);
                                @if tr.lang == "en" {
                                    input type="hidden" name="lang" value="fr";
                                    button type="submit" lang="fr" { "Français" }
                                } @else {
                                    input type="hidden" name="lang" value="en";
                                    button type="submit" lang="en" { "English" }
                                }
                            }
                            form method="post" action="/staff/logout" {
                                input type="hidden" name="csrf" value=(ctx.csrf);
                                button type="submit" { (tr.t("staff-logout")) }
                            }
                        }
                    }
                    main #main { (body) }
                }
            }
        }
        .into_string(),
    )
}

/// A page before login (login, setup).
pub fn public_page(tr: &Tr<'_>, title: &str, body: Markup) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang=(tr.lang) {
                (head(title))
                body { main #main.narrow { (body) } }
            }
        }
        .into_string(),
    )
}

/// A bare page for errors.
pub fn bare(code: &str, text: &str) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang="fr" {
                (head(code))
                body { main #main.narrow { h1 { (code) } p { (text) } p { a href="/staff" { "tremplin" } } } }
            }
        }
        .into_string(),
    )
}

const CSS: &str = r#"
:root { --fg: #1e1e1e; --bg: #fff; --muted: #555; --line: #ccc; --accent: #000091; --bad: #ce0500; --ok: #18753c; --warn: #8a4b00; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus { outline: 3px solid #0a76f6; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 2; }
header { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 8px; padding: 8px 16px; border-bottom: 2px solid var(--accent); }
header ul { list-style: none; display: flex; flex-wrap: wrap; gap: 16px; margin: 0; padding: 0; }
.who { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.who form, form.inline { display: inline; }
main { padding: 16px; max-width: 1200px; }
main.narrow { max-width: 32rem; margin: 2rem auto; }
h1 { font-size: 1.5rem; margin-top: 0; }
h2 { font-size: 1.2rem; margin-top: 1.5rem; }
label { display: block; font-weight: 600; }
input, select, textarea, button { font: inherit; padding: 6px 8px; border: 1px solid #666; border-radius: 4px; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f0f0f0; }
.error { color: var(--bad); font-weight: 600; }
.notice { color: var(--ok); font-weight: 600; }
.urgent { color: var(--bad); font-weight: 700; }
.muted { color: var(--muted); }
.note { border-left: 4px solid var(--warn); background: #fff6e0; padding: 6px 10px; max-width: 52rem; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end; }
.filters > * { min-width: 0; max-width: 100%; }
.filters select { max-width: 22rem; }
.filters .muted { display: block; max-width: 22rem; font-size: 0.9rem; }
.counts { display: flex; flex-wrap: wrap; gap: 16px; padding: 0; list-style: none; }
.counts li { border: 1px solid var(--line); padding: 4px 10px; border-radius: 4px; }
.actions { display: flex; flex-wrap: wrap; gap: 16px; }
.actions form { border: 1px solid var(--line); padding: 8px 12px; border-radius: 4px; }
.bubble { white-space: pre-wrap; border-radius: 12px; padding: 8px 12px; margin: 6px 0; max-width: 36rem; }
.bubble.bot { background: #eef; }
.bubble.me { background: #efe; margin-left: auto; }
.sms .bubble { font-family: ui-monospace, monospace; }
.keys button { margin: 2px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dt { font-weight: 600; }
dd { margin: 0; }
td, th, dd, code, li, p { overflow-wrap: anywhere; }
select, input, textarea { max-width: 100%; }
.scroll { overflow-x: auto; max-width: 100%; }
.scroll:focus { outline: 3px solid #0a76f6; outline-offset: 2px; }
.scroll table { min-width: 36rem; }
@media (max-width: 640px) { .scroll table.cards { min-width: 0; } }
nav.views ul { list-style: none; display: flex; flex-wrap: wrap; gap: 8px; padding: 0; margin: 0 0 8px; }
nav.views a { display: inline-block; padding: 4px 10px; border: 1px solid var(--accent); border-radius: 4px; text-decoration: none; }
nav.views a[aria-current=page] { background: var(--accent); color: #fff; }
.warn { color: var(--warn); }
.undo { border: 2px solid var(--warn); padding: 8px 12px; border-radius: 4px; margin: 12px 0; }
[aria-invalid=true] { border: 2px solid var(--bad); }
.days { font-weight: 600; }
fieldset.slots { border: 0; padding: 0; margin: 0 0 8px; }
fieldset.site { border: 1px solid var(--line); border-radius: 4px; margin: 8px 0; }
.slot-day { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 4px 0; }
.day-name { min-width: 10rem; font-weight: 600; }
label.slot { display: inline-flex; gap: 4px; align-items: center; font-weight: 400; border: 1px solid var(--line); padding: 2px 8px; border-radius: 4px; }
.fits { color: var(--ok); font-weight: 600; }
th a.sort { color: inherit; }
th[aria-sort] a.sort { text-decoration-thickness: 3px; }
@media (max-width: 640px) {
  header { padding: 6px 8px; }
  header ul { gap: 2px 12px; font-size: 0.95rem; }
  .who span { display: none; }
  main { padding: 8px; }
  h1 { font-size: 1.3rem; }
  dl { grid-template-columns: 1fr; gap: 0; }
  dd { margin-bottom: 8px; }
  .filters p { flex: 1 1 100%; margin: 4px 0; }
  .filters select, .filters input { width: 100%; }
  .actions form { width: 100%; }
  table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%; }
  table.cards tr { border: 1px solid var(--line); border-radius: 6px; margin-bottom: 12px; padding: 6px 8px; }
  table.cards td { border: 0; padding: 2px 0; }
  table.cards td::before { content: attr(data-label) " : "; font-weight: 600; }
  table.bookings thead { position: static; width: auto; height: auto; overflow: visible; clip: auto; white-space: normal; display: block; }
  table.bookings thead tr { display: flex; flex-wrap: wrap; gap: 4px 12px; border: 0; padding: 0; margin-bottom: 8px; }
  table.bookings thead th { display: block; border: 0; padding: 2px 4px; font-weight: 400; }
}
@media print {
  header, nav, form, .filters, .links, .skip, .counts, #counts, .waiting, .diag, .bookings th:nth-child(n+6) { display: none !important; }
  body { font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  main { max-width: none; padding: 0; }
  tr { break-inside: avoid; }
}
"#;

/// GET /staff/staff.css
pub async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
        .into_response()
}

/// Every partner of the loaded territories, `(id, name)`, for a form's choice.
#[must_use]
pub fn partner_choices(catalog: &crate::catalog::Catalog) -> Vec<(&str, &str)> {
    catalog
        .territories
        .iter()
        .flat_map(|t| t.partners.iter())
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect()
}
