//! Where the person goes next: entering steps (and passing those that ask nothing), following
//! options, routes and conditions, going back, re-anchoring a session after the dialogue
//! changed, and what is said on the way (summary, proposed orientation).

use super::asking::{body_msg, item, parcours_msg, reason_msg, value_arg};
use super::step::Run;
use super::{Answer, Arg, Effect, Event, Msg, Status, Value};
use crate::dialogue::model::Condition;
use crate::dialogue::{ConsentScope, Kind, Step};
use crate::orientation;

impl Run<'_> {
    /// Enters a step: says what it says, passes through steps that ask nothing, and stops at
    /// the first question (or the end).
    pub(super) fn enter(&mut self, mut at: usize) {
        let d = self.engine.dialogue;
        for _ in 0..self.engine.config.step_limit {
            let step = &d.steps[at];
            self.s.step = step.def.id.clone();
            self.s.misses = 0;
            if let Some(section) = step.section {
                if self.s.section.is_none_or(|s| s != section) {
                    self.s.section = Some(section);
                    // On SMS, left out where it would take the question over its segments.
                    let progress = Msg::new("engine-progress")
                        .arg("part", section as i64 + 1)
                        .arg("total", d.sections.len() as i64)
                        .arg("name", Msg::new(d.section_msg_id(&d.sections[section])));
                    self.out.push(Event::Long {
                        full: vec![progress],
                        brief: Vec::new(),
                    });
                }
            }
            let next = match step.def.kind {
                Kind::Info => {
                    self.say(Msg::new(step.ids.prompt.clone()));
                    if step.def.proposal {
                        self.prune();
                        self.proposal();
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
                // The language is known before the first question: say so, and how to change it.
                Kind::Language if self.s.turn == 0 && self.s.answers.contains_key(&step.def.id) => {
                    // On SMS, left out where it would take the first reply over its segments
                    // (the help still says how to change the language).
                    self.out.push(Event::Long {
                        full: vec![Msg::new("engine-language-known")],
                        brief: Vec::new(),
                    });
                    let v = self.s.answers[&step.def.id].value.clone();
                    self.exit(step, Some(&v))
                }
                Kind::Booking => {
                    self.s.pending = None;
                    self.search_again();
                    return;
                }
                Kind::End => {
                    self.prune();
                    self.say(Msg::new(step.ids.prompt.clone()));
                    if step.def.proposal {
                        self.proposal();
                    }
                    self.s.status = Status::Ended;
                    self.effect(Effect::Ended);
                    return;
                }
                _ if step.def.sensitive && !self.s.consented(ConsentScope::Sensitive) => {
                    let withheld = Answer {
                        value: Value::Withheld,
                        codes: Vec::new(),
                        sensitive: false,
                        at: self.now.unix,
                    };
                    self.keep_answer(step.def.id.clone(), withheld);
                    self.exit(step, Some(&Value::Withheld))
                }
                // What the invitation's list says: confirmed, not asked again.
                _ if step.def.kind.takes_input()
                    && !self.s.answers.contains_key(&step.def.id)
                    && self
                        .s
                        .known
                        .get(&step.def.id)
                        .is_some_and(|a| self.still_valid(step, &a.value)) =>
                {
                    self.ask_known(true);
                    return;
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

    /// Where a step leads, given its answer: the option's own next, then the routes in order,
    /// then the step's next.
    pub(super) fn exit(&self, step: &Step, value: Option<&Value>) -> Option<usize> {
        let d = self.engine.dialogue;
        let chosen = match value {
            Some(Value::Option(o)) => Some(o.as_str()),
            Some(Value::RatherNot) => Some("rather_not"),
            _ => None,
        };
        if let Some(n) = chosen.and_then(|o| step.option(o)?.next.as_deref()) {
            return d.index.get(n).copied();
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

    /// Whether a route's condition holds on the answers given so far.
    fn holds(&self, c: &Condition) -> bool {
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

    /// Follows the path from `from` with the saved answers; returns the steps passed and the
    /// first step that still needs an answer (or the end).
    pub(super) fn walk(&self, from: usize) -> (Vec<usize>, usize) {
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

    /// Whether a saved answer still fits its step (the options may have changed).
    fn still_valid(&self, step: &Step, value: &Value) -> bool {
        if step.def.kind == Kind::Booking {
            return true;
        }
        value
            .option_ids()
            .iter()
            .all(|o| step.options.iter().any(|x| x == o) || step.def.kind == Kind::Language)
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

    /// After a deploy that changed the dialogue: walks the path again with the saved answers
    /// and stops at the first step that still needs one. Returns whether the step moved.
    pub(super) fn reanchor(&mut self) -> bool {
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

    /// Goes back to the last question answered (passing over those withheld) and asks it again.
    pub(super) fn back(&mut self) {
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

    /// A loop or a missing target: the person is told kindly and offered a human.
    pub(super) fn stuck(&mut self) {
        self.s.status = Status::Paused;
        self.say(Msg::new("engine-stuck"));
        self.effect(Effect::HumanRequested);
    }

    /// The answers kept, as summary lines, in dialogue order.
    pub(super) fn answer_lines(&self) -> Vec<Arg> {
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

    /// Says the summary of the answers and the orientation proposed (on SMS, a short
    /// summary and the proposal), and how to correct an answer.
    fn proposal(&mut self) {
        let p = self.s.proposal(self.engine.dialogue);
        let full = self.summary_msgs(&p);
        let brief = self.brief_msgs(&p);
        self.out.push(Event::Long { full, brief });
        self.effect(Effect::Proposal(p));
        self.say(Msg::new("engine-change-hint"));
    }

    /// The whole summary: every answer kept, the needs understood and the orientation
    /// proposed with its reasons.
    pub(super) fn summary_msgs(&self, p: &orientation::Proposal) -> Vec<Msg> {
        let mut out = Vec::new();
        let lines = self.answer_lines();
        if !lines.is_empty() {
            out.push(Msg::new("engine-summary").arg("lines", Arg::Lines(lines)));
        }
        let d = self.engine.dialogue;
        let needs: Vec<Arg> = orientation::needs(d, &self.s.answers)
            .iter()
            .filter_map(|n| {
                d.step(&n.step)
                    .map(|st| item(Msg::new(d.option_msg_id(st, &n.option))))
            })
            .collect();
        if needs.is_empty() {
            out.push(Msg::new("orientation-understood-none"));
        } else {
            out.push(Msg::new("orientation-understood").arg("needs", Arg::Lines(needs)));
        }
        out.push(proposal_msg(p));
        let reasons: Vec<Arg> = p.reasons.iter().map(|r| item(reason_msg(r))).collect();
        out.push(Msg::new("orientation-because").arg("reasons", Arg::Lines(reasons)));
        out.extend(with_msg(p));
        if !p.secondary.is_empty() {
            let partners = p
                .secondary
                .iter()
                .map(|x| item(Msg::new(format!("partner-{}", x.as_str()))))
                .collect();
            out.push(Msg::new("orientation-also").arg("partners", Arg::Lines(partners)));
        }
        out.push(Msg::new("orientation-next"));
        out
    }

    /// The short summary for SMS (how many answers are kept, how to read them all) and the
    /// proposal.
    fn brief_msgs(&self, p: &orientation::Proposal) -> Vec<Msg> {
        let count = self.answer_lines().len() as i64;
        let mut out = vec![
            Msg::new("engine-summary-brief").arg("count", count),
            proposal_msg(p),
        ];
        out.extend(with_msg(p));
        out.push(Msg::new("orientation-next"));
        out
    }

    /// The whole summary on request: every answer kept so far, and the orientation once it
    /// was proposed.
    pub(super) fn say_summary(&mut self) {
        if !self.s.consented(crate::dialogue::ConsentScope::Store) {
            self.say(Msg::new("engine-mydata-nothing"));
            return;
        }
        let d = self.engine.dialogue;
        let (passed, _) = self.walk(d.start);
        let proposed =
            self.s.status == Status::Ended || passed.iter().any(|&i| d.steps[i].def.proposal);
        if proposed {
            let p = self.s.proposal(d);
            for m in self.summary_msgs(&p) {
                self.say(m);
            }
        } else {
            let lines = self.answer_lines();
            if lines.is_empty() {
                self.say(Msg::new("engine-mydata-no-answers"));
            } else {
                self.say(Msg::new("engine-summary").arg("lines", Arg::Lines(lines)));
            }
        }
    }

    /// Keeps an answer to step `id` and puts the step last on the trail "back" follows.
    pub(super) fn keep_answer(&mut self, id: String, answer: Answer) {
        self.s.answers.insert(id.clone(), answer);
        self.s.trail.retain(|t| *t != id);
        self.s.trail.push(id);
    }
}

/// The orientation proposed: the parcours and the lead organisation.
fn proposal_msg(p: &orientation::Proposal) -> Msg {
    Msg::new("orientation-proposal")
        .arg("parcours", parcours_msg(p.parcours))
        .arg("lead", body_msg(p.lead))
}

/// The organisation of the joint first appointment, if there is one.
fn with_msg(p: &orientation::Proposal) -> Option<Msg> {
    p.with
        .map(|with| Msg::new("orientation-with").arg("body", body_msg(with)))
}
