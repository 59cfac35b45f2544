//! What the outbox worker asks of the application: the messages due, what became of each, and
//! the appointment a reminder or a calendar file is about (if it still stands). And what the
//! provider reports later about each message (its delivery status callbacks): a permanent
//! failure flags the person's number for staff, a temporary one sends the message again, a
//! WhatsApp text refused outside the 24-hour window goes again as a template.

use super::{Host, HostError, Reply, booking_view, duplicate};
use crate::core::{Channel, ConvKey};
use crate::engine::BookingView;
use crate::storage::bookings::BookingRow;

pub use crate::storage::outbox::{Delivery, DueMessage, Handled};

/// Tries of one message, first send included, after which a temporary failure is final.
pub const MAX_ATTEMPTS: i64 = 5;

/// Seconds after a person's last message during which WhatsApp takes free text (the
/// customer-service window); outside it, only an approved template.
pub const WHATSAPP_WINDOW: i64 = 24 * 3600;

/// The provider's error code for free text sent outside the WhatsApp window.
pub const WINDOW_CLOSED_CODE: i64 = 63_016;

/// What a provider's error code means for the person's number and the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The person opted out at the provider (STOP to the carrier): nothing more is sent.
    OptedOut,
    /// The number does not exist, is not a mobile, or cannot be reached for good: no retry,
    /// the contact is flagged for staff.
    BadNumber,
    /// Free text outside the WhatsApp window: the message goes again as a template.
    WindowClosed,
    /// Anything else: the message may be tried again later.
    Temporary,
}

impl Failure {
    /// The meaning of a Twilio error code (`ErrorCode` of a status callback, `code` of a
    /// refused request).
    #[must_use]
    pub fn of(code: i64) -> Self {
        match code {
            21_610 => Self::OptedOut,
            // Not a valid number (21211), not a mobile (21614), landline or unreachable
            // carrier (30006), unknown (30005) or unreachable (30003) handset, blocked (30004),
            // not a WhatsApp user (63003), invalid recipient (63024).
            21_211 | 21_614 | 30_003 | 30_004 | 30_005 | 30_006 | 63_003 | 63_024 => {
                Self::BadNumber
            }
            WINDOW_CLOSED_CODE => Self::WindowClosed,
            _ => Self::Temporary,
        }
    }
}

/// A delivery status the provider reported for one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryReport {
    /// The provider's id of the message (`MessageSid`).
    pub sid: String,
    /// `queued`, `sent`, `delivered`, `read`, `undelivered`, `failed`...
    pub status: String,
    /// The provider's error code (`ErrorCode`), when it failed.
    pub code: Option<i64>,
}

/// The delivery statuses a callback may report, as stored.
pub const DELIVERY_STATUSES: [&str; 10] = [
    "accepted",
    "scheduled",
    "queued",
    "sending",
    "sent",
    "delivered",
    "read",
    "undelivered",
    "failed",
    "canceled",
];

/// The first wait before a failed send is tried again.
pub const FIRST_RETRY: std::time::Duration = std::time::Duration::from_secs(60);
/// The longest wait between two tries of a send (before jitter).
pub const LAST_RETRY: std::time::Duration = std::time::Duration::from_secs(60 * 64);

/// Seconds before a message whose send failed is tried again, after `attempts` tries:
/// capped exponential backoff with jitter drawn from `random`, so that the messages that
/// failed together in a provider outage do not all go again in the same second.
#[must_use]
pub fn retry_wait(attempts: i64, random: [u8; 16]) -> i64 {
    let failures = u32::try_from(attempts.saturating_sub(1)).unwrap_or(0);
    let wait = crate::core::backoff(FIRST_RETRY, LAST_RETRY, failures, random);
    i64::try_from(wait.as_secs()).unwrap_or(i64::MAX)
}

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

    /// Records what became of a message the worker handled.
    pub async fn message_handled(
        &self,
        id: &str,
        now: i64,
        handled: &Handled<'_>,
    ) -> Result<(), HostError> {
        Ok(self.store.mark_handled(id, now, handled).await?)
    }

    /// A person's number was found unknown or unreachable for good: nothing more is sent to it
    /// until they write again, and staff see the flag.
    pub async fn bad_number(
        &self,
        person_id: &str,
        code: Option<i64>,
        now: i64,
    ) -> Result<(), HostError> {
        Ok(self.store.flag_unreachable(person_id, code, now).await?)
    }

    /// Records a delivery status the provider reported, and acts on a failure: a bad number
    /// is flagged (no retry), an opt-out honoured, a WhatsApp text refused outside the window
    /// sent again as a template, a temporary failure sent again after a while (up to
    /// [`MAX_ATTEMPTS`] tries). A status about an unknown message, or older than the one
    /// stored, changes nothing.
    pub async fn delivery_report(&self, r: &DeliveryReport) -> Result<(), HostError> {
        let now = self.now();
        let Some(m) = self
            .store
            .record_delivery(&r.sid, &r.status, r.code, now)
            .await?
        else {
            return self.invitation_delivery(r, now).await;
        };
        if !matches!(r.status.as_str(), "failed" | "undelivered") {
            return Ok(());
        }
        let failure = r.code.map_or(Failure::Temporary, Failure::of);
        match failure {
            Failure::BadNumber => self.bad_number(&m.person_id, r.code, now).await?,
            Failure::OptedOut => {
                if let Some(key) = self.person_key(&m.person_id).await? {
                    self.opt_out(&key).await?;
                }
            }
            Failure::WindowClosed if m.attempts < MAX_ATTEMPTS => {
                self.store
                    .send_again(
                        &m.id,
                        now,
                        "outside the WhatsApp window: sent again as a template",
                    )
                    .await?;
            }
            Failure::Temporary if m.attempts < MAX_ATTEMPTS => {
                self.store
                    .send_again(
                        &m.id,
                        now + retry_wait(m.attempts, self.random_bytes()),
                        "not delivered: sent again",
                    )
                    .await?;
            }
            Failure::WindowClosed | Failure::Temporary => {}
        }
        Ok(())
    }

    /// The replies of a channel committed and not delivered yet (a crash came between), a
    /// chat's in order: the conversation, the inbound message each answers, the reply.
    pub async fn pending_replies(
        &self,
        channel: Channel,
    ) -> Result<Vec<(ConvKey, String, Reply)>, HostError> {
        Ok(self
            .store
            .pending_replies(channel)
            .await?
            .into_iter()
            .map(|p| {
                (
                    ConvKey::new(channel, p.address),
                    p.external_id,
                    duplicate(&p.reply),
                )
            })
            .collect())
    }

    /// Whether the reply to an inbound message is still to be delivered.
    pub async fn reply_pending(&self, key: &ConvKey, external_id: &str) -> Result<bool, HostError> {
        Ok(self.store.reply_pending(key, external_id).await?)
    }

    /// The reply to an inbound message reached the person (or never can): neither it nor an
    /// earlier one of theirs is sent again.
    pub async fn reply_delivered(&self, key: &ConvKey, external_id: &str) -> Result<(), HostError> {
        Ok(self.store.reply_delivered(key, external_id).await?)
    }

    /// The conversation of a stored person.
    async fn person_key(&self, person_id: &str) -> Result<Option<ConvKey>, HostError> {
        let channel = self.store.person_channel(person_id).await?;
        let address = self.store.person_contact(person_id).await?;
        Ok(match (channel, address) {
            (Some((channel, _)), Some(address)) => {
                crate::core::Channel::parse(&channel).map(|c| ConvKey::new(c, address))
            }
            _ => None,
        })
    }

    /// The messages of a person with what became of each, and whether their number is
    /// flagged unreachable (when, with which code).
    pub async fn deliveries(
        &self,
        person_id: &str,
    ) -> Result<(Vec<Delivery>, Option<(i64, Option<i64>)>), HostError> {
        Ok((
            self.store.deliveries_of(person_id).await?,
            self.store.unreachable_since(person_id).await?,
        ))
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
