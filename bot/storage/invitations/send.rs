//! Sending and following: claims, messages recorded, statuses, holds, delivery reports.

use sqlx::Row as _;

use super::*;
use crate::core::{BookingStatus, ConvKey, InvitationStatus};
use crate::storage::backend::Backend;
use crate::storage::error::StorageError;
use crate::storage::sealed::INVITATION_REASON;
use crate::storage::store::{Store, new_id};

/// The invitations held for want of a free slot that the queue's alert counts: the condition
/// of the index `invitations_held` (migration 20261202000051), written as it is there.
const HELD: &str = "status = 'held' AND sends = 0 AND lead IS NOT NULL";

impl Store {
    /// One change to an invitation and the event that says it, in one transaction.
    async fn change<'q>(
        &self,
        id: &str,
        update: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
        kind: &str,
        by_staff: Option<&str>,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin().await?;
        update.execute(&mut *tx).await?;
        event(&mut tx, id, kind, by_staff, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Claims invitations whose next message (or expiry) is due, for `lease` seconds: several
    /// instances never claim the same one.
    pub async fn claim_invitations(
        &self,
        now: i64,
        limit: i64,
        lease: i64,
    ) -> Result<Vec<InvitationRow>, StorageError> {
        let sending = InvitationStatus::sql_list(&InvitationStatus::SENDING);
        let lock = match self.backend {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let mut tx = self.begin().await?;
        let ids: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT id FROM invitations WHERE next_at <= $1 AND status IN {sending} \
             AND (claimed_until IS NULL OR claimed_until < $1) ORDER BY next_at, id LIMIT $2{lock}"
        ))
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in &ids {
            sqlx::query("UPDATE invitations SET claimed_until = $1 WHERE id = $2")
                .bind(now + lease)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let r = sqlx::query(&format!("SELECT {COLUMNS} FROM invitations WHERE id = $1"))
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            out.push(self.invitation_from(&r)?);
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Records a message sent for an invitation, and when the next one is due.
    pub async fn invitation_sent(
        &self,
        id: &str,
        sent: &Sent<'_>,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "UPDATE invitations SET status = $1, status_at = $2, sends = $3, first_sent_at = $4, next_at = $5, \
             claimed_until = NULL WHERE id = $6",
        )
        .bind(sent.status.as_str())
        .bind(now)
        .bind(sent.sends)
        .bind(sent.first_sent_at)
        .bind(sent.next_at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO invitation_events (id, invitation_id, at, kind, provider_sid, delivery, delivery_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $3)",
        )
        .bind(new_id())
        .bind(id)
        .bind(now)
        .bind(sent.kind)
        .bind(sent.provider_sid)
        .bind(sent.delivery)
        .execute(&mut *tx)
        .await?;
        crate::storage::partners::events::invitation(&mut tx, id, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Puts an invitation's next message off until `at` (a send that failed for now, quiet
    /// hours), releasing the claim.
    pub async fn invitation_later(&self, id: &str, at: i64) -> Result<(), StorageError> {
        sqlx::query("UPDATE invitations SET next_at = $1, claimed_until = NULL WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Sets an invitation's status and records why (`kind`, by a staff account or not);
    /// `next_at` says when its next message is due (`None`: none).
    pub async fn set_invitation_status(
        &self,
        id: &str,
        status: InvitationStatus,
        kind: &str,
        by_staff: Option<&str>,
        next_at: Option<i64>,
        now: i64,
    ) -> Result<(), StorageError> {
        let update = sqlx::query(
            "UPDATE invitations SET status = $1, status_at = $2, next_at = $3, claimed_until = NULL WHERE id = $4",
        )
        .bind(status.as_str())
        .bind(now)
        .bind(next_at)
        .bind(id);
        self.change(id, update, kind, by_staff, now).await
    }

    /// Sends an invitation again from the start: the invitation now, then its reminders.
    pub async fn restart_invitation(
        &self,
        id: &str,
        by_staff: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        let update = sqlx::query(
            "UPDATE invitations SET status = 'pending', status_at = $1, sends = 0, first_sent_at = NULL, \
             next_at = $1, claimed_until = NULL, closed_reason = NULL WHERE id = $2",
        )
        .bind(now)
        .bind(id);
        self.change(id, update, "sent-again", Some(by_staff), now)
            .await
    }

    /// Stops every further message of an invitation (its status stays).
    pub async fn stop_invitation(
        &self,
        id: &str,
        by_staff: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        let update = sqlx::query(
            "UPDATE invitations SET next_at = NULL, claimed_until = NULL WHERE id = $1",
        )
        .bind(id);
        self.change(id, update, "stopped", Some(by_staff), now)
            .await
    }

    /// Closes an invitation with staff's reason (sealed).
    pub async fn close_invitation(
        &self,
        id: &str,
        reason: &str,
        by_staff: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        let update = sqlx::query(
            "UPDATE invitations SET status = 'closed', status_at = $1, next_at = NULL, claimed_until = NULL, \
             closed_reason = $2 WHERE id = $3",
        )
        .bind(now)
        .bind(self.key.seal(INVITATION_REASON, reason))
        .bind(id);
        self.change(id, update, "closed", Some(by_staff), now).await
    }

    /// The invitation an answer from this conversation belongs to: one no one answered under
    /// consent yet, not declined or closed, the newest.
    pub async fn invitation_for(
        &self,
        key: &ConvKey,
    ) -> Result<Option<InvitationRow>, StorageError> {
        let open = InvitationStatus::sql_list(&InvitationStatus::ANSWERABLE);
        let r = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM invitations WHERE channel = $1 AND address_key = $2 AND person_id IS NULL \
             AND (status IN {open} OR status = 'started') ORDER BY created_at DESC, id DESC LIMIT 1"
        ))
        .bind(key.channel.as_str())
        .bind(self.key.lookup(key))
        .fetch_optional(&self.pool)
        .await?;
        r.map(|r| self.invitation_from(&r)).transpose()
    }

    /// The invitation of a Telegram link's code, on the same terms.
    pub async fn invitation_by_code(
        &self,
        code: &str,
    ) -> Result<Option<InvitationRow>, StorageError> {
        let open = InvitationStatus::sql_list(&InvitationStatus::ANSWERABLE);
        let r = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM invitations WHERE code = $1 AND person_id IS NULL \
             AND (status IN {open} OR status = 'started')"
        ))
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        r.map(|r| self.invitation_from(&r)).transpose()
    }

    /// An invitation by id.
    pub async fn invitation(&self, id: &str) -> Result<Option<InvitationRow>, StorageError> {
        let r = sqlx::query(&format!("SELECT {COLUMNS} FROM invitations WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        r.map(|r| self.invitation_from(&r)).transpose()
    }

    /// The person answered: their conversation started (nothing of it is kept here).
    pub async fn invitation_started(&self, id: &str, now: i64) -> Result<(), StorageError> {
        let open = InvitationStatus::sql_list(&InvitationStatus::ANSWERABLE);
        let mut tx = self.begin().await?;
        let n = sqlx::query(&format!(
            "UPDATE invitations SET status = 'started', status_at = $1, next_at = NULL, claimed_until = NULL \
             WHERE id = $2 AND status IN {open}"
        ))
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n > 0 {
            event(&mut tx, id, "started", None, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Erases an invitation and its history (the person asked to erase their data).
    pub async fn erase_invitation(&self, id: &str) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM invitations WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Every number's invitation that can still be answered is declined (it said STOP).
    pub(in crate::storage) async fn decline_invitations(
        &self,
        key: &ConvKey,
        now: i64,
    ) -> Result<(), StorageError> {
        let open = InvitationStatus::sql_list(&InvitationStatus::ANSWERABLE);
        let mut tx = self.begin().await?;
        let ids: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT id FROM invitations WHERE channel = $1 AND address_key = $2 \
             AND (status IN {open} OR status = 'started')"
        ))
        .bind(key.channel.as_str())
        .bind(self.key.lookup(key))
        .fetch_all(&mut *tx)
        .await?;
        for id in &ids {
            sqlx::query(
                "UPDATE invitations SET status = 'declined', status_at = $1, next_at = NULL, claimed_until = NULL WHERE id = $2",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            event(&mut tx, id, "declined", None, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Follows the invitations whose person consented: their conversation and appointment
    /// tell where they stand. Returns how many changed.
    pub async fn follow_invitations(&self, now: i64) -> Result<usize, StorageError> {
        let followed = InvitationStatus::sql_list(&InvitationStatus::FOLLOWED);
        let rows = sqlx::query(&format!(
            "SELECT i.id, i.status, s.status AS session, \
             (SELECT b.status FROM bookings b WHERE b.person_id = i.person_id ORDER BY b.created_at DESC, b.id DESC LIMIT 1) AS booking \
             FROM invitations i LEFT JOIN sessions s ON s.person_id = i.person_id \
             WHERE i.person_id IS NOT NULL AND i.status IN {followed}"
        ))
        .fetch_all(&self.pool)
        .await?;
        let mut changed = 0;
        for r in &rows {
            let id: String = r.try_get("id")?;
            let was: String = r.try_get("status")?;
            let session: Option<String> = r.try_get("session")?;
            let booking: Option<String> = r.try_get("booking")?;
            let from_booking = booking
                .as_deref()
                .and_then(BookingStatus::parse)
                .and_then(InvitationStatus::of_booking);
            let now_is = match (from_booking, session.as_deref()) {
                (Some(s), _) => s,
                (None, Some("ended")) => InvitationStatus::Diagnosed,
                _ => InvitationStatus::Started,
            };
            if now_is.as_str() != was {
                let kind = now_is.as_str();
                self.set_invitation_status(&id, now_is, kind, None, None, now)
                    .await?;
                changed += 1;
            }
        }
        Ok(changed)
    }

    /// Holds the invitations not sent yet whose likely partner is `lead` (no free slot soon),
    /// or releases them; returns how many changed.
    pub async fn hold_invitations(
        &self,
        lead: &str,
        hold: bool,
        now: i64,
    ) -> Result<u64, StorageError> {
        let (from, to, kind) = if hold {
            ("pending", "held", "held")
        } else {
            ("held", "pending", "released")
        };
        let mut tx = self.begin().await?;
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM invitations WHERE status = $1 AND lead = $2 AND sends = 0",
        )
        .bind(from)
        .bind(lead)
        .fetch_all(&mut *tx)
        .await?;
        for id in &ids {
            sqlx::query("UPDATE invitations SET status = $1, status_at = $2 WHERE id = $3")
                .bind(to)
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            event(&mut tx, id, kind, None, now).await?;
        }
        tx.commit().await?;
        Ok(ids.len() as u64)
    }

    /// The partners likely to be proposed to invitations held for want of a free slot, with
    /// how many, by partner: read from the index `invitations_held` alone, not from every
    /// invitation not sent yet (a whole list), as it is on every reception page.
    pub async fn held_invitation_leads(&self) -> Result<Vec<(String, i64)>, StorageError> {
        let rows = sqlx::query(&format!(
            "SELECT lead, COUNT(*) AS n FROM invitations WHERE {HELD} GROUP BY lead ORDER BY lead"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("lead")?, r.try_get("n")?)))
            .collect()
    }

    /// The partners likely to be proposed to invitations not sent yet (held or not).
    pub async fn invitation_leads(&self) -> Result<Vec<(String, bool, i64)>, StorageError> {
        let rows = sqlx::query(
            "SELECT lead, status, COUNT(*) AS n FROM invitations WHERE status IN ('pending', 'held') \
             AND sends = 0 AND lead IS NOT NULL GROUP BY lead, status ORDER BY lead",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("lead")?,
                    r.try_get::<String, _>("status")? == "held",
                    r.try_get("n")?,
                ))
            })
            .collect()
    }

    /// The provider's delivery status of a message sent for an invitation; whether it was one.
    pub async fn invitation_delivery(
        &self,
        provider_sid: &str,
        status: &str,
        code: Option<i64>,
        now: i64,
    ) -> Result<bool, StorageError> {
        let n = sqlx::query(
            "UPDATE invitation_events SET delivery = $1, delivery_code = $2, delivery_at = $3 WHERE provider_sid = $4",
        )
        .bind(status)
        .bind(code)
        .bind(now)
        .bind(provider_sid)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n > 0)
    }

    /// The invitation a message was sent for, by the provider's id of it.
    pub async fn invitation_of_message(
        &self,
        provider_sid: &str,
    ) -> Result<Option<String>, StorageError> {
        Ok(sqlx::query_scalar(
            "SELECT invitation_id FROM invitation_events WHERE provider_sid = $1",
        )
        .bind(provider_sid)
        .fetch_optional(&self.pool)
        .await?)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_held_count_reads_its_index() {
        let migration =
            include_str!("../../../migrations/20261202000051_index_invitations_held.sql");
        assert!(migration.contains(&format!("WHERE {};", super::HELD)));
    }
}
