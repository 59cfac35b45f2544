//! The people who wrote in the last minutes, as their last committed turn left them, so that
//! their next turn starts without reading the database (a read is a round trip to SQLite's
//! connection thread, a page cache that the last commit made cold, and the session to unseal
//! and decode: a third of a turn's cost).
//!
//! Only where one process writes the conversations: SQLite, whose `serve` is the one instance.
//! With PostgreSQL several instances may answer the same person, and every turn reads.
//!
//! What it holds is what the database holds: an entry is written only after its turn was
//! committed, and every other write to a person, their opt-out or their session (erasure,
//! STOP, a failed send, a new key) forgets them first. A message id it does not know may still
//! have been answered before the entry was made (before a restart): the commit's guard on the
//! inbound id finds it, and what cannot wait for the commit (a booking, an erasure) asks the
//! database first (see `Host::turn`).

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};

use dashmap::DashMap;

use crate::core::ConvKey;
use crate::engine::Session;

/// A person found by their address.
#[derive(Debug, Clone)]
pub struct StoredPerson {
    pub id: String,
    pub locale: String,
    pub session: Option<Session>,
    /// The last contact recorded (Unix seconds), within [`CONTACT_STEP`] of the real one.
    pub last_contact_at: i64,
    /// A send to this person failed for good since they last wrote.
    pub unreachable: bool,
}

/// How far behind the real last contact the recorded one may be: a turn within this many
/// seconds of the recorded contact leaves the person's row alone, so a conversation does not
/// rewrite it at every message. The WhatsApp window then closes that much early, never late,
/// and retention counts in months.
pub const CONTACT_STEP: i64 = 300;

impl StoredPerson {
    /// Whether a turn at `now`, in `locale`, must write the person's row: another language, a
    /// number that had failed, or a recorded contact older than [`CONTACT_STEP`].
    #[must_use]
    pub fn needs_touch(&self, locale: &str, now: i64) -> bool {
        self.locale != locale || self.unreachable || now - self.last_contact_at >= CONTACT_STEP
    }
}

/// Seconds without a turn after which an entry is dropped.
pub const KEEP: i64 = CONTACT_STEP;
/// Most people remembered at once: past this, a new one is not (and reads as before).
const MOST: usize = 10_000;
/// Message ids remembered per person.
const SEEN: usize = 16;

/// A person as their last turn left them.
#[derive(Debug, Clone)]
struct Entry {
    /// The person's id.
    id: String,
    /// Taken by the turn that runs (no copy of the session): a turn that then commits
    /// nothing leaves none, and the next one reads the database.
    person: Option<StoredPerson>,
    /// The message keys (see `DataKey::message_key`) this process committed for them.
    seen: VecDeque<String>,
    /// When their last turn ran (Unix seconds).
    at: i64,
}

/// What a turn finds in memory.
#[derive(Debug, Clone)]
pub struct Recalled {
    pub person: StoredPerson,
    /// This message was committed before: its reply is in the database.
    pub seen: bool,
}

/// The recent people, by conversation.
#[derive(Debug, Default)]
pub(super) struct Recent {
    map: DashMap<ConvKey, Entry>,
    /// Moves on at every forgetting: a turn that started before one does not remember what it
    /// read, which that forgetting may have made stale.
    generation: AtomicU64,
}

/// When a turn started, for [`Store::remember`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ticket(u64);

impl Recent {
    pub(super) fn ticket(&self) -> Ticket {
        Ticket(self.generation.load(Ordering::SeqCst))
    }

    pub(super) fn recall(
        &self,
        key: &ConvKey,
        message_key: Option<&str>,
        now: i64,
    ) -> Option<Recalled> {
        let mut e = self.map.get_mut(key)?;
        if now - e.at >= KEEP || now < e.at {
            drop(e);
            self.map.remove(key);
            return None;
        }
        let person = e.person.take()?;
        Some(Recalled {
            person,
            seen: message_key.is_some_and(|m| e.seen.iter().any(|s| s == m)),
        })
    }

    /// Keeps the person as their turn at `now` was just committed, with its message key and
    /// those committed with it.
    pub(super) fn remember(
        &self,
        key: &ConvKey,
        person: StoredPerson,
        message_keys: impl IntoIterator<Item = String>,
        now: i64,
        since: Ticket,
    ) {
        if self.ticket() != since || (self.map.len() >= MOST && !self.map.contains_key(key)) {
            return;
        }
        let mut e = self.map.entry(key.clone()).or_insert_with(|| Entry {
            id: person.id.clone(),
            person: None,
            seen: VecDeque::new(),
            at: now,
        });
        if e.id != person.id {
            e.id.clone_from(&person.id);
            e.seen.clear();
        }
        e.person = Some(person);
        e.at = now;
        for m in message_keys {
            e.seen.push_back(m);
            if e.seen.len() > SEEN {
                e.seen.pop_front();
            }
        }
    }

    /// Whether an address has an entry (its person's last turn was committed here, and
    /// nothing about them was written since but turns).
    pub(super) fn holds(&self, key: &ConvKey) -> bool {
        self.map.contains_key(key)
    }

    pub(super) fn forget(&self, key: &ConvKey) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.map.remove(key);
    }

    pub(super) fn forget_person(&self, person_id: &str) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.map.retain(|_, e| e.id != person_id);
    }

    pub(super) fn clear(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.map.clear();
    }

    /// Drops the entries of people silent for [`KEEP`] seconds.
    pub(super) fn sweep(&self, now: i64) {
        self.map.retain(|_, e| now - e.at < KEEP && now >= e.at);
    }

    pub(super) fn len(&self) -> usize {
        self.map.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Channel;

    fn person(id: &str) -> StoredPerson {
        StoredPerson {
            id: id.into(),
            locale: "fr".into(),
            session: None,
            last_contact_at: 0,
            unreachable: false,
        }
    }

    #[test]
    fn an_entry_knows_its_messages_and_goes_after_its_time() {
        let r = Recent::default();
        let k = ConvKey::new(Channel::Sms, "+33600000001");
        assert!(r.recall(&k, None, 10).is_none());
        r.remember(&k, person("a"), ["m1".to_string()], 10, r.ticket());
        let got = r.recall(&k, Some("m1"), 20).expect("remembered");
        assert!(got.seen);
        // The turn took the person: until it commits, the next one reads the database.
        assert!(r.recall(&k, Some("m2"), 20).is_none());
        r.remember(&k, got.person, ["m2".to_string()], 20, r.ticket());
        let again = r.recall(&k, Some("m3"), 20).expect("remembered");
        assert!(!again.seen);
        r.remember(&k, again.person, [], 20, r.ticket());
        assert!(r.recall(&k, None, 20 + KEEP - 1).is_some());
        r.remember(&k, person("a"), [], 20, r.ticket());
        assert!(r.recall(&k, None, 20 + KEEP).is_none());
        assert_eq!(r.len(), 0);
    }

    #[test]
    fn forgetting_a_person_or_everyone_drops_them() {
        let r = Recent::default();
        let a = ConvKey::new(Channel::Sms, "+33600000001");
        let b = ConvKey::new(Channel::Sms, "+33600000002");
        r.remember(&a, person("a"), [], 0, r.ticket());
        r.remember(&b, person("b"), [], 0, r.ticket());
        r.forget_person("a");
        assert!(r.recall(&a, None, 1).is_none());
        // Taken by a turn in flight, a person is still forgotten by id.
        let taken = r.recall(&b, None, 1).expect("remembered");
        r.forget_person("b");
        r.remember(&b, taken.person, [], 1, r.ticket());
        r.forget_person("b");
        assert!(r.recall(&b, None, 1).is_none());
        r.remember(&b, person("b"), [], 1, r.ticket());
        r.clear();
        assert!(r.recall(&b, None, 1).is_none());
    }

    #[test]
    fn a_turn_that_started_before_a_forgetting_keeps_nothing() {
        let r = Recent::default();
        let k = ConvKey::new(Channel::Sms, "+33600000001");
        let started = r.ticket();
        r.forget_person("someone else");
        r.remember(&k, person("a"), [], 0, started);
        assert!(r.recall(&k, None, 1).is_none());
    }

    #[test]
    fn another_person_at_the_same_address_starts_with_no_message() {
        let r = Recent::default();
        let k = ConvKey::new(Channel::Sms, "+33600000001");
        r.remember(&k, person("a"), ["m1".to_string()], 0, r.ticket());
        r.remember(&k, person("b"), [], 1, r.ticket());
        assert!(!r.recall(&k, Some("m1"), 2).expect("remembered").seen);
    }
}
