//! The outbox: messages to send later (reminders, staff messages), written in the same
//! transaction as what caused them, leased by one worker at a time, marked sent once.

use sqlx::Row;

use super::backend::Backend;
use super::batch::{Stmt, Val};
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
    /// The Fluent message a text was written from (JSON), to send it as a template.
    pub message: Option<String>,
    /// When the person last wrote (Unix seconds): WhatsApp takes free text for 24 hours after.
    pub last_contact_at: i64,
    /// The provider's error code of the last try, if it failed.
    pub delivery_code: Option<i64>,
    /// The provider reported the person's number as unknown or unreachable for good.
    pub unreachable: bool,
}

/// What became of a message the worker handled, as stored.
#[derive(Debug, Clone, Copy, Default)]
pub struct Handled<'a> {
    /// Why it was not sent, if it was not.
    pub note: Option<&'a str>,
    /// The provider's id of the message sent.
    pub provider_sid: Option<&'a str>,
    /// Its delivery status (`queued`, `sent`, `no-template`...).
    pub delivery: Option<&'a str>,
    /// The provider's error code.
    pub code: Option<i64>,
}

/// A message a delivery status callback is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    pub id: String,
    pub person_id: String,
    pub channel: String,
    pub kind: OutboxKind,
    pub attempts: i64,
}

/// A message to a person as staff see it: what, when due, when sent, what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub kind: OutboxKind,
    /// The text as stored (a reminder or a calendar file has its booking's id instead).
    pub text: String,
    pub due: i64,
    pub sent_at: Option<i64>,
    pub delivery: Option<String>,
    pub code: Option<i64>,
    pub note: Option<String>,
    /// The Fluent message the text was written from (JSON), when kept: staff read it in French.
    pub message: Option<String>,
}

/// The delivery statuses in the order they follow each other: a status callback that comes
/// late (`sent` after `delivered`) never overwrites a later status.
const DELIVERY_RANK: &str = "CASE COALESCE(delivery, '') WHEN 'read' THEN 5 WHEN 'delivered' THEN 4 \
     WHEN 'undelivered' THEN 4 WHEN 'failed' THEN 4 WHEN 'sent' THEN 3 WHEN 'sending' THEN 2 ELSE 1 END";

/// The rank of a delivery status in [`DELIVERY_RANK`].
#[must_use]
pub fn delivery_rank(status: &str) -> i64 {
    match status {
        "read" => 5,
        "delivered" | "undelivered" | "failed" => 4,
        "sent" => 3,
        "sending" => 2,
        _ => 1,
    }
}

/// A message queued for a person on their channel, to write in the transaction of what caused
/// it; `at` is when it was written and when it may be sent, `booking_id` the booking it is
/// about, so that an undo can withdraw it before it is sent. A calendar file goes only where
/// the channel carries files (Telegram, WhatsApp). Its values come as one row, so that the
/// messages of bookings committed together are one statement (see `storage::batch`).
pub(super) fn queued(
    person_id: &str,
    kind: OutboxKind,
    payload: &str,
    message: Option<&str>,
    (now, not_before): (i64, i64),
    booking_id: Option<&str>,
) -> Stmt {
    let text = |v: Option<&str>| v.map_or(Val::Null, Val::from);
    Stmt::new(
        "INSERT INTO outbox (id, person_id, channel, kind, payload, message, created_at, not_before, booking_id) \
         SELECT v.column1, p.id, p.channel, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7 \
         FROM (VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)) AS v JOIN people p ON p.id = v.column8 \
         WHERE v.column9 = 0 OR p.channel IN ('telegram', 'whatsapp')",
        vec![
            new_id().into(),
            kind.as_str().into(),
            payload.into(),
            text(message),
            now.into(),
            not_before.into(),
            text(booking_id),
            person_id.into(),
            Val::Int(i64::from(kind == OutboxKind::Calendar)),
        ],
    )
}

/// Writes a [`queued`] message inside the transaction of what caused it.
pub(super) async fn enqueue_about(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    person_id: &str,
    kind: OutboxKind,
    payload: &str,
    message: Option<&str>,
    at: (i64, i64),
    booking_id: Option<&str>,
) -> Result<(), sqlx::Error> {
    queued(person_id, kind, payload, message, at, booking_id)
        .query()
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
                "SELECT o.id, o.person_id, o.channel, o.kind, o.payload, o.attempts, o.message, o.delivery_code, \
                 p.address, p.locale, p.last_contact_at, p.unreachable_at \
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
                message: r.try_get("message")?,
                last_contact_at: r.try_get("last_contact_at")?,
                delivery_code: r.try_get("delivery_code")?,
                unreachable: r.try_get::<Option<i64>, _>("unreachable_at")?.is_some(),
            });
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Records what became of a message the worker handled: sent (with the provider's id and
    /// a first delivery status) or given up (with the reason).
    pub async fn mark_handled(
        &self,
        id: &str,
        now: i64,
        h: &Handled<'_>,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "UPDATE outbox SET sent_at = $1, last_error = $2, claimed_until = NULL, provider_sid = $3, \
             delivery = $4, delivery_code = $5, delivery_at = $1 WHERE id = $6",
        )
        .bind(now)
        .bind(h.note)
        .bind(h.provider_sid)
        .bind(h.delivery)
        .bind(h.code)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Records a delivery status the provider reported for the message it knows as `sid`,
    /// unless a later status is already stored; returns the message, if one was updated.
    pub async fn record_delivery(
        &self,
        sid: &str,
        status: &str,
        code: Option<i64>,
        now: i64,
    ) -> Result<Option<Reported>, StorageError> {
        let row = sqlx::query(&format!(
            "UPDATE outbox SET delivery = $1, delivery_code = $2, delivery_at = $3 \
             WHERE provider_sid = $4 AND {DELIVERY_RANK} <= $5 \
             RETURNING id, person_id, channel, kind, attempts"
        ))
        .bind(status)
        .bind(code)
        .bind(now)
        .bind(sid)
        .bind(delivery_rank(status))
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(Reported {
                id: r.try_get("id")?,
                person_id: r.try_get("person_id")?,
                channel: r.try_get("channel")?,
                kind: stored(&r, "kind")?,
                attempts: r.try_get("attempts")?,
            })
        })
        .transpose()
    }

    /// Puts a message the provider could not deliver back in the outbox, to be sent again at
    /// `at` (its delivery status and error code stay, for the next try to read).
    pub async fn send_again(&self, id: &str, at: i64, note: &str) -> Result<(), StorageError> {
        sqlx::query(
            "UPDATE outbox SET sent_at = NULL, not_before = $1, claimed_until = NULL, provider_sid = NULL, \
             last_error = $2 WHERE id = $3",
        )
        .bind(at)
        .bind(note)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Flags a person's number as unknown or unreachable for good (the provider's code);
    /// their next message clears it.
    pub async fn flag_unreachable(
        &self,
        person_id: &str,
        code: Option<i64>,
        now: i64,
    ) -> Result<(), StorageError> {
        self.forget_person(person_id);
        sqlx::query("UPDATE people SET unreachable_at = $1, unreachable_code = $2 WHERE id = $3")
            .bind(now)
            .bind(code)
            .bind(person_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// When and with which code a person's number was flagged unreachable, if it is.
    pub async fn unreachable_since(
        &self,
        person_id: &str,
    ) -> Result<Option<(i64, Option<i64>)>, StorageError> {
        let row = sqlx::query(
            "SELECT unreachable_at, unreachable_code FROM people WHERE id = $1 AND unreachable_at IS NOT NULL",
        )
        .bind(person_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| Ok((r.try_get("unreachable_at")?, r.try_get("unreachable_code")?)))
            .transpose()
    }

    /// The messages of a person in the order they are due, with what became of each.
    pub async fn deliveries_of(&self, person_id: &str) -> Result<Vec<Delivery>, StorageError> {
        let rows = sqlx::query(
            "SELECT kind, payload, not_before, sent_at, delivery, delivery_code, last_error, message \
             FROM outbox WHERE person_id = $1 ORDER BY not_before, created_at, id",
        )
        .bind(person_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Delivery {
                    kind: stored(r, "kind")?,
                    text: r.try_get("payload")?,
                    due: r.try_get("not_before")?,
                    sent_at: r.try_get("sent_at")?,
                    delivery: r.try_get("delivery")?,
                    code: r.try_get("delivery_code")?,
                    note: r.try_get("last_error")?,
                    message: r.try_get("message")?,
                })
            })
            .collect()
    }

    /// Outbox messages by delivery status (`none` before any), and the people whose number
    /// is flagged unreachable.
    pub async fn delivery_figures(&self) -> Result<(Vec<(String, i64)>, i64), StorageError> {
        let rows = sqlx::query(
            "SELECT COALESCE(delivery, 'none') AS d, COUNT(*) AS n FROM outbox GROUP BY COALESCE(delivery, 'none')",
        )
        .fetch_all(self.pool())
        .await?;
        let by = rows
            .iter()
            .map(|r| Ok((r.try_get("d")?, r.try_get("n")?)))
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let unreachable: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE unreachable_at IS NOT NULL")
                .fetch_one(self.pool())
                .await?;
        Ok((by, unreachable))
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
        self.forget(key);
        if out {
            sqlx::query("INSERT INTO sms_opt_outs (channel, address_key, at, address) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                .bind(key.channel.as_str())
                .bind(self.key().lookup(key))
                .bind(now)
                .bind(self.key().seal(OPT_OUT_ADDRESS, &key.address))
                .execute(self.pool())
                .await?;
            self.decline_invitations(key, now).await?;
        } else {
            sqlx::query("DELETE FROM sms_opt_outs WHERE channel = $1 AND address_key = $2")
                .bind(key.channel.as_str())
                .bind(self.key().lookup(key))
                .execute(self.pool())
                .await?;
        }
        Ok(())
    }

    /// Whether an address opted out. Someone remembered from their last turn did not: an
    /// opt-out forgets them first (see `recent`), so only the others are read.
    pub async fn opted_out(&self, key: &crate::core::ConvKey) -> Result<bool, StorageError> {
        if self.recent.as_ref().is_some_and(|r| r.holds(key)) {
            return Ok(false);
        }
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
