//! The effects the engine waits on (free slots, a booking, the person's appointment, a
//! cancellation), carried out for real in a conversation, or pretended in the simulator. Both
//! search slots through the same availability, so the simulator shows what the chat offers.

use std::sync::atomic::{AtomicBool, Ordering};

use super::booking::{BookRequest, Booked};
use super::{Host, HostError, booking_view};
use crate::core::{BookingStatus, ConvKey};
use crate::engine::{ConsentScope, Effect, Resolution, Session};

/// Carries out an effect the engine is waiting on.
pub(super) trait Resolver {
    async fn resolve(
        &self,
        effect: &Effect,
        session: &Session,
        now: i64,
    ) -> Result<Resolution, HostError>;
}

/// Effects carried out for real, for a person (stored once they consented).
pub(super) struct Live<'a> {
    pub(super) host: &'a Host,
    pub(super) person: Option<&'a str>,
    /// The person came from memory, where this message was not: before the first effect
    /// (a booking cannot wait for the commit's guard), the database says whether it was
    /// answered before memory knew them.
    pub(super) unverified: Option<(&'a ConvKey, &'a str)>,
    pub(super) verified: AtomicBool,
}

impl Live<'_> {
    pub(super) async fn verify(&self) -> Result<(), HostError> {
        let Some((key, id)) = self.unverified else {
            return Ok(());
        };
        if self.verified.swap(true, Ordering::SeqCst) {
            return Ok(());
        }
        match self.host.store.inbound_reply(key, id).await? {
            Some(reply) => Err(HostError::AnsweredBefore(reply)),
            None => Ok(()),
        }
    }
}

/// Effects that store nothing: slots are searched for real, a booking is pretended.
pub(super) struct Pretend<'a> {
    pub(super) host: &'a Host,
}

/// What an effect resolves to when there is no territory to book in.
fn without_territory(effect: &Effect) -> Resolution {
    match effect {
        Effect::FindAppointment => Resolution::Appointment(None),
        Effect::CancelAppointment => Resolution::Cancelled,
        _ => Resolution::Offers(Vec::new()),
    }
}

impl Resolver for Live<'_> {
    async fn resolve(
        &self,
        effect: &Effect,
        session: &Session,
        now: i64,
    ) -> Result<Resolution, HostError> {
        self.verify().await?;
        let host = self.host;
        let Some(t) = host.territory() else {
            return Ok(without_territory(effect));
        };
        match effect {
            Effect::FindSlots { wish, skip } => Ok(Resolution::Offers(
                host.offers(t, &session.locale, wish, *skip, now).await?,
            )),
            Effect::Book(offer) => {
                let Some(person_id) = self.person else {
                    return Ok(Resolution::Offers(Vec::new()));
                };
                let dialogue = host
                    .catalog
                    .dialogue(&session.dialogue)
                    .ok_or_else(|| HostError::NoDialogue(session.dialogue.clone()))?;
                let p = session.proposal(dialogue);
                let request_key = format!("{person_id}:{}", session.turn);
                let booked = host
                    .book(BookRequest {
                        territory: t,
                        person_id,
                        request_key: &request_key,
                        offer,
                        parcours: Some(p.parcours),
                        lead: Some(p.lead),
                        urgent: !session.urgent.is_empty(),
                        reminders: session.consented(ConsentScope::Reminders),
                        closes: None,
                        now,
                    })
                    .await?;
                Ok(match booked {
                    Booked::Booked(row) => {
                        Resolution::Booked(booking_view(t, &session.locale, &row))
                    }
                    // A chat booking answers no call-back request.
                    Booked::Taken | Booked::RequestClosed => Resolution::Taken,
                })
            }
            Effect::FindAppointment => {
                let Some(person_id) = self.person else {
                    return Ok(Resolution::Appointment(None));
                };
                let row = host.store.active_booking(person_id, now).await?;
                Ok(Resolution::Appointment(
                    row.map(|r| booking_view(t, &session.locale, &r)),
                ))
            }
            Effect::CancelAppointment => {
                if let Some(person_id) = self.person {
                    if let Some(row) = host.store.active_booking(person_id, now).await? {
                        host.store
                            .set_booking_status(
                                &row.id,
                                BookingStatus::Cancelled,
                                "person",
                                Some("cancelled from the chat"),
                                now,
                            )
                            .await?;
                    }
                }
                Ok(Resolution::Cancelled)
            }
            _ => Ok(Resolution::Offers(Vec::new())),
        }
    }
}

impl Resolver for Pretend<'_> {
    async fn resolve(
        &self,
        effect: &Effect,
        session: &Session,
        now: i64,
    ) -> Result<Resolution, HostError> {
        let host = self.host;
        let Some(t) = host.territory() else {
            return Ok(without_territory(effect));
        };
        Ok(match effect {
            Effect::FindSlots { wish, skip } => {
                Resolution::Offers(host.offers(t, &session.locale, wish, *skip, now).await?)
            }
            Effect::Book(offer) => {
                Resolution::Booked(super::offer_booked(t, &session.locale, "SIMUL0", offer))
            }
            Effect::FindAppointment => Resolution::Appointment(None),
            Effect::CancelAppointment => Resolution::Cancelled,
            _ => Resolution::Offers(Vec::new()),
        })
    }
}
