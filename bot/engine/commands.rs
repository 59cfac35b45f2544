//! The global commands every step accepts (help, back, skip, language, human, stop, erase,
//! change, appointment, my data, unshare, summary), and confirming an erasure or a resume.

use super::lexicon::Command;
use super::parse::Miss;
use super::step::Run;
use super::{Effect, Input, Msg, Pending, Status, Value};
use crate::dialogue::ConsentScope;

impl Run<'_> {
    /// Carries out a command said while the conversation goes on.
    pub(super) fn command(&mut self, c: Command) {
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
                if self.skip_phone() {
                    // Asked again, or offered another format.
                } else if skippable {
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
                self.ask_language(Some(Msg::new("engine-language-prompt")));
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
            Command::Erase => self.ask_erase(),
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
            Command::Summary => {
                self.say_summary();
                self.ask_current(false);
            }
        }
    }

    /// The help; `stuck` after several answers in a row were not understood.
    pub(super) fn help_msg(&self, stuck: bool) -> Msg {
        Msg::new("engine-help").arg("stuck", if stuck { "yes" } else { "no" })
    }

    /// Asks for a human, telling the person whether what they said is kept for them.
    fn human(&mut self) {
        self.effect(Effect::HumanRequested);
        let stored = if self.s.consented(ConsentScope::Store) {
            "yes"
        } else {
            "no"
        };
        self.say(Msg::new("engine-human").arg("stored", stored));
    }

    /// Reads the yes or no to an erasure or to resuming after a long silence.
    pub(super) fn answer_confirm(&mut self, pending: Pending, input: &Input, folded: &str) {
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
                let turn = self.s.turn;
                self.fresh_session();
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
                | Pending::MyData
                | Pending::NoPhone
                | Pending::Known,
                _,
            ) => {}
        }
    }

    /// A command once the dialogue ended or the data was erased: start again, and the few
    /// commands that still make sense; anything else is told the conversation is over.
    pub(super) fn after_end(&mut self, command: Option<Command>) {
        match command {
            Some(Command::Start) => {
                self.fresh_session();
                let start = self.d().start;
                self.enter(start);
            }
            Some(Command::Erase) if self.s.status == Status::Ended => self.ask_erase(),
            Some(Command::Human) => self.human(),
            Some(Command::Change) => self.offer_change(),
            Some(Command::Appointment) => self.effect(Effect::FindAppointment),
            Some(Command::MyData) if self.s.status == Status::Ended => self.my_data(),
            Some(Command::Unshare) if self.s.status == Status::Ended => self.unshare(),
            Some(Command::Summary) if self.s.status == Status::Ended => self.say_summary(),
            _ => self.say(Msg::new("engine-already-ended")),
        }
    }

    /// Asks to confirm the erasure of every piece of the person's data.
    pub(super) fn ask_erase(&mut self) {
        self.s.pending = Some(Pending::ConfirmErase);
        self.say(Msg::new("engine-erase-confirm"));
        self.ask_confirm(true);
    }

    /// A new session in place of the current one, keeping the language and the consents.
    fn fresh_session(&mut self) {
        let locale = self.s.locale.clone();
        let consents = std::mem::take(&mut self.s.consents);
        self.s = self.engine.new_session(&locale, self.now);
        self.s.consents = consents;
    }
}
