//! The dialogue format (spec version 1) as read from TOML, and the checked form the engine runs.

use std::collections::{BTreeMap, HashMap};

use regex::Regex;
use serde::{Deserialize, Serialize};

/// The dialogue format version this build reads. Older versions are migrated on load.
pub const SPEC_VERSION: u32 = 1;

/// A dialogue file as written by its authors.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DialogueFile {
    /// Version of the file format.
    pub spec_version: u32,
    /// Stable identifier of the dialogue, stored with each session.
    pub id: String,
    /// Revision of the content; raised whenever steps change, so sessions can be re-anchored.
    #[serde(default = "one")]
    pub revision: u32,
    /// Prefix of every Fluent id of this dialogue: `<area>-<step>-<role>`.
    pub area: String,
    /// The first step.
    pub start: String,
    /// Ordered section names; each step may belong to one, and the person is told the progress.
    #[serde(default)]
    pub sections: Vec<String>,
    /// Communes known to the territory, for the `place` steps that accept a name.
    #[serde(default)]
    pub communes: Vec<Commune>,
    /// The steps, in the order they are usually met.
    #[serde(rename = "step", default)]
    pub steps: Vec<StepDef>,
}

fn one() -> u32 {
    1
}

/// A commune with its postal code and INSEE code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commune {
    pub name: String,
    pub postcode: String,
    #[serde(default)]
    pub insee: Option<String>,
}

/// What a step expects from the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Says something and goes on.
    Info,
    /// One option among several.
    Choice,
    /// Several options among several.
    Multi,
    /// Yes or no, and "I'd rather not say" where allowed.
    YesNo,
    /// Chooses the conversation's language among the available locales.
    Language,
    /// A whole number within bounds.
    Number,
    /// An age, given as years or as a year or date of birth.
    Age,
    /// A calendar date.
    Date,
    /// A French postcode or a known commune name.
    Place,
    /// A phone number, stored in E.164 form.
    Phone,
    /// Free text with a length cap.
    Text,
    /// Text that must match a regular expression.
    Pattern,
    /// Offers the earliest free appointments of the proposed partner and books one.
    Booking,
    /// The end of the dialogue: says its message and a summary of the answers.
    End,
}

impl Kind {
    /// Every kind, so that tests can require a case for each.
    pub const ALL: [Self; 14] = [
        Self::Info,
        Self::Choice,
        Self::Multi,
        Self::YesNo,
        Self::Language,
        Self::Number,
        Self::Age,
        Self::Date,
        Self::Place,
        Self::Phone,
        Self::Text,
        Self::Pattern,
        Self::Booking,
        Self::End,
    ];

    /// Whether the step waits for an answer.
    #[must_use]
    pub fn takes_input(self) -> bool {
        !matches!(self, Self::Info | Self::End)
    }

    /// Whether answers are picked from listed options.
    #[must_use]
    pub fn has_options(self) -> bool {
        matches!(
            self,
            Self::Choice | Self::Multi | Self::YesNo | Self::Language
        )
    }
}

/// Which consent a yes/no step records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentScope {
    /// Keep the answers at all.
    Store,
    /// Keep health, disability and justice answers.
    Sensitive,
    /// Share the diagnostic with the partners who will help.
    Share,
    /// Send reminders before an appointment.
    Reminders,
}

impl ConsentScope {
    /// The name stored in the consent records.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Store => "store",
            Self::Sensitive => "sensitive",
            Self::Share => "share",
            Self::Reminders => "reminders",
        }
    }
}

/// Which dates a date step accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateRule {
    #[default]
    Any,
    /// Today or before.
    Past,
    /// Today or after.
    Future,
}

/// A step as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepDef {
    pub id: String,
    pub kind: Kind,
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub options: Vec<OptionDef>,
    /// Number bounds, or how many options a multi-choice takes.
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    /// Longest accepted text, in characters.
    #[serde(default)]
    pub max_len: Option<usize>,
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default)]
    pub dates: DateRule,
    /// Offers "I'd rather not say".
    #[serde(default)]
    pub rather_not: bool,
    #[serde(default)]
    pub skippable: bool,
    /// Health, disability or justice: asked only with the sensitive-data consent.
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default)]
    pub consent: Option<ConsentScope>,
    /// Codes stored with a yes/no answer, by answer (`yes`, `no`, `rather_not`).
    #[serde(default)]
    pub codes: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default, rename = "route")]
    pub routes: Vec<RouteDef>,
    /// On an info or end step: say the summary of the answers and the proposed orientation.
    #[serde(default)]
    pub proposal: bool,
    /// What an invitation's list says that answers this step: the person is asked to confirm
    /// it (message `<area>-<step>-known`, with `$value`) rather than asked the question.
    #[serde(default)]
    pub prefill: Option<Prefill>,
}

/// A field of an invitation list that can answer a step, once the person confirms it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prefill {
    /// The date of birth: an age step.
    BirthDate,
    /// The postcode: a place step.
    Postcode,
    /// Whether the person receives the RSA: a choice with options `yes` and `no`.
    Rsa,
    /// The France Travail identifier: a choice (option `yes`: registered) or the identifier
    /// itself (a pattern step).
    FranceTravailId,
}

/// An option of a choice.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionDef {
    pub id: String,
    /// The field's codes for this answer, e.g. `ft-contrainte:23`.
    #[serde(default)]
    pub codes: Vec<String>,
    #[serde(default)]
    pub next: Option<String>,
    /// In a multi-choice: cannot be combined with other options ("none", "I don't know").
    #[serde(default)]
    pub exclusive: bool,
    /// An urgent situation: the person is told at once who to call (message
    /// `urgent-<kind>`), and staff see the conversation first.
    #[serde(default)]
    pub urgent: Option<String>,
    /// What choosing this option says of the appointment the person can attend; the engine
    /// reads it when it looks for free slots.
    #[serde(default)]
    pub appointment: Option<AppointmentHint>,
}

/// What an option says of the appointment that suits the person. The dialogue names it on
/// the option (`appointment = "mornings"`), so that the engine needs to know no option or code
/// of a particular dialogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentHint {
    /// An appointment on site suits.
    OnSite,
    /// An appointment by phone suits.
    Phone,
    /// An appointment by video suits.
    Video,
    /// Mornings suit.
    Mornings,
    /// Afternoons suit.
    Afternoons,
    /// Getting to an office is hard: appointments by phone or video come first.
    RemoteFirst,
}

/// A conditional jump, tried in order before `next`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteDef {
    pub when: OneOrMany<Condition>,
    pub goto: String,
}

/// A single table or an array of tables.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The items, whichever way they were written.
    pub fn as_slice(&self) -> &[T] {
        match self {
            Self::One(t) => std::slice::from_ref(t),
            Self::Many(v) => v,
        }
    }
}

/// A condition on an earlier answer. All the tests given must hold.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub step: String,
    /// The answer is this option (for a multi-choice: includes it).
    #[serde(default)]
    pub is: Option<String>,
    #[serde(default)]
    pub is_not: Option<String>,
    #[serde(default)]
    pub any_of: Option<Vec<String>>,
    #[serde(default)]
    pub lt: Option<i64>,
    #[serde(default)]
    pub le: Option<i64>,
    #[serde(default)]
    pub gt: Option<i64>,
    #[serde(default)]
    pub ge: Option<i64>,
    /// The step holds an answer (not skipped, not withheld).
    #[serde(default)]
    pub answered: Option<bool>,
}

/// A checked dialogue, ready for the engine.
#[derive(Debug)]
pub struct Dialogue {
    pub id: String,
    pub revision: u32,
    pub area: String,
    pub start: usize,
    pub sections: Vec<String>,
    pub communes: Vec<Commune>,
    pub steps: Vec<Step>,
    pub index: HashMap<String, usize>,
}

/// A checked step.
#[derive(Debug)]
pub struct Step {
    pub def: StepDef,
    /// Option ids in order; for yes/no and language steps, the implicit ones.
    pub options: Vec<String>,
    pub regex: Option<Regex>,
    pub section: Option<usize>,
    /// Fluent ids computed once: `[prompt, hint, short]`, then one label per option.
    pub ids: StepIds,
}

/// The Fluent ids of a step, computed when the dialogue is checked.
#[derive(Debug, Clone, Default)]
pub struct StepIds {
    pub prompt: String,
    pub hint: String,
    pub short: String,
    /// Labels of `Step::options`, in the same order.
    pub options: Vec<String>,
}

impl Step {
    /// The option of this step with this id, as written in the file.
    #[must_use]
    pub fn option(&self, id: &str) -> Option<&OptionDef> {
        self.def.options.iter().find(|o| o.id == id)
    }
}

impl Dialogue {
    /// The numbers that routes compare the answer to `step` with, as the first value on the
    /// far side: `lt 26` and `ge 26` both split at 26, `le 25` and `gt 25` too.
    #[must_use]
    pub fn thresholds(&self, step: &str) -> Vec<i64> {
        let mut out: Vec<i64> = self
            .steps
            .iter()
            .flat_map(|s| &s.def.routes)
            .flat_map(|r| r.when.as_slice())
            .filter(|c| c.step == step)
            .flat_map(|c| [c.lt, c.ge, c.le.map(|n| n + 1), c.gt.map(|n| n + 1)])
            .flatten()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The step with this id.
    #[must_use]
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.index.get(id).map(|&i| &self.steps[i])
    }

    /// The Fluent id of one of a step's messages.
    #[must_use]
    pub fn msg_id(&self, step: &str, role: &str) -> String {
        format!("{}-{}-{}", self.area, step.replace('_', "-"), role)
    }

    /// The Fluent id of an option's label.
    #[must_use]
    pub fn option_msg_id(&self, step: &Step, option: &str) -> String {
        if let Some(i) = step.options.iter().position(|o| o == option) {
            if let Some(id) = step.ids.options.get(i) {
                return id.clone();
            }
        }
        self.option_msg_id_uncached(step, option)
    }

    /// The Fluent id of an option's label, computed.
    #[must_use]
    pub fn option_msg_id_uncached(&self, step: &Step, option: &str) -> String {
        if option == "rather_not" {
            return "answer-rather-not".into();
        }
        match step.def.kind {
            Kind::YesNo => format!("answer-{}", option.replace('_', "-")),
            Kind::Language => language_name_id(option),
            _ => self.msg_id(&step.def.id, &format!("opt-{}", option.replace('_', "-"))),
        }
    }

    /// The Fluent id of a section's name.
    #[must_use]
    pub fn section_msg_id(&self, section: &str) -> String {
        format!("{}-section-{}", self.area, section.replace('_', "-"))
    }

    /// The codes stored with an option of a step.
    #[must_use]
    pub fn option_codes<'a>(&'a self, step: &'a Step, option: &str) -> &'a [String] {
        if let Some(codes) = step.def.codes.get(option) {
            return codes;
        }
        step.option(option).map_or(&[], |o| o.codes.as_slice())
    }
}

/// The Fluent id of a language's name, written in that language (`language-name-fr`): what the
/// language menu shows.
#[must_use]
pub fn language_name_id(tag: &str) -> String {
    format!("language-name-{tag}")
}
