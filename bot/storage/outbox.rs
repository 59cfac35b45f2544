//! The outbox: messages to send later (reminders, staff messages), written in the same
//! transaction as what caused them, leased by one worker at a time, marked sent once.

use sqlx::Row;

use super::backend::Backend;
use super::error::StorageError;
use super::names::stored;
use super::sealed::{OPT_OUT_ADDRESS, PEOPLE_ADDRESS};
use super::store::{Store, new_id};
use crate::core::OutboxKind;

/// A message due to be sent, with where to send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueMessage {
    pub id: String,
    pub person_id: String,
    pub channel: String,
    pub kind: OutboxKind,
    pub payload: String,
    pub attempts: i64,
    /// The person's address and locale.
    pub address: String,
    pub locale: String,
}

/// Queues a message for a person on their channel, inside the transaction of what caused it.
/// A calendar file goes only where the channel carries files (Telegram, WhatsApp).
pub(super) async fn enqueue(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    person_id: &str,
    kind: OutboxKind,
    payload: &str,
    now: i64,
    not_before: i64,
) -> Result<(), sqlx::Error> {
    enqueue_about(tx, person_id, kind, payload, (now, not_before), None).await
}

/// [`enqueue`], naming the booking the message is about (`at` is when it was written and when
/// it may be sent), so that an undo can withdraw it before it is sent.
pub(super) async fn enqueue_about(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    person_id: &str,
    kind: OutboxKind,
    payload: &str,
    (now, not_before): (i64, i64),
    booking_id: Option<&str>,
) -> Result<(), sqlx::Error> {
    let carries = if kind == OutboxKind::Calendar {
        " AND channel IN ('telegram', 'whatsapp')"
    } else {
        ""
    };
    sqlx::query(&format!(
        "INSERT INTO outbox (id, person_id, channel, kind, payload, created_at, not_before, booking_id) \
         SELECT $1, id, channel, $2, $3, $4, $5, $7 FROM people WHERE id = $6{carries}"
    ))
    .bind(new_id())
    .bind(kind.as_str())
    .bind(payload)
    .bind(now)
    .bind(not_before)
    .bind(person_id)
    .bind(booking_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Leases up to `limit` due messages for `lease` seconds. A message leased by another
    /// worker is not returned until its lease runs out.
    pub async fn claim_due(
        &self,
        now: i64,
        limit: i64,
        lease: i64,
    ) -> Result<Vec<DueMessage>, StorageError> {
        let mut tx = self.begin().await?;
        let select = match self.backend {
            Backend::Postgres => {
                "SELECT o.id FROM outbox o WHERE o.sent_at IS NULL AND o.not_before <= $1 \
                 AND (o.claimed_until IS NULL OR o.claimed_until < $1) ORDER BY o.not_before, o.id LIMIT $2 FOR UPDATE SKIP LOCKED"
            }
            Backend::Sqlite => {
                "SELECT o.id FROM outbox o WHERE o.sent_at IS NULL AND o.not_before <= $1 \
                 AND (o.claimed_until IS NULL OR o.claimed_until < $1) ORDER BY o.not_before, o.id LIMIT $2"
            }
        };
        let ids: Vec<String> = sqlx::query_scalar(select)
            .bind(now)
            .bind(limit)
            .fetch_all(&mut *tx)
            .await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in &ids {
            sqlx::query(
                "UPDATE outbox SET claimed_until = $1, attempts = attempts + 1 WHERE id = $2",
            )
            .bind(now + lease)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            let r = sqlx::query(
                "SELECT o.id, o.person_id, o.channel, o.kind, o.payload, o.attempts, p.address, p.locale \
                 FROM outbox o JOIN people p ON p.id = o.person_id WHERE o.id = $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            out.push(DueMessage {
                id: r.try_get("id")?,
                person_id: r.try_get("person_id")?,
                channel: r.try_get("channel")?,
                kind: stored(&r, "kind")?,
                payload: r.try_get("payload")?,
                attempts: r.try_get("attempts")?,
                address: self
                    .key()
                    .open(PEOPLE_ADDRESS, &r.try_get::<String, _>("address")?)?,
                locale: r.try_get("locale")?,
            });
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Marks a message sent (or given up, with the reason).
    pub async fn mark_sent(
        &self,
        id: &str,
        now: i64,
        note: Option<&str>,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "UPDATE outbox SET sent_at = $1, last_error = $2, claimed_until = NULL WHERE id = $3",
        )
        .bind(now)
        .bind(note)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Puts a message back for a later try.
    pub async fn retry_later(&self, id: &str, at: i64, error: &str) -> Result<(), StorageError> {
        sqlx::query("UPDATE outbox SET not_before = $1, last_error = $2, claimed_until = NULL WHERE id = $3")
            .bind(at)
            .bind(error)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Messages not sent yet, and the age in seconds of the oldest due one.
    pub async fn outbox_backlog(&self, now: i64) -> Result<(i64, i64), StorageError> {
        let row = sqlx::query("SELECT COUNT(*) AS n, MIN(not_before) AS oldest FROM outbox WHERE sent_at IS NULL AND not_before <= $1")
            .bind(now)
            .fetch_one(self.pool())
            .await?;
        let n: i64 = row.try_get("n")?;
        let oldest: Option<i64> = row.try_get("oldest")?;
        Ok((n, oldest.map_or(0, |o| now - o)))
    }
}

impl Store {
    /// Records that an address opted out (STOP), or opted in again (START).
    pub async fn set_opt_out(
        &self,
        key: &crate::core::ConvKey,
        out: bool,
        now: i64,
    ) -> Result<(), StorageError> {
        if out {
            sqlx::query("INSERT INTO sms_opt_outs (channel, address_key, at, address) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                .bind(key.channel.as_str())
                .bind(self.key().lookup(key))
                .bind(now)
                .bind(self.key().seal(OPT_OUT_ADDRESS, &key.address))
                .execute(self.pool())
                .await?;
        } else {
            sqlx::query("DELETE FROM sms_opt_outs WHERE channel = $1 AND address_key = $2")
                .bind(key.channel.as_str())
                .bind(self.key().lookup(key))
                .execute(self.pool())
                .await?;
        }
        Ok(())
    }

    /// Whether an address opted out.
    pub async fn opted_out(&self, key: &crate::core::ConvKey) -> Result<bool, StorageError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sms_opt_outs WHERE channel = $1 AND address_key = $2",
        )
        .bind(key.channel.as_str())
        .bind(self.key().lookup(key))
        .fetch_one(self.pool())
        .await?;
        Ok(n > 0)
    }
}
