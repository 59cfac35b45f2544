//! The appointment: what the person wishes (read from their answers), the offers, booking and
//! its confirmation, another organisation or format, a call back, and keeping, cancelling or
//! moving the appointment already booked.

use super::asking::body_msg;
use super::lexicon::BOOKING_KEY;
use super::step::Run;
use super::{
    Arg, BookingView, Choice, Effect, Event, Input, Msg, OfferView, Pending, Resolution, Status,
    Value,
};
use crate::booking::Wish;
use crate::booking::territory::Format;
use crate::dialogue::{AppointmentHint, Kind};
use crate::orientation::Body;

/// Pseudo-step of the question about the appointment already booked.
const APPOINTMENT_STEP: &str = "_appointment";

/// What can be done with the appointment already booked (`appointment-<id>` labels).
const APPOINTMENT_CHOICES: [&str; 3] = ["keep", "cancel", "move"];

/// The choices after the offered appointments: other dates, another organisation or format,
/// a call back; with their labels.
const OFFER_EXTRAS: [(&str, &str); 3] = [
    ("more", "booking-more"),
    ("other", "booking-other"),
    ("call", "booking-call-me"),
];

/// The organisations a person can ask to meet instead of the one proposed.
const OTHER_LEADS: [Body; 4] = [
    Body::FranceTravail,
    Body::MissionLocale,
    Body::CapEmploi,
    Body::ConseilDepartemental,
];

impl Run<'_> {
    /// What the person needs from an appointment, read from their answers: the options they
    /// chose say which formats and times of day suit them (see [`AppointmentHint`]).
    pub(super) fn wish(&self) -> Wish {
        let d = self.engine.dialogue;
        let p = self.s.proposal(d);
        let stated = stated_wish(d, &self.s.answers);
        let mut formats = match self.s.wish_format {
            Some(f) => vec![f],
            None => stated.formats,
        };
        // Where an office is hard to reach, an appointment by phone or video comes first.
        if stated.remote_first {
            formats.sort_by_key(|f| *f == Format::OnSite);
        }
        Wish {
            lead: Some(self.s.wish_lead.unwrap_or(p.lead)),
            with: if self.s.wish_lead.is_some() {
                None
            } else {
                p.with
            },
            formats,
            ..stated.wish
        }
    }

    /// Looks for appointments again from the first, forgetting those offered.
    pub(super) fn search_again(&mut self) {
        self.s.offers.clear();
        self.s.offers_skipped = 0;
        let wish = self.wish();
        self.effect(Effect::FindSlots { wish, skip: 0 });
    }

    /// Goes on with what the host found when it carried out an effect.
    pub(super) fn resolved(&mut self, r: Resolution) {
        match r {
            Resolution::Offers(list) => self.show_offers(list),
            Resolution::Taken => {
                // Someone else was quicker: say so and look again.
                self.say(Msg::new("booking-taken"));
                self.search_again();
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
                        .arg("format", format_msg(view.format))
                        .arg("place", view.place.clone())
                        .arg("reference", view.reference.clone()),
                );
                // The address (the place is named above) on site, with whom and what to bring.
                let said = usize::from(view.format != Format::OnSite);
                for m in details(&view).into_iter().skip(said) {
                    self.say(m);
                }
                self.s.pending = Some(Pending::Appointment);
                let prompt = Some(Msg::new("appointment-what"));
                self.ask_own(APPOINTMENT_STEP, true, prompt, appointment_choices());
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

    /// Offers the appointments found, or says there are no (more) of them.
    fn show_offers(&mut self, list: Vec<OfferView>) {
        if list.is_empty() {
            if self.s.offers.is_empty() {
                self.say(Msg::new("booking-none"));
                return self.waiting();
            }
            self.say(Msg::new("booking-no-more"));
            self.s.offers_skipped = 0;
            return self.ask_offers(None, true);
        }
        self.s.offers = list;
        let prompt = self.offers_prompt();
        self.ask_offers(Some(prompt), true);
    }

    /// The question above the offers: it names the place (and the format) once when every
    /// offer shares it, so that each offer says only what differs, and the organisation the
    /// appointments are shared with, if any.
    pub(super) fn offers_prompt(&self) -> Msg {
        let with = self.s.offers.first().and_then(|o| o.with_place.clone());
        let (id, place, format) = match shared(&self.s.offers) {
            Shared::Nothing => ("booking-offer-prompt", None, None),
            Shared::Place(place) => ("booking-offer-prompt-at", Some(place), None),
            Shared::PlaceAndFormat(place, format) => {
                ("booking-offer-prompt-at-format", Some(place), Some(format))
            }
        };
        // Appointments shared with another organisation say it: `booking-offer-prompt-joint...`.
        let mut m = match &with {
            Some(with) => {
                Msg::new(id.replacen("prompt", "prompt-joint", 1)).arg("with", with.clone())
            }
            None => Msg::new(id),
        };
        if let Some(place) = place {
            m = m.arg("place", place);
        }
        if let Some(format) = format {
            m = m.arg("format", format_msg(format));
        }
        m
    }

    /// Asks which of the offered appointments to book, or what else to do.
    pub(super) fn ask_offers(&mut self, prompt: Option<Msg>, fresh: bool) {
        self.s.pending = Some(Pending::Offers);
        let shared = shared(&self.s.offers);
        let offers = self.s.offers.iter().enumerate().map(|(i, o)| {
            let when = Arg::Instant(o.offer.start);
            let label = match shared {
                Shared::Nothing => Msg::new("booking-offer")
                    .arg("when", when)
                    .arg("format", format_msg(o.offer.format))
                    .arg("place", o.place.clone()),
                Shared::Place(_) => Msg::new("booking-offer-format")
                    .arg("when", when)
                    .arg("format", format_msg(o.offer.format)),
                Shared::PlaceAndFormat(..) => Msg::new("booking-offer-when").arg("when", when),
            };
            Choice {
                id: format!("o{}", i + 1),
                label,
            }
        });
        let extras = OFFER_EXTRAS.into_iter().map(|(id, label)| Choice {
            id: id.into(),
            label: Msg::new(label),
        });
        let choices = offers.chain(extras).collect();
        let step = self.s.step.clone();
        self.ask_own(&step, fresh, prompt, choices);
    }

    /// Books the appointment chosen, or shows other dates, other choices or a call back.
    pub(super) fn answer_offer(&mut self, input: &Input, folded: &str) {
        let ids: Vec<String> = (1..=self.s.offers.len())
            .map(|i| format!("o{i}"))
            .chain(OFFER_EXTRAS.iter().map(|(id, _)| (*id).to_string()))
            .collect();
        match self.pick(input, folded, &ids, BOOKING_KEY).as_deref() {
            Some("other") => self.ask_other(true),
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
                self.ask_offers(None, false);
            }
        }
    }

    /// The organisations and formats a person can choose instead of the proposed ones.
    fn other_choices() -> Vec<Choice> {
        let formats = [Format::OnSite, Format::Phone, Format::Video]
            .into_iter()
            .map(|f| Choice {
                id: format!("f-{}", f.as_str()),
                label: format_msg(f),
            });
        let bodies = OTHER_LEADS.into_iter().map(|b| Choice {
            id: format!("b-{}", b.message_name()),
            label: body_msg(b),
        });
        formats.chain(bodies).collect()
    }

    /// Asks which organisation or format the person would rather have; when `fresh`, with
    /// the prompt under a new question number.
    fn ask_other(&mut self, fresh: bool) {
        self.s.pending = Some(Pending::OtherChoice);
        let step = self.s.step.clone();
        let prompt = fresh.then(|| Msg::new("booking-other-prompt"));
        self.ask_own(&step, fresh, prompt, Self::other_choices());
    }

    /// Searches again with the organisation or format chosen instead.
    pub(super) fn answer_other(&mut self, input: &Input, folded: &str) {
        let choices = Self::other_choices();
        let ids: Vec<String> = choices.iter().map(|c| c.id.clone()).collect();
        let Some(picked) = self.pick(input, folded, &ids, BOOKING_KEY) else {
            self.say(Msg::new("miss-not-an-option"));
            return self.ask_other(false);
        };
        if let Some(f) = picked.strip_prefix("f-").and_then(Format::parse) {
            self.s.wish_format = Some(f);
        } else if let Some(b) = picked.strip_prefix("b-") {
            self.s.wish_lead = OTHER_LEADS.into_iter().find(|x| x.message_name() == b);
        }
        self.s.pending = None;
        self.search_again();
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

    /// Keeps, cancels or moves the appointment already booked.
    pub(super) fn answer_appointment(&mut self, input: &Input, folded: &str) {
        let ids = APPOINTMENT_CHOICES.map(String::from);
        match self.pick(input, folded, &ids, BOOKING_KEY).as_deref() {
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
                self.ask_own(APPOINTMENT_STEP, false, None, appointment_choices());
            }
        }
    }

    /// Says the appointment booked: when, where, with whom and what to bring (on SMS, where
    /// that is too long for one reply, when and where, and how to read the rest).
    fn confirm_booking(&mut self, v: &BookingView) {
        let confirmed = Msg::new("booking-confirmed")
            .arg("when", Arg::Instant(v.start))
            .arg("reference", v.reference.clone());
        let said = details(v);
        let mut brief = vec![confirmed.clone()];
        brief.extend(said.first().cloned());
        brief.push(Msg::new("booking-details"));
        let mut full = vec![confirmed];
        full.extend(said);
        if v.demo {
            full.push(Msg::new("booking-demo"));
        }
        full.push(Msg::new("booking-how-to-cancel"));
        self.out.push(Event::Long { full, brief });
    }
}

/// Where an appointment takes place, with whom it is shared and what to bring to it.
fn details(v: &BookingView) -> Vec<Msg> {
    let mut out = vec![match v.format {
        Format::OnSite => Msg::new("booking-where-on-site")
            .arg("place", v.place.clone())
            .arg("address", v.address.clone())
            .arg("directions", v.directions.clone()),
        Format::Phone => Msg::new("booking-where-phone").arg("place", v.place.clone()),
        Format::Video => Msg::new("booking-where-video").arg("place", v.place.clone()),
    }];
    if let Some(with) = &v.with_place {
        out.push(Msg::new("booking-with").arg("with", with.clone()));
    }
    if !v.bring.is_empty() && v.format == Format::OnSite {
        let items = v
            .bring
            .iter()
            .map(|b| Arg::Msg(Box::new(Msg::new(format!("bring-{b}")))))
            .collect();
        out.push(Msg::new("booking-bring").arg("items", Arg::List(items)));
    }
    out
}

/// What every offered appointment has in common, said once above them.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shared {
    Nothing,
    Place(String),
    PlaceAndFormat(String, Format),
}

/// What the offers share: their place, then their format too.
fn shared(offers: &[OfferView]) -> Shared {
    let Some(first) = offers.first() else {
        return Shared::Nothing;
    };
    if offers.iter().any(|o| o.place != first.place) || first.place.is_empty() {
        return Shared::Nothing;
    }
    if offers.iter().all(|o| o.offer.format == first.offer.format) {
        Shared::PlaceAndFormat(first.place.clone(), first.offer.format)
    } else {
        Shared::Place(first.place.clone())
    }
}

/// A format's words ("sur place", "par téléphone", "en visio").
fn format_msg(format: Format) -> Msg {
    Msg::new(format!("format-{}", format.as_str()))
}

/// The choices about the appointment already booked.
fn appointment_choices() -> Vec<Choice> {
    APPOINTMENT_CHOICES
        .into_iter()
        .map(|c| Choice {
            id: c.into(),
            label: Msg::new(format!("appointment-{c}")),
        })
        .collect()
}

/// What a person's answers say about the appointments that suit them.
#[derive(Debug, Clone)]
pub struct Stated {
    /// Formats (in the dialogue's order), times of day and postcode; no lead.
    pub wish: Wish,
    /// The formats the answers name, before any preference for phone or video.
    pub formats: Vec<Format>,
    /// Getting to an office is hard: phone or video first.
    pub remote_first: bool,
}

/// What a person's answers say about the appointments that suit them: the options they chose
/// say which formats and times of day suit them (see [`AppointmentHint`]), their place its
/// postcode.
#[must_use]
pub fn stated_wish(
    d: &crate::dialogue::Dialogue,
    answers: &std::collections::BTreeMap<String, crate::engine::Answer>,
) -> Stated {
    let hints: Vec<AppointmentHint> = answers
        .iter()
        .filter_map(|(id, a)| Some((d.step(id)?, a)))
        .flat_map(|(step, a)| {
            a.value
                .option_ids()
                .into_iter()
                .filter_map(|o| step.option(o)?.appointment)
        })
        .collect();
    let postcode = answers.values().find_map(|a| match &a.value {
        Value::Place { postcode, .. } => Some(postcode.clone()),
        _ => None,
    });
    let formats: Vec<Format> = [
        (AppointmentHint::OnSite, Format::OnSite),
        (AppointmentHint::Phone, Format::Phone),
        (AppointmentHint::Video, Format::Video),
    ]
    .into_iter()
    .filter(|(h, _)| hints.contains(h))
    .map(|(_, f)| f)
    .collect();
    let remote_first = hints.contains(&AppointmentHint::RemoteFirst);
    let mut ordered = formats.clone();
    if remote_first {
        ordered.sort_by_key(|f| *f == Format::OnSite);
    }
    Stated {
        wish: Wish {
            lead: None,
            with: None,
            postcode,
            formats: ordered,
            mornings: hints.contains(&AppointmentHint::Mornings),
            afternoons: hints.contains(&AppointmentHint::Afternoons),
        },
        formats,
        remote_first,
    }
}
