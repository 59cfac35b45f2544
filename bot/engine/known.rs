//! What an invitation's list already says about a person: each step the dialogue marks with a
//! `prefill` is asked as a confirmation ("You live in Tours? 1. Yes 2. No") rather than as its
//! question. A yes records the listed answer as if the person had given it; a no, or any other
//! answer, asks the question (and takes that answer).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::asking::value_arg;
use super::parse;
use super::step::Run;
use super::{Answer, Engine, Input, Msg, Now, Pending, Session, Value};
use crate::dialogue::{Kind, Prefill, Step};

/// What an invitation's list says about the person it invites, as the engine reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Invited {
    /// The invitation's id, kept with the session.
    pub id: String,
    pub born: Option<NaiveDate>,
    pub postcode: Option<String>,
    pub rsa: Option<bool>,
    pub france_travail_id: Option<String>,
}

/// Whole years between a date of birth and today.
fn age_on(born: NaiveDate, today: NaiveDate) -> i64 {
    let mut years = i64::from(today.year() - born.year());
    if (today.month(), today.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

impl Engine<'_> {
    /// The answers the list gives, by step, for the steps that take them.
    #[must_use]
    pub fn known_answers(&self, invited: &Invited, now: Now) -> BTreeMap<String, Answer> {
        let mut known = BTreeMap::new();
        for step in &self.dialogue.steps {
            let Some(field) = step.def.prefill else {
                continue;
            };
            if let Some(value) = self.listed_value(step, field, invited, now.today) {
                let answer = Answer {
                    value,
                    codes: Vec::new(),
                    sensitive: false,
                    at: now.unix,
                };
                known.insert(step.def.id.clone(), answer);
            }
        }
        known
    }

    /// The value of one step as the list gives it, if the list gives it and it fits the step.
    fn listed_value(
        &self,
        step: &Step,
        field: Prefill,
        invited: &Invited,
        today: NaiveDate,
    ) -> Option<Value> {
        let has = |o: &str| step.options.iter().any(|x| x == o);
        match (field, step.def.kind) {
            (Prefill::BirthDate, Kind::Age) => {
                let age = age_on(invited.born?, today);
                let fits =
                    step.def.min.is_none_or(|m| age >= m) && step.def.max.is_none_or(|m| age <= m);
                fits.then_some(Value::Number(age))
            }
            (Prefill::Postcode, Kind::Place) => {
                let (postcode, commune) =
                    parse::place(invited.postcode.as_deref()?, &self.dialogue.communes).ok()?;
                Some(Value::Place { postcode, commune })
            }
            (Prefill::Rsa, Kind::Choice | Kind::YesNo) => {
                let o = if invited.rsa? { "yes" } else { "no" };
                has(o).then(|| Value::Option(o.to_string()))
            }
            (Prefill::FranceTravailId, Kind::Choice | Kind::YesNo) => {
                invited.france_travail_id.as_ref()?;
                has("yes").then(|| Value::Option("yes".to_string()))
            }
            (Prefill::FranceTravailId, Kind::Pattern | Kind::Text) => {
                let id = invited.france_travail_id.clone()?;
                let fits = step.regex.as_ref().is_none_or(|re| re.is_match(&id));
                fits.then_some(Value::Text(id))
            }
            _ => None,
        }
    }

    /// Ties a new session to the invitation that reached the person: what the list says is
    /// kept to be confirmed when its step comes.
    pub fn invite(&self, s: &mut Session, invited: &Invited, now: Now) {
        s.known = self.known_answers(invited, now);
        s.invitation = Some(invited.id.clone());
    }
}

impl Run<'_> {
    /// Asks the person to confirm what the list says for the current step.
    pub(super) fn ask_known(&mut self, fresh: bool) {
        let d = self.engine.dialogue;
        let Some(step) = d.step(&self.s.step) else {
            return;
        };
        let Some(known) = self.s.known.get(&step.def.id) else {
            return self.ask_current(true);
        };
        self.s.pending = Some(Pending::Known);
        let option = match &known.value {
            Value::Option(o) => o.clone(),
            _ => String::new(),
        };
        let prompt = Msg::new(d.msg_id(&step.def.id, "known"))
            .arg("value", value_arg(d, step, &known.value))
            .arg("option", option);
        let id = step.def.id.clone();
        self.ask_own(&id, fresh, Some(prompt), super::menus::yes_no_choices());
    }

    /// Reads the answer to a confirmation: yes records what the list says; no asks the
    /// question; anything else is taken as the answer to the question itself.
    pub(super) fn answer_known(&mut self, input: &Input, text: &str, folded: &str) {
        let listed = self.s.known.remove(&self.s.step);
        self.s.pending = None;
        match (self.yes_no(input, folded).as_deref(), listed) {
            (Some("yes"), Some(a)) => self.record(a.value),
            (Some(_), _) | (None, None) => self.ask_current(true),
            (None, Some(_)) => self.answer(input, text, folded),
        }
    }
}
