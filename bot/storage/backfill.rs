//! The statistics' back-fill: what was stored before the counts existed (migration 60) is
//! counted once. The bookings' and requests' counts are made here, as when they are made or
//! change ([`BookingFacts`], [`RequestFacts`]); the conversations' are made by the caller from
//! their sessions. The row of `stats_backfill` is written in the same transaction as the
//! counts: a second start, or a second instance, finds it and adds nothing.

use sqlx::Row;

use super::backend::Backend;
use super::error::StorageError;
use super::sealed::SESSION_STATE;
use super::stats::{BOOKING_FACTS, BookingFacts, REQUEST_FACTS, RequestFacts, Tally, apply};
use super::store::Store;
use crate::engine::Session;

/// The migration that created the counts: what was stored before it is back-filled.
const COUNTS_BEGAN: i64 = 20_261_201_000_060;

/// A consented conversation stored before the counts existed.
#[derive(Debug, Clone)]
pub struct OldConversation {
    pub channel: String,
    /// When the person's row was made (their consent to keep answers).
    pub created_at: i64,
    /// Their first consent to keep their answers.
    pub consented_at: Option<i64>,
    pub session: Option<Session>,
}

/// What a back-fill added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Backfilled {
    pub conversations: i64,
    pub bookings: i64,
    pub requests: i64,
}

impl Store {
    /// When the counts began (migration 60 was applied), while the back-fill of what came
    /// before is not done; `None` once it is.
    pub async fn stats_backfill_due(&self) -> Result<Option<i64>, StorageError> {
        let done: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM stats_backfill")
            .fetch_one(self.pool())
            .await?;
        if done > 0 {
            return Ok(None);
        }
        let sql = match self.backend() {
            Backend::Sqlite => {
                "SELECT CAST(strftime('%s', installed_on) AS BIGINT) FROM _sqlx_migrations WHERE version = $1"
            }
            Backend::Postgres => {
                "SELECT CAST(EXTRACT(EPOCH FROM installed_on) AS BIGINT) FROM _sqlx_migrations WHERE version = $1"
            }
        };
        Ok(sqlx::query_scalar(sql)
            .bind(COUNTS_BEGAN)
            .fetch_optional(self.pool())
            .await?)
    }

    /// On a database that holds no one and no booking yet, the back-fill has nothing to count:
    /// it is marked done at once, by the migration run, so that nothing stored later is ever
    /// counted twice, whatever its times.
    pub(super) async fn stats_backfill_if_empty(&self) -> Result<(), StorageError> {
        let Some(before) = self.stats_backfill_due().await? else {
            return Ok(());
        };
        let held: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM people LIMIT 1) AS p) \
             + (SELECT COUNT(*) FROM (SELECT 1 FROM bookings LIMIT 1) AS b) \
             + (SELECT COUNT(*) FROM (SELECT 1 FROM booking_requests LIMIT 1) AS r)",
        )
        .fetch_one(self.pool())
        .await?;
        if held == 0 {
            self.stats_backfill(before, &[], 0, before).await?;
        }
        Ok(())
    }

    /// The consented conversations stored before `before`, with their sessions.
    pub async fn stats_backfill_conversations(
        &self,
        before: i64,
    ) -> Result<Vec<OldConversation>, StorageError> {
        let rows = sqlx::query(
            "SELECT p.channel, p.created_at, s.state, \
             (SELECT MIN(c.at) FROM consents c WHERE c.person_id = p.id AND c.scope = 'store' AND c.granted = 1) AS consented_at \
             FROM people p LEFT JOIN sessions s ON s.person_id = p.id WHERE p.created_at < $1",
        )
        .bind(before)
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let state: Option<String> = r.try_get("state")?;
            let session = match state {
                Some(s) => {
                    let s = self.key.open(SESSION_STATE, &s)?;
                    Some(
                        serde_json::from_str(&s)
                            .map_err(|e| StorageError::Corrupt(e.to_string()))?,
                    )
                }
                None => None,
            };
            out.push(OldConversation {
                channel: r.try_get("channel")?,
                created_at: r.try_get("created_at")?,
                consented_at: r.try_get("consented_at")?,
                session,
            });
        }
        Ok(out)
    }

    /// Adds the counts of what was stored before `before` (the conversations' given, the
    /// bookings' and call-back requests' made here) and marks the back-fill done, in one
    /// transaction; `None` when it was already done (by another start meanwhile).
    pub async fn stats_backfill(
        &self,
        before: i64,
        conversations: &[Tally],
        conversation_count: i64,
        now: i64,
    ) -> Result<Option<Backfilled>, StorageError> {
        let mut tx = self.begin().await?;
        let first = sqlx::query(
            "INSERT INTO stats_backfill (id, before_at, done_at, conversations, bookings, requests) \
             VALUES (1, $1, $2, 0, 0, 0) ON CONFLICT (id) DO NOTHING",
        )
        .bind(before)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if first == 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        // What a booking is split by, as the bookings made since keep it: the person's
        // channel, language and first contact, and reminders if they accepted them.
        sqlx::query(
            "UPDATE bookings SET channel = (SELECT p.channel FROM people p WHERE p.id = bookings.person_id), \
             locale = (SELECT p.locale FROM people p WHERE p.id = bookings.person_id), \
             first_contact_at = (SELECT p.created_at FROM people p WHERE p.id = bookings.person_id), \
             reminded = (SELECT COUNT(*) FROM consents c WHERE c.person_id = bookings.person_id \
                 AND c.scope = 'reminders' AND c.granted = 1 AND c.at <= bookings.created_at) \
             WHERE created_at < $1 AND channel IS NULL AND person_id IS NOT NULL",
        )
        .bind(before)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE bookings SET reminded = 1 WHERE created_at < $1 AND reminded > 1")
            .bind(before)
            .execute(&mut *tx)
            .await?;
        // A booking whose status changed since the counts began was moved out of its status
        // then (a count never made): it is counted under the status it had then.
        let bookings = sqlx::query(&format!(
            "SELECT {BOOKING_FACTS}, COALESCE((SELECT e.status FROM booking_events e WHERE e.booking_id = b.id \
             AND e.at < $1 ORDER BY e.at DESC LIMIT 1), b.status) AS then_status \
             FROM bookings b WHERE b.created_at < $1"
        ))
        .bind(before)
        .fetch_all(&mut *tx)
        .await?;
        let mut tallies = conversations.to_vec();
        for r in &bookings {
            let mut f = BookingFacts::of(r)?;
            f.status = r.try_get("then_status")?;
            tallies.extend(f.made());
            tallies.extend(f.placed(1));
        }
        let requests = sqlx::query(&format!("{REQUEST_FACTS} WHERE r.created_at < $1"))
            .bind(before)
            .fetch_all(&mut *tx)
            .await?;
        for r in &requests {
            let f = RequestFacts::of(r)?;
            tallies.push(f.opened());
            tallies.extend(f.closed().filter(|_| f.closed_before(before)));
        }
        apply(&mut tx, &Tally::merged(tallies.iter())).await?;
        let done = Backfilled {
            conversations: conversation_count,
            bookings: i64::try_from(bookings.len()).unwrap_or(i64::MAX),
            requests: i64::try_from(requests.len()).unwrap_or(i64::MAX),
        };
        sqlx::query(
            "UPDATE stats_backfill SET conversations = $1, bookings = $2, requests = $3 WHERE id = 1",
        )
        .bind(done.conversations)
        .bind(done.bookings)
        .bind(done.requests)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(done))
    }
}
