//! The application layer: every entry point (the chat channels, the SMS webhook, Telegram, the
//! staff dashboard, its simulator, the outbox worker) calls it, and none of them touches storage.
//! It owns a turn (per-conversation lock, dedupe on the inbound id, load, engine step, effects,
//! one write transaction, render), availability (one slot window, staff openings applied),
//! booking with retries, opt-out, and the simulator, which is the same code with effects that
//! store nothing.
//!
//! Consent first: until a person agrees that their answers be kept, their session lives in
//! memory only and nothing about them reaches the database.

mod availability;
mod booking;
mod counts;
mod effects;
mod figures;
pub mod invitations;
mod model;
mod optout;
mod outbox;
pub mod partners;
mod services;
mod simulate;
pub mod staff;
mod turn;
mod unconsented;

use std::sync::Arc;

use dashmap::DashMap;
use sha2::{Digest, Sha256};

use crate::booking::territory::{Format, Territory};
use crate::catalog::Catalog;
use crate::core::{Clock, ConvKey, Entropy, SystemEntropy};
use crate::engine::{BookingView, Engine, Session};
use crate::i18n::render::Surface;
use crate::storage::Store;
use crate::storage::bookings::BookingRow;

pub use availability::{offers_in_file, window_end};
pub use booking::{BookRequest, Booked, RequestBooked};
use model::Unconsented;
pub use model::{HostConfig, HostError, Inbound, Reply};
pub use outbox::{
    DELIVERY_STATUSES, Delivery, DeliveryReport, DueMessage, FIRST_RETRY, Failure, Handled,
    LAST_RETRY, LiveBooking, MAX_ATTEMPTS, WHATSAPP_WINDOW, WINDOW_CLOSED_CODE, retry_wait,
};
pub use services::{SERVICES_SMS_SEGMENTS, SMS_MAX_CHARS, STAFF_BUDGET, ServicesConfig};
pub use simulate::Simulation;

/// Runs turns for every channel.
pub struct Host {
    store: Store,
    catalog: Arc<Catalog>,
    config: HostConfig,
    clock: Arc<dyn Clock>,
    entropy: Arc<dyn Entropy>,
    memory: DashMap<ConvKey, Unconsented>,
    locks: DashMap<ConvKey, Arc<tokio::sync::Mutex<()>>>,
    /// Telegram links' invitation codes, until the turn they open (see
    /// [`Host::open_invitation`]).
    invitation_codes: DashMap<ConvKey, String>,
    /// Held while an invitation list is imported (one at a time).
    importing: tokio::sync::Mutex<()>,
    /// Several instances share the database: turns lock the conversation there too, and the
    /// pre-consent state lives there (see [`Host::with_several_instances`]).
    shared: bool,
    /// Where local services are found (see [`Host::services_for`]).
    services: services::api::Directory,
}

impl std::fmt::Debug for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Host")
            .field("dialogue", &self.config.dialogue)
            .field("in_memory", &self.memory.len())
            .finish_non_exhaustive()
    }
}

impl Host {
    /// A host over a store and a checked catalog.
    pub fn new(
        store: Store,
        catalog: Arc<Catalog>,
        config: HostConfig,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, HostError> {
        if catalog.dialogue(&config.dialogue).is_none() {
            return Err(HostError::NoDialogue(config.dialogue));
        }
        // Without its territory, every booking and call-back request would be lost.
        if catalog.territory(config.territory.as_deref()).is_none() {
            return Err(HostError::NoTerritory(config.territory.unwrap_or_default()));
        }
        let services = services::api::Directory::new(&config.services);
        Ok(Self {
            store,
            catalog,
            config,
            clock,
            entropy: Arc::new(SystemEntropy),
            memory: DashMap::new(),
            locks: DashMap::new(),
            invitation_codes: DashMap::new(),
            importing: tokio::sync::Mutex::new(()),
            shared: false,
            services,
        })
    }

    /// Runs beside other instances on the same database: each turn takes the conversation's
    /// lock in the database, and the pre-consent state (step, language, recent message ids;
    /// no answer) is kept in the shared `pre_consent` table instead of this process's memory.
    #[must_use]
    pub fn with_several_instances(mut self, on: bool) -> Self {
        self.shared = on;
        self
    }

    /// Uses this source of randomness (a predictable one in transcripts).
    #[must_use]
    pub fn with_entropy(mut self, entropy: Arc<dyn Entropy>) -> Self {
        self.entropy = entropy;
        self
    }

    /// Random bytes from this host's source of randomness (jitter, references).
    #[must_use]
    pub fn random_bytes(&self) -> [u8; 16] {
        self.entropy.bytes()
    }

    /// The store.
    #[must_use]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The catalog.
    #[must_use]
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The catalog, to share with other workers.
    #[must_use]
    pub fn shared_catalog(&self) -> Arc<Catalog> {
        self.catalog.clone()
    }

    /// Conversations held in memory, waiting for consent.
    #[must_use]
    pub fn unconsented(&self) -> usize {
        self.memory.len()
    }

    /// Forgets pre-consent conversations silent for longer than the idle timeout, and the
    /// people who wrote recently once they are silent for a few minutes (see
    /// [`crate::storage::recent`]).
    pub fn sweep_memory(&self) {
        let now = self.clock.unix();
        let cutoff = now - self.config.engine.idle_timeout;
        self.memory.retain(|_, c| c.session.updated_at >= cutoff);
        self.store.sweep_recent(now);
    }

    /// Runs one turn.
    pub async fn handle(&self, inbound: Inbound, surface: Surface) -> Result<Reply, HostError> {
        let started = std::time::Instant::now();
        let lock = self.locks.entry(inbound.key.clone()).or_default().clone();
        let reply = {
            let _guard = lock.lock().await;
            self.locked_turn(&inbound, surface).await
        };
        drop(lock);
        self.locks
            .remove_if(&inbound.key, |_, l| Arc::strong_count(l) == 1);
        crate::metrics::record_turn(
            inbound.key.channel,
            started.elapsed(),
            match &reply {
                Ok(r) if r.duplicate => crate::metrics::TurnOutcome::Duplicate,
                Ok(_) => crate::metrics::TurnOutcome::Answered,
                Err(_) => crate::metrics::TurnOutcome::Failed,
            },
        );
        reply
    }

    /// A turn under the conversation's lock in the database, when instances share it.
    async fn locked_turn(&self, inbound: &Inbound, surface: Surface) -> Result<Reply, HostError> {
        if !self.shared {
            return self.turn(inbound, surface).await;
        }
        let db = self.store.lock_conversation(&inbound.key).await?;
        let reply = self.turn(inbound, surface).await;
        db.release().await;
        reply
    }

    /// The engine over the host's dialogue.
    pub(crate) fn engine(&self) -> Result<Engine<'_>, HostError> {
        let dialogue = self
            .catalog
            .dialogue(&self.config.dialogue)
            .ok_or_else(|| HostError::NoDialogue(self.config.dialogue.clone()))?;
        Ok(Engine::new(
            dialogue,
            &self.catalog.lexicon,
            self.config.engine,
        ))
    }

    /// The territory whose partners are booked.
    pub(crate) fn territory(&self) -> Option<&Territory> {
        self.catalog.territory(self.config.territory.as_deref())
    }

    /// The settings this host runs with.
    #[must_use]
    pub fn config(&self) -> &HostConfig {
        &self.config
    }

    /// Seconds since the Unix epoch, by the host's clock.
    #[must_use]
    pub fn now(&self) -> i64 {
        self.clock.unix()
    }

    /// The host's clock, for the entry points' own timing (bursts, throttling).
    #[must_use]
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// The session of a conversation, wherever it lives (for tests and the terminal).
    pub async fn session_of(&self, key: &ConvKey) -> Result<Option<Session>, HostError> {
        if let Some(p) = self.store.find_person(key).await? {
            return Ok(p.session);
        }
        Ok(self.unconsented_of(key).await?.map(|c| c.session))
    }
}

/// The reply a message got the first time, as stored.
fn duplicate(stored: &str) -> Reply {
    let mut r: Reply = serde_json::from_str(stored)
        .unwrap_or_else(|_| Reply::silent(crate::i18n::REFERENCE.into()));
    r.duplicate = true;
    r
}

/// How a booking reads to the person, in their locale.
#[must_use]
pub fn booking_view(t: &Territory, locale: &str, row: &BookingRow) -> BookingView {
    view(
        t,
        locale,
        &row.reference,
        row.starts_at,
        Format::parse(&row.format).unwrap_or(Format::OnSite),
        Where {
            site: &row.site,
            with_site: row.with_site.as_deref(),
            appointment: &row.appointment,
        },
    )
}

/// Where an appointment is: the site, the joint appointment's site, the appointment type.
struct Where<'a> {
    site: &'a str,
    with_site: Option<&'a str>,
    appointment: &'a str,
}

/// How an appointment at a site reads to the person, in their locale (the territory's
/// texts in French where it has no translation).
fn view(
    t: &Territory,
    locale: &str,
    reference: &str,
    start: i64,
    format: Format,
    at: Where<'_>,
) -> BookingView {
    let site = t.site(at.site);
    BookingView {
        reference: reference.to_string(),
        start,
        format,
        place: site
            .map(|(_, s)| s.name_in(locale).to_string())
            .unwrap_or_default(),
        address: site
            .map(|(_, s)| s.address_in(locale).to_string())
            .unwrap_or_default(),
        directions: site
            .map(|(_, s)| s.directions_in(locale).to_string())
            .unwrap_or_default(),
        with_place: at
            .with_site
            .and_then(|w| t.site(w))
            .map(|(p, _)| p.name_in(locale).to_string()),
        bring: site
            .and_then(|(p, _)| p.appointments.iter().find(|a| a.id == at.appointment))
            .map(|a| a.bring.clone())
            .unwrap_or_default(),
        demo: t.demo,
    }
}

/// An offer as the person reads it once booked under `reference` (a pretended booking: the
/// simulator's, the SMS budget's typical diagnostic).
#[must_use]
pub fn offer_booked(
    t: &Territory,
    locale: &str,
    reference: &str,
    offer: &crate::booking::Offer,
) -> BookingView {
    view(
        t,
        locale,
        reference,
        offer.start,
        offer.format,
        Where {
            site: &offer.site,
            with_site: offer.with_site.as_deref(),
            appointment: &offer.appointment,
        },
    )
}

/// SHA-256 of a text, in hex.
#[must_use]
pub fn sha256_hex(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}
