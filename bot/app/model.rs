//! The application layer's own types: what a channel hands in and gets back, the host's
//! settings and failures, and a conversation held before consent.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::core::ConvKey;
use crate::engine::{Effect, EngineConfig, Input, Session};
use crate::i18n::render::{Button, Outgoing};
use crate::storage::StorageError;

/// One message from a person, normalised by its channel.
#[derive(Debug, Clone)]
pub struct Inbound {
    pub key: ConvKey,
    pub input: Input,
    /// The provider's id for the message (Telegram update id, Twilio MessageSid).
    pub external_id: Option<String>,
    /// The language the person's app or phone says they use.
    pub language_hint: Option<String>,
    /// A language the person likely speaks (their phone number's country): a new
    /// conversation asks its first question in it, and still lets them choose.
    pub language_guess: Option<String>,
}

/// What the host answers to an inbound.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub text: String,
    pub buttons: Vec<(String, String)>,
    /// The short form of each button's label, where it has one (a slot: its day and time,
    /// the text listing it in full); empty when none has.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shorts: Vec<Option<String>>,
    pub locale: String,
    /// The message was seen before; this is the reply it got then.
    #[serde(default)]
    pub duplicate: bool,
    /// What the engine asked the host to do during the turn.
    #[serde(default)]
    pub effects: Vec<Effect>,
}

impl Reply {
    /// No answer at all (an opted-out number).
    pub(crate) fn silent(locale: String) -> Self {
        Self {
            text: String::new(),
            buttons: Vec::new(),
            shorts: Vec::new(),
            locale,
            duplicate: false,
            effects: Vec::new(),
        }
    }

    /// Whether the reply says something a later reply does not say again: who to call in an
    /// urgent situation, the proposal, a booking or its cancellation, a call back, an erasure
    /// receipt, a human on the way. A channel that merges the replies of a burst keeps these.
    #[must_use]
    pub fn must_reach(&self) -> bool {
        self.effects.iter().any(|e| match e {
            Effect::Urgent(_)
            | Effect::Proposal(_)
            | Effect::Erase
            | Effect::HumanRequested
            | Effect::WaitingRequest(_)
            | Effect::CancelAppointment => true,
            Effect::Resolved(done) => {
                matches!(**done, Effect::Book(_) | Effect::CancelAppointment)
            }
            _ => false,
        })
    }

    pub(crate) fn from_outgoing(o: Outgoing, locale: &str, effects: Vec<Effect>) -> Self {
        let shorts = if o.buttons.iter().any(|b| b.short.is_some()) {
            o.buttons.iter().map(|b| b.short.clone()).collect()
        } else {
            Vec::new()
        };
        Self {
            text: o.text,
            buttons: o
                .buttons
                .into_iter()
                .map(|Button { label, data, .. }| (label, data))
                .collect(),
            shorts,
            locale: locale.to_string(),
            duplicate: false,
            effects,
        }
    }
}

/// A host failure. The person is answered with a kind message; this goes to the logs.
#[derive(Debug, thiserror::Error)]
pub enum HostError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("dialogue '{0}' is not loaded")]
    NoDialogue(String),
    #[error("territory '{0}' is not loaded")]
    NoTerritory(String),
    #[error("no free booking reference after {0} draws")]
    References(usize),
    /// The message was answered before (its reply, as kept): a turn that found it out late
    /// gives that reply again and does nothing else.
    #[error("the message was answered before")]
    AnsweredBefore(String),
}

/// Host settings.
#[derive(Debug, Clone)]
pub struct HostConfig {
    pub dialogue: String,
    pub engine: EngineConfig,
    /// The territory whose partners are booked (default: the first loaded).
    pub territory: Option<String>,
    /// Hours before an appointment when reminders are sent.
    pub reminders: Vec<u32>,
    /// When invitations and their reminders go.
    pub invitations: super::invitations::Schedule,
    /// Where local services are found.
    pub services: super::services::config::ServicesConfig,
}

impl Default for HostConfig {
    fn default() -> Self {
        Self {
            dialogue: "diagnostic".into(),
            engine: EngineConfig::default(),
            territory: None,
            reminders: vec![48, 24],
            invitations: super::invitations::Schedule::default(),
            services: super::services::config::ServicesConfig::default(),
        }
    }
}

/// How many recent inbound ids a pre-consent conversation remembers.
pub(super) const MEMORY_DEDUPE: usize = 16;

/// A conversation held in memory before consent (or, when several instances share the
/// database, in its `pre_consent` table without any answer).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Unconsented {
    pub(super) session: Session,
    pub(super) seen: VecDeque<(String, Reply)>,
}
