//! The dialogue state machine. PURE: no I/O, no clock reads, no randomness. The host passes the
//! session, the person's input and `now`; the engine returns the new session and events that
//! name Fluent messages (never text) and effects for the host to carry out.

mod answers;
mod appointment;
mod asking;
mod commands;
mod flow;
mod known;
pub mod lexicon;
mod menus;
mod parse;
mod phone;
pub mod step;
pub mod text;
pub mod urgent;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::dialogue::{Answer, ConsentScope, Value};
pub use appointment::{Stated, stated_wish};
pub use asking::{body_msg, parcours_msg, question, reason_msg, value_arg};
pub use known::Invited;
pub use lexicon::BOOKING_KEY;
pub use lexicon::{Command, Lexicon};
pub use parse::phone as read_phone;
pub use step::{Engine, EngineConfig};

/// The instant of a turn, as the host read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    /// Seconds since the Unix epoch, UTC.
    pub unix: i64,
    /// The calendar day where the service runs (Europe/Paris).
    pub today: NaiveDate,
}

/// The engine's `now` for a Unix time: the calendar day is the one in Paris.
#[must_use]
pub fn now_at(unix: i64) -> Now {
    Now {
        unix,
        today: crate::core::local_date(unix),
    }
}

/// What the person sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// First contact, or an explicit start (Telegram's `/start`).
    Start,
    /// A typed message.
    Text(String),
    /// A tap on a button sent for question number `turn`.
    Option { turn: u32, option: String },
    /// What the host found when it carried out an effect (slots searched, a booking made).
    Resolved(Resolution),
}

/// The result of an effect the host carried out for the engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resolution {
    /// Free appointments for the person's wish (empty: none).
    Offers(Vec<OfferView>),
    /// The chosen offer is booked.
    Booked(BookingView),
    /// The chosen offer was taken meanwhile by someone else.
    Taken,
    /// The person's current appointment, if any.
    Appointment(Option<BookingView>),
    /// The appointment was cancelled.
    Cancelled,
}

/// An appointment offered, as the person will read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferView {
    pub offer: crate::booking::Offer,
    pub place: String,
    pub with_place: Option<String>,
}

/// A booked appointment, as the person will read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingView {
    pub reference: String,
    pub start: i64,
    pub format: crate::booking::territory::Format,
    pub place: String,
    pub address: String,
    pub directions: String,
    pub with_place: Option<String>,
    /// Codes of what to bring (`bring-<code>` messages).
    pub bring: Vec<String>,
    pub demo: bool,
}

/// Where a conversation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Active,
    /// The person said stop; the next message resumes.
    Paused,
    /// The dialogue reached its end step.
    Ended,
    /// The person asked for their data to be erased.
    Erased,
}

/// A question the engine is waiting on besides the current step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pending {
    /// Choosing another language.
    Language,
    /// Confirming the erasure of all data.
    ConfirmErase,
    /// Back after a long silence: continue or start again?
    Resume,
    /// Choosing an answer to correct.
    Change,
    /// Choosing among offered appointments.
    Offers,
    /// Keeping, cancelling or moving the current appointment.
    Appointment,
    /// Moving the appointment: once cancelled, offer new dates.
    Reschedule,
    /// Choosing another organisation or format before new offers.
    OtherChoice,
    /// What to do with the data shown by "my data".
    MyData,
    /// No number to call: an appointment on site or by video instead, or a number after all.
    NoPhone,
    /// Confirming what an invitation's list says for the current step.
    Known,
}

/// A person's conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub dialogue: String,
    /// The dialogue revision the session was last anchored to.
    pub revision: u32,
    pub locale: String,
    pub status: Status,
    /// The step waiting for an answer (or last shown).
    pub step: String,
    #[serde(default)]
    pub pending: Option<Pending>,
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
    /// Steps answered, in order, for "back".
    #[serde(default)]
    pub trail: Vec<String>,
    #[serde(default)]
    pub consents: BTreeMap<ConsentScope, bool>,
    /// Invalid answers in a row on the current question.
    #[serde(default)]
    pub misses: u32,
    /// Number of the last question asked; binds buttons to the question they were sent for.
    #[serde(default)]
    pub turn: u32,
    /// Index of the last announced section.
    #[serde(default)]
    pub section: Option<usize>,
    /// Urgent situations the person told about.
    #[serde(default)]
    pub urgent: std::collections::BTreeSet<String>,
    /// Correcting an answer: after it, go straight back to where the person was.
    #[serde(default)]
    pub reviewing: bool,
    /// Appointments offered and how many were passed over ("other dates").
    #[serde(default)]
    pub offers: Vec<OfferView>,
    #[serde(default)]
    pub offers_skipped: u32,
    /// The person chose another organisation or format than proposed.
    #[serde(default)]
    pub wish_lead: Option<crate::orientation::Body>,
    #[serde(default)]
    pub wish_format: Option<crate::booking::territory::Format>,
    /// What an invitation's list says, by step: confirmed by the person, not asked again.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub known: BTreeMap<String, Answer>,
    /// The invitation this conversation answers (see [`crate::engine::Invited`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation: Option<String>,
    /// The number the person writes from (SMS, WhatsApp), offered as the number to call. The
    /// host sets it for each turn; it is never kept with the session.
    #[serde(skip)]
    pub own_number: Option<String>,
    pub started_at: i64,
    pub updated_at: i64,
}

impl Session {
    /// Whether a consent was given.
    #[must_use]
    pub fn consented(&self, scope: ConsentScope) -> bool {
        self.consents.get(&scope).copied().unwrap_or(false)
    }

    /// Whether the engine is waiting for something from the person.
    #[must_use]
    pub fn is_waiting(&self) -> bool {
        matches!(self.status, Status::Active | Status::Paused)
    }

    /// The orientation proposed for this conversation: its answers, and the urgent situations
    /// the person told, chosen as an option or written in their own words.
    #[must_use]
    pub fn proposal(&self, dialogue: &crate::dialogue::Dialogue) -> crate::orientation::Proposal {
        let mut facts = crate::orientation::facts(dialogue, &self.answers);
        facts.urgent.extend(self.urgent.iter().cloned());
        crate::orientation::propose(&facts)
    }
}

/// A reference to a Fluent message and its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Msg {
    pub id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, Arg)>,
}

impl Msg {
    /// A message without arguments.
    #[must_use]
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            args: Vec::new(),
        }
    }

    /// Adds an argument.
    #[must_use]
    pub fn arg(mut self, name: &str, value: impl Into<Arg>) -> Self {
        self.args.push((name.to_string(), value.into()));
        self
    }
}

/// A message argument; messages and lists are rendered in the person's locale first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Arg {
    Str(String),
    Num(i64),
    Date(NaiveDate),
    /// An instant (Unix seconds), said as a day and time in Paris.
    Instant(i64),
    Msg(Box<Msg>),
    /// Rendered as a list: "a, b and c".
    List(Vec<Arg>),
    /// Rendered as alternatives: "a, b or c".
    Alternatives(Vec<Arg>),
    /// Rendered one a line.
    Lines(Vec<Arg>),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Self::Str(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Self::Str(s)
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Self::Num(n)
    }
}
impl From<Msg> for Arg {
    fn from(m: Msg) -> Self {
        Self::Msg(Box::new(m))
    }
}

/// An option shown with a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub label: Msg,
}

/// A question to the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ask {
    /// The step, or a pseudo-step (`_language`, `_confirm`) for the engine's own questions.
    pub step: String,
    /// The question number, for binding buttons.
    pub turn: u32,
    /// The question's text; `None` when re-asking after a hint.
    pub prompt: Option<Msg>,
    pub choices: Vec<Choice>,
    /// Several choices may be given.
    pub multi: bool,
}

impl Ask {
    /// Whether the choices are the languages, each shown by its own name.
    #[must_use]
    pub fn lists_languages(&self) -> bool {
        !self.choices.is_empty()
            && self
                .choices
                .iter()
                .all(|c| c.label.id == crate::dialogue::language_name_id(&c.id))
    }
}

/// Something the host must do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Effect {
    /// A consent was given or refused, after the person read `text`.
    Consent {
        scope: ConsentScope,
        granted: bool,
        text: Msg,
    },
    /// The person chose another language.
    LocaleChanged(String),
    /// The person asked to talk to a human.
    HumanRequested,
    /// The person paused the conversation.
    Paused,
    /// The person confirmed they want every piece of their data erased.
    Erase,
    /// The dialogue reached its end.
    Ended,
    /// A button from an earlier question was tapped; nothing changed.
    Stale,
    /// The person told about an urgent situation (they were told who to call).
    Urgent(String),
    /// The orientation proposed at the end of the diagnostic.
    Proposal(crate::orientation::Proposal),
    /// Find free appointments for this wish, passing over `skip` of them.
    FindSlots {
        wish: crate::booking::Wish,
        skip: u32,
    },
    /// Book this offer.
    Book(crate::booking::Offer),
    /// No slot suits: record a waiting request that staff will call back.
    WaitingRequest(crate::booking::Wish),
    /// Look up the person's current appointment.
    FindAppointment,
    /// Cancel the person's current appointment.
    CancelAppointment,
    /// An effect the host has carried out (kept in the turn's record).
    Resolved(Box<Effect>),
}

/// What a turn produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    Say(Msg),
    /// Something long said with a shorter form, for channels that pay by the segment (SMS):
    /// there the shorter form is said where the long one would take the reply over its
    /// segments, and the long form is one command away ("summary", "appointment").
    Long {
        full: Vec<Msg>,
        brief: Vec<Msg>,
    },
    Ask(Ask),
    Effect(Effect),
}

/// A turn's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub session: Session,
    pub events: Vec<Event>,
}

impl Turn {
    /// Whether the engine waits for the host to resolve an effect before it can ask.
    #[must_use]
    pub fn awaits_host(&self) -> bool {
        self.effects().any(|e| {
            matches!(
                e,
                Effect::FindSlots { .. }
                    | Effect::Book(_)
                    | Effect::FindAppointment
                    | Effect::CancelAppointment
            )
        })
    }

    /// The effects among the events.
    pub fn effects(&self) -> impl Iterator<Item = &Effect> {
        self.events.iter().filter_map(|e| match e {
            Event::Effect(x) => Some(x),
            _ => None,
        })
    }
}

/// The last effect of a turn that the host must carry out and answer with
/// [`Input::Resolved`] (slots, a booking, the current appointment).
#[must_use]
pub fn awaiting(events: &[Event]) -> Option<Effect> {
    events.iter().rev().find_map(|e| match e {
        Event::Effect(
            x @ (Effect::FindSlots { .. }
            | Effect::Book(_)
            | Effect::FindAppointment
            | Effect::CancelAppointment),
        ) => Some(x.clone()),
        _ => None,
    })
}

/// Marks an effect as carried out in a turn's record: kept, but never resolved twice.
pub fn mark_resolved(events: &mut [Event], effect: &Effect) {
    for e in events {
        if matches!(e, Event::Effect(x) if x == effect) {
            *e = Event::Effect(Effect::Resolved(Box::new(effect.clone())));
        }
    }
}
