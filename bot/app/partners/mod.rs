//! Partners' own systems: what the delivery worker asks of the application (the deliveries
//! due, their bodies, what became of them), the endpoints set by the environment, the events a
//! turn writes (an orientation proposed), and what France Travail's partner API is to be told.

mod desk;
pub mod france_travail;
mod payload;
mod person;

use std::collections::HashSet;

use serde_json::json;

use super::{Host, HostError};
use crate::booking::territory::PartnerKind;
use crate::orientation::Proposal;
pub use crate::storage::partners::deliveries::{DeliveryLine, DueDelivery, Outcome};
pub use crate::storage::partners::events::NewEvent;
pub use crate::storage::partners::{ENV_ENDPOINT, Endpoint, FRANCE_TRAVAIL_ENDPOINT};
pub use desk::{CreatedEndpoint, EndpointView};
pub use france_travail::FtJob;
pub use payload::{casf, delivery_id, location_type, rdv_status, rfc3339};
pub use person::FRANCE_TRAVAIL_ID_STEP;

/// The events an endpoint can take, as `Model.event`.
pub const EVENT_NAMES: [&str; 9] = [
    "Booking.created",
    "Booking.updated",
    "Request.created",
    "Request.updated",
    "Orientation.created",
    "Orientation.updated",
    "Invitation.created",
    "Invitation.updated",
    "Person.destroyed",
];

/// The events France Travail's partner API is told of.
pub const FRANCE_TRAVAIL_EVENTS: &str = "Booking.created Booking.updated Person.destroyed";

/// How long a delivery is tried before it is given up.
pub const GIVE_UP_AFTER: i64 = 24 * 3600;
/// The first wait before a failed delivery is tried again.
pub const FIRST_RETRY: std::time::Duration = std::time::Duration::from_secs(5);
/// The longest wait between two tries (before jitter).
pub const LAST_RETRY: std::time::Duration = std::time::Duration::from_secs(3600);
/// How long a claimed delivery is kept from the other workers (a try takes 10 s at most).
pub const CLAIM_SECONDS: i64 = 60;

impl Host {
    /// Sets the endpoints the environment configures: the catch-all webhook
    /// (`TREMPLIN_WEBHOOK_URL`) and France Travail's partner API, on when set, off when not.
    pub async fn configure_partner_endpoints(
        &self,
        webhook_url: Option<&str>,
        france_travail_url: Option<&str>,
    ) -> Result<(), HostError> {
        let now = self.now();
        let store = &self.store;
        store
            .configure_partner_endpoint(ENV_ENDPOINT, "webhook", webhook_url, "*", now)
            .await?;
        store
            .configure_partner_endpoint(
                FRANCE_TRAVAIL_ENDPOINT,
                "france-travail",
                france_travail_url,
                FRANCE_TRAVAIL_EVENTS,
                now,
            )
            .await?;
        Ok(())
    }

    /// Claims up to `limit` deliveries due now, to none of the `busy` endpoints and none of
    /// those in flight here; in the database only when several instances share it.
    pub async fn partner_deliveries_due(
        &self,
        limit: i64,
        busy: &[String],
        flying: &HashSet<(String, String)>,
    ) -> Result<Vec<DueDelivery>, HostError> {
        let lease = self.shared.then_some(CLAIM_SECONDS);
        Ok(self
            .store
            .claim_partner_deliveries(self.now(), limit, lease, busy, flying)
            .await?)
    }

    /// Records what became of a try.
    pub async fn partner_delivery_done(
        &self,
        d: &DueDelivery,
        outcome: Outcome<'_>,
    ) -> Result<(), HostError> {
        Ok(self
            .store
            .partner_delivery_done(&d.event_id, &d.endpoint_id, outcome, self.now())
            .await?)
    }

    /// Gives a claimed delivery back untried.
    pub async fn partner_delivery_release(&self, d: &DueDelivery) -> Result<(), HostError> {
        Ok(self
            .store
            .release_partner_delivery(&d.event_id, &d.endpoint_id)
            .await?)
    }

    /// A try failed for a while: tried again after a capped exponential backoff with jitter,
    /// or given up once the event is a day old.
    #[must_use]
    pub fn partner_retry<'a>(
        &self,
        d: &DueDelivery,
        code: Option<i64>,
        error: &'a str,
    ) -> Outcome<'a> {
        let now = self.now();
        if now - d.at >= GIVE_UP_AFTER {
            return Outcome::Final {
                state: "failed",
                code,
                error,
            };
        }
        let failures = u32::try_from(d.attempts).unwrap_or(u32::MAX);
        let wait = crate::core::backoff(FIRST_RETRY, LAST_RETRY, failures, self.random_bytes());
        let at = now + i64::try_from(wait.as_secs()).unwrap_or(i64::MAX / 2).max(1);
        Outcome::Retry {
            at: at.min(d.at + GIVE_UP_AFTER).max(now + 1),
            code,
            error,
        }
    }

    /// The event a turn's proposal writes for partners' systems: the parcours and the lead
    /// body, for the endpoints of the partners that play that body's part (and the joint one).
    pub(super) fn orientation_event(&self, person_id: &str, p: &Proposal, now: i64) -> NewEvent {
        let mut partners = Vec::new();
        if let Some(t) = self.territory() {
            for body in std::iter::once(p.lead).chain(p.with) {
                partners.extend(
                    payload::partners_for(t, PartnerKind::for_body(body)).map(|x| x.id.clone()),
                );
            }
        }
        NewEvent {
            model: "Orientation",
            resource_id: person_id.to_string(),
            event: None,
            reason: None,
            partners,
            snapshot: json!({
                "id": person_id,
                "person_id": person_id,
                "parcours": p.parcours.as_str(),
                "lead": p.lead.as_str(),
                "with": p.with.map(|w| w.as_str()),
                "urgent": !p.urgent.is_empty(),
            }),
            now,
        }
    }

    /// The deliveries about a booking to France Travail, newest first (what staff see on it).
    pub async fn france_travail_deliveries(
        &self,
        booking_id: &str,
    ) -> Result<Vec<DeliveryLine>, HostError> {
        Ok(self
            .store
            .partner_deliveries_about(booking_id, "france-travail")
            .await?)
    }
}
