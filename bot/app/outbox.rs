//! What the outbox worker asks of the application: the messages due, what became of each, and
//! the appointment a reminder or a calendar file is about (if it still stands).

use super::{Host, HostError, booking_view};
use crate::core::ConvKey;
use crate::engine::BookingView;
use crate::storage::bookings::BookingRow;

pub use crate::storage::outbox::DueMessage;

/// An appointment that still stands, as stored and as it reads to the person.
#[derive(Debug, Clone)]
pub struct LiveBooking {
    pub id: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub view: BookingView,
}

impl Host {
    /// Claims up to `limit` due messages for `lease` seconds.
    pub async fn due_messages(
        &self,
        now: i64,
        limit: i64,
        lease: i64,
    ) -> Result<Vec<DueMessage>, HostError> {
        Ok(self.store.claim_due(now, limit, lease).await?)
    }

    /// A message was sent, or will never be (`note` says why).
    pub async fn message_done(
        &self,
        id: &str,
        now: i64,
        note: Option<&str>,
    ) -> Result<(), HostError> {
        Ok(self.store.mark_sent(id, now, note).await?)
    }

    /// A message is tried again at `at`.
    pub async fn message_retry(&self, id: &str, at: i64, error: &str) -> Result<(), HostError> {
        Ok(self.store.retry_later(id, at, error).await?)
    }

    /// A message could not reach its address any more (blocked, opted out at the provider):
    /// nothing more is sent there.
    pub async fn unreachable(&self, key: &ConvKey) -> Result<(), HostError> {
        self.opt_out(key).await.map(|_| ())
    }

    /// The appointment a booking id names, if it still stands (not cancelled, not past).
    pub async fn live_booking(
        &self,
        booking_id: &str,
        locale: &str,
        now: i64,
    ) -> Result<Option<LiveBooking>, HostError> {
        let Some(b) = self.store.booking(booking_id).await? else {
            return Ok(None);
        };
        if !b.status.is_active() || b.starts_at <= now {
            return Ok(None);
        }
        let Some(t) = self.territory() else {
            return Ok(None);
        };
        Ok(Some(live(t, locale, &b)))
    }
}

fn live(t: &crate::booking::territory::Territory, locale: &str, b: &BookingRow) -> LiveBooking {
    LiveBooking {
        id: b.id.clone(),
        starts_at: b.starts_at,
        ends_at: b.ends_at,
        view: booking_view(t, locale, b),
    }
}
