//! What staff do to a booking or a waiting request: change its status, move it to another
//! slot, close a request. Each action is one transaction with its history line, its audit line
//! and the message to the person; an action that finds nothing to do writes nothing.

use super::audit::record;
use super::model::{ActionOutcome, AuditEntry, Notice};
use crate::booking::Offer;
use crate::core::BookingStatus;
use crate::storage::bookings::{
    add_event, change_status_keeping, close_request, hold_slots, is_unique_violation, messages_of,
};
use crate::storage::{ACTIVE_SQL, PEOPLE_NAME, StorageError, Store};

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Ends an action with what its change `found`: when done, its audit line and message are
/// written and everything is committed; otherwise nothing is.
async fn conclude(
    mut tx: Tx,
    found: ActionOutcome,
    audit: &AuditEntry<'_>,
    notice: Option<&Notice>,
    now: i64,
) -> Result<ActionOutcome, StorageError> {
    if found != ActionOutcome::Done {
        tx.rollback().await?;
        return Ok(found);
    }
    record(&mut tx, audit, notice, now).await?;
    tx.commit().await?;
    Ok(ActionOutcome::Done)
}

/// [`ActionOutcome::Done`] when a change was made, [`ActionOutcome::Unchanged`] otherwise.
fn done_if(changed: bool) -> ActionOutcome {
    if changed {
        ActionOutcome::Done
    } else {
        ActionOutcome::Unchanged
    }
}

impl Store {
    /// Changes a booking's status from the dashboard, in one transaction: the status and its
    /// history line (freeing the slots and dropping unsent reminders when it no longer holds
    /// them, see `change_status`), the audit line and the message to the person.
    pub async fn staff_set_status(
        &self,
        id: &str,
        status: BookingStatus,
        reason: Option<&str>,
        audit: &AuditEntry<'_>,
        notice: Option<&Notice>,
        now: i64,
    ) -> Result<ActionOutcome, StorageError> {
        let mut tx = self.begin().await?;
        // A cancellation or a no-show can be undone for a while: the reminders stay until
        // then (the outbox worker skips those of a booking that does not stand).
        let undoable = matches!(status, BookingStatus::Cancelled | BookingStatus::NoShow);
        let previous = if undoable { "status" } else { "NULL" };
        sqlx::query(&format!(
            "UPDATE bookings SET previous_status = {previous} WHERE id = $1 AND status <> $2"
        ))
        .bind(id)
        .bind(status.as_str())
        .execute(&mut *tx)
        .await?;
        let changed =
            change_status_keeping(&mut tx, id, status, audit.actor, reason, now, undoable).await?;
        conclude(tx, done_if(changed), audit, notice, now).await
    }

    /// Undoes a cancellation or a no-show recorded from the dashboard at `since` or later, in
    /// one transaction: the booking goes back to the status it replaced, holds its slots again (or [`ActionOutcome::Taken`] if one was booked
    /// meanwhile), the message about it not yet sent is withdrawn, and the history and audit
    /// lines are written.
    pub async fn staff_undo(
        &self,
        id: &str,
        since: i64,
        audit: &AuditEntry<'_>,
        now: i64,
    ) -> Result<ActionOutcome, StorageError> {
        let mut tx = self.begin().await?;
        let changed = sqlx::query(
            "UPDATE bookings SET status = previous_status, previous_status = NULL, updated_at = $1 \
             WHERE id = $2 AND status IN ($3, $4) AND previous_status IS NOT NULL AND updated_at >= $5",
        )
        .bind(now)
        .bind(id)
        .bind(BookingStatus::Cancelled.as_str())
        .bind(BookingStatus::NoShow.as_str())
        .bind(since)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return conclude(tx, ActionOutcome::Unchanged, audit, None, now).await;
        }
        let held = sqlx::query("UPDATE booking_slots SET active = 1 WHERE booking_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await;
        match held {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => {
                return conclude(tx, ActionOutcome::Taken, audit, None, now).await;
            }
            Err(e) => return Err(e.into()),
        }
        sqlx::query(
            "DELETE FROM outbox WHERE booking_id = $1 AND kind = 'text' AND sent_at IS NULL AND not_before > $2",
        )
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        add_event(&mut tx, id, "undone", audit.actor, None, now).await?;
        conclude(tx, ActionOutcome::Done, audit, None, now).await
    }

    /// Notes a person's name as reception learnt it (none: forgets it), sealed, with the keyed
    /// hashes it is searched by, and the audit line (which does not hold the name).
    pub async fn staff_set_name(
        &self,
        person_id: &str,
        name: Option<&str>,
        audit: &AuditEntry<'_>,
        now: i64,
    ) -> Result<ActionOutcome, StorageError> {
        let mut tx = self.begin().await?;
        let (sealed, keys) = match name {
            Some(n) => (
                Some(self.key().seal(PEOPLE_NAME, n)),
                Some(self.key().name_keys(n).join(" ")),
            ),
            None => (None, None),
        };
        let changed = sqlx::query("UPDATE people SET name = $1, name_keys = $2 WHERE id = $3")
            .bind(sealed)
            .bind(keys)
            .bind(person_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        conclude(tx, done_if(changed == 1), audit, None, now).await
    }

    /// Records that reception called back the person of an urgent booking (with a note in its
    /// history) or request, with the audit line; unchanged when already recorded.
    pub async fn staff_called_back(
        &self,
        booking: Option<&str>,
        request: Option<&str>,
        note: &str,
        audit: &AuditEntry<'_>,
        now: i64,
    ) -> Result<ActionOutcome, StorageError> {
        let mut tx = self.begin().await?;
        let (table, id) = match (booking, request) {
            (Some(b), _) => ("bookings", b),
            (None, Some(r)) => ("booking_requests", r),
            (None, None) => return Ok(ActionOutcome::Unchanged),
        };
        let changed = sqlx::query(&format!(
            "UPDATE {table} SET called_back_at = $1 WHERE id = $2 AND called_back_at IS NULL"
        ))
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 1 && booking.is_some() {
            add_event(&mut tx, id, "called-back", audit.actor, Some(note), now).await?;
        }
        conclude(tx, done_if(changed == 1), audit, None, now).await
    }

    /// Records how a joint appointment went for its second partner, in one transaction: a
    /// history line in the name of the account and its audit line. The booking's status is
    /// its lead's and stays as it is; a cancelled booking takes nothing.
    pub async fn staff_joint_outcome(
        &self,
        id: &str,
        outcome: BookingStatus,
        reason: Option<&str>,
        audit: &AuditEntry<'_>,
        now: i64,
    ) -> Result<ActionOutcome, StorageError> {
        let mut tx = self.begin().await?;
        let open: Option<String> = sqlx::query_scalar(
            "SELECT id FROM bookings WHERE id = $1 AND with_partner IS NOT NULL AND status <> $2",
        )
        .bind(id)
        .bind(BookingStatus::Cancelled.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        if open.is_some() {
            add_event(&mut tx, id, outcome.as_str(), audit.actor, reason, now).await?;
        }
        conclude(tx, done_if(open.is_some()), audit, None, now).await
    }

    /// Moves a booking to another slot (of the same or another partner), in one
    /// transaction: the old slots are freed, the new ones held (or [`ActionOutcome::Taken`]),
    /// a joint part is dropped, reminders not yet sent are moved with it, and the history,
    /// audit and message to the person are written.
    pub async fn staff_move(
        &self,
        id: &str,
        to: &Offer,
        reason: &str,
        audit: &AuditEntry<'_>,
        notice: Option<&Notice>,
        now: i64,
    ) -> Result<ActionOutcome, StorageError> {
        let mut tx = self.begin().await?;
        let found = move_booking(&mut tx, id, to, reason, audit.actor, now).await?;
        conclude(tx, found, audit, notice, now).await
    }

    /// Closes a waiting request (the person was called back), with the audit line.
    pub async fn staff_close_request(
        &self,
        id: &str,
        audit: &AuditEntry<'_>,
        notice: Option<&Notice>,
        now: i64,
    ) -> Result<ActionOutcome, StorageError> {
        let mut tx = self.begin().await?;
        let closed = close_request(&mut tx, id, now).await?;
        conclude(tx, done_if(closed), audit, notice, now).await
    }
}

/// The change of [`Store::staff_move`], inside its transaction.
async fn move_booking(
    tx: &mut Tx,
    id: &str,
    to: &Offer,
    reason: &str,
    actor: &str,
    now: i64,
) -> Result<ActionOutcome, StorageError> {
    let old_start: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT starts_at FROM bookings WHERE id = $1 AND status IN {ACTIVE_SQL}"
    ))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(old_start) = old_start else {
        return Ok(ActionOutcome::Unchanged);
    };
    crate::storage::stats::booking_placed(tx, id, -1).await?;
    sqlx::query("DELETE FROM booking_slots WHERE booking_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    if !hold_slots(tx, id, &to.keys).await? {
        return Ok(ActionOutcome::Taken);
    }
    sqlx::query(
        "UPDATE bookings SET partner = $1, site = $2, with_partner = NULL, with_site = NULL, appointment = $3, \
         format = $4, starts_at = $5, ends_at = $6, status = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(to.partner.as_str())
    .bind(to.site.as_str())
    .bind(to.appointment.as_str())
    .bind(to.format.as_str())
    .bind(to.start)
    .bind(to.end)
    .bind(BookingStatus::Pending.as_str())
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    crate::storage::stats::booking_placed(tx, id, 1).await?;
    // Reminders keep their distance to the appointment; one that would now be past is
    // dropped.
    let messages = messages_of(id);
    sqlx::query("UPDATE outbox SET not_before = not_before + $1 WHERE kind IN ('reminder', 'calendar') AND sent_at IS NULL AND payload LIKE $2")
        .bind(to.start - old_start)
        .bind(messages.as_str())
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM outbox WHERE kind = 'reminder' AND sent_at IS NULL AND not_before < $1 AND payload LIKE $2")
        .bind(now)
        .bind(messages.as_str())
        .execute(&mut **tx)
        .await?;
    add_event(tx, id, "moved", actor, Some(reason), now).await?;
    Ok(ActionOutcome::Done)
}
