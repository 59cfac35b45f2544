//! The host of a turn: per-conversation lock, dedupe on the inbound id, load the session, run
//! the engine, carry out its effects, write everything in one transaction, render the reply.
//!
//! Consent first: until a person agrees that their answers be kept, their session lives in
//! memory only and nothing about them reaches the database.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex as StdMutex};

use chrono::{TimeZone, Utc};
use chrono_tz::Europe::Paris;
use dashmap::DashMap;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::booking::territory::{Format, PartnerKind, Territory};
use crate::booking::{self, SearchContext, Wish};
use crate::catalog::Catalog;
use crate::channels::{Channel, ConvKey};
use crate::engine::{BookingView, OfferView, Resolution};
use crate::engine::{Effect, Engine, EngineConfig, Event, Input, Now, Session};
use crate::i18n::Isolation;
use crate::i18n::render::{Button, Outgoing, Surface, render};
use crate::orientation;
use crate::storage::bookings::{BookOutcome, BookingRow, NewBooking, WaitingRequest};
use crate::storage::{ConsentRecord, StorageError, Store, TurnWrite, Written, new_id};

/// Where `now` comes from.
pub trait Clock: Send + Sync {
    /// Seconds since the Unix epoch.
    fn unix(&self) -> i64;
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn unix(&self) -> i64 {
        Utc::now().timestamp()
    }
}

/// A clock that moves only when told to: for tests, transcripts and benchmarks.
#[derive(Debug)]
pub struct ManualClock(StdMutex<i64>);

impl ManualClock {
    #[must_use]
    pub fn new(unix: i64) -> Self {
        Self(StdMutex::new(unix))
    }

    /// Moves the clock forward.
    pub fn advance(&self, seconds: i64) {
        *self.0.lock().expect("clock lock") += seconds;
    }
}

impl Clock for ManualClock {
    fn unix(&self) -> i64 {
        *self.0.lock().expect("clock lock")
    }
}

/// Where random bytes come from (booking references).
pub trait Entropy: Send + Sync {
    fn bytes(&self) -> [u8; 16];
}

/// The operating system's randomness.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemEntropy;

impl Entropy for SystemEntropy {
    fn bytes(&self) -> [u8; 16] {
        *uuid::Uuid::new_v4().as_bytes()
    }
}

/// A predictable sequence, for transcripts and tests.
#[derive(Debug, Default)]
pub struct CountingEntropy(std::sync::atomic::AtomicU64);

impl Entropy for CountingEntropy {
    fn bytes(&self) -> [u8; 16] {
        let n = self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&n.wrapping_mul(0x9E37_79B9_7F4A_7C15).to_le_bytes());
        b
    }
}

/// The engine's `now` for a Unix time: the calendar day is the one in Paris.
#[must_use]
pub fn now_at(unix: i64) -> Now {
    let today = Paris
        .timestamp_opt(unix, 0)
        .single()
        .map_or_else(|| Utc::now().date_naive(), |t| t.date_naive());
    Now { unix, today }
}

/// One message from a person, normalised by its channel.
#[derive(Debug, Clone)]
pub struct Inbound {
    pub key: ConvKey,
    pub input: Input,
    /// The provider's id for the message (Telegram update id, Twilio MessageSid).
    pub external_id: Option<String>,
    /// The language the person's app or phone says they use.
    pub language_hint: Option<String>,
}

/// What the host answers to an inbound.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub text: String,
    pub buttons: Vec<(String, String)>,
    pub locale: String,
    /// The message was seen before; this is the reply it got then.
    #[serde(default)]
    pub duplicate: bool,
    /// What the engine asked the host to do during the turn.
    #[serde(default)]
    pub effects: Vec<Effect>,
}

impl Reply {
    fn from_outgoing(o: Outgoing, locale: &str, effects: Vec<Effect>) -> Self {
        Self {
            text: o.text,
            buttons: o
                .buttons
                .into_iter()
                .map(|Button { label, data }| (label, data))
                .collect(),
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
}

/// How many recent inbound ids a pre-consent conversation remembers.
const MEMORY_DEDUPE: usize = 16;

/// A conversation held in memory before consent (or, when several instances share the
/// database, in its `pre_consent` table without any answer).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Unconsented {
    session: Session,
    seen: VecDeque<(String, Reply)>,
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
}

impl Default for HostConfig {
    fn default() -> Self {
        Self {
            dialogue: "diagnostic".into(),
            engine: EngineConfig::default(),
            territory: None,
            reminders: vec![48, 24],
        }
    }
}

/// Runs turns for every channel.
pub struct Host {
    store: Store,
    catalog: Arc<Catalog>,
    config: HostConfig,
    clock: Arc<dyn Clock>,
    entropy: Arc<dyn Entropy>,
    memory: DashMap<ConvKey, Unconsented>,
    locks: DashMap<ConvKey, Arc<tokio::sync::Mutex<()>>>,
    /// Several instances share the database: turns lock the conversation there too, and the
    /// pre-consent state lives there (see [`Host::with_several_instances`]).
    shared: bool,
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
        Ok(Self {
            store,
            catalog,
            config,
            clock,
            entropy: Arc::new(SystemEntropy),
            memory: DashMap::new(),
            locks: DashMap::new(),
            shared: false,
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

    /// Forgets pre-consent conversations silent for longer than the idle timeout.
    pub fn sweep_memory(&self) {
        let cutoff = self.clock.unix() - self.config.engine.idle_timeout;
        self.memory.retain(|_, c| c.session.updated_at >= cutoff);
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

    /// The pre-consent state of a conversation, from memory or the shared table.
    async fn unconsented_of(&self, key: &ConvKey) -> Result<Option<Unconsented>, HostError> {
        if !self.shared {
            return Ok(self.memory.get(key).map(|c| c.clone()));
        }
        // An unreadable state (written by another version) starts the conversation over.
        Ok(self
            .store
            .pre_consent(key)
            .await?
            .and_then(|s| serde_json::from_str(&s).ok()))
    }

    /// Keeps the pre-consent state; in the shared table, without any answer but the language.
    async fn keep_unconsented(
        &self,
        key: &ConvKey,
        mut c: Unconsented,
        now: i64,
    ) -> Result<(), HostError> {
        if !self.shared {
            self.memory.insert(key.clone(), c);
            return Ok(());
        }
        let dialogue = self.catalog.dialogue(&c.session.dialogue);
        c.session.answers.retain(|step, _| {
            dialogue
                .and_then(|d| d.step(step))
                .is_some_and(|s| s.def.kind == crate::dialogue::model::Kind::Language)
        });
        c.session.urgent.clear();
        c.session.offers.clear();
        let state = serde_json::to_string(&c).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        self.store.keep_pre_consent(key, &state, now).await?;
        Ok(())
    }

    /// Forgets the pre-consent state (consent given, or erased).
    async fn forget_unconsented(&self, key: &ConvKey) -> Result<(), HostError> {
        self.memory.remove(key);
        if self.shared {
            self.store.forget_pre_consent(key).await?;
        }
        Ok(())
    }

    async fn turn(&self, inbound: &Inbound, surface: Surface) -> Result<Reply, HostError> {
        let channel = inbound.key.channel.as_str();
        // One query finds the person and whether this message was seen before.
        let lookup = self
            .store
            .find_person_and_reply(&inbound.key, inbound.external_id.as_deref())
            .await?;
        // A number that answered STOP gets nothing until it sends START (which clears it).
        if lookup.opted_out
            && matches!(inbound.key.channel, Channel::Sms | Channel::WhatsApp)
            && !matches!(inbound.input, Input::Start)
        {
            return Ok(Reply {
                text: String::new(),
                buttons: Vec::new(),
                locale: lookup
                    .person
                    .map_or_else(|| crate::i18n::REFERENCE.to_string(), |p| p.locale),
                duplicate: false,
                effects: Vec::new(),
            });
        }
        let (stored, seen) = (lookup.person, lookup.seen);
        let mem = if stored.as_ref().is_some_and(|p| p.session.is_some()) {
            None
        } else {
            self.unconsented_of(&inbound.key).await?
        };
        if let Some(id) = &inbound.external_id {
            if let Some(reply) = seen {
                return Ok(duplicate(&reply));
            }
            if let Some(c) = &mem {
                if let Some((_, r)) = c.seen.iter().find(|(x, _)| x == id) {
                    return Ok(Reply {
                        duplicate: true,
                        ..r.clone()
                    });
                }
            }
        }
        let dialogue = self
            .catalog
            .dialogue(&self.config.dialogue)
            .ok_or_else(|| HostError::NoDialogue(self.config.dialogue.clone()))?;
        let engine = Engine::new(dialogue, &self.catalog.lexicon, self.config.engine);
        let now = now_at(self.clock.unix());
        let before = match (&stored, &mem) {
            (Some(p), _) if p.session.is_some() => p.session.clone().expect("checked"),
            (_, Some(c)) => c.session.clone(),
            _ => {
                let locale = self
                    .catalog
                    .locales
                    .negotiate(inbound.language_hint.as_deref());
                engine.new_session(&locale, now)
            }
        };
        let mut turn = engine.step(before.clone(), inbound.input.clone(), now);
        let person = stored.as_ref().map(|p| p.id.as_str());
        // Effects the engine needs an answer to (slots, a booking) are carried out here and
        // fed back, a bounded number of times.
        let mut all_events = std::mem::take(&mut turn.events);
        for _ in 0..6 {
            let pending = crate::engine::awaiting(&all_events);
            let Some(effect) = pending else { break };
            let resolution = self
                .resolve(&effect, &turn.session, person, now.unix)
                .await?;
            let next = engine.step(turn.session, Input::Resolved(resolution), now);
            turn.session = next.session;
            // The effect is done: keep it in the record, but never resolve it twice.
            crate::engine::mark_resolved(&mut all_events, &effect);
            all_events.extend(next.events);
        }
        turn.events = all_events;
        let locale = turn.session.locale.clone();
        let effects: Vec<Effect> = turn.effects().cloned().collect();
        let mut events = turn.events.clone();
        // Erasing a stored person gives them a receipt reference.
        let receipt = (effects.contains(&Effect::Erase) && stored.is_some())
            .then(|| booking::reference(self.entropy.bytes()));
        if let Some(r) = &receipt {
            events.push(Event::Say(
                crate::engine::Msg::new("engine-erase-receipt").arg("reference", r.clone()),
            ));
        }
        if effects.contains(&Effect::Stale) {
            events.push(Event::Say(crate::engine::Msg::new("engine-stale-choice")));
        }
        let reply = Reply::from_outgoing(
            render(&self.catalog.locales, &locale, &events, surface),
            &locale,
            effects.clone(),
        );
        let reply_json = serde_json::to_string(&reply).unwrap_or_default();
        let inbound_row = inbound
            .external_id
            .as_deref()
            .map(|id| (id, reply_json.as_str()));

        if effects.contains(&Effect::Erase) {
            if mem.is_some() {
                self.forget_unconsented(&inbound.key).await?;
            }
            if let Some(p) = &stored {
                self.store
                    .erase_person(&p.id, channel, inbound_row, now.unix)
                    .await?;
                if let Some(r) = &receipt {
                    self.store.record_erasure(r, channel, now.unix).await?;
                }
            } else if let Some((id, r)) = inbound_row {
                self.store
                    .record_anonymous_inbound(channel, id, r, now.unix)
                    .await?;
            }
            return Ok(reply);
        }
        let session = &turn.session;
        if session.consented(crate::engine::ConsentScope::Store) {
            let (person_id, create, old) = match &stored {
                Some(p) => (p.id.clone(), false, p.session.clone()),
                None => (new_id(), true, None),
            };
            let old_answers = old.map(|s| s.answers).unwrap_or_default();
            let mut answers = Vec::new();
            for (step, a) in &session.answers {
                if a.sensitive && !session.consented(crate::engine::ConsentScope::Sensitive) {
                    continue;
                }
                if old_answers.get(step) != Some(a) {
                    answers.push((step.as_str(), Some(a)));
                }
            }
            for step in old_answers.keys() {
                if !session.answers.contains_key(step) {
                    answers.push((step.as_str(), None));
                }
            }
            let consents = effects
                .iter()
                .filter_map(|e| match e {
                    Effect::Consent {
                        scope,
                        granted,
                        text,
                    } => Some(ConsentRecord {
                        scope: scope.as_str(),
                        granted: *granted,
                        text_id: text.id.clone(),
                        text_locale: locale.clone(),
                        text_sha256: sha256_hex(&self.catalog.locales.render(
                            &locale,
                            text,
                            Isolation::Plain,
                        )),
                    }),
                    _ => None,
                })
                .collect();
            let written = self
                .store
                .write_turn(TurnWrite {
                    key: &inbound.key,
                    person_id: &person_id,
                    create,
                    now: now.unix,
                    session,
                    answers,
                    consents,
                    inbound: inbound_row,
                    outbox: Vec::new(),
                })
                .await?;
            if written == Written::Duplicate {
                let id = inbound.external_id.as_deref().unwrap_or_default();
                let earlier = self
                    .store
                    .inbound_reply(channel, id)
                    .await?
                    .unwrap_or_default();
                return Ok(duplicate(&earlier));
            }
            if mem.is_some() {
                self.forget_unconsented(&inbound.key).await?;
            }
            let no_reminders = effects.iter().any(|e| {
                matches!(
                    e,
                    Effect::Consent {
                        scope: crate::engine::ConsentScope::Reminders,
                        granted: false,
                        ..
                    }
                )
            });
            if no_reminders {
                self.store.cancel_reminders(&person_id).await?;
            }
            for e in &effects {
                if let Effect::WaitingRequest(wish) = e {
                    self.record_waiting(&person_id, wish, session, now.unix)
                        .await?;
                }
            }
        } else {
            if let Some(p) = &stored {
                // Consent withdrawn: nothing may stay stored.
                self.store
                    .erase_person(&p.id, channel, None, now.unix)
                    .await?;
            }
            let mut entry = mem.unwrap_or_else(|| Unconsented {
                session: session.clone(),
                seen: VecDeque::new(),
            });
            entry.session = session.clone();
            if let Some(id) = &inbound.external_id {
                entry.seen.push_back((id.clone(), reply.clone()));
                if entry.seen.len() > MEMORY_DEDUPE {
                    entry.seen.pop_front();
                }
            }
            self.keep_unconsented(&inbound.key, entry, now.unix).await?;
        }
        Ok(reply)
    }

    fn territory(&self) -> Option<&Territory> {
        self.catalog.territory(self.config.territory.as_deref())
    }

    /// Carries out an effect the engine is waiting on.
    async fn resolve(
        &self,
        effect: &Effect,
        session: &Session,
        person: Option<&str>,
        now: i64,
    ) -> Result<Resolution, HostError> {
        let Some(t) = self.territory() else {
            return Ok(match effect {
                Effect::FindAppointment => Resolution::Appointment(None),
                Effect::CancelAppointment => Resolution::Cancelled,
                _ => Resolution::Offers(Vec::new()),
            });
        };
        match effect {
            Effect::FindSlots { wish, skip } => {
                Ok(Resolution::Offers(self.offers(t, wish, *skip, now).await?))
            }
            Effect::Book(offer) => {
                let Some(person_id) = person else {
                    return Ok(Resolution::Offers(Vec::new()));
                };
                let p = orientation::propose(&orientation::facts(
                    self.catalog
                        .dialogue(&session.dialogue)
                        .ok_or_else(|| HostError::NoDialogue(session.dialogue.clone()))?,
                    &session.answers,
                ));
                let reminders = if session.consented(crate::engine::ConsentScope::Reminders) {
                    self.config
                        .reminders
                        .iter()
                        .map(|h| (offer.start - i64::from(*h) * 3600, *h))
                        .filter(|(at, _)| *at > now)
                        .collect()
                } else {
                    Vec::new()
                };
                let request_key = format!("{person_id}:{}", session.turn);
                let parcours = format!("{:?}", p.parcours).to_lowercase();
                let lead = format!("{:?}", p.lead);
                let mut outcome = BookOutcome::Taken;
                for _ in 0..3 {
                    let attempt = self
                        .store
                        .book(NewBooking {
                            territory: &t.id,
                            person_id,
                            request_key: &request_key,
                            offer,
                            reference: booking::reference(self.entropy.bytes()),
                            parcours: Some(&parcours),
                            lead: Some(&lead),
                            urgent: !session.urgent.is_empty(),
                            now,
                            reminders: reminders.clone(),
                        })
                        .await;
                    match attempt {
                        Ok(o) => {
                            outcome = o;
                            break;
                        }
                        // A reference drawn twice: draw again.
                        Err(StorageError::Database(_)) => continue,
                        Err(e) => return Err(e.into()),
                    }
                }
                match outcome {
                    BookOutcome::Booked(row) => Ok(Resolution::Booked(booking_view(t, &row))),
                    BookOutcome::Taken => Ok(Resolution::Taken),
                }
            }
            Effect::FindAppointment => {
                let Some(person_id) = person else {
                    return Ok(Resolution::Appointment(None));
                };
                let row = self.store.active_booking(person_id, now).await?;
                Ok(Resolution::Appointment(row.map(|r| booking_view(t, &r))))
            }
            Effect::CancelAppointment => {
                if let Some(person_id) = person {
                    if let Some(row) = self.store.active_booking(person_id, now).await? {
                        self.store
                            .set_booking_status(
                                &row.id,
                                "cancelled",
                                "person",
                                Some("cancelled from the chat"),
                                now,
                            )
                            .await?;
                    }
                }
                Ok(Resolution::Cancelled)
            }
            _ => Ok(Resolution::Offers(Vec::new())),
        }
    }

    /// Free offers for a wish, with the names people read.
    async fn offers(
        &self,
        t: &Territory,
        wish: &Wish,
        skip: u32,
        now: i64,
    ) -> Result<Vec<OfferView>, HostError> {
        let until = now + i64::from(t.weeks_ahead) * 7 * 86_400 + 86_400;
        let taken = self.store.taken_slot_keys(now, until).await?;
        let closures = self.store.closures(now, until).await?;
        let extras = self.store.extra_slots(now, until).await?;
        // Opening patterns switched off or added by staff on the dashboard.
        let changes = self.store.opening_changes(None).await?;
        let changed;
        let t = if changes.is_empty() {
            t
        } else {
            let mut c = t.clone();
            for site in c.partners.iter_mut().flat_map(|p| p.sites.iter_mut()) {
                *site = crate::web::staff::settings::effective_site(site, &changes);
            }
            changed = c;
            &changed
        };
        let ctx = SearchContext {
            now,
            taken: &taken,
            closures: &closures,
            extras: &extras,
        };
        Ok(booking::search(t, wish, &ctx, skip as usize, 3)
            .into_iter()
            .map(|offer| OfferView {
                place: t
                    .site(&offer.site)
                    .map(|(_, s)| s.name.clone())
                    .unwrap_or_default(),
                with_place: offer
                    .with_site
                    .as_deref()
                    .and_then(|w| t.site(w))
                    .map(|(p, _)| p.name.clone()),
                offer,
            })
            .collect())
    }

    async fn record_waiting(
        &self,
        person_id: &str,
        wish: &Wish,
        session: &Session,
        now: i64,
    ) -> Result<(), HostError> {
        let Some(t) = self.territory() else {
            return Ok(());
        };
        let partner = wish
            .lead
            .and_then(|b| booking::pick_site(t, PartnerKind::for_body(b), wish.postcode.as_deref()))
            .map(|(p, _)| p.id.clone())
            .unwrap_or_default();
        let parcours = self.catalog.dialogue(&session.dialogue).map(|d| {
            let p = orientation::propose(&orientation::facts(d, &session.answers));
            (
                format!("{:?}", p.parcours).to_lowercase(),
                format!("{:?}", p.lead),
            )
        });
        self.store
            .add_waiting_request(&WaitingRequest {
                person_id,
                territory: &t.id,
                partner: &partner,
                parcours: parcours.as_ref().map(|p| p.0.as_str()),
                lead: parcours.as_ref().map(|p| p.1.as_str()),
                urgent: !session.urgent.is_empty(),
                now,
            })
            .await?;
        Ok(())
    }

    /// The session of a conversation, wherever it lives (for tests and the terminal).
    pub async fn session_of(&self, key: &ConvKey) -> Result<Option<Session>, HostError> {
        if let Some(p) = self.store.find_person(key).await? {
            return Ok(p.session);
        }
        Ok(self.unconsented_of(key).await?.map(|c| c.session))
    }
}

fn duplicate(stored: &str) -> Reply {
    let mut r: Reply = serde_json::from_str(stored).unwrap_or(Reply {
        text: String::new(),
        buttons: Vec::new(),
        locale: crate::i18n::REFERENCE.into(),
        duplicate: true,
        effects: Vec::new(),
    });
    r.duplicate = true;
    r
}

/// How a booking reads to the person.
#[must_use]
pub fn booking_view(t: &Territory, row: &BookingRow) -> BookingView {
    let site = t.site(&row.site);
    let with = row.with_site.as_deref().and_then(|w| t.site(w));
    BookingView {
        reference: row.reference.clone(),
        start: row.starts_at,
        format: Format::parse(&row.format).unwrap_or(Format::OnSite),
        place: site.map(|(_, s)| s.name.clone()).unwrap_or_default(),
        address: site.map(|(_, s)| s.address.clone()).unwrap_or_default(),
        directions: site.map(|(_, s)| s.directions.clone()).unwrap_or_default(),
        with_place: with.map(|(p, _)| p.name.clone()),
        bring: site
            .and_then(|(p, _)| p.appointments.iter().find(|a| a.id == row.appointment))
            .map(|a| a.bring.clone())
            .unwrap_or_default(),
        demo: t.demo,
    }
}

/// SHA-256 of a text, in hex.
#[must_use]
pub fn sha256_hex(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}
