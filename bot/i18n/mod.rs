//! Fluent bundles per locale: negotiating a locale, rendering the engine's messages, and building
//! the engine's lexicon from the labels. Reading and checking the files is `load`'s.

pub mod bidi;
mod load;
pub mod render;
pub mod segments;
pub mod summary;

use std::collections::HashMap;
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

pub use load::LocaleSource;

use crate::dialogue::{Dialogue, Kind, MessageCatalog};
use crate::engine::lexicon::{BOOKING_KEY, Command, Lexicon, YES_NO_KEY};
use crate::engine::{Arg, Msg};

/// The reference locale: every other locale must have every one of its messages.
pub const REFERENCE: &str = "fr";

/// Files only staff read (the dashboard): required in [`STAFF_LOCALES`] only.
pub const STAFF_FILES: [&str; 4] = ["staff.ftl", "stats.ftl", "invitations.ftl", "partners.ftl"];

/// The locales of the staff dashboard.
pub const STAFF_LOCALES: [&str; 2] = ["fr", "en"];

/// The attribute that holds a message's shorter form for SMS.
pub const SMS_FORM: &str = "sms";

/// The attribute that holds a choice's short form for a button (the message lists it in full).
pub const BUTTON_FORM: &str = "button";

/// Whether placeables are wrapped in Unicode isolation marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    /// No marks: SMS (they would force UCS-2) and the terminal.
    Plain,
    /// Marks around placeables, so right-to-left text mixes well with names and numbers.
    Isolated,
}

type Bundle = FluentBundle<Arc<FluentResource>>;

struct LocaleBundles {
    plain: Bundle,
    isolated: Bundle,
}

/// Where a message is written: its file's name, path and line.
#[derive(Debug, Clone)]
struct Origin {
    name: String,
    path: String,
    line: usize,
}

/// Every locale's messages.
pub struct Locales {
    tags: Vec<String>,
    bundles: HashMap<String, LocaleBundles>,
    /// Per locale, where each message is written.
    origins: HashMap<String, HashMap<String, Origin>>,
    /// Per locale, its folder as shown in problems.
    folders: HashMap<String, String>,
}

impl std::fmt::Debug for Locales {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locales")
            .field("tags", &self.tags)
            .finish_non_exhaustive()
    }
}

impl Locales {
    /// The locale tags, reference first.
    #[must_use]
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// The best locale for a requested language (`pt-BR` -> `pt`), or the reference.
    #[must_use]
    pub fn negotiate(&self, requested: Option<&str>) -> String {
        self.matching(requested)
            .unwrap_or_else(|| REFERENCE.to_string())
    }

    /// The locale that serves `requested` (exactly, or by its language), if one does: the
    /// person's language is then known and need not be asked.
    #[must_use]
    pub fn matching(&self, requested: Option<&str>) -> Option<String> {
        let req = requested.and_then(|r| r.parse::<LanguageIdentifier>().ok())?;
        let exact = req.to_string();
        if self.tags.contains(&exact) {
            return Some(exact);
        }
        let lang = req.language.as_str();
        self.tags
            .iter()
            .find(|t| t.split('-').next() == Some(lang))
            .cloned()
    }

    fn bundle(&self, locale: &str, iso: Isolation) -> &Bundle {
        let b = self
            .bundles
            .get(locale)
            .or_else(|| self.bundles.get(REFERENCE))
            .expect("reference locale is loaded");
        match iso {
            Isolation::Plain => &b.plain,
            Isolation::Isolated => &b.isolated,
        }
    }

    fn try_format(
        &self,
        locale: &str,
        id: &str,
        attribute: Option<&str>,
        args: Option<&FluentArgs>,
    ) -> Result<String, String> {
        let bundle = self.bundle(locale, Isolation::Plain);
        let msg = bundle
            .get_message(id)
            .ok_or_else(|| format!("no message '{id}'"))?;
        let pattern = match attribute {
            Some(a) => msg.get_attribute(a).map(|a| a.value()),
            None => msg.value(),
        }
        .ok_or_else(|| format!("message '{id}' has no value"))?;
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, args, &mut errors)
            .to_string();
        match errors.first() {
            Some(e) => Err(e.to_string()),
            None => Ok(text),
        }
    }

    /// Whether a locale has a message itself (without falling back).
    #[must_use]
    pub fn has(&self, locale: &str, id: &str) -> bool {
        self.bundles
            .get(locale)
            .is_some_and(|b| b.plain.has_message(id))
    }

    /// One argument as a message shows it in a locale, as plain text (a date and time said
    /// in full, a list joined).
    #[must_use]
    pub fn render_value(&self, locale: &str, arg: &Arg) -> String {
        self.render_arg(locale, arg, Isolation::Plain)
    }

    /// An attribute of a message, falling back to the reference locale.
    #[must_use]
    pub fn attribute(&self, locale: &str, id: &str, attribute: &str) -> Option<String> {
        self.try_format(locale, id, Some(attribute), None).ok()
    }

    /// Renders a message in a locale, falling back to the reference locale, then to its id.
    #[must_use]
    pub fn render(&self, locale: &str, msg: &Msg, iso: Isolation) -> String {
        self.render_form(locale, msg, None, iso)
            .unwrap_or_else(|| msg.id.clone())
    }

    /// Renders a message's shorter form for SMS, its `.sms` attribute, if it has one (an
    /// empty one: the message is left out on SMS).
    #[must_use]
    pub fn render_sms(&self, locale: &str, msg: &Msg, iso: Isolation) -> Option<String> {
        self.render_form(locale, msg, Some(SMS_FORM), iso)
    }

    fn render_form(
        &self,
        locale: &str,
        msg: &Msg,
        attribute: Option<&str>,
        iso: Isolation,
    ) -> Option<String> {
        let locale = if self.has(locale, &msg.id) {
            locale
        } else {
            REFERENCE
        };
        let bundle = self.bundle(locale, iso);
        let message = bundle.get_message(&msg.id)?;
        let pattern = match attribute {
            Some(a) => message.get_attribute(a)?.value(),
            None => message.value()?,
        };
        let mut args = FluentArgs::new();
        for (name, arg) in &msg.args {
            match arg {
                Arg::Num(n) => args.set(name.as_str(), FluentValue::from(*n)),
                // An SMS form says the messages it holds (alone or in a list) in their own
                // SMS form, if they have one.
                Arg::Msg(m) if attribute == Some(SMS_FORM) => {
                    args.set(
                        name.as_str(),
                        FluentValue::from(self.said_by_sms(locale, m, iso)),
                    );
                }
                Arg::List(items) | Arg::Alternatives(items) if attribute == Some(SMS_FORM) => {
                    let items: Vec<Arg> = items
                        .iter()
                        .map(|a| match a {
                            Arg::Msg(m) => Arg::Str(self.said_by_sms(locale, m, iso)),
                            other => other.clone(),
                        })
                        .collect();
                    let list = match arg {
                        Arg::List(_) => Arg::List(items),
                        _ => Arg::Alternatives(items),
                    };
                    args.set(
                        name.as_str(),
                        FluentValue::from(self.render_arg(locale, &list, iso)),
                    );
                }
                other => args.set(
                    name.as_str(),
                    FluentValue::from(self.render_arg(locale, other, iso)),
                ),
            }
        }
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, Some(&args), &mut errors)
            .to_string();
        if !errors.is_empty() {
            tracing::warn!(message = %msg.id, locale, errors = errors.len(), "fluent formatting error");
        }
        Some(text)
    }

    /// A message as an SMS says it: its `.sms` form if it has a non-empty one.
    fn said_by_sms(&self, locale: &str, m: &Msg, iso: Isolation) -> String {
        self.render_sms(locale, m, iso)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| self.render(locale, m, iso))
    }

    fn render_arg(&self, locale: &str, arg: &Arg, iso: Isolation) -> String {
        match arg {
            Arg::Str(s) => s.clone(),
            Arg::Num(n) => n.to_string(),
            Arg::Msg(m) => self.render(locale, m, iso),
            Arg::Date(d) => {
                use chrono::Datelike;
                let month = self.render(locale, &Msg::new(format!("month-{}", d.month())), iso);
                self.render(
                    locale,
                    &Msg::new("date-long")
                        .arg("day", i64::from(d.day()))
                        .arg("month", month)
                        .arg("year", i64::from(d.year())),
                    iso,
                )
            }
            Arg::Instant(t) => self.instant(locale, *t, "", iso),
            Arg::Lines(items) => items
                .iter()
                .map(|a| self.render_arg(locale, a, iso))
                .collect::<Vec<_>>()
                .join("\n"),
            Arg::List(items) => self.join(locale, items, "list-and", iso),
            Arg::Alternatives(items) => self.join(locale, items, "list-or", iso),
        }
    }

    /// An instant said as a day and time in Paris: in full (`brief` empty: "mercredi 2
    /// décembre à 9 h 45") or briefly (`brief` "-short": "mer. 2 déc. 9 h 45").
    fn instant(&self, locale: &str, t: i64, brief: &str, iso: Isolation) -> String {
        use chrono::{Datelike, TimeZone, Timelike};
        let Some(local) = chrono_tz::Europe::Paris.timestamp_opt(t, 0).single() else {
            return t.to_string();
        };
        let weekday = local.weekday().number_from_monday();
        let weekday = self.render(locale, &Msg::new(format!("weekday{brief}-{weekday}")), iso);
        let month = self.render(
            locale,
            &Msg::new(format!("month{brief}-{}", local.month())),
            iso,
        );
        let pattern = if brief.is_empty() {
            "datetime-long"
        } else {
            "datetime-short"
        };
        self.render(
            locale,
            &Msg::new(pattern)
                .arg("weekday", weekday)
                .arg("day", i64::from(local.day()))
                .arg("month", month)
                .arg("hour", i64::from(local.hour()))
                .arg("minute", format!("{:02}", local.minute())),
            iso,
        )
    }

    /// A choice's short form for a button, its message's `.button` attribute, if it has one:
    /// its instants said briefly ("mer. 2 déc. 9 h 45"), as plain text. The message the
    /// button sits under lists the choice in full.
    #[must_use]
    pub fn render_button(&self, locale: &str, msg: &Msg) -> Option<String> {
        let brief = self.briefly(locale, msg);
        self.render_form(locale, &brief, Some(BUTTON_FORM), Isolation::Plain)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    }

    /// A choice as an SMS menu lists it: its instants said briefly ("mer. 2 déc. 9 h 45"),
    /// in its `.sms` form if it has one.
    #[must_use]
    pub fn render_sms_choice(&self, locale: &str, msg: &Msg, iso: Isolation) -> String {
        self.said_by_sms(locale, &self.briefly(locale, msg), iso)
    }

    /// The message with its instants said briefly, as plain text.
    fn briefly(&self, locale: &str, msg: &Msg) -> Msg {
        Msg {
            id: msg.id.clone(),
            args: msg
                .args
                .iter()
                .map(|(name, arg)| match arg {
                    Arg::Instant(t) => (
                        name.clone(),
                        Arg::Str(self.instant(locale, *t, "-short", Isolation::Plain)),
                    ),
                    other => (name.clone(), other.clone()),
                })
                .collect(),
        }
    }

    /// A list in the locale's way: items after the first in lower case (unless they name
    /// something), separated by `list-separator`, or by `list-separator-strong` when an item
    /// holds the plain separator itself, the last joined by `list-and` / `list-or` (which
    /// place the conjunction, attached in Arabic).
    fn join(&self, locale: &str, items: &[Arg], last: &str, iso: Isolation) -> String {
        let parts: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let text = self.render_arg(locale, a, iso);
                if i == 0 {
                    text
                } else {
                    lower_inside(locale, &text)
                }
            })
            .collect();
        match parts.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., tail] => {
                let plain = self.render(locale, &Msg::new("list-separator"), iso);
                let sep = if parts.iter().any(|p| p.contains(plain.trim_end())) {
                    self.render(locale, &Msg::new("list-separator-strong"), iso)
                } else {
                    plain
                };
                self.render(
                    locale,
                    &Msg::new(last)
                        .arg("first", init.join(&sep))
                        .arg("last", tail.clone()),
                    iso,
                )
            }
        }
    }

    /// The words the engine recognises, for these dialogues.
    #[must_use]
    pub fn lexicon(&self, dialogues: &[Dialogue]) -> Lexicon {
        let mut lex = Lexicon::new(self.tags.clone());
        let forms = |locale: &str, id: &str| -> Vec<String> {
            let mut v = Vec::new();
            if let Ok(label) = self.try_format(locale, id, None, None) {
                v.push(label);
            }
            if let Some(syn) = self.attribute(locale, id, "synonyms") {
                v.extend(
                    syn.split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty()),
                );
            }
            v
        };
        for tag in &self.tags {
            for (command, name) in Command::ALL {
                lex.add_command(tag, &forms(tag, &format!("command-{name}")), command);
            }
            for (option, id) in [
                ("yes", "answer-yes"),
                ("no", "answer-no"),
                ("rather_not", "answer-rather-not"),
            ] {
                lex.add_option(tag, YES_NO_KEY, option, &forms(tag, id));
            }
            for (option, id) in [
                ("more", "booking-more"),
                ("call", "booking-call-me"),
                ("other", "booking-other"),
                ("keep", "appointment-keep"),
                ("cancel", "appointment-cancel"),
                ("move", "appointment-move"),
                ("own_number", "phone-own-number"),
            ] {
                lex.add_option(tag, BOOKING_KEY, option, &forms(tag, id));
            }
            for d in dialogues {
                for step in d
                    .steps
                    .iter()
                    .filter(|s| matches!(s.def.kind, Kind::Choice | Kind::Multi))
                {
                    for o in &step.def.options {
                        lex.add_option(
                            tag,
                            &step.def.id,
                            &o.id,
                            &forms(tag, &d.option_msg_id(step, &o.id)),
                        );
                    }
                }
            }
        }
        for tag in &self.tags {
            let id = crate::dialogue::language_name_id(tag);
            // A language is recognised by its name in any of the locales.
            let names: Vec<String> = self.tags.iter().flat_map(|l| forms(l, &id)).collect();
            lex.add_language(tag, &names);
        }
        lex
    }
}

impl MessageCatalog for Locales {
    fn locale_tags(&self) -> Vec<String> {
        self.tags.clone()
    }

    fn file_for(&self, locale: &str, id: &str) -> Option<String> {
        Some(Self::file_for(self, locale, id))
    }

    fn checks_translations(&self) -> bool {
        true
    }

    fn plain_text(&self, locale: &str, id: &str) -> Option<String> {
        if !self.has(locale, id) {
            return None;
        }
        let bundle = self.bundle(locale, Isolation::Plain);
        let pattern = bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        Some(
            bundle
                .format_pattern(pattern, None, &mut errors)
                .to_string(),
        )
    }
}

/// A label as it reads inside a sentence: its first letter in lower case, unless it is an
/// acronym ("CAP ou BEP") or names something ("France Travail", "Carte Vitale").
#[must_use]
pub fn lower_inside(locale: &str, text: &str) -> String {
    let mut words = text.split(' ');
    let first = words.next().unwrap_or_default();
    let Some(c) = first.chars().next() else {
        return text.to_string();
    };
    // "L'argent" is a word, "CAF" an acronym.
    let second = first.chars().skip(1).find(|c| c.is_alphabetic());
    let capitalised = c.is_uppercase() && second.is_none_or(char::is_lowercase);
    let names = words.any(|w| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.next().is_some_and(char::is_lowercase)
    });
    if !capitalised || names {
        return text.to_string();
    }
    let lower: String = match (locale, c) {
        // Turkish has a dotted and a dotless i.
        ("tr", 'I') => "ı".to_string(),
        ("tr", 'İ') => "i".to_string(),
        _ => c.to_lowercase().collect(),
    };
    format!("{lower}{}", &text[c.len_utf8()..])
}
