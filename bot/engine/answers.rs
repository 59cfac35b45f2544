//! Reading an answer to the current step (by button, number, label or synonym), recording it
//! with its codes, consents and urgent situations, and telling the person what was wrong.

use super::lexicon::YES_NO_KEY;
use super::parse::{self, Matched, Miss};
use super::step::Run;
use super::{Answer, Arg, Effect, Input, Msg, Pending, Value};
use crate::dialogue::{ConsentScope, Kind, Step};

/// Length caps of free text and of a pattern's answer, where the step sets none.
const TEXT_MAX: usize = 500;
const PATTERN_MAX: usize = 100;

impl Run<'_> {
    /// Reads the answer to the current step and records it, or says what was wrong.
    pub(super) fn answer(&mut self, input: &Input, text: &str, folded: &str) {
        let Some(step) = self.current() else {
            let start = self.d().start;
            return self.enter(start);
        };
        let kind = step.def.kind;
        if kind == Kind::Phone {
            if let Some(own) = self.own_number_picked(input, folded) {
                return self.record(own);
            }
        }
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

    /// The value of an option picked; "rather not say" is a value of its own.
    fn option_value(&self, option: &str) -> Value {
        if option == "rather_not" {
            Value::RatherNot
        } else {
            Value::Option(option.to_string())
        }
    }

    /// Reads a typed answer to `step`.
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
                &self.age_thresholds(step),
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

    /// The ages where what follows changes, for a step asking the age: the orientation's and
    /// those the dialogue's routes compare it with.
    fn age_thresholds(&self, step: &Step) -> Vec<i64> {
        let mut t = self.d().thresholds(&step.def.id);
        t.extend_from_slice(crate::orientation::AGE_THRESHOLDS);
        t
    }

    /// The words that name the options of `step` in the person's locale (and the reference),
    /// with those of "rather not say" where the step offers it.
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

    /// Reads several options at once: one label, or parts split on commas and "and".
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
            for (typed, part) in parse::split_multi_typed(text) {
                match parse::match_option(&part, &step.options, self.step_forms(step)) {
                    Matched::One(o) => {
                        if !picked.contains(&o) {
                            picked.push(o);
                        }
                    }
                    Matched::Many(v) => return Err(Miss::Ambiguous(v)),
                    // Quoted back as the person typed it, never folded.
                    Matched::None => return Err(Miss::UnknownPart(quoted(&typed))),
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
    pub(super) fn record(&mut self, value: Value) {
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
        let mut urgent: Vec<String> = value
            .option_ids()
            .into_iter()
            .filter_map(|o| step.option(o)?.urgent.clone())
            .collect();
        for kind in &urgent {
            self.flag_urgent(kind, false);
        }
        if matches!(value, Value::Text(_)) {
            urgent.extend(self.urgent_words());
        }
        for kind in urgent {
            let code = format!("urgent:{kind}");
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
        let sensitive = step.def.sensitive && value.is_answer();
        let answer = Answer {
            value: value.clone(),
            codes,
            sensitive,
            at: self.now.unix,
        };
        self.keep_answer(id, answer);
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

    /// Says why an answer was not understood, with help after several misses, and asks again.
    pub(super) fn miss(&mut self, miss: Miss) {
        if !self.urgent_words().is_empty() {
            // Not a wrong answer: the person told what matters more. The question comes after.
            return match self.s.pending {
                Some(Pending::Language) => self.ask_language(None),
                Some(_) => self.ask_confirm(true),
                None => self.ask_current(true),
            };
        }
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
        // The hint's examples would contradict a request for the month.
        if self.s.pending.is_none() && miss != Miss::BirthMonthNeeded {
            if let Some(st) = step {
                self.out.push(super::asking::hint(st));
            }
        }
        if self.s.misses >= self.engine.config.misses_before_help {
            self.s.misses = 0;
            self.say(self.help_msg(true));
        }
        match self.s.pending {
            Some(Pending::Language) => self.ask_language(None),
            Some(_) => self.ask_confirm(false),
            None => self.ask_current(false),
        }
    }

    /// Tells the person who to call for each urgent situation their words tell (in the
    /// language of the conversation or the reference one; in any language before one is
    /// chosen), and flags the conversation as the matching option would. The kinds told.
    pub(super) fn urgent_words(&mut self) -> Vec<String> {
        if self.said.is_empty() {
            return Vec::new();
        }
        let lex = self.engine.lexicon;
        let choosing = self.s.turn == 0
            || self.s.pending == Some(Pending::Language)
            || (self.s.pending.is_none()
                && self.current().is_some_and(|s| s.def.kind == Kind::Language));
        let kinds = if choosing {
            lex.urgent(None, &self.said)
        } else {
            lex.urgent(Some(&self.s.locale), &self.said)
        };
        for kind in &kinds {
            self.flag_urgent(kind, true);
        }
        kinds
    }

    /// One urgent situation: the person is told who to call and staff will see it first.
    /// Told once when chosen as an option; every time the person writes it.
    fn flag_urgent(&mut self, kind: &str, again: bool) {
        let new = self.s.urgent.insert(kind.to_string());
        if new || again {
            self.say(Msg::new(format!("urgent-{}", kind.replace('_', "-"))));
        }
        if new {
            self.effect(Effect::Urgent(kind.to_string()));
        }
    }

    /// Reads a yes or a no to one of the engine's own questions.
    pub(super) fn yes_no(&self, input: &Input, folded: &str) -> Option<String> {
        self.pick(input, folded, &["yes".into(), "no".into()], YES_NO_KEY)
    }

    /// Reads a choice among the engine's own options `ids`: by button, by number, or by a word
    /// the lexicon keeps for them under the pseudo-step `key`.
    pub(super) fn pick(
        &self,
        input: &Input,
        folded: &str,
        ids: &[String],
        key: &str,
    ) -> Option<String> {
        match input {
            Input::Option { option, .. } => ids.iter().find(|i| *i == option).cloned(),
            _ => match parse::match_option(
                folded,
                ids,
                self.engine.lexicon.option_forms(&self.s.locale, key),
            ) {
                Matched::One(o) if ids.contains(&o) => Some(o),
                _ => None,
            },
        }
    }

    /// Switches the conversation's language.
    pub(super) fn set_locale(&mut self, tag: String) {
        if self.s.locale != tag {
            self.s.locale = tag.clone();
            self.effect(Effect::LocaleChanged(tag));
        }
    }
}

/// The person's words as quoted back: as typed, at most a short line.
fn quoted(typed: &str) -> String {
    const MAX: usize = 60;
    if typed.chars().count() <= MAX {
        return typed.to_string();
    }
    let cut: String = typed.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}
