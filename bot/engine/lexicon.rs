//! The words the engine recognises, per locale: option labels and synonyms, yes/no, commands,
//! language names and the phrases that tell an urgent situation. Built once from the
//! translations by `i18n` (and the urgent phrases by the catalog); the engine only reads it.

use std::collections::HashMap;

use super::text::fold;
use super::urgent::{self, UrgentKind};

/// A global command, accepted on every step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Start,
    Help,
    Back,
    Skip,
    Language,
    Human,
    Stop,
    Erase,
    Change,
    Appointment,
    MyData,
    Unshare,
    /// The whole summary of the answers (and the orientation once proposed).
    Summary,
}

impl Command {
    /// Every command, with its name (the Fluent id is `command-<name>` and the slash form
    /// `/<name>` is always accepted).
    pub const ALL: [(Self, &'static str); 13] = [
        (Self::Start, "start"),
        (Self::Help, "help"),
        (Self::Back, "back"),
        (Self::Skip, "skip"),
        (Self::Language, "language"),
        (Self::Human, "human"),
        (Self::Stop, "stop"),
        (Self::Erase, "erase"),
        (Self::Change, "change"),
        (Self::Appointment, "appointment"),
        (Self::MyData, "mydata"),
        (Self::Unshare, "unshare"),
        (Self::Summary, "summary"),
    ];

    /// The command's name.
    #[must_use]
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(c, _)| *c == self)
            .map_or("", |(_, n)| n)
    }
}

/// Pseudo-step under which the yes/no words are kept.
pub const YES_NO_KEY: &str = "_yesno";
/// Pseudo-step of the fixed booking choices ("other dates", "call me back") and the
/// appointment choices (keep, cancel, move).
pub const BOOKING_KEY: &str = "_booking";

/// An option id and its folded forms.
type OptionForms = (String, Vec<String>);

/// Recognised words for every locale.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    locales: Vec<String>,
    commands: HashMap<String, Vec<(String, Command)>>,
    /// locale -> step -> options with their folded forms, in option order.
    options: HashMap<String, HashMap<String, Vec<OptionForms>>>,
    /// (tag, folded forms) for the language choice, shared by every locale.
    languages: Vec<(String, Vec<String>)>,
    /// locale -> the phrases of each kind of urgency.
    urgent: HashMap<String, Vec<UrgentKind>>,
}

impl Lexicon {
    /// An empty lexicon for these locales, the reference locale first.
    #[must_use]
    pub fn new(locales: Vec<String>) -> Self {
        Self {
            locales,
            ..Self::default()
        }
    }

    /// The locales, the reference first.
    #[must_use]
    pub fn locales(&self) -> &[String] {
        &self.locales
    }

    /// The reference locale.
    #[must_use]
    pub fn reference(&self) -> &str {
        self.locales.first().map_or("fr", String::as_str)
    }

    /// Adds the words that call a command in a locale.
    pub fn add_command(&mut self, locale: &str, words: &[String], command: Command) {
        let list = self.commands.entry(locale.to_string()).or_default();
        for w in words {
            let f = fold(w);
            if !f.is_empty() {
                list.push((f, command));
            }
        }
    }

    /// Adds an option's label and synonyms for a step in a locale.
    pub fn add_option(&mut self, locale: &str, step: &str, option: &str, forms: &[String]) {
        let list = self
            .options
            .entry(locale.to_string())
            .or_default()
            .entry(step.to_string())
            .or_default();
        let folded: Vec<String> = forms
            .iter()
            .map(|f| fold(f))
            .filter(|f| !f.is_empty())
            .collect();
        match list.iter_mut().find(|(o, _)| o == option) {
            Some((_, v)) => v.extend(folded),
            None => list.push((option.to_string(), folded)),
        }
    }

    /// Adds a language's names (its own name, its tag, synonyms).
    pub fn add_language(&mut self, tag: &str, forms: &[String]) {
        let mut folded: Vec<String> = forms
            .iter()
            .map(|f| fold(f))
            .filter(|f| !f.is_empty())
            .collect();
        folded.push(fold(tag));
        self.languages.push((tag.to_string(), folded));
    }

    /// Adds the phrases that tell one kind of urgency in a locale.
    pub fn add_urgent(&mut self, locale: &str, kind: UrgentKind) {
        self.urgent
            .entry(locale.to_string())
            .or_default()
            .push(kind);
    }

    /// The kinds of urgency a person's text tells, read with the phrases of their locale and
    /// of the reference; with no locale, the phrases of every locale.
    #[must_use]
    pub fn urgent(&self, locale: Option<&str>, text: &str) -> Vec<String> {
        let reference = self.reference();
        let locales: Vec<&str> = match locale {
            Some(l) if l == reference => vec![l],
            Some(l) => vec![l, reference],
            None => self.locales.iter().map(String::as_str).collect(),
        };
        urgent::told(
            locales
                .iter()
                .filter_map(|l| self.urgent.get(*l))
                .flat_map(|v| v.iter()),
            text,
        )
    }

    /// The command a folded text calls in this locale (or the reference), if any.
    #[must_use]
    pub fn command(&self, locale: &str, raw: &str, folded: &str) -> Option<Command> {
        let trimmed = raw.trim();
        if trimmed == "?" {
            return Some(Command::Help);
        }
        if let Some(name) = trimmed.strip_prefix('/') {
            let name = name
                .split('@')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            return Command::ALL
                .iter()
                .find(|(_, n)| *n == name)
                .map(|(c, _)| *c);
        }
        [locale, self.reference()]
            .iter()
            .filter_map(|l| self.commands.get(*l))
            .flat_map(|v| v.iter())
            .find(|(w, _)| w == folded)
            .map(|(_, c)| *c)
    }

    /// Whether a text is the help command in any locale: before the person has said which
    /// language they speak, "HELP" is as good as "AIDE".
    #[must_use]
    pub fn asks_help_in_any(&self, raw: &str, folded: &str) -> bool {
        self.locales
            .iter()
            .any(|l| self.command(l, raw, folded) == Some(Command::Help))
    }

    /// The options of a step in a locale, with their folded forms; the reference locale's
    /// forms come after the person's.
    pub fn option_forms<'a>(
        &'a self,
        locale: &str,
        step: &str,
    ) -> impl Iterator<Item = (&'a str, &'a str)> + Clone + 'a {
        let reference = self.reference();
        let mine = self.options.get(locale).and_then(|m| m.get(step));
        let theirs = if reference == locale {
            None
        } else {
            self.options.get(reference).and_then(|m| m.get(step))
        };
        mine.into_iter()
            .chain(theirs)
            .flat_map(|v| v.iter())
            .flat_map(|(o, forms)| forms.iter().map(move |f| (o.as_str(), f.as_str())))
    }

    /// Option words that are also command words in their locale (or the reference): the
    /// command would always win, so the option could never be chosen by that word.
    #[must_use]
    pub fn collisions(&self) -> Vec<(String, String, String, String)> {
        let mut out = Vec::new();
        let all = self
            .options
            .iter()
            .flat_map(|(l, m)| m.iter().map(move |(s, o)| (l, s, o)));
        for (locale, step, options) in all {
            for (option, forms) in options {
                for form in forms {
                    if self.command(locale, form, form).is_some() {
                        out.push((locale.clone(), step.clone(), option.clone(), form.clone()));
                    }
                }
            }
        }
        out.sort();
        out
    }

    /// The language names, whatever the current locale.
    pub fn language_forms(&self) -> impl Iterator<Item = (&str, &str)> + Clone {
        self.languages
            .iter()
            .flat_map(|(t, forms)| forms.iter().map(move |f| (t.as_str(), f.as_str())))
    }
}
