//! Rendering questions: a step's prompt and choices, and how an answer and a list item read
//! back to the person.

use super::lexicon::Lexicon;
use super::step::Run;
use super::{Arg, Ask, Choice, Event, Msg, Status, Value};
use crate::core::{Body, Parcours};
use crate::dialogue::{Dialogue, Kind, Step};
use crate::orientation::Reason;

impl Run<'_> {
    /// Asks the current step; with `full` the prompt is said again, else only the choices.
    pub(super) fn ask_current(&mut self, full: bool) {
        if self.s.status != Status::Active {
            return;
        }
        let d = self.engine.dialogue;
        let Some(step) = d.step(&self.s.step) else {
            return;
        };
        if !step.def.kind.takes_input() {
            return;
        }
        if self.s.pending == Some(super::Pending::Known) && self.s.known.contains_key(&step.def.id)
        {
            return self.ask_known(full);
        }
        if step.def.kind == Kind::Booking {
            if !self.s.offers.is_empty() {
                let prompt = full.then(|| self.offers_prompt());
                self.ask_offers(prompt, true);
            }
            return;
        }
        if full {
            self.s.turn += 1;
            self.s.misses = 0;
        }
        let mut ask = question(self.engine.lexicon, step, self.s.turn, full);
        if step.def.kind == Kind::Phone {
            ask.choices = self.phone_choices();
        }
        self.out.push(Event::Ask(ask));
    }

    /// Asks one of the engine's own questions (a menu, a confirmation, the offers): under a
    /// new question number when `fresh`, else with the buttons of the question already asked.
    pub(super) fn ask_own(
        &mut self,
        step: &str,
        fresh: bool,
        prompt: Option<Msg>,
        choices: Vec<Choice>,
    ) {
        if fresh {
            self.s.turn += 1;
        }
        self.out.push(Event::Ask(Ask {
            step: step.to_string(),
            turn: self.s.turn,
            prompt,
            choices,
            multi: false,
        }));
    }
}

/// The question a step asks: its prompt (when `full`) and its choices.
#[must_use]
pub fn question(lexicon: &Lexicon, step: &Step, turn: u32, full: bool) -> Ask {
    let choices = match step.def.kind {
        Kind::Language => language_choices(lexicon),
        Kind::Choice | Kind::Multi | Kind::YesNo => step
            .options
            .iter()
            .zip(&step.ids.options)
            .map(|(o, label)| Choice {
                id: o.clone(),
                label: Msg::new(label.clone()),
            })
            .collect(),
        _ => Vec::new(),
    };
    let prompt = full.then(|| {
        let mut m = Msg::new(step.ids.prompt.clone());
        if let (Some(min), Some(max)) = (step.def.min, step.def.max) {
            m = m.arg("min", min).arg("max", max);
        }
        m
    });
    Ask {
        step: step.def.id.clone(),
        turn,
        prompt,
        choices,
        multi: step.def.kind == Kind::Multi,
    }
}

/// A step's hint, said when an answer was not understood: on SMS, where it would take the
/// reply over its segments, the options asked again say enough.
#[must_use]
pub fn hint(step: &Step) -> Event {
    Event::Long {
        full: vec![Msg::new(step.ids.hint.clone())],
        brief: Vec::new(),
    }
}

/// The languages a person can choose, each named in its own language.
pub(super) fn language_choices(lexicon: &Lexicon) -> Vec<Choice> {
    lexicon
        .locales()
        .iter()
        .map(|t| Choice {
            id: t.clone(),
            label: Msg::new(crate::dialogue::language_name_id(t)),
        })
        .collect()
}

/// A line of a bulleted list.
pub(super) fn item(m: Msg) -> Arg {
    Arg::Msg(Box::new(Msg::new("list-item").arg("item", m)))
}

/// The name of an organisation.
#[must_use]
pub fn body_msg(body: Body) -> Msg {
    Msg::new(format!("body-{}", body.message_name()))
}

/// The name of a parcours.
#[must_use]
pub fn parcours_msg(parcours: Parcours) -> Msg {
    Msg::new(format!("parcours-{}", parcours.message_name()))
}

/// A reason for the orientation proposed, with its count where it has one.
#[must_use]
pub fn reason_msg(reason: &Reason) -> Msg {
    let m = Msg::new(reason.msg_id());
    match reason.count() {
        Some(n) => m.arg("count", n as i64),
        None => m,
    }
}

/// How an answer reads back to the person.
#[must_use]
pub fn value_arg(d: &Dialogue, step: &Step, value: &Value) -> Arg {
    match value {
        Value::Option(o) => Arg::Msg(Box::new(Msg::new(d.option_msg_id(step, o)))),
        Value::Options(v) => Arg::List(
            v.iter()
                .map(|o| Arg::Msg(Box::new(Msg::new(d.option_msg_id(step, o)))))
                .collect(),
        ),
        Value::Number(n) => Arg::Num(*n),
        Value::Date(date) => Arg::Date(*date),
        Value::Text(t) | Value::Phone(t) => Arg::Str(t.clone()),
        Value::Place { postcode, commune } => Arg::Str(match commune {
            Some(c) => format!("{postcode} {c}"),
            None => postcode.clone(),
        }),
        Value::Skipped => Arg::Msg(Box::new(Msg::new("value-skipped"))),
        Value::RatherNot => Arg::Msg(Box::new(Msg::new("answer-rather-not"))),
        Value::Withheld => Arg::Msg(Box::new(Msg::new("value-withheld"))),
    }
}
