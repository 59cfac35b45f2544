//! Bookings, the slots they hold, their history and the waiting requests. No double booking:
//! the partial unique index over active slot keys decides, inside the transaction; the loser
//! is told the slot was taken. Closures and one-off slots are in `staff::openings`.

use std::collections::HashSet;

use sqlx::Row;

use super::error::StorageError;
use super::names::{ACTIVE_SQL, stored};
use super::staff::Notice;
use super::stats;
use super::store::{Store, new_id};
use crate::booking::Offer;
use crate::core::{Body, BookingStatus, Parcours};

/// A booking as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingRow {
    pub id: String,
    pub reference: String,
    pub person_id: Option<String>,
    pub partner: String,
    pub site: String,
    pub with_partner: Option<String>,
    pub with_site: Option<String>,
    pub appointment: String,
    pub format: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: BookingStatus,
}

/// A booking to make.
#[derive(Debug, Clone)]
pub struct NewBooking<'a> {
    pub territory: &'a str,
    pub person_id: &'a str,
    /// Identifies the question answered, so that a replayed turn finds the same booking.
    pub request_key: &'a str,
    pub offer: &'a Offer,
    pub reference: String,
    pub parcours: Option<Parcours>,
    pub lead: Option<Body>,
    pub urgent: bool,
    pub now: i64,
    /// When to send reminders (Unix seconds), each an outbox row.
    pub reminders: Vec<(i64, u32)>,
    /// A call-back request this booking answers, closed in the same transaction.
    pub closes: Option<ClosesRequest<'a>>,
}

impl<'a> NewBooking<'a> {
    /// A booking with no orientation, reminders or request to close: set those with struct
    /// update syntax.
    #[must_use]
    pub fn plain(
        territory: &'a str,
        person_id: &'a str,
        request_key: &'a str,
        offer: &'a Offer,
        reference: String,
        now: i64,
    ) -> Self {
        Self {
            territory,
            person_id,
            request_key,
            offer,
            reference,
            parcours: None,
            lead: None,
            urgent: false,
            now,
            reminders: Vec::new(),
            closes: None,
        }
    }
}

/// A call-back request a booking answers: closed with the booking, audited, and the person
/// told, all in the booking's transaction.
#[derive(Debug, Clone)]
pub struct ClosesRequest<'a> {
    pub request_id: &'a str,
    /// The staff account that books.
    pub actor: &'a str,
    pub notice: Option<Notice>,
}

/// A request to be called back, when no slot fits.
#[derive(Debug, Clone)]
pub struct WaitingRequest<'a> {
    pub person_id: &'a str,
    pub territory: &'a str,
    pub partner: &'a str,
    pub parcours: Option<Parcours>,
    pub lead: Option<Body>,
    pub urgent: bool,
    pub now: i64,
}

/// What a booking attempt found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookOutcome {
    Booked(Box<BookingRow>),
    /// Another person holds one of the slots.
    Taken,
    /// The reference drawn is already another booking's: draw again.
    ReferenceTaken,
    /// The call-back request the booking answers was closed meanwhile.
    RequestClosed,
}

const BOOKING_COLUMNS: &str = "id, reference, person_id, partner, site, with_partner, with_site, appointment, format, starts_at, ends_at, status";

fn booking_row(r: &sqlx::any::AnyRow) -> Result<BookingRow, StorageError> {
    Ok(BookingRow {
        id: r.try_get("id")?,
        reference: r.try_get("reference")?,
        person_id: r.try_get("person_id")?,
        partner: r.try_get("partner")?,
        site: r.try_get("site")?,
        with_partner: r.try_get("with_partner")?,
        with_site: r.try_get("with_site")?,
        appointment: r.try_get("appointment")?,
        format: r.try_get("format")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        status: stored(r, "status")?,
    })
}

/// Whether an insert failed on a unique index (a slot already held, a reference drawn twice).
pub(super) fn is_unique_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.is_unique_violation()
                || db.message().contains("UNIQUE constraint failed")
                || db.code().as_deref() == Some("23505")
        }
        _ => false,
    }
}

/// The first booking a query over [`BOOKING_COLUMNS`] found, if any.
fn first_booking(r: Option<sqlx::any::AnyRow>) -> Result<Option<BookingRow>, StorageError> {
    r.as_ref().map(booking_row).transpose()
}

impl Store {
    /// Slot keys held by an active booking that starts in a window.
    pub async fn taken_slot_keys(
        &self,
        from: i64,
        until: i64,
    ) -> Result<HashSet<String>, StorageError> {
        let query = sqlx::query(
            "SELECT s.slot_key FROM booking_slots s JOIN bookings b ON b.id = s.booking_id \
             WHERE s.active = 1 AND b.starts_at >= $1 AND b.starts_at < $2",
        )
        .bind(from)
        .bind(until);
        self.read_all(query, |r| r.try_get("slot_key")).await
    }

    /// A booking by id.
    pub async fn booking(&self, id: &str) -> Result<Option<BookingRow>, StorageError> {
        self.booking_where("id", id).await
    }

    /// The booking that answers a question (its request key), if made.
    pub(super) async fn booking_by_request(
        &self,
        key: &str,
    ) -> Result<Option<BookingRow>, StorageError> {
        self.booking_where("request_key", key).await
    }

    /// The booking whose unique `column` holds `value`.
    async fn booking_where(
        &self,
        column: &str,
        value: &str,
    ) -> Result<Option<BookingRow>, StorageError> {
        self.first_booking_where(&format!("{column} = $1"), value, None)
            .await
    }

    /// A person's next active booking.
    pub async fn active_booking(
        &self,
        person_id: &str,
        now: i64,
    ) -> Result<Option<BookingRow>, StorageError> {
        let condition = format!(
            "person_id = $1 AND status IN {ACTIVE_SQL} AND ends_at > $2 ORDER BY starts_at LIMIT 1"
        );
        self.first_booking_where(&condition, person_id, Some(now))
            .await
    }

    /// The first booking a condition finds, `$1` bound to `value` and `$2` to `now` if given.
    async fn first_booking_where(
        &self,
        condition: &str,
        value: &str,
        now: Option<i64>,
    ) -> Result<Option<BookingRow>, StorageError> {
        let sql = format!("SELECT {BOOKING_COLUMNS} FROM bookings WHERE {condition}");
        let query = sqlx::query(&sql).bind(value);
        let query = match now {
            Some(now) => query.bind(now),
            None => query,
        };
        first_booking(query.fetch_optional(self.pool()).await?)
    }

    /// Changes a booking's status, with its history line; a status that no longer holds the
    /// slot (cancelled, or an outcome) frees it and drops the reminders not yet sent.
    pub async fn set_booking_status(
        &self,
        id: &str,
        status: BookingStatus,
        actor: &str,
        reason: Option<&str>,
        now: i64,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin().await?;
        if !change_status(&mut tx, id, status, actor, reason, now).await? {
            tx.rollback().await?;
            return Ok(false);
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The history of a booking: (at, actor, status, reason), oldest first.
    pub async fn booking_history(
        &self,
        id: &str,
    ) -> Result<Vec<(i64, String, String, Option<String>)>, StorageError> {
        let query = sqlx::query(
            "SELECT created_at AS at, 'person' AS actor, 'pending' AS status, CAST(NULL AS TEXT) AS reason, '' AS id \
             FROM bookings WHERE id = $1 \
             UNION ALL SELECT at, actor, status, reason, id FROM booking_events WHERE booking_id = $1 ORDER BY at, id",
        )
        .bind(id);
        self.read_all(query, |r| {
            Ok((
                r.try_get("at")?,
                r.try_get("actor")?,
                r.try_get("status")?,
                r.try_get("reason")?,
            ))
        })
        .await
    }

    /// Records that no slot fitted: staff will call the person back. One open request per
    /// person.
    pub async fn add_waiting_request(&self, r: &WaitingRequest<'_>) -> Result<(), StorageError> {
        let id = new_id();
        let mut tx = self.begin().await?;
        let added = sqlx::query(
            "INSERT INTO booking_requests (id, person_id, territory, partner, parcours, lead, urgent, status, created_at) \
             SELECT $1, $2, $3, $4, $5, $6, $7, 'open', $8 WHERE NOT EXISTS \
             (SELECT 1 FROM booking_requests WHERE person_id = $2 AND status = 'open')",
        )
        .bind(id.as_str())
        .bind(r.person_id)
        .bind(r.territory)
        .bind(r.partner)
        .bind(r.parcours.map(Parcours::as_str))
        .bind(r.lead.map(Body::as_str))
        .bind(i64::from(r.urgent))
        .bind(r.now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if added == 1 {
            stats::request_counted(&mut tx, &id, false).await?;
            crate::storage::partners::events::request(&mut tx, &id, r.now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Open waiting requests: (person, partner, urgent).
    pub async fn open_requests(&self) -> Result<Vec<(Option<String>, String, bool)>, StorageError> {
        let query = sqlx::query(
            "SELECT person_id, partner, urgent FROM booking_requests WHERE status = 'open' ORDER BY urgent DESC, created_at",
        );
        self.read_all(query, |r| {
            Ok((
                r.try_get("person_id")?,
                r.try_get("partner")?,
                r.try_get::<i64, _>("urgent")? != 0,
            ))
        })
        .await
    }

    /// For the benchmark: a scratch table for the durable-insert baseline.
    pub async fn bench_prepare(&self) -> Result<(), StorageError> {
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS bench_baseline (id TEXT PRIMARY KEY, at BIGINT NOT NULL)",
        )
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// For the benchmark: one durable single-row insert in its own transaction.
    pub async fn bench_insert(&self, id: &str) -> Result<(), StorageError> {
        let mut tx = self.begin().await?;
        sqlx::query("INSERT INTO bench_baseline (id, at) VALUES ($1, 0)")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// For the benchmark: frees every slot again between runs.
    pub async fn bench_cancel_all(&self, now: i64) -> Result<(), StorageError> {
        sqlx::query("UPDATE booking_slots SET active = 0")
            .execute(self.pool())
            .await?;
        sqlx::query("UPDATE bookings SET status = 'cancelled', updated_at = $1")
            .bind(now)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}

/// Changes a booking's status inside a transaction, with its history line; a status that no
/// longer holds the slot frees it and drops the reminders and calendar file not yet sent.
/// False when the status was already that one (nothing written).
pub(super) async fn change_status(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: &str,
    status: BookingStatus,
    actor: &str,
    reason: Option<&str>,
    now: i64,
) -> Result<bool, StorageError> {
    change_status_keeping(tx, id, status, actor, reason, now, false).await
}

/// [`change_status`]; with `undoable`, reminders not yet sent are kept (the outbox worker
/// skips them while the booking does not stand), so that an undo finds them again.
pub(super) async fn change_status_keeping(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: &str,
    status: BookingStatus,
    actor: &str,
    reason: Option<&str>,
    now: i64,
    undoable: bool,
) -> Result<bool, StorageError> {
    // Out of the counts under its old status, into those under the new one (or back).
    stats::booking_placed(tx, id, -1).await?;
    let changed = sqlx::query(
        "UPDATE bookings SET status = $1, updated_at = $2 WHERE id = $3 AND status <> $1",
    )
    .bind(status.as_str())
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    stats::booking_placed(tx, id, 1).await?;
    if changed == 0 {
        return Ok(false);
    }
    if !status.is_active() {
        sqlx::query("UPDATE booking_slots SET active = 0 WHERE booking_id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    if !status.is_active() && !undoable {
        sqlx::query("DELETE FROM outbox WHERE kind IN ('reminder', 'calendar') AND sent_at IS NULL AND payload LIKE $1")
            .bind(messages_of(id))
            .execute(&mut **tx)
            .await?;
    }
    add_event(tx, id, status.as_str(), actor, reason, now).await?;
    Ok(true)
}

/// Closes an open waiting request in a transaction; false when it was not open any more.
pub(super) async fn close_request(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let closed = sqlx::query(
        "UPDATE booking_requests SET status = 'closed', closed_at = $1 WHERE id = $2 AND status = 'open'",
    )
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if closed == 1 {
        stats::request_counted(tx, id, true).await?;
        crate::storage::partners::events::request(tx, id, now).await?;
    }
    Ok(closed == 1)
}

/// Holds slot keys for a booking inside a transaction. False when one is held by another
/// active booking: the caller rolls back.
/// Holds one slot for a booking; fails on the unique index when another booking holds it.
pub(super) const HOLD_SLOT: &str =
    "INSERT INTO booking_slots (booking_id, slot_key, active) VALUES ($1, $2, 1)";

pub(super) async fn hold_slots(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: &str,
    keys: &[String],
) -> Result<bool, sqlx::Error> {
    for key in keys {
        let held = sqlx::query(HOLD_SLOT)
            .bind(id)
            .bind(key.as_str())
            .execute(&mut **tx)
            .await;
        match held {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => return Ok(false),
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

/// Adds a line to a booking's history: a status, or `moved`.
pub(super) async fn add_event(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: &str,
    event: &str,
    actor: &str,
    reason: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO booking_events (id, booking_id, at, actor, status, reason) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(new_id())
        .bind(id)
        .bind(now)
        .bind(actor)
        .bind(event)
        .bind(reason)
        .execute(&mut **tx)
        .await?;
    // Partners' systems are told of every change a history line records.
    crate::storage::partners::events::booking(tx, id, "updated", event, now).await?;
    Ok(())
}

/// A `LIKE` pattern for the outbox payloads about a booking (reminders, calendar file).
pub(super) fn messages_of(id: &str) -> String {
    format!("%\"booking\":\"{id}\"%")
}

/// A booking the statistics benchmark generates.
#[derive(Debug, Clone)]
pub struct BenchBooking<'a> {
    pub partner: &'a str,
    pub site: &'a str,
    pub status: crate::core::BookingStatus,
    pub channel: &'a str,
    pub locale: &'a str,
    pub parcours: &'a str,
    pub lead: &'a str,
    pub first_contact_at: i64,
    pub created_at: i64,
    pub starts_at: i64,
    pub reminded: bool,
}

impl Store {
    /// For the benchmark: inserts bookings (without slots or person) and counts each as a
    /// booking is counted, in one transaction.
    pub async fn bench_stats_bookings(
        &self,
        territory: &str,
        bookings: &[BenchBooking<'_>],
    ) -> Result<(), StorageError> {
        let mut tx = self.begin().await?;
        for b in bookings {
            let id = new_id();
            sqlx::query(
                "INSERT INTO bookings (id, reference, person_id, request_key, territory, partner, site, appointment, format, \
                 starts_at, ends_at, status, parcours, lead, urgent, created_at, updated_at, channel, locale, first_contact_at, reminded) \
                 VALUES ($1, $2, NULL, NULL, $3, $4, $5, 'premier-rdv', 'on-site', $6, $7, 'pending', $8, $9, 0, $10, $10, $11, $12, $13, $14)",
            )
            .bind(id.as_str())
            .bind(format!("S{id}"))
            .bind(territory)
            .bind(b.partner)
            .bind(b.site)
            .bind(b.starts_at)
            .bind(b.starts_at + 2700)
            .bind(b.parcours)
            .bind(b.lead)
            .bind(b.created_at)
            .bind(b.channel)
            .bind(b.locale)
            .bind(b.first_contact_at)
            .bind(i64::from(b.reminded))
            .execute(&mut *tx)
            .await?;
            stats::booking_made(&mut tx, &id).await?;
            if b.status != crate::core::BookingStatus::Pending {
                change_status(&mut tx, &id, b.status, "bench", None, b.created_at).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
