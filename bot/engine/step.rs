//! `Engine::step`: one input in, a new session and events out.

use std::collections::BTreeMap;

use super::lexicon::{BOOKING_KEY, Command, Lexicon, YES_NO_KEY};
use super::parse::{self, Matched, Miss};
use super::text::{clean, fold};
use super::{
    Answer, Arg, Ask, BookingView, Choice, Effect, Event, Input, Msg, Now, Pending, Resolution,
    Session, Status, Turn, Value,
};
use crate::booking::Wish;
use crate::booking::territory::Format;
use crate::dialogue::{ConsentScope, Dialogue, Kind, Step};
use crate::orientation::{self, Body};

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

/// Pseudo-steps of the engine's own questions.
const LANGUAGE_STEP: &str = "_language";
const CONFIRM_STEP: &str = "_confirm";
const CHANGE_STEP: &str = "_change";
const MYDATA_STEP: &str = "_mydata";
const APPOINTMENT_STEP: &str = "_appointment";

/// Default length caps.
const TEXT_MAX: usize = 500;
const PATTERN_MAX: usize = 100;

/// Runs one dialogue.
#[derive(Debug, Clone, Copy)]
pub struct Engine<'a> {
    dialogue: &'a Dialogue,
    lexicon: &'a Lexicon,
    config: EngineConfig,
}

/// The work of one turn: the session being changed and the events said so far.
struct Run<'e> {
    engine: &'e Engine<'e>,
    s: Session,
    out: Vec<Event>,
    now: Now,
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
            started_at: now.unix,
            updated_at: now.unix,
        }
    }

    /// Takes one input.
    #[must_use]
    pub fn step(&self, session: Session, input: Input, now: Now) -> Turn {
        let mut run = Run {
            engine: self,
            s: session,
            out: Vec::new(),
            now,
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
    fn d(&self) -> &'e Dialogue {
        self.engine.dialogue
    }

    fn say(&mut self, msg: Msg) {
        self.out.push(Event::Say(msg));
    }

    fn effect(&mut self, e: Effect) {
        self.out.push(Event::Effect(e));
    }

    fn current(&self) -> Option<&Step> {
        self.d().step(&self.s.step)
    }

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
        let command = match &input {
            Input::Start => Some(Command::Start),
            Input::Text(_) => self.engine.lexicon.command(&self.s.locale, &text, &folded),
            Input::Option { .. } | Input::Resolved(_) => None,
        };

        if self.s.turn == 0 {
            // Nothing asked yet: whatever came first opens the dialogue.
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
            return self.ask_confirm();
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
            Some(p @ (Pending::ConfirmErase | Pending::Resume)) => {
                self.answer_confirm(p, &input, &folded)
            }
            None => self.answer(&input, &text, &folded),
        }
    }

    /// After a deploy that changed the dialogue: walks the path again with the saved answers
    /// and stops at the first step that still needs one. Returns whether the step moved.
    fn reanchor(&mut self) -> bool {
        let d = self.engine.dialogue;
        if self.s.revision == d.revision && d.step(&self.s.step).is_some() {
            return false;
        }
        self.s.revision = d.revision;
        self.s.answers.retain(|id, _| d.step(id).is_some());
        self.s.trail.retain(|id| d.step(id).is_some());
        if self.s.turn == 0 || !self.s.is_waiting() {
            return false;
        }
        let before = self.s.step.clone();
        let (_, at) = self.walk(d.start);
        self.s.step = d.steps[at].def.id.clone();
        self.s.pending = None;
        self.s.misses = 0;
        self.s.step != before
    }

    /// Follows the path from `from` with the saved answers; returns the steps passed and the
    /// first step that still needs an answer (or the end).
    fn walk(&self, from: usize) -> (Vec<usize>, usize) {
        let d = self.engine.dialogue;
        let mut at = from;
        let mut passed = Vec::new();
        for _ in 0..self.engine.config.step_limit {
            let step = &d.steps[at];
            let next = match step.def.kind {
                Kind::Info => self.exit(step, None),
                Kind::End => None,
                _ => match self.s.answers.get(&step.def.id) {
                    Some(a) if self.still_valid(step, &a.value) => self.exit(step, Some(&a.value)),
                    _ => None,
                },
            };
            match next {
                Some(n) => {
                    passed.push(at);
                    at = n;
                }
                None => break,
            }
        }
        (passed, at)
    }

    /// Forgets answers to steps no longer on the person's path (after a correction took them
    /// down another branch).
    fn prune(&mut self) {
        let d = self.engine.dialogue;
        let (passed, _) = self.walk(d.start);
        let keep: std::collections::HashSet<&str> =
            passed.iter().map(|&i| d.steps[i].def.id.as_str()).collect();
        self.s.answers.retain(|id, _| keep.contains(id.as_str()));
        self.s.trail.retain(|id| keep.contains(id.as_str()));
    }

    fn still_valid(&self, step: &Step, value: &Value) -> bool {
        if step.def.kind == Kind::Booking {
            return true;
        }
        value
            .option_ids()
            .iter()
            .all(|o| step.options.iter().any(|x| x == o) || step.def.kind == Kind::Language)
    }

    fn after_end(&mut self, command: Option<Command>) {
        match command {
            Some(Command::Start) => {
                let locale = self.s.locale.clone();
                let consents = std::mem::take(&mut self.s.consents);
                self.s = self.engine.new_session(&locale, self.now);
                self.s.consents = consents;
                let start = self.d().start;
                self.enter(start);
            }
            Some(Command::Erase) if self.s.status == Status::Ended => {
                self.s.pending = Some(Pending::ConfirmErase);
                self.say(Msg::new("engine-erase-confirm"));
                self.ask_confirm();
            }
            Some(Command::Human) => self.human(),
            Some(Command::Change) => self.offer_change(),
            Some(Command::Appointment) => self.effect(Effect::FindAppointment),
            Some(Command::MyData) if self.s.status == Status::Ended => self.my_data(),
            Some(Command::Unshare) if self.s.status == Status::Ended => self.unshare(),
            _ => self.say(Msg::new("engine-already-ended")),
        }
    }

    fn command(&mut self, c: Command) {
        match c {
            Command::Start => {
                self.say(Msg::new("engine-welcome-back"));
                self.ask_current(true);
            }
            Command::Help => {
                self.s.pending = None;
                self.say(self.help_msg(false));
                self.ask_current(false);
            }
            Command::Back => self.back(),
            Command::Skip => {
                let step = self.current().filter(|_| self.s.pending.is_none());
                let (skippable, rather_not) =
                    step.map_or((false, false), |s| (s.def.skippable, s.def.rather_not));
                if skippable {
                    self.record(Value::Skipped);
                } else if rather_not {
                    // Skipping a question that allows "rather not say" means just that.
                    self.record(Value::RatherNot);
                } else {
                    self.say(Msg::new("engine-skip-refused"));
                    self.ask_current(false);
                }
            }
            Command::Language => {
                self.s.pending = Some(Pending::Language);
                self.ask_language(Msg::new("engine-language-prompt"));
            }
            Command::Human => {
                self.human();
                self.ask_current(false);
            }
            Command::Stop => {
                self.s.pending = None;
                self.s.status = Status::Paused;
                self.effect(Effect::Paused);
                self.say(Msg::new("engine-paused"));
            }
            Command::Erase => {
                self.s.pending = Some(Pending::ConfirmErase);
                self.say(Msg::new("engine-erase-confirm"));
                self.ask_confirm();
            }
            Command::Change => self.offer_change(),
            Command::Appointment => {
                self.s.pending = None;
                self.effect(Effect::FindAppointment);
            }
            Command::MyData => self.my_data(),
            Command::Unshare => {
                self.s.pending = None;
                self.unshare();
                self.ask_current(false);
            }
        }
    }

    /// The answers kept, as summary lines, in dialogue order.
    fn answer_lines(&self) -> Vec<Arg> {
        let d = self.engine.dialogue;
        let mut lines = Vec::new();
        for step in &d.steps {
            let Some(answer) = self.s.answers.get(&step.def.id) else {
                continue;
            };
            if !step.def.kind.takes_input()
                || step.def.consent.is_some()
                || step.def.kind == Kind::Language
            {
                continue;
            }
            lines.push(Arg::Msg(Box::new(
                Msg::new("engine-summary-line")
                    .arg("label", Msg::new(step.ids.short.clone()))
                    .arg("value", value_arg(d, step, &answer.value)),
            )));
        }
        lines
    }

    /// What can be done with the data: withdraw each consent given, erase, or go on.
    fn mydata_choices(&self) -> Vec<Choice> {
        let mut out = Vec::new();
        for (scope, id) in [
            (ConsentScope::Share, "unshare"),
            (ConsentScope::Sensitive, "unsensitive"),
            (ConsentScope::Reminders, "noreminders"),
        ] {
            if self.s.consented(scope) {
                out.push(Choice {
                    id: id.into(),
                    label: Msg::new(format!("engine-mydata-opt-{id}")),
                });
            }
        }
        for id in ["erase", "continue"] {
            out.push(Choice {
                id: id.into(),
                label: Msg::new(format!("engine-mydata-opt-{id}")),
            });
        }
        out
    }

    /// "My data": what is kept about the person, the consents they gave, and what they can do.
    fn my_data(&mut self) {
        self.s.pending = None;
        if !self.s.consented(ConsentScope::Store) {
            self.say(Msg::new("engine-mydata-nothing"));
            if self.s.status == Status::Active {
                self.ask_current(false);
            }
            return;
        }
        let lines = self.answer_lines();
        if lines.is_empty() {
            self.say(Msg::new("engine-mydata-no-answers"));
        } else {
            self.say(Msg::new("engine-mydata").arg("lines", Arg::Lines(lines)));
        }
        let given: Vec<Arg> = [
            ConsentScope::Store,
            ConsentScope::Sensitive,
            ConsentScope::Share,
            ConsentScope::Reminders,
        ]
        .into_iter()
        .filter(|c| self.s.consented(*c))
        .map(|c| item(Msg::new(format!("engine-mydata-consent-{}", c.as_str()))))
        .collect();
        self.say(Msg::new("engine-mydata-consents").arg("lines", Arg::Lines(given)));
        self.ask_mydata(true);
    }

    fn ask_mydata(&mut self, fresh: bool) {
        self.s.pending = Some(Pending::MyData);
        if fresh {
            self.s.turn += 1;
        }
        let turn = self.s.turn;
        let choices = self.mydata_choices();
        self.out.push(Event::Ask(Ask {
            step: MYDATA_STEP.into(),
            turn,
            prompt: Some(Msg::new("engine-mydata-prompt")),
            choices,
            multi: false,
        }));
    }

    fn answer_mydata(&mut self, input: &Input, folded: &str) {
        let choices = self.mydata_choices();
        let picked = match input {
            Input::Option { option, .. } => choices.iter().find(|c| &c.id == option),
            _ => folded
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| choices.get(i)),
        }
        .map(|c| c.id.clone());
        let Some(picked) = picked else {
            self.say(Msg::new("miss-not-an-option"));
            return self.ask_mydata(false);
        };
        self.s.pending = None;
        match picked.as_str() {
            "unshare" => self.unshare(),
            "unsensitive" => self.withdraw_sensitive(),
            "noreminders" => {
                self.s.consents.insert(ConsentScope::Reminders, false);
                self.effect(Effect::Consent {
                    scope: ConsentScope::Reminders,
                    granted: false,
                    text: Msg::new("engine-mydata-opt-noreminders"),
                });
                self.say(Msg::new("engine-reminders-withdrawn"));
            }
            "erase" => {
                self.s.pending = Some(Pending::ConfirmErase);
                self.say(Msg::new("engine-erase-confirm"));
                return self.ask_confirm();
            }
            _ => {}
        }
        if self.s.status == Status::Active {
            self.ask_current(true);
        }
    }

    /// Stops sharing the diagnostic with partners (staff no longer see it).
    fn unshare(&mut self) {
        if !self.s.consented(ConsentScope::Share) {
            self.say(Msg::new("engine-not-shared"));
            return;
        }
        self.s.consents.insert(ConsentScope::Share, false);
        self.effect(Effect::Consent {
            scope: ConsentScope::Share,
            granted: false,
            text: Msg::new("engine-mydata-opt-unshare"),
        });
        self.say(Msg::new("engine-unshared"));
    }

    /// Withdraws the consent to keep health, disability and justice answers: they are erased.
    fn withdraw_sensitive(&mut self) {
        let d = self.engine.dialogue;
        self.s
            .answers
            .retain(|id, _| d.step(id).is_none_or(|st| !st.def.sensitive));
        self.s.consents.insert(ConsentScope::Sensitive, false);
        self.effect(Effect::Consent {
            scope: ConsentScope::Sensitive,
            granted: false,
            text: Msg::new("engine-mydata-opt-unsensitive"),
        });
        self.say(Msg::new("engine-sensitive-withdrawn"));
    }

    /// The answers a person can go back and correct, in dialogue order.
    fn changeable(&self) -> Vec<Choice> {
        let d = self.engine.dialogue;
        d.steps
            .iter()
            .filter(|st| {
                st.def.kind.takes_input()
                    && st.def.kind != Kind::Language
                    && st.def.consent.is_none()
                    && self
                        .s
                        .answers
                        .get(&st.def.id)
                        .is_some_and(|a| a.value != Value::Withheld)
            })
            .map(|st| Choice {
                id: st.def.id.clone(),
                label: Msg::new(d.msg_id(&st.def.id, "short")),
            })
            .collect()
    }

    fn offer_change(&mut self) {
        let choices = self.changeable();
        if choices.is_empty() {
            self.say(Msg::new("engine-change-nothing"));
            return self.ask_current(false);
        }
        self.s.pending = Some(Pending::Change);
        self.s.turn += 1;
        let turn = self.s.turn;
        self.out.push(Event::Ask(Ask {
            step: CHANGE_STEP.into(),
            turn,
            prompt: Some(Msg::new("engine-change-prompt")),
            choices,
            multi: false,
        }));
    }

    fn answer_change(&mut self, input: &Input, folded: &str) {
        let choices = self.changeable();
        let picked = match input {
            Input::Option { option, .. } => choices
                .iter()
                .find(|c| &c.id == option)
                .map(|c| c.id.clone()),
            _ => folded
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| choices.get(i))
                .map(|c| c.id.clone()),
        };
        let Some(step) = picked else {
            self.say(Msg::new("miss-not-an-option"));
            let turn = self.s.turn;
            self.out.push(Event::Ask(Ask {
                step: CHANGE_STEP.into(),
                turn,
                prompt: None,
                choices,
                multi: false,
            }));
            return;
        };
        self.s.pending = None;
        self.s.status = Status::Active;
        self.s.reviewing = true;
        self.s.answers.remove(&step);
        self.s.trail.retain(|t| *t != step);
        self.s.step = step;
        self.ask_current(true);
    }

    fn help_msg(&self, stuck: bool) -> Msg {
        Msg::new("engine-help").arg("stuck", if stuck { "yes" } else { "no" })
    }

    fn human(&mut self) {
        self.effect(Effect::HumanRequested);
        let stored = if self.s.consented(ConsentScope::Store) {
            "yes"
        } else {
            "no"
        };
        self.say(Msg::new("engine-human").arg("stored", stored));
    }

    fn back(&mut self) {
        self.s.pending = None;
        let mut target = None;
        while let Some(id) = self.s.trail.pop() {
            let withheld = self
                .s
                .answers
                .get(&id)
                .is_some_and(|a| a.value == Value::Withheld);
            self.s.answers.remove(&id);
            if !withheld {
                target = Some(id);
                break;
            }
        }
        match target {
            Some(id) => {
                self.s.step = id;
                self.say(Msg::new("engine-back"));
                self.ask_current(true);
            }
            None => {
                self.say(Msg::new("engine-back-nothing"));
                self.ask_current(false);
            }
        }
    }

    fn answer_language(&mut self, input: &Input, folded: &str) {
        let tags = self.engine.lexicon.locales().to_vec();
        let picked = match input {
            Input::Option { option, .. } => tags.iter().find(|t| *t == option).cloned(),
            _ => match parse::match_option(folded, &tags, self.engine.lexicon.language_forms()) {
                Matched::One(t) => Some(t),
                _ => None,
            },
        };
        match picked {
            Some(tag) => {
                self.s.pending = None;
                self.set_locale(tag);
                self.ask_current(true);
            }
            None => self.miss(Miss::NotAnOption),
        }
    }

    fn set_locale(&mut self, tag: String) {
        if self.s.locale != tag {
            self.s.locale = tag.clone();
            self.effect(Effect::LocaleChanged(tag));
        }
    }

    fn answer_confirm(&mut self, pending: Pending, input: &Input, folded: &str) {
        let yes = match self.yes_no(input, folded) {
            Some(o) => o == "yes",
            None => return self.miss(Miss::NotAnOption),
        };
        self.s.pending = None;
        match (pending, yes) {
            (Pending::ConfirmErase, true) => {
                self.s.status = Status::Erased;
                self.s.answers.clear();
                self.s.trail.clear();
                self.s.consents.clear();
                self.effect(Effect::Erase);
                self.say(Msg::new("engine-erased"));
            }
            (Pending::ConfirmErase, false) => {
                self.say(Msg::new("engine-erase-cancelled"));
                if self.s.status == Status::Active {
                    self.ask_current(true);
                }
            }
            (Pending::Resume, true) => self.ask_current(true),
            (Pending::Resume, false) => {
                let locale = self.s.locale.clone();
                let consents = std::mem::take(&mut self.s.consents);
                let turn = self.s.turn;
                self.s = self.engine.new_session(&locale, self.now);
                self.s.consents = consents;
                self.s.turn = turn;
                self.say(Msg::new("engine-restart"));
                let start = self.d().start;
                self.enter(start);
            }
            (
                Pending::Language
                | Pending::Change
                | Pending::Offers
                | Pending::OtherChoice
                | Pending::Appointment
                | Pending::Reschedule
                | Pending::MyData,
                _,
            ) => {}
        }
    }

    fn yes_no(&self, input: &Input, folded: &str) -> Option<String> {
        let order = ["yes".to_string(), "no".to_string()];
        match input {
            Input::Option { option, .. } => order.iter().find(|o| *o == option).cloned(),
            _ => match parse::match_option(
                folded,
                &order,
                self.engine.lexicon.option_forms(&self.s.locale, YES_NO_KEY),
            ) {
                Matched::One(o) if o != "rather_not" => Some(o),
                _ => None,
            },
        }
    }

    fn answer(&mut self, input: &Input, text: &str, folded: &str) {
        let Some(step) = self.current() else {
            let start = self.d().start;
            return self.enter(start);
        };
        let kind = step.def.kind;
        let result = match (kind, input) {
            (Kind::Language, Input::Option { option, .. }) => self
                .engine
                .lexicon
                .locales()
                .iter()
                .find(|t| *t == option)
                .map(|t| Value::Option(t.clone()))
                .ok_or(Miss::NotAnOption),
            (_, Input::Option { option, .. }) if kind.has_options() => {
                if step.options.iter().any(|o| o == option) {
                    Ok(self.option_value(option))
                } else {
                    Err(Miss::NotAnOption)
                }
            }
            (_, Input::Option { .. }) => Err(Miss::NotAnOption),
            _ if folded.is_empty() && text.is_empty() => Err(Miss::Empty),
            _ => self.parse(step, text, folded),
        };
        match result {
            Ok(value) => self.record(value),
            Err(miss) => self.miss(miss),
        }
    }

    fn option_value(&self, option: &str) -> Value {
        if option == "rather_not" {
            Value::RatherNot
        } else {
            Value::Option(option.to_string())
        }
    }

    fn parse(&self, step: &Step, text: &str, folded: &str) -> Result<Value, Miss> {
        let def = &step.def;
        let lex = self.engine.lexicon;
        let locale = self.s.locale.as_str();
        match def.kind {
            Kind::Choice => match parse::match_option(folded, &step.options, self.step_forms(step))
            {
                Matched::One(o) => Ok(self.option_value(&o)),
                Matched::Many(v) => Err(Miss::Ambiguous(v)),
                Matched::None => Err(Miss::NotAnOption),
            },
            Kind::YesNo => match parse::match_option(
                folded,
                &step.options,
                lex.option_forms(locale, YES_NO_KEY),
            ) {
                Matched::One(o) if step.options.contains(&o) => Ok(self.option_value(&o)),
                Matched::Many(v) => Err(Miss::Ambiguous(v)),
                _ => Err(Miss::NotAnOption),
            },
            Kind::Language => {
                match parse::match_option(folded, lex.locales(), lex.language_forms()) {
                    Matched::One(o) => Ok(Value::Option(o)),
                    _ => Err(Miss::NotAnOption),
                }
            }
            Kind::Multi => self.parse_multi(step, text, folded),
            Kind::Number => parse::number(text, def.min.unwrap_or(0), def.max.unwrap_or(i64::MAX))
                .map(Value::Number),
            Kind::Age => parse::age(
                text,
                def.min.unwrap_or(0),
                def.max.unwrap_or(130),
                self.now.today,
            )
            .map(Value::Number),
            Kind::Date => parse::date(text, def.dates, self.now.today).map(Value::Date),
            Kind::Place => parse::place(text, &self.d().communes)
                .map(|(postcode, commune)| Value::Place { postcode, commune }),
            Kind::Phone => parse::phone(text).map(Value::Phone),
            Kind::Text => parse::text(text, def.max_len.unwrap_or(TEXT_MAX)).map(Value::Text),
            Kind::Pattern => {
                let t = parse::text(text, def.max_len.unwrap_or(PATTERN_MAX))?;
                let candidates = [
                    t.clone(),
                    t.to_uppercase(),
                    t.replace(' ', "").to_uppercase(),
                ];
                let re = step.regex.as_ref().ok_or(Miss::NoMatch)?;
                candidates
                    .into_iter()
                    .find(|c| re.is_match(c))
                    .map(Value::Text)
                    .ok_or(Miss::NoMatch)
            }
            Kind::Info | Kind::End | Kind::Booking => Err(Miss::NotAnOption),
        }
    }

    fn step_forms<'s>(
        &'s self,
        step: &'s Step,
    ) -> impl Iterator<Item = (&'s str, &'s str)> + Clone + 's {
        let lex = self.engine.lexicon;
        let own = lex.option_forms(&self.s.locale, &step.def.id);
        let rather: Vec<(&str, &str)> = if step.def.rather_not {
            lex.option_forms(&self.s.locale, YES_NO_KEY)
                .filter(|(o, _)| *o == "rather_not")
                .collect()
        } else {
            Vec::new()
        };
        own.collect::<Vec<_>>().into_iter().chain(rather)
    }

    fn parse_multi(&self, step: &Step, text: &str, folded: &str) -> Result<Value, Miss> {
        if folded.is_empty() {
            return Err(Miss::Empty);
        }
        // The whole answer may be one label that itself contains a separator word.
        let whole = parse::match_option(folded, &step.options, self.step_forms(step));
        let mut picked: Vec<String> = Vec::new();
        if let Matched::One(o) = whole {
            picked.push(o);
        } else {
            for part in parse::split_multi(text) {
                match parse::match_option(&part, &step.options, self.step_forms(step)) {
                    Matched::One(o) => {
                        if !picked.contains(&o) {
                            picked.push(o);
                        }
                    }
                    Matched::Many(v) => return Err(Miss::Ambiguous(v)),
                    Matched::None => return Err(Miss::UnknownPart(part)),
                }
            }
        }
        if picked.iter().any(|o| o == "rather_not") {
            return if picked.len() == 1 {
                Ok(Value::RatherNot)
            } else {
                Err(Miss::ExclusiveMixed("rather_not".into()))
            };
        }
        if picked.len() > 1 {
            if let Some(x) = step
                .def
                .options
                .iter()
                .find(|o| o.exclusive && picked.contains(&o.id))
            {
                return Err(Miss::ExclusiveMixed(x.id.clone()));
            }
        }
        let n = picked.len() as i64;
        if let Some(min) = step.def.min.filter(|m| n < *m) {
            return Err(Miss::TooFew(min));
        }
        if let Some(max) = step.def.max.filter(|m| n > *m) {
            return Err(Miss::TooMany(max));
        }
        picked.sort_by_key(|o| step.options.iter().position(|x| x == o));
        Ok(Value::Options(picked))
    }

    /// Records an answer to the current step and moves on.
    fn record(&mut self, value: Value) {
        let d = self.engine.dialogue;
        let Some(step) = d.step(&self.s.step) else {
            return;
        };
        let id = step.def.id.clone();
        let mut codes: Vec<String> = Vec::new();
        for o in value.option_ids() {
            for c in d.option_codes(step, o) {
                if !codes.contains(c) {
                    codes.push(c.clone());
                }
            }
        }
        if let Some(scope) = step.def.consent {
            let granted = matches!(&value, Value::Option(o) if o == "yes");
            self.s.consents.insert(scope, granted);
            if scope == ConsentScope::Sensitive && !granted {
                for a in self.s.answers.values_mut().filter(|a| a.sensitive) {
                    *a = Answer {
                        value: Value::Withheld,
                        codes: Vec::new(),
                        sensitive: false,
                        at: a.at,
                    };
                }
            }
            self.effect(Effect::Consent {
                scope,
                granted,
                text: Msg::new(d.msg_id(&id, "prompt")),
            });
        }
        if step.def.kind == Kind::Language {
            if let Value::Option(tag) = &value {
                self.set_locale(tag.clone());
            }
        }
        for o in value.option_ids() {
            if let Some(kind) = step
                .def
                .options
                .iter()
                .find(|x| x.id == o)
                .and_then(|x| x.urgent.as_deref())
            {
                if self.s.urgent.insert(kind.to_string()) {
                    self.say(Msg::new(format!("urgent-{}", kind.replace('_', "-"))));
                    self.effect(Effect::Urgent(kind.to_string()));
                }
                let code = format!("urgent:{kind}");
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
        }
        let sensitive = step.def.sensitive && value.is_answer();
        self.s.answers.insert(
            id.clone(),
            Answer {
                value: value.clone(),
                codes,
                sensitive,
                at: self.now.unix,
            },
        );
        self.s.trail.retain(|t| *t != id);
        self.s.trail.push(id);
        match self.exit(step, Some(&value)) {
            Some(next) if self.s.reviewing => {
                // After a correction, go on past the answers already given; if the summary
                // and proposal are on the way, say them again, as the proposal may change.
                let d = self.engine.dialogue;
                let (passed, at) = self.walk(next);
                let again = passed
                    .into_iter()
                    .find(|&i| d.steps[i].def.kind == Kind::Info && d.steps[i].def.proposal);
                self.enter(again.unwrap_or(at));
                self.s.reviewing = false;
            }
            Some(next) => self.enter(next),
            None => self.stuck(),
        }
    }

    /// Where a step leads, given its answer: the option's own next, then the routes in order,
    /// then the step's next.
    fn exit(&self, step: &Step, value: Option<&Value>) -> Option<usize> {
        let d = self.engine.dialogue;
        if let Some(Value::Option(o)) = value {
            if let Some(n) = step
                .def
                .options
                .iter()
                .find(|x| &x.id == o)
                .and_then(|x| x.next.as_deref())
            {
                return d.index.get(n).copied();
            }
        }
        if value == Some(&Value::RatherNot) {
            if let Some(n) = step
                .def
                .options
                .iter()
                .find(|x| x.id == "rather_not")
                .and_then(|x| x.next.as_deref())
            {
                return d.index.get(n).copied();
            }
        }
        for r in &step.def.routes {
            if r.when.as_slice().iter().all(|c| self.holds(c)) {
                return d.index.get(&r.goto).copied();
            }
        }
        step.def
            .next
            .as_deref()
            .and_then(|n| d.index.get(n).copied())
    }

    fn holds(&self, c: &crate::dialogue::model::Condition) -> bool {
        let answer = self.s.answers.get(&c.step).map(|a| &a.value);
        let ids: Vec<&str> = answer.map(Value::option_ids).unwrap_or_default();
        let number = match answer {
            Some(Value::Number(n)) => Some(*n),
            _ => None,
        };
        let num_ok = |bound: Option<i64>, f: fn(i64, i64) -> bool| {
            bound.is_none_or(|b| number.is_some_and(|n| f(n, b)))
        };
        c.is.as_ref().is_none_or(|x| ids.contains(&x.as_str()))
            && c.is_not.as_ref().is_none_or(|x| !ids.contains(&x.as_str()))
            && c.any_of
                .as_ref()
                .is_none_or(|xs| xs.iter().any(|x| ids.contains(&x.as_str())))
            && num_ok(c.lt, |n, b| n < b)
            && num_ok(c.le, |n, b| n <= b)
            && num_ok(c.gt, |n, b| n > b)
            && num_ok(c.ge, |n, b| n >= b)
            && c.answered
                .is_none_or(|want| answer.is_some_and(Value::is_answer) == want)
    }

    /// Enters a step: says what it says, passes through steps that ask nothing, and stops at
    /// the first question (or the end).
    fn enter(&mut self, mut at: usize) {
        let d = self.engine.dialogue;
        for _ in 0..self.engine.config.step_limit {
            let step = &d.steps[at];
            self.s.step = step.def.id.clone();
            self.s.misses = 0;
            if let Some(section) = step.section {
                if self.s.section.is_none_or(|s| s != section) {
                    self.s.section = Some(section);
                    self.say(
                        Msg::new("engine-progress")
                            .arg("part", section as i64 + 1)
                            .arg("total", d.sections.len() as i64)
                            .arg("name", Msg::new(d.section_msg_id(&d.sections[section]))),
                    );
                }
            }
            let next = match step.def.kind {
                Kind::Info => {
                    self.say(Msg::new(step.ids.prompt.clone()));
                    if step.def.proposal {
                        self.prune();
                        self.summary();
                        self.proposal();
                        self.say(Msg::new("engine-change-hint"));
                    }
                    self.exit(step, None)
                }
                Kind::Booking if !self.s.consented(ConsentScope::Store) => self.exit(step, None),
                // Already booked (or waiting for a call): never book twice on the way back.
                Kind::Booking if self.s.answers.contains_key(&step.def.id) => {
                    let v = self.s.answers[&step.def.id].value.clone();
                    self.exit(step, Some(&v))
                }
                _ if self.s.reviewing
                    && step.def.kind.takes_input()
                    && self
                        .s
                        .answers
                        .get(&step.def.id)
                        .is_some_and(|a| self.still_valid(step, &a.value)) =>
                {
                    let v = self.s.answers[&step.def.id].value.clone();
                    self.exit(step, Some(&v))
                }
                Kind::Booking => {
                    self.s.offers.clear();
                    self.s.offers_skipped = 0;
                    self.s.pending = None;
                    let wish = self.wish();
                    self.effect(Effect::FindSlots { wish, skip: 0 });
                    return;
                }
                Kind::End => {
                    self.prune();
                    self.say(Msg::new(step.ids.prompt.clone()));
                    if step.def.proposal {
                        self.summary();
                        self.proposal();
                        self.say(Msg::new("engine-change-hint"));
                    }
                    self.s.status = Status::Ended;
                    self.effect(Effect::Ended);
                    return;
                }
                _ if step.def.sensitive && !self.s.consented(ConsentScope::Sensitive) => {
                    let id = step.def.id.clone();
                    self.s.answers.insert(
                        id.clone(),
                        Answer {
                            value: Value::Withheld,
                            codes: Vec::new(),
                            sensitive: false,
                            at: self.now.unix,
                        },
                    );
                    self.s.trail.retain(|t| *t != id);
                    self.s.trail.push(id);
                    self.exit(step, Some(&Value::Withheld))
                }
                _ => {
                    self.ask_current(true);
                    return;
                }
            };
            match next {
                Some(n) => at = n,
                None => return self.stuck(),
            }
        }
        self.stuck();
    }

    /// A loop or a missing target: the person is told kindly and offered a human.
    fn stuck(&mut self) {
        self.s.status = Status::Paused;
        self.say(Msg::new("engine-stuck"));
        self.effect(Effect::HumanRequested);
    }

    fn summary(&mut self) {
        let lines = self.answer_lines();
        if !lines.is_empty() {
            self.say(Msg::new("engine-summary").arg("lines", Arg::Lines(lines)));
        }
    }

    /// What the person needs from an appointment, read from their answers.
    fn wish(&self) -> Wish {
        let d = self.engine.dialogue;
        let p = orientation::propose(&orientation::facts(d, &self.s.answers));
        let codes: Vec<&str> = self
            .s
            .answers
            .values()
            .flat_map(|a| a.codes.iter().map(String::as_str))
            .collect();
        let postcode = self.s.answers.values().find_map(|a| match &a.value {
            Value::Place { postcode, .. } => Some(postcode.clone()),
            _ => None,
        });
        let formats = [
            ("format:sur-place", Format::OnSite),
            ("format:telephone", Format::Phone),
            ("format:visio", Format::Video),
        ]
        .into_iter()
        .filter(|(c, _)| codes.contains(c))
        .map(|(_, f)| f)
        .collect();
        let mut formats: Vec<Format> = match self.s.wish_format {
            Some(f) => vec![f],
            None => formats,
        };
        // Without any means of transport, an appointment by phone or video comes first.
        if codes.contains(&"ft-situation:6") {
            formats.sort_by_key(|f| *f == Format::OnSite);
        }
        Wish {
            lead: Some(self.s.wish_lead.unwrap_or(p.lead)),
            with: if self.s.wish_lead.is_some() {
                None
            } else {
                p.with
            },
            postcode,
            formats,
            mornings: codes.contains(&"creneau:matin"),
            afternoons: codes.contains(&"creneau:apres-midi"),
        }
    }

    fn resolved(&mut self, r: Resolution) {
        match r {
            Resolution::Offers(list) => self.show_offers(list),
            Resolution::Taken => {
                // Someone else was quicker: say so and look again.
                self.say(Msg::new("booking-taken"));
                self.s.offers.clear();
                self.s.offers_skipped = 0;
                let wish = self.wish();
                self.effect(Effect::FindSlots { wish, skip: 0 });
            }
            Resolution::Booked(view) => {
                self.s.pending = None;
                self.confirm_booking(&view);
                if self
                    .current()
                    .is_some_and(|st| st.def.kind == Kind::Booking)
                    && self.s.status == Status::Active
                {
                    self.record(Value::Text(view.reference));
                }
            }
            Resolution::Appointment(Some(view)) => {
                self.say(
                    Msg::new("appointment-show")
                        .arg("when", Arg::Instant(view.start))
                        .arg(
                            "format",
                            Msg::new(format!("format-{}", view.format.as_str())),
                        )
                        .arg("place", view.place.clone())
                        .arg("reference", view.reference.clone()),
                );
                self.s.pending = Some(Pending::Appointment);
                self.s.turn += 1;
                let turn = self.s.turn;
                let choices = ["keep", "cancel", "move"]
                    .iter()
                    .map(|c| Choice {
                        id: (*c).to_string(),
                        label: Msg::new(format!("appointment-{c}")),
                    })
                    .collect();
                self.out.push(Event::Ask(Ask {
                    step: APPOINTMENT_STEP.into(),
                    turn,
                    prompt: Some(Msg::new("appointment-what")),
                    choices,
                    multi: false,
                }));
            }
            Resolution::Appointment(None) => {
                self.say(Msg::new("appointment-none"));
                self.ask_current(false);
            }
            Resolution::Cancelled => {
                if self.s.pending == Some(Pending::Reschedule) {
                    self.s.pending = None;
                    let d = self.engine.dialogue;
                    if let Some(i) = d.steps.iter().position(|st| st.def.kind == Kind::Booking) {
                        self.s.answers.remove(&d.steps[i].def.id);
                        self.s.status = Status::Active;
                        self.enter(i);
                        return;
                    }
                }
                self.s.pending = None;
                self.say(Msg::new("appointment-cancelled"));
                self.ask_current(false);
            }
        }
    }

    fn show_offers(&mut self, list: Vec<super::OfferView>) {
        if list.is_empty() {
            if self.s.offers.is_empty() {
                self.say(Msg::new("booking-none"));
                return self.waiting();
            }
            self.say(Msg::new("booking-no-more"));
            self.s.offers_skipped = 0;
            return self.ask_offers(None);
        }
        let joint = list[0].with_place.clone();
        self.s.offers = list;
        let prompt = match joint {
            Some(with) => Msg::new("booking-offer-prompt-joint").arg("with", with),
            None => Msg::new("booking-offer-prompt"),
        };
        self.ask_offers(Some(prompt));
    }

    fn ask_offers(&mut self, prompt: Option<Msg>) {
        self.s.pending = Some(Pending::Offers);
        self.s.turn += 1;
        let mut choices: Vec<Choice> = self
            .s
            .offers
            .iter()
            .enumerate()
            .map(|(i, o)| Choice {
                id: format!("o{}", i + 1),
                label: Msg::new("booking-offer")
                    .arg("when", Arg::Instant(o.offer.start))
                    .arg(
                        "format",
                        Msg::new(format!("format-{}", o.offer.format.as_str())),
                    )
                    .arg("place", o.place.clone()),
            })
            .collect();
        choices.push(Choice {
            id: "more".into(),
            label: Msg::new("booking-more"),
        });
        choices.push(Choice {
            id: "other".into(),
            label: Msg::new("booking-other"),
        });
        choices.push(Choice {
            id: "call".into(),
            label: Msg::new("booking-call-me"),
        });
        let turn = self.s.turn;
        let step = self.s.step.clone();
        self.out.push(Event::Ask(Ask {
            step,
            turn,
            prompt,
            choices,
            multi: false,
        }));
    }

    /// Reads a choice among the engine's own options: by button, number or word.
    fn pick(&self, input: &Input, folded: &str, ids: &[String]) -> Option<String> {
        match input {
            Input::Option { option, .. } => ids.iter().find(|i| *i == option).cloned(),
            _ => match parse::match_option(
                folded,
                ids,
                self.engine
                    .lexicon
                    .option_forms(&self.s.locale, BOOKING_KEY),
            ) {
                Matched::One(o) if ids.contains(&o) => Some(o),
                _ => None,
            },
        }
    }

    fn answer_offer(&mut self, input: &Input, folded: &str) {
        let mut ids: Vec<String> = (1..=self.s.offers.len()).map(|i| format!("o{i}")).collect();
        ids.push("more".into());
        ids.push("other".into());
        ids.push("call".into());
        match self.pick(input, folded, &ids).as_deref() {
            Some("other") => self.ask_other(None),
            Some("more") => {
                self.s.offers_skipped += self.s.offers.len() as u32;
                let wish = self.wish();
                self.effect(Effect::FindSlots {
                    wish,
                    skip: self.s.offers_skipped,
                });
            }
            Some("call") => self.waiting(),
            Some(o) => {
                let i: usize = o.trim_start_matches('o').parse().unwrap_or(1);
                if let Some(offer) = self.s.offers.get(i - 1) {
                    self.effect(Effect::Book(offer.offer.clone()));
                }
            }
            None => {
                self.s.misses += 1;
                self.say(Msg::new("miss-not-an-option"));
                let turn = self.s.turn;
                self.s.turn -= 1;
                self.ask_offers(None);
                self.s.turn = turn;
            }
        }
    }

    /// The organisations and formats a person can choose instead of the proposed ones.
    fn other_choices() -> Vec<Choice> {
        let formats = [Format::OnSite, Format::Phone, Format::Video]
            .into_iter()
            .map(|f| Choice {
                id: format!("f-{}", f.as_str()),
                label: Msg::new(format!("format-{}", f.as_str())),
            });
        let bodies = [
            Body::FranceTravail,
            Body::MissionLocale,
            Body::CapEmploi,
            Body::ConseilDepartemental,
        ]
        .into_iter()
        .map(|b| Choice {
            id: format!("b-{}", b.message_name()),
            label: Msg::new(format!("body-{}", b.message_name())),
        });
        formats.chain(bodies).collect()
    }

    fn ask_other(&mut self, prompt_again: Option<()>) {
        self.s.pending = Some(Pending::OtherChoice);
        if prompt_again.is_none() {
            self.s.turn += 1;
        }
        let turn = self.s.turn;
        let step = self.s.step.clone();
        let prompt = prompt_again
            .is_none()
            .then(|| Msg::new("booking-other-prompt"));
        self.out.push(Event::Ask(Ask {
            step,
            turn,
            prompt,
            choices: Self::other_choices(),
            multi: false,
        }));
    }

    fn answer_other(&mut self, input: &Input, folded: &str) {
        let choices = Self::other_choices();
        let ids: Vec<String> = choices.iter().map(|c| c.id.clone()).collect();
        let Some(picked) = self.pick(input, folded, &ids) else {
            self.say(Msg::new("miss-not-an-option"));
            return self.ask_other(Some(()));
        };
        if let Some(f) = picked.strip_prefix("f-").and_then(Format::parse) {
            self.s.wish_format = Some(f);
        } else if let Some(b) = picked.strip_prefix("b-") {
            self.s.wish_lead = [
                Body::FranceTravail,
                Body::MissionLocale,
                Body::CapEmploi,
                Body::ConseilDepartemental,
            ]
            .into_iter()
            .find(|x| x.message_name() == b);
        }
        self.s.pending = None;
        self.s.offers.clear();
        self.s.offers_skipped = 0;
        let wish = self.wish();
        self.effect(Effect::FindSlots { wish, skip: 0 });
    }

    /// No appointment fits: staff will call back.
    fn waiting(&mut self) {
        self.s.pending = None;
        let wish = self.wish();
        self.effect(Effect::WaitingRequest(wish));
        self.say(Msg::new("booking-waiting"));
        if self
            .current()
            .is_some_and(|st| st.def.kind == Kind::Booking)
        {
            self.record(Value::Option("waiting".into()));
        }
    }

    fn answer_appointment(&mut self, input: &Input, folded: &str) {
        let ids = vec!["keep".to_string(), "cancel".to_string(), "move".to_string()];
        match self.pick(input, folded, &ids).as_deref() {
            Some("keep") => {
                self.s.pending = None;
                self.say(Msg::new("appointment-kept"));
                self.ask_current(false);
            }
            Some("cancel") => {
                self.s.pending = None;
                self.effect(Effect::CancelAppointment);
            }
            Some(_) => {
                self.s.pending = Some(Pending::Reschedule);
                self.effect(Effect::CancelAppointment);
            }
            None => {
                self.say(Msg::new("miss-not-an-option"));
                let choices = ids
                    .iter()
                    .map(|c| Choice {
                        id: c.clone(),
                        label: Msg::new(format!("appointment-{c}")),
                    })
                    .collect();
                let turn = self.s.turn;
                self.out.push(Event::Ask(Ask {
                    step: APPOINTMENT_STEP.into(),
                    turn,
                    prompt: None,
                    choices,
                    multi: false,
                }));
            }
        }
    }

    fn confirm_booking(&mut self, v: &BookingView) {
        self.say(
            Msg::new("booking-confirmed")
                .arg("when", Arg::Instant(v.start))
                .arg("reference", v.reference.clone()),
        );
        match v.format {
            Format::OnSite => self.say(
                Msg::new("booking-where-on-site")
                    .arg("place", v.place.clone())
                    .arg("address", v.address.clone())
                    .arg("directions", v.directions.clone()),
            ),
            Format::Phone => {
                self.say(Msg::new("booking-where-phone").arg("place", v.place.clone()))
            }
            Format::Video => {
                self.say(Msg::new("booking-where-video").arg("place", v.place.clone()))
            }
        }
        if let Some(with) = &v.with_place {
            self.say(Msg::new("booking-with").arg("with", with.clone()));
        }
        if !v.bring.is_empty() && v.format == Format::OnSite {
            let items = v
                .bring
                .iter()
                .map(|b| Arg::Msg(Box::new(Msg::new(format!("bring-{b}")))))
                .collect();
            self.say(Msg::new("booking-bring").arg("items", Arg::List(items)));
        }
        if v.demo {
            self.say(Msg::new("booking-demo"));
        }
        self.say(Msg::new("booking-how-to-cancel"));
    }

    fn proposal(&mut self) {
        let d = self.engine.dialogue;
        let facts = orientation::facts(d, &self.s.answers);
        let p = orientation::propose(&facts);
        let needs: Vec<Arg> = orientation::needs(d, &self.s.answers)
            .iter()
            .filter_map(|n| {
                d.step(&n.step)
                    .map(|st| item(Msg::new(d.option_msg_id(st, &n.option))))
            })
            .collect();
        if needs.is_empty() {
            self.say(Msg::new("orientation-understood-none"));
        } else {
            self.say(Msg::new("orientation-understood").arg("needs", Arg::Lines(needs)));
        }
        self.say(
            Msg::new("orientation-proposal")
                .arg(
                    "parcours",
                    Msg::new(format!("parcours-{}", p.parcours.message_name())),
                )
                .arg("lead", Msg::new(format!("body-{}", p.lead.message_name()))),
        );
        let reasons: Vec<Arg> = p
            .reasons
            .iter()
            .map(|r| {
                let mut m = Msg::new(r.msg_id());
                if let Some(n) = r.count() {
                    m = m.arg("count", n as i64);
                }
                item(m)
            })
            .collect();
        self.say(Msg::new("orientation-because").arg("reasons", Arg::Lines(reasons)));
        if let Some(with) = p.with {
            self.say(
                Msg::new("orientation-with")
                    .arg("body", Msg::new(format!("body-{}", with.message_name()))),
            );
        }
        if !p.secondary.is_empty() {
            let partners = p
                .secondary
                .iter()
                .map(|x| item(Msg::new(format!("partner-{}", x.as_str()))))
                .collect();
            self.say(Msg::new("orientation-also").arg("partners", Arg::Lines(partners)));
        }
        self.say(Msg::new("orientation-next"));
        self.effect(Effect::Proposal(p));
    }

    fn miss(&mut self, miss: Miss) {
        self.s.misses += 1;
        let mut reason = Msg::new(miss.msg_id());
        let step_id = self.s.step.clone();
        let step = self.d().step(&step_id);
        match &miss {
            Miss::Ambiguous(options) => {
                let labels = options
                    .iter()
                    .map(|o| match step {
                        Some(st) if st.def.kind != Kind::Place => {
                            Arg::Msg(Box::new(Msg::new(self.d().option_msg_id(st, o))))
                        }
                        _ => Arg::Str(o.clone()),
                    })
                    .collect();
                reason = reason.arg("options", Arg::Alternatives(labels));
            }
            Miss::UnknownPart(p) => reason = reason.arg("part", p.clone()),
            Miss::TooFew(n) => reason = reason.arg("min", *n),
            Miss::TooMany(n) => reason = reason.arg("max", *n),
            Miss::TooLow(n) => reason = reason.arg("min", *n),
            Miss::TooHigh(n) => reason = reason.arg("max", *n),
            Miss::TooLong(n) => reason = reason.arg("max", *n as i64),
            Miss::ExclusiveMixed(o) => {
                let label = match step {
                    Some(st) if o != "rather_not" => Msg::new(self.d().option_msg_id(st, o)),
                    _ => Msg::new("answer-rather-not"),
                };
                reason = reason.arg("option", label);
            }
            _ => {}
        }
        self.say(reason);
        if self.s.pending.is_none() {
            if let Some(st) = step {
                self.say(Msg::new(st.ids.hint.clone()));
            }
        }
        if self.s.misses >= self.engine.config.misses_before_help {
            self.s.misses = 0;
            self.say(self.help_msg(true));
        }
        match self.s.pending {
            Some(Pending::Language) => self.ask_language_again(),
            Some(_) => self.ask_confirm_again(),
            None => self.ask_current(false),
        }
    }

    /// Asks the current step; with `full` the prompt is said again, else only the choices.
    fn ask_current(&mut self, full: bool) {
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
        if step.def.kind == Kind::Booking {
            if !self.s.offers.is_empty() {
                let prompt = full.then(|| Msg::new("booking-offer-prompt"));
                self.ask_offers(prompt);
            }
            return;
        }
        if full {
            self.s.turn += 1;
            self.s.misses = 0;
        }
        self.out.push(Event::Ask(question(
            self.engine.lexicon,
            step,
            self.s.turn,
            full,
        )));
    }

    fn language_choices(&self) -> Vec<Choice> {
        language_choices(self.engine.lexicon)
    }

    fn ask_language(&mut self, prompt: Msg) {
        self.s.turn += 1;
        let choices = self.language_choices();
        self.out.push(Event::Ask(Ask {
            step: LANGUAGE_STEP.into(),
            turn: self.s.turn,
            prompt: Some(prompt),
            choices,
            multi: false,
        }));
    }

    fn ask_language_again(&mut self) {
        let choices = self.language_choices();
        self.out.push(Event::Ask(Ask {
            step: LANGUAGE_STEP.into(),
            turn: self.s.turn,
            prompt: None,
            choices,
            multi: false,
        }));
    }

    fn confirm_choices() -> Vec<Choice> {
        vec![
            Choice {
                id: "yes".into(),
                label: Msg::new("answer-yes"),
            },
            Choice {
                id: "no".into(),
                label: Msg::new("answer-no"),
            },
        ]
    }

    fn ask_confirm(&mut self) {
        self.s.turn += 1;
        self.out.push(Event::Ask(Ask {
            step: CONFIRM_STEP.into(),
            turn: self.s.turn,
            prompt: None,
            choices: Self::confirm_choices(),
            multi: false,
        }));
    }

    fn ask_confirm_again(&mut self) {
        self.out.push(Event::Ask(Ask {
            step: CONFIRM_STEP.into(),
            turn: self.s.turn,
            prompt: None,
            choices: Self::confirm_choices(),
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

fn language_choices(lexicon: &Lexicon) -> Vec<Choice> {
    lexicon
        .locales()
        .iter()
        .map(|t| Choice {
            id: t.clone(),
            label: Msg::new(format!("language-name-{t}")),
        })
        .collect()
}

/// A line of a bulleted list.
fn item(m: Msg) -> Arg {
    Arg::Msg(Box::new(Msg::new("list-item").arg("item", m)))
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
