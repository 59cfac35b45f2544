//! `Engine::step`: one input in, a new session and events out. This file dispatches the input
//! to the part of the engine that handles it (a command, a menu, an answer, an appointment);
//! it says nothing itself beyond the welcome back and the resume offer.

use std::collections::BTreeMap;

use super::lexicon::{Command, Lexicon};
use super::text::{clean, fold};
use super::{Answer, Effect, Event, Input, Msg, Now, Pending, Session, Status, Turn, Value};
use crate::dialogue::{Dialogue, Step};

/// The question a step asks; kept here for the callers that name it by this path.
pub use super::asking::{hint, question};

/// Tunables of the engine.
#[derive(Debug, Clone, Copy)]
pub struct EngineConfig {
    /// Seconds of silence after which a returning person is asked whether to resume.
    pub idle_timeout: i64,
    /// Steps the engine may pass through for one input before it stops a loop.
    pub step_limit: u32,
    /// Invalid answers in a row before help and a human are offered.
    pub misses_before_help: u32,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            idle_timeout: 24 * 3600,
            step_limit: 64,
            misses_before_help: 3,
        }
    }
}

/// Runs one dialogue.
#[derive(Debug, Clone, Copy)]
pub struct Engine<'a> {
    pub(super) dialogue: &'a Dialogue,
    pub(super) lexicon: &'a Lexicon,
    pub(super) config: EngineConfig,
}

/// The work of one turn: the session being changed and the events said so far.
pub(super) struct Run<'e> {
    pub(super) engine: &'e Engine<'e>,
    pub(super) s: Session,
    pub(super) out: Vec<Event>,
    pub(super) now: Now,
    /// What the person typed this turn (cleaned), read for urgent situations.
    pub(super) said: String,
}

impl<'a> Engine<'a> {
    #[must_use]
    pub fn new(dialogue: &'a Dialogue, lexicon: &'a Lexicon, config: EngineConfig) -> Self {
        Self {
            dialogue,
            lexicon,
            config,
        }
    }

    /// The dialogue this engine runs.
    #[must_use]
    pub fn dialogue(&self) -> &'a Dialogue {
        self.dialogue
    }

    /// A new session, not started yet: the first input asks the first question.
    #[must_use]
    pub fn new_session(&self, locale: &str, now: Now) -> Session {
        Session {
            dialogue: self.dialogue.id.clone(),
            revision: self.dialogue.revision,
            locale: locale.to_string(),
            status: Status::Active,
            step: self.dialogue.steps[self.dialogue.start].def.id.clone(),
            pending: None,
            answers: BTreeMap::new(),
            trail: Vec::new(),
            consents: BTreeMap::new(),
            misses: 0,
            turn: 0,
            section: None,
            urgent: std::collections::BTreeSet::new(),
            reviewing: false,
            offers: Vec::new(),
            offers_skipped: 0,
            wish_lead: None,
            wish_format: None,
            known: BTreeMap::new(),
            invitation: None,
            own_number: None,
            started_at: now.unix,
            updated_at: now.unix,
        }
    }

    /// A new session in a language already known (the person's device or `--lang` says it):
    /// the language question is answered in advance, and the first turn only offers to change it.
    #[must_use]
    pub fn new_session_in(&self, locale: &str, now: Now) -> Session {
        let mut s = self.new_session(locale, now);
        if let Some(step) = self
            .dialogue
            .steps
            .iter()
            .find(|st| st.def.kind == crate::dialogue::Kind::Language)
        {
            let answer = Answer {
                value: Value::Option(locale.to_string()),
                codes: Vec::new(),
                sensitive: false,
                at: now.unix,
            };
            s.answers.insert(step.def.id.clone(), answer);
            s.trail.push(step.def.id.clone());
        }
        s
    }

    /// Takes one input.
    #[must_use]
    pub fn step(&self, session: Session, input: Input, now: Now) -> Turn {
        let mut run = Run {
            engine: self,
            s: session,
            out: Vec::new(),
            now,
            said: String::new(),
        };
        run.take(input);
        run.s.updated_at = now.unix;
        Turn {
            session: run.s,
            events: run.out,
        }
    }
}

impl<'e> Run<'e> {
    /// The dialogue being run.
    pub(super) fn d(&self) -> &'e Dialogue {
        self.engine.dialogue
    }

    /// Says a message to the person.
    pub(super) fn say(&mut self, msg: Msg) {
        self.out.push(Event::Say(msg));
    }

    /// Asks the host to do something.
    pub(super) fn effect(&mut self, e: Effect) {
        self.out.push(Event::Effect(e));
    }

    /// The step waiting for an answer, if the dialogue still has it.
    pub(super) fn current(&self) -> Option<&Step> {
        self.d().step(&self.s.step)
    }

    /// Dispatches one input: a late button, a command, the answer to a menu or to the step.
    fn take(&mut self, input: Input) {
        let idle = self.now.unix - self.s.updated_at > self.engine.config.idle_timeout;
        let reanchored = self.reanchor();

        if let Input::Resolved(r) = input {
            return self.resolved(r);
        }
        if let Input::Option { turn, .. } = &input {
            if *turn != self.s.turn || (!self.s.is_waiting() && self.s.pending.is_none()) {
                self.effect(Effect::Stale);
                return;
            }
        }
        let text = match &input {
            Input::Text(t) => clean(t),
            _ => String::new(),
        };
        let folded = fold(&text);
        self.said.clone_from(&text);
        let command = match &input {
            Input::Start => Some(Command::Start),
            Input::Text(_) => self.engine.lexicon.command(&self.s.locale, &text, &folded),
            Input::Option { .. } | Input::Resolved(_) => None,
        };

        if self.s.turn == 0 {
            // Nothing asked yet: whatever came first opens the dialogue, after the numbers to
            // call if it tells an urgent situation, or after the help if it asks for it (in
            // any language: none is chosen yet).
            self.urgent_words();
            if self.engine.lexicon.asks_help_in_any(&text, &folded) {
                self.say(self.help_msg(false));
            }
            let start = self.d().start;
            self.enter(start);
            return;
        }
        match self.s.status {
            Status::Ended | Status::Erased if self.s.pending.is_none() || command.is_some() => {
                // Opening the app again is not a request to start over: only the word is.
                let command = if matches!(input, Input::Start) {
                    None
                } else {
                    command
                };
                return self.after_end(command);
            }
            Status::Ended | Status::Erased => {}
            Status::Paused => {
                self.s.status = Status::Active;
                self.say(Msg::new("engine-welcome-back"));
                if command.is_none() || command == Some(Command::Start) {
                    return self.ask_current(true);
                }
            }
            Status::Active => {}
        }
        if reanchored {
            self.say(Msg::new("engine-dialogue-updated"));
            return self.ask_current(true);
        }
        if idle && self.s.pending.is_none() && !matches!(input, Input::Option { .. }) {
            self.s.pending = Some(Pending::Resume);
            self.say(Msg::new("engine-resume-offer"));
            return self.ask_confirm(true);
        }
        if let Some(c) = command {
            return self.command(c);
        }
        match self.s.pending {
            Some(Pending::Language) => self.answer_language(&input, &folded),
            Some(Pending::Change) => self.answer_change(&input, &folded),
            Some(Pending::Offers) => self.answer_offer(&input, &folded),
            Some(Pending::OtherChoice) => self.answer_other(&input, &folded),
            Some(Pending::Appointment) => self.answer_appointment(&input, &folded),
            Some(Pending::Reschedule) => {}
            Some(Pending::MyData) => self.answer_mydata(&input, &folded),
            Some(Pending::NoPhone) => self.answer_no_phone(&input, &folded),
            Some(Pending::Known) => self.answer_known(&input, &text, &folded),
            Some(p @ (Pending::ConfirmErase | Pending::Resume)) => {
                self.answer_confirm(p, &input, &folded)
            }
            None => self.answer(&input, &text, &folded),
        }
    }
}
