//! The SMS segment budget of every locale: each question with its options, as the SMS channel
//! sends it, within [`question_budget`] segments, and what a typical whole diagnostic costs.
//! The slots offered are held to the same budget, and the booking confirmation to
//! [`CONFIRMATION_SEGMENTS`], as a typical diagnostic meets them. Pure: the engine is driven
//! without a host, slots are searched in the territory's file as it is, and the booking is
//! pretended. `tremplin check` and its `--segments` report use it.

use super::{Asked, Gsm7, LongQuestion, MAX_SEND_CHARS, for_locale, segments};
use crate::catalog::Catalog;
use crate::dialogue::Dialogue;
use crate::engine::{Engine, EngineConfig, Event, Input, Resolution, Status, now_at};
use crate::i18n::render::{Surface, render};
pub use crate::i18n::segments::question_budget;

/// A question over its locale's budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverBudget {
    pub locale: String,
    pub dialogue: String,
    /// The Fluent id of the question's prompt (of its hint, asked again).
    pub message: String,
    /// Asked the first time, or again after an answer not understood.
    pub asked: Asked,
    pub budget: usize,
    pub question: LongQuestion,
}

/// Every question of every dialogue over its budget in `locale`, as sent with `mode`; and
/// every choice asked again after an answer not understood over [`REASK_SEGMENTS`].
#[must_use]
pub fn over_budget(catalog: &Catalog, locale: &str, mode: Gsm7) -> Vec<OverBudget> {
    let budget = question_budget(locale);
    let mut out = Vec::new();
    for d in &catalog.dialogues {
        for (asked, budget) in [(Asked::First, budget), (Asked::Again, REASK_SEGMENTS)] {
            let part = match asked {
                Asked::First => "prompt",
                Asked::Again => "hint",
            };
            for q in super::long_questions(catalog, d, locale, mode, asked, budget) {
                out.push(OverBudget {
                    locale: locale.to_string(),
                    dialogue: d.id.clone(),
                    message: d.msg_id(&q.step, part),
                    asked,
                    budget,
                    question: q,
                });
            }
        }
    }
    out
}

/// The most SMS segments a choice asked again after an answer not understood may take, in
/// every locale: "I do not understand", the step's hint and the options come in one reply.
pub const REASK_SEGMENTS: usize = crate::i18n::segments::OTHER_QUESTION_SEGMENTS;

/// What SMS costs in one locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocaleCost {
    pub locale: String,
    pub budget: usize,
    /// The question that takes the most segments (dialogue's first step kept on a tie).
    pub worst: Option<LongQuestion>,
    /// Questions over the budget.
    pub over: usize,
    /// Questions asked.
    pub questions: usize,
    pub diagnostic: Diagnostic,
}

/// A typical whole diagnostic by SMS, from the first message to the booking confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostic {
    /// Messages sent to the person (bodies of at most [`MAX_SEND_CHARS`]).
    pub bodies: usize,
    /// Their segments.
    pub segments: usize,
    /// The longest body, in segments.
    pub longest: usize,
    /// Whether it ended with an appointment booked.
    pub booked: bool,
    /// The slots offered (the first offer), as sent: a question held to the locale's budget.
    pub offer: Option<Sent>,
    /// The booking confirmation, as sent: held to [`CONFIRMATION_SEGMENTS`].
    pub confirmation: Option<Sent>,
    /// The bodies, as sent.
    pub sent: Vec<String>,
}

/// A reply as the SMS channel sends it: its text and segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub text: String,
    pub segments: usize,
}

/// The most SMS segments the booking confirmation may take, in every locale: 3 (459 GSM-7
/// characters, 201 UCS-2). Where the whole of it does not fit (an appointment on site, shared,
/// with things to bring, in Arabic or Cyrillic), SMS says when and where, and the rest is one
/// word away (the appointment's keyword).
pub const CONFIRMATION_SEGMENTS: usize = 3;

/// A reply of the booking a typical diagnostic sends over its budget: the slots offered over
/// the locale's question budget, or the confirmation over [`CONFIRMATION_SEGMENTS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingOverBudget {
    pub locale: String,
    /// `booking-offer-prompt` or `booking-confirmed`: where the reply starts.
    pub message: &'static str,
    pub what: &'static str,
    pub budget: usize,
    pub sent: Sent,
}

/// The offer and the confirmation of a typical diagnostic in `locale` (with the territory's
/// file as it is) that go over their budget.
#[must_use]
pub fn booking_over_budget(
    catalog: &Catalog,
    territory: Option<&str>,
    locale: &str,
    mode: Gsm7,
) -> Vec<BookingOverBudget> {
    let Some(d) = catalog.dialogues.first() else {
        return Vec::new();
    };
    let diagnostic = typical_diagnostic(catalog, d, territory, locale, mode);
    let mut out = Vec::new();
    let checks = [
        (
            diagnostic.offer,
            "booking-offer-prompt",
            "the slots offered",
            question_budget(locale),
        ),
        (
            diagnostic.confirmation,
            "booking-confirmed",
            "the booking confirmation",
            CONFIRMATION_SEGMENTS,
        ),
    ];
    for (sent, message, what, budget) in checks {
        if let Some(sent) = sent.filter(|s| s.segments > budget) {
            out.push(BookingOverBudget {
                locale: locale.to_string(),
                message,
                what,
                budget,
                sent,
            });
        }
    }
    out
}

/// The cost of SMS in every locale of the catalog, as sent with `mode`.
#[must_use]
pub fn report(catalog: &Catalog, territory: Option<&str>, mode: Gsm7) -> Vec<LocaleCost> {
    catalog
        .locales
        .tags()
        .iter()
        .map(|locale| locale_cost(catalog, territory, locale, mode))
        .collect()
}

/// The cost of SMS in one locale.
#[must_use]
pub fn locale_cost(
    catalog: &Catalog,
    territory: Option<&str>,
    locale: &str,
    mode: Gsm7,
) -> LocaleCost {
    let budget = question_budget(locale);
    let mut all = Vec::new();
    for d in &catalog.dialogues {
        all.extend(super::long_questions(
            catalog,
            d,
            locale,
            mode,
            Asked::First,
            0,
        ));
    }
    let over = all.iter().filter(|q| q.segments > budget).count();
    let questions = all.len();
    let worst = all
        .into_iter()
        .reduce(|a, b| if b.segments > a.segments { b } else { a });
    let diagnostic = catalog
        .dialogues
        .first()
        .map(|d| typical_diagnostic(catalog, d, territory, locale, mode))
        .unwrap_or_default();
    LocaleCost {
        locale: locale.to_string(),
        budget,
        worst,
        over,
        questions,
        diagnostic,
    }
}

/// Typed answers to a free question, tried in turn until one is taken: an age, a postcode, a
/// phone number, an identifier, a date, then skipping.
const FREE_ANSWERS: [&str; 6] = [
    "40",
    "37000",
    "06 12 34 56 78",
    "1234567A",
    "01/2020",
    "passer",
];

/// What a person first types to a free question of this kind.
fn typed(kind: crate::dialogue::Kind) -> &'static str {
    use crate::dialogue::Kind;
    match kind {
        Kind::Age | Kind::Number => FREE_ANSWERS[0],
        Kind::Place => FREE_ANSWERS[1],
        Kind::Phone => FREE_ANSWERS[2],
        Kind::Pattern => FREE_ANSWERS[3],
        Kind::Date => FREE_ANSWERS[4],
        _ => FREE_ANSWERS[5],
    }
}

/// When the typical diagnostic starts: a Monday morning (5 January 2026, 09:00 in Paris), so
/// that the week's slots are offered.
const START: i64 = 1_767_600_000;

/// Seconds between two answers.
const TURN_GAP: i64 = 20;

/// The most turns a typical diagnostic may take before it is said not to end.
const MAX_TURNS: usize = 150;

/// A whole diagnostic in `locale` as a person on SMS answers it: the language by its number,
/// every other choice by "1", a free question with what its kind asks for (an age, a
/// postcode...), then the other [`FREE_ANSWERS`] until one is taken; the first appointment
/// offered is booked. Every reply is counted as the SMS channel sends it.
#[must_use]
pub fn typical_diagnostic(
    catalog: &Catalog,
    dialogue: &Dialogue,
    territory: Option<&str>,
    locale: &str,
    mode: Gsm7,
) -> Diagnostic {
    let engine = Engine::new(dialogue, &catalog.lexicon, EngineConfig::default());
    let territory = catalog.territory(territory);
    let mut now = START;
    let mut session = engine.new_session(locale, now_at(now));
    let mut input = Input::Start;
    let mut out = Diagnostic::default();
    let mut choices: Vec<String> = Vec::new();
    let mut tries = 0usize;
    for _ in 0..MAX_TURNS {
        let turn = engine.step(session, input, now_at(now));
        session = turn.session;
        let mut events = turn.events;
        // The host carries out what the engine waits on, and the reply holds both.
        let mut offered = false;
        let mut booked = false;
        for _ in 0..4 {
            let Some(effect) = crate::engine::awaiting(&events) else {
                break;
            };
            let resolution = match (&effect, territory) {
                (crate::engine::Effect::FindSlots { wish, skip }, Some(t)) => {
                    let offers = crate::app::offers_in_file(t, &session.locale, wish, *skip, now);
                    offered |= !offers.is_empty();
                    Resolution::Offers(offers)
                }
                (crate::engine::Effect::Book(offer), Some(t)) => {
                    out.booked = true;
                    booked = true;
                    Resolution::Booked(crate::app::offer_booked(
                        t,
                        &session.locale,
                        "AB12CD",
                        offer,
                    ))
                }
                (crate::engine::Effect::FindAppointment, _) => Resolution::Appointment(None),
                (crate::engine::Effect::CancelAppointment, _) => Resolution::Cancelled,
                _ => Resolution::Offers(Vec::new()),
            };
            let next = engine.step(session, Input::Resolved(resolution), now_at(now));
            session = next.session;
            crate::engine::mark_resolved(&mut events, &effect);
            events.extend(next.events);
        }
        let text = render(&catalog.locales, &session.locale, &events, Surface::Sms).text;
        let sent = for_locale(&text, &session.locale, mode);
        let reply = Some(Sent {
            segments: segments(&sent).1,
            text: sent.clone(),
        });
        if offered && out.offer.is_none() {
            out.offer = reply;
        } else if booked {
            out.confirmation = reply;
        }
        for body in crate::i18n::render::split(&sent, MAX_SEND_CHARS) {
            let n = segments(&body).1;
            out.bodies += 1;
            out.segments += n;
            out.longest = out.longest.max(n);
            out.sent.push(body);
        }
        if out.booked || session.status != Status::Active {
            break;
        }
        let ask = events.iter().rev().find_map(|e| match e {
            Event::Ask(a) => Some(a),
            _ => None,
        });
        match ask {
            Some(a) if a.prompt.is_some() => {
                tries = 0;
                choices = a.choices.iter().map(|c| c.id.clone()).collect();
                if a.lists_languages() {
                    let at = choices.iter().position(|c| c == locale).unwrap_or(0);
                    input = Input::Text((at + 1).to_string());
                    now += TURN_GAP;
                    continue;
                }
            }
            Some(a) => {
                tries += 1;
                if !a.choices.is_empty() {
                    choices = a.choices.iter().map(|c| c.id.clone()).collect();
                }
            }
            None => tries += 1,
        }
        let kind = dialogue
            .steps
            .iter()
            .find(|s| s.def.id == session.step)
            .map(|s| s.def.kind);
        let answer = if choices.is_empty() {
            match (tries, kind) {
                (0, Some(kind)) => typed(kind).to_string(),
                _ => FREE_ANSWERS[tries.min(FREE_ANSWERS.len() - 1)].to_string(),
            }
        } else {
            "1".to_string()
        };
        input = Input::Text(answer);
        now += TURN_GAP;
    }
    out
}
