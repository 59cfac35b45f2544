//! The engine's own menus: "my data" (what is kept, consents to withdraw), the answer to
//! correct, the language, and yes/no confirmations. Each is a pseudo-step whose buttons are
//! read back here.

use super::asking::{item, language_choices};
use super::parse::{self, Matched, Miss};
use super::step::Run;
use super::{Arg, Choice, Effect, Input, Msg, Pending, Status, Value};
use crate::dialogue::{ConsentScope, Kind};

/// Pseudo-steps of the engine's own questions.
const LANGUAGE_STEP: &str = "_language";
const CONFIRM_STEP: &str = "_confirm";
const CHANGE_STEP: &str = "_change";
const MYDATA_STEP: &str = "_mydata";

impl Run<'_> {
    /// "My data": what is kept about the person, the consents they gave, and what they can do.
    pub(super) fn my_data(&mut self) {
        self.s.pending = None;
        if self.s.invitation.is_some() {
            // What the Département's list holds is kept whatever the person agreed to.
            self.say(Msg::new("engine-mydata-invitation"));
        }
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

    /// What can be done with the data: withdraw each consent given, erase, or go on.
    fn mydata_choices(&self) -> Vec<Choice> {
        let withdrawals = [
            (ConsentScope::Share, "unshare"),
            (ConsentScope::Sensitive, "unsensitive"),
            (ConsentScope::Reminders, "noreminders"),
        ]
        .into_iter()
        .filter(|(scope, _)| self.s.consented(*scope))
        .map(|(_, id)| id);
        withdrawals
            .chain(["erase", "continue"])
            .map(|id| Choice {
                id: id.into(),
                label: Msg::new(format!("engine-mydata-opt-{id}")),
            })
            .collect()
    }

    /// Asks what to do with the data; when `fresh`, under a new question number.
    fn ask_mydata(&mut self, fresh: bool) {
        self.s.pending = Some(Pending::MyData);
        let choices = self.mydata_choices();
        let prompt = Some(Msg::new("engine-mydata-prompt"));
        self.ask_own(MYDATA_STEP, fresh, prompt, choices);
    }

    /// Carries out what the person chose to do with their data.
    pub(super) fn answer_mydata(&mut self, input: &Input, folded: &str) {
        let Some(picked) = pick_listed(input, folded, &self.mydata_choices()) else {
            self.say(Msg::new("miss-not-an-option"));
            return self.ask_mydata(false);
        };
        self.s.pending = None;
        match picked.as_str() {
            "unshare" => self.unshare(),
            "unsensitive" => self.withdraw_sensitive(),
            "noreminders" => self.withdraw(
                ConsentScope::Reminders,
                "noreminders",
                "engine-reminders-withdrawn",
            ),
            "erase" => return self.ask_erase(),
            _ => {}
        }
        if self.s.status == Status::Active {
            self.ask_current(true);
        }
    }

    /// Stops sharing the diagnostic with partners (staff no longer see it).
    pub(super) fn unshare(&mut self) {
        if !self.s.consented(ConsentScope::Share) {
            self.say(Msg::new("engine-not-shared"));
            return;
        }
        self.withdraw(ConsentScope::Share, "unshare", "engine-unshared");
    }

    /// Withdraws the consent to keep health, disability and justice answers: they are erased.
    fn withdraw_sensitive(&mut self) {
        let d = self.engine.dialogue;
        self.s
            .answers
            .retain(|id, _| d.step(id).is_none_or(|st| !st.def.sensitive));
        self.withdraw(
            ConsentScope::Sensitive,
            "unsensitive",
            "engine-sensitive-withdrawn",
        );
    }

    /// Records a consent withdrawn through the "my data" option `option`, and says `said`.
    fn withdraw(&mut self, scope: ConsentScope, option: &str, said: &str) {
        self.s.consents.insert(scope, false);
        self.effect(Effect::Consent {
            scope,
            granted: false,
            text: Msg::new(format!("engine-mydata-opt-{option}")),
        });
        self.say(Msg::new(said));
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

    /// Asks which answer to correct.
    pub(super) fn offer_change(&mut self) {
        let choices = self.changeable();
        if choices.is_empty() {
            self.say(Msg::new("engine-change-nothing"));
            return self.ask_current(false);
        }
        self.s.pending = Some(Pending::Change);
        let prompt = Some(Msg::new("engine-change-prompt"));
        self.ask_own(CHANGE_STEP, true, prompt, choices);
    }

    /// Forgets the answer chosen and asks its question again.
    pub(super) fn answer_change(&mut self, input: &Input, folded: &str) {
        let choices = self.changeable();
        let Some(step) = pick_listed(input, folded, &choices) else {
            self.say(Msg::new("miss-not-an-option"));
            return self.ask_own(CHANGE_STEP, false, None, choices);
        };
        self.s.pending = None;
        self.s.status = Status::Active;
        self.s.reviewing = true;
        self.s.answers.remove(&step);
        self.s.trail.retain(|t| *t != step);
        self.s.step = step;
        self.ask_current(true);
    }

    /// Asks for another language; with `prompt` under a new question number.
    pub(super) fn ask_language(&mut self, prompt: Option<Msg>) {
        let fresh = prompt.is_some();
        let choices = language_choices(self.engine.lexicon);
        self.ask_own(LANGUAGE_STEP, fresh, prompt, choices);
    }

    /// Switches to the language chosen and asks the current question again in it.
    pub(super) fn answer_language(&mut self, input: &Input, folded: &str) {
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

    /// Asks yes or no; when `fresh`, under a new question number.
    pub(super) fn ask_confirm(&mut self, fresh: bool) {
        self.ask_own(CONFIRM_STEP, fresh, None, yes_no_choices());
    }
}

/// Yes and no, as buttons and numbered answers.
pub(super) fn yes_no_choices() -> Vec<Choice> {
    ["yes", "no"]
        .into_iter()
        .map(|id| Choice {
            id: id.into(),
            label: Msg::new(format!("answer-{id}")),
        })
        .collect()
}

/// Reads a choice among listed ones: by button, or by its number in the list.
fn pick_listed(input: &Input, folded: &str, choices: &[Choice]) -> Option<String> {
    match input {
        Input::Option { option, .. } => choices.iter().find(|c| &c.id == option),
        _ => folded
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| choices.get(i)),
    }
    .map(|c| c.id.clone())
}
