//! What several instances on one database share: runs of periodic jobs (a job that must run
//! on one instance only), the per-conversation lock that serialises one person's turns across
//! instances, and the pre-consent state those instances must both see. Leases that live as
//! long as their process (the one Telegram poller) are `held`'s.
//!
//! A run is claimed with one conditional upsert on both databases: the row is taken when its
//! period ran out, and `RETURNING` says whether this instance won.

use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::backend::Backend;
use super::error::StorageError;
use super::sealed::PRE_CONSENT_STATE;
use super::store::{Store, new_id};
use crate::core::{Clock, ConvKey};

/// A name for this process among the instances: host name, process id and a random part.
#[must_use]
pub fn instance_name() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|h| h.trim().to_string())
        })
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "instance".into());
    let id = new_id();
    format!(
        "{host}:{}:{}",
        std::process::id(),
        &id[id.len().saturating_sub(6)..]
    )
}

/// A lock on one conversation across instances, held until [`ConversationLock::release`].
/// Dropped without a release (a cancelled request), its connection is closed rather than
/// returned to the pool, which frees the lock too.
#[derive(Debug)]
pub struct ConversationLock {
    held: Option<(sqlx::pool::PoolConnection<sqlx::Any>, i64)>,
}

impl ConversationLock {
    /// Frees the lock.
    pub async fn release(mut self) {
        if let Some((mut conn, number)) = self.held.take() {
            let freed: Result<bool, _> = sqlx::query_scalar("SELECT pg_advisory_unlock($1)")
                .bind(number)
                .fetch_one(&mut *conn)
                .await;
            if !matches!(freed, Ok(true)) {
                tracing::warn!("a conversation lock was not freed: closing its connection");
                conn.close_on_drop();
            }
        }
    }
}

impl Drop for ConversationLock {
    fn drop(&mut self) {
        if let Some((conn, _)) = self.held.as_mut() {
            conn.close_on_drop();
        }
    }
}

/// A digest of the keyed hash an address is found by, under a purpose: the same
/// conversation always gives the same value, and nothing about the address can be read from
/// it, not even by someone who knows the address without the data key.
fn digest(store: &Store, purpose: &[u8], key: &ConvKey) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(purpose);
    h.update(b"\0");
    h.update(store.key().lookup(key).as_bytes());
    h.finalize().into()
}

/// The key a conversation is known by in the shared `pre_consent` table.
fn conversation_hash(store: &Store, key: &ConvKey) -> String {
    digest(store, b"tremplin-pre-consent", key).iter().fold(
        String::with_capacity(64),
        |mut s, b| {
            use std::fmt::Write as _;
            let _ = write!(s, "{b:02x}");
            s
        },
    )
}

/// The advisory lock number of a conversation.
fn lock_number(store: &Store, key: &ConvKey) -> i64 {
    let d = digest(store, b"tremplin-turn-lock", key);
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[..8]);
    i64::from_le_bytes(b)
}

impl Store {
    /// Claims one run of a periodic job: true for exactly one caller per `every` seconds,
    /// whichever instance asks first (the holder does not renew: the next run is due when
    /// the lease runs out).
    pub async fn claim_run(
        &self,
        job: &str,
        holder: &str,
        now: i64,
        every: i64,
    ) -> Result<bool, StorageError> {
        let won: Option<String> = sqlx::query_scalar(
            "INSERT INTO leases (name, holder, held_until) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, held_until = excluded.held_until \
             WHERE leases.held_until <= $4 \
             RETURNING holder",
        )
        .bind(job)
        .bind(holder)
        .bind(now + every)
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        Ok(won.is_some())
    }

    /// Locks one conversation against turns run by other instances. On PostgreSQL: an
    /// advisory lock held by a connection of a separate pool (so that waiting turns never take
    /// the connections the turns themselves need), waited for at most `lock_timeout` (the
    /// pool's acquire timeout); on SQLite, which one process serves, nothing (the host's
    /// in-process lock is enough).
    pub async fn lock_conversation(&self, key: &ConvKey) -> Result<ConversationLock, StorageError> {
        let Some(locks) = &self.locks else {
            return Ok(ConversationLock { held: None });
        };
        if self.backend != Backend::Postgres {
            return Ok(ConversationLock { held: None });
        }
        let number = lock_number(self, key);
        let mut conn = locks.acquire().await?;
        // pg_advisory_lock returns void, which the generic driver cannot read: count it.
        let locked: Result<i64, _> =
            sqlx::query_scalar("SELECT COUNT(*) FROM (SELECT pg_advisory_lock($1)) AS l")
                .bind(number)
                .fetch_one(&mut *conn)
                .await;
        if let Err(e) = locked {
            conn.close_on_drop();
            return Err(e.into());
        }
        Ok(ConversationLock {
            held: Some((conn, number)),
        })
    }

    /// The pre-consent state of a conversation, as JSON, if an instance kept one. A state
    /// sealed with a key rotated since is forgotten: the conversation starts again.
    pub async fn pre_consent(&self, key: &ConvKey) -> Result<Option<String>, StorageError> {
        let state: Option<String> =
            sqlx::query_scalar("SELECT state FROM pre_consent WHERE conv_hash = $1")
                .bind(conversation_hash(self, key))
                .fetch_optional(self.pool())
                .await?;
        Ok(state.and_then(|s| self.key().open(PRE_CONSENT_STATE, &s).ok()))
    }

    /// Keeps the pre-consent state of a conversation for the other instances.
    pub async fn keep_pre_consent(
        &self,
        key: &ConvKey,
        state: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO pre_consent (conv_hash, state, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (conv_hash) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
        )
        .bind(conversation_hash(self, key))
        .bind(self.key().seal(PRE_CONSENT_STATE, state))
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Forgets the pre-consent state of a conversation (consent given, or erased).
    pub async fn forget_pre_consent(&self, key: &ConvKey) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM pre_consent WHERE conv_hash = $1")
            .bind(conversation_hash(self, key))
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Forgets pre-consent states silent since before `cutoff`; returns how many.
    pub async fn sweep_pre_consent(&self, cutoff: i64) -> Result<u64, StorageError> {
        let done = sqlx::query("DELETE FROM pre_consent WHERE updated_at < $1")
            .bind(cutoff)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }

    /// How many conversations wait for consent in the shared table.
    pub async fn pre_consent_count(&self) -> Result<i64, StorageError> {
        let n = sqlx::query_scalar("SELECT COUNT(*) FROM pre_consent")
            .fetch_one(self.pool())
            .await?;
        Ok(n)
    }
}

impl Store {
    /// Bookings by status (a closed set the code writes), for `/metrics`.
    pub async fn bookings_by_status(&self) -> Result<Vec<(String, i64)>, StorageError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT status, COUNT(*) AS n FROM bookings GROUP BY status ORDER BY status",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }
}

/// Runs `job` about every `every` on exactly one of the instances that share `store`: each
/// instance looks every `check` (or `every`, if shorter) and the one that claims the run does
/// it, with `now` read from `clock`. For daily jobs (retention purge) and sweeps of shared
/// tables.
pub fn spawn_periodic<F, Fut>(
    store: Store,
    clock: Arc<dyn Clock>,
    name: &'static str,
    holder: String,
    every: std::time::Duration,
    check: std::time::Duration,
    job: F,
) -> tokio::task::JoinHandle<()>
where
    F: Fn(Store, i64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(), StorageError>> + Send,
{
    let every_secs = i64::try_from(every.as_secs()).unwrap_or(i64::MAX).max(1);
    tokio::spawn(async move {
        let mut tick =
            tokio::time::interval(check.min(every).max(std::time::Duration::from_secs(1)));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let now = clock.unix();
            match store.claim_run(name, &holder, now, every_secs).await {
                Ok(true) => {
                    if let Err(e) = job(store.clone(), now).await {
                        tracing::warn!(job = name, error = %e, "periodic job failed");
                        crate::metrics::record_error(crate::metrics::ErrorKind::Job);
                    }
                }
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(job = name, error = %e, "periodic job: lease");
                    crate::metrics::record_error(crate::metrics::ErrorKind::Job);
                }
            }
        }
    })
}
