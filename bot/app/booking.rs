//! Booking an appointment, from the chat or by staff: a reference drawn from the host's
//! entropy, reminders at the configured distances for a person who agreed to them, and a retry
//! only when the reference drawn is already another booking's. A storage failure is an error,
//! never told as a taken slot.

use super::{Host, HostError};
use crate::booking::territory::{PartnerKind, Territory};
use crate::booking::{Offer, Wish};
use crate::core::{Body, Parcours};
use crate::engine::{Arg, Msg, Session};
use crate::i18n::Isolation;
use crate::storage::bookings::{
    BookOutcome, BookingRow, ClosesRequest, NewBooking, WaitingRequest,
};
use crate::storage::staff::Notice;

/// How many references are drawn before giving up (a collision is already rare).
const REFERENCE_DRAWS: usize = 5;

/// A booking to make.
#[derive(Debug)]
pub struct BookRequest<'a> {
    pub territory: &'a Territory,
    pub person_id: &'a str,
    /// Identifies the question answered (or the request booked), so that a replay finds the
    /// same booking.
    pub request_key: &'a str,
    pub offer: &'a Offer,
    pub parcours: Option<Parcours>,
    pub lead: Option<Body>,
    pub urgent: bool,
    /// The person agreed to reminders.
    pub reminders: bool,
    /// A call-back request the booking answers, closed in the same transaction.
    pub closes: Option<RequestBooked<'a>>,
    pub now: i64,
}

/// The call-back request a staff member answers with a booking.
#[derive(Debug, Clone, Copy)]
pub struct RequestBooked<'a> {
    pub request_id: &'a str,
    /// The staff account that books.
    pub actor: &'a str,
}

/// What a booking found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Booked {
    Booked(Box<BookingRow>),
    /// Another person holds one of the slots.
    Taken,
    /// The call-back request was closed meanwhile.
    RequestClosed,
}

impl Host {
    /// Books an offer.
    pub async fn book(&self, r: BookRequest<'_>) -> Result<Booked, HostError> {
        let reminders: Vec<(i64, u32)> = if r.reminders {
            self.config
                .reminders
                .iter()
                .map(|h| (r.offer.start - i64::from(*h) * 3600, *h))
                .filter(|(at, _)| *at > r.now)
                .collect()
        } else {
            Vec::new()
        };
        for _ in 0..REFERENCE_DRAWS {
            let reference = crate::booking::reference(self.entropy.bytes());
            let closes = match r.closes {
                Some(c) => Some(ClosesRequest {
                    request_id: c.request_id,
                    actor: c.actor,
                    notice: self
                        .notice(
                            r.person_id,
                            &r.territory.id,
                            "staff-notice-confirmed",
                            r.offer.start,
                            &r.offer.site,
                            &reference,
                        )
                        .await?,
                }),
                None => None,
            };
            let outcome = self
                .store
                .book(NewBooking {
                    territory: &r.territory.id,
                    person_id: r.person_id,
                    request_key: r.request_key,
                    offer: r.offer,
                    reference,
                    parcours: r.parcours,
                    lead: r.lead,
                    urgent: r.urgent,
                    now: r.now,
                    reminders: reminders.clone(),
                    closes,
                })
                .await?;
            match outcome {
                BookOutcome::Booked(row) => return Ok(Booked::Booked(row)),
                BookOutcome::Taken => return Ok(Booked::Taken),
                BookOutcome::RequestClosed => return Ok(Booked::RequestClosed),
                BookOutcome::ReferenceTaken => {}
            }
        }
        Err(HostError::References(REFERENCE_DRAWS))
    }

    /// A text for the person about their appointment (message `id` with its time, place and
    /// reference), in their language and for their channel; none for a person not stored.
    pub async fn notice(
        &self,
        person_id: &str,
        territory: &str,
        id: &str,
        start: i64,
        site: &str,
        reference: &str,
    ) -> Result<Option<Notice>, HostError> {
        let Some((channel, locale)) = self.store.person_channel(person_id).await? else {
            return Ok(None);
        };
        let place = self
            .catalog
            .territory(Some(territory))
            .and_then(|t| t.site(site))
            .map_or_else(String::new, |(_, s)| s.name_in(&locale).to_string());
        let iso = if channel == crate::core::Channel::Telegram.as_str() {
            Isolation::Isolated
        } else {
            Isolation::Plain
        };
        let msg = Msg::new(id)
            .arg("when", Arg::Instant(start))
            .arg("place", place)
            .arg("reference", reference.to_string());
        let text = self.catalog.locales.render(&locale, &msg, iso);
        Ok(Some(Notice {
            person_id: person_id.to_string(),
            text,
            message: serde_json::to_string(&msg).ok(),
            after: 0,
        }))
    }

    /// Records a request to be called back, when no slot fits. Without a territory to record
    /// it in, this fails: a person is never told reception will call when nobody can.
    pub(super) async fn record_waiting(
        &self,
        person_id: &str,
        wish: &Wish,
        session: &Session,
        now: i64,
    ) -> Result<(), HostError> {
        let t = self.territory().ok_or_else(|| {
            HostError::NoTerritory(self.config.territory.clone().unwrap_or_default())
        })?;
        let partner = wish
            .lead
            .and_then(|b| {
                crate::booking::pick_site(t, PartnerKind::for_body(b), wish.postcode.as_deref())
            })
            .map(|(p, _)| p.id.clone())
            .unwrap_or_default();
        let proposal = self
            .catalog
            .dialogue(&session.dialogue)
            .map(|d| session.proposal(d));
        self.store
            .add_waiting_request(&WaitingRequest {
                person_id,
                territory: &t.id,
                partner: &partner,
                parcours: proposal.as_ref().map(|p| p.parcours),
                lead: proposal.as_ref().map(|p| p.lead),
                urgent: !session.urgent.is_empty(),
                now,
            })
            .await?;
        Ok(())
    }
}
