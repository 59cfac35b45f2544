//! The number to call for an appointment by phone. The number the person writes from (SMS,
//! WhatsApp) is offered first; a number skipped while only an appointment by phone suits is
//! asked once more, then an appointment on site or by video is offered instead.

use super::lexicon::BOOKING_KEY;
use super::parse;
use super::step::Run;
use super::{Answer, Choice, Input, Msg, Pending, Value};
use crate::dialogue::{AppointmentHint, Kind, Step};

/// The choice that gives the number the person writes from.
const OWN_NUMBER: &str = "own_number";

impl<'e> Run<'e> {
    /// The number the person writes from, when it is one the service can call.
    fn own_number(&self) -> Option<String> {
        parse::phone(self.s.own_number.as_deref()?).ok()
    }

    /// The choices offered with a phone step: the number the person writes from, if any.
    pub(super) fn phone_choices(&self) -> Vec<Choice> {
        self.own_number()
            .map(|_| Choice {
                id: OWN_NUMBER.into(),
                label: Msg::new("phone-own-number"),
            })
            .into_iter()
            .collect()
    }

    /// The number the person writes from, when they chose it (by button, number or word).
    pub(super) fn own_number_picked(&self, input: &Input, folded: &str) -> Option<Value> {
        let number = self.own_number()?;
        self.pick(input, folded, &[OWN_NUMBER.to_string()], BOOKING_KEY)
            .map(|_| Value::Phone(number))
    }

    /// The answer that chose an appointment by phone: its step, the option, and whether it
    /// also chose another format.
    fn phone_format(&self) -> Option<(&'e Step, String, bool)> {
        let d = self.d();
        self.s.answers.iter().find_map(|(id, a)| {
            let step = d.step(id)?;
            let hint = |o: &str| step.option(o).and_then(|o| o.appointment);
            let chosen = a.value.option_ids();
            let phone = chosen
                .iter()
                .find(|o| hint(o) == Some(AppointmentHint::Phone))?;
            let other = chosen.iter().any(|o| {
                matches!(
                    hint(o),
                    Some(AppointmentHint::OnSite | AppointmentHint::Video)
                )
            });
            Some((step, (*phone).to_string(), other))
        })
    }

    /// Skipping the number to call. With another format chosen too, the appointment by phone
    /// is dropped from the wish; with only the phone, the number is asked once more, then
    /// another format is offered. Whether the skip was handled here.
    pub(super) fn skip_phone(&mut self) -> bool {
        let asking = matches!(self.s.pending, None | Some(Pending::NoPhone));
        if !asking || !self.current().is_some_and(|s| s.def.kind == Kind::Phone) {
            return false;
        }
        let Some((step, phone, other)) = self.phone_format() else {
            return false;
        };
        let id = step.def.id.clone();
        if other {
            let keep: Vec<String> = self.s.answers[&id]
                .value
                .option_ids()
                .into_iter()
                .filter(|o| *o != phone)
                .map(String::from)
                .collect();
            self.set_formats(&id, keep);
            return false;
        }
        if self.s.misses == 0 && self.s.pending.is_none() {
            self.s.misses += 1;
            self.say(Msg::new("phone-needed"));
            self.ask_current(false);
        } else {
            self.ask_no_phone(true);
        }
        true
    }

    /// The formats that need no number, then giving one after all.
    fn no_phone_choices(step: &Step, phone: &str) -> Vec<Choice> {
        let instead = step
            .options
            .iter()
            .zip(&step.ids.options)
            .filter(|(o, _)| {
                matches!(
                    step.option(o).and_then(|o| o.appointment),
                    Some(AppointmentHint::OnSite | AppointmentHint::Video)
                )
            })
            .map(|(o, label)| Choice {
                id: o.clone(),
                label: Msg::new(label.clone()),
            });
        let give = Choice {
            id: phone.to_string(),
            label: Msg::new("phone-give-number"),
        };
        instead.chain([give]).collect()
    }

    /// Offers the formats that need no number, or to give one after all.
    fn ask_no_phone(&mut self, fresh: bool) {
        self.s.pending = Some(Pending::NoPhone);
        let Some((step, phone, _)) = self.phone_format() else {
            return;
        };
        let here = self.s.step.clone();
        let prompt = fresh.then(|| Msg::new("phone-none-prompt"));
        self.ask_own(&here, fresh, prompt, Self::no_phone_choices(step, &phone));
    }

    /// Reads the format chosen instead of the phone, or the wish to give a number after all.
    pub(super) fn answer_no_phone(&mut self, input: &Input, folded: &str) {
        let Some((step, phone, _)) = self.phone_format() else {
            self.s.pending = None;
            return self.ask_current(true);
        };
        let id = step.def.id.clone();
        let ids: Vec<String> = Self::no_phone_choices(step, &phone)
            .into_iter()
            .map(|c| c.id)
            .collect();
        let picked = match input {
            Input::Option { option, .. } => ids.iter().find(|o| *o == option).cloned(),
            _ => match parse::match_option(
                folded,
                &ids,
                self.engine.lexicon.option_forms(&self.s.locale, &id),
            ) {
                parse::Matched::One(o) => Some(o),
                _ => None,
            },
        };
        match picked {
            Some(o) if o == phone => {
                self.s.pending = None;
                self.ask_current(true);
            }
            Some(o) => {
                self.s.pending = None;
                self.set_formats(&id, vec![o]);
                self.record(Value::Skipped);
            }
            None => {
                self.say(Msg::new("miss-not-an-option"));
                self.ask_no_phone(false);
            }
        }
    }

    /// Replaces the formats chosen at `step` with `options`, and their codes.
    fn set_formats(&mut self, step: &str, options: Vec<String>) {
        let d = self.d();
        let Some(st) = d.step(step) else {
            return;
        };
        let codes = options
            .iter()
            .flat_map(|o| d.option_codes(st, o))
            .cloned()
            .collect();
        let Some(old) = self.s.answers.get(step) else {
            return;
        };
        let answer = Answer {
            value: Value::Options(options),
            codes,
            sensitive: old.sensitive,
            at: old.at,
        };
        // In place: the trail keeps its order, so "back" still goes where it went.
        self.s.answers.insert(step.to_string(), answer);
    }
}
