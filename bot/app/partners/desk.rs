//! The dashboard's use cases for partners' endpoints (admins only; anyone else gets 404):
//! the list with what each received, adding one (its secret shown once), turning it on or
//! off, removing it, a test event, and its delivery log. Each change is audited.

use serde_json::json;

use super::{DeliveryLine, EVENT_NAMES, Endpoint, NewEvent};
use crate::app::staff::{Desk, DeskError};
use crate::storage::partners::NewEndpoint;

/// An endpoint with what became of its deliveries.
#[derive(Debug, Clone)]
pub struct EndpointView {
    pub endpoint: Endpoint,
    /// Set by the environment (not editable on the dashboard).
    pub configured: bool,
    pub pending: i64,
    pub delivered: i64,
    /// Given up, refused or dropped.
    pub failed: i64,
    /// The latest try, if any.
    pub last: Option<DeliveryLine>,
}

/// A new endpoint and its secret, shown once.
#[derive(Debug, Clone)]
pub struct CreatedEndpoint {
    pub id: String,
    pub secret: String,
}

/// Whether a URL may receive deliveries: `https`, or `http` on this machine only.
fn url_problem(url: &str) -> Option<&'static str> {
    let Ok(u) = reqwest::Url::parse(url) else {
        return Some("endpoint-url-invalid");
    };
    let local = matches!(
        u.host_str(),
        Some("localhost" | "127.0.0.1" | "[::1]" | "::1")
    );
    match u.scheme() {
        "https" if u.host_str().is_some() => None,
        "http" if local => None,
        _ => Some("endpoint-url-https"),
    }
}

impl Desk<'_> {
    /// Every endpoint with its counts.
    pub async fn partner_endpoints(&self) -> Result<Vec<EndpointView>, DeskError> {
        self.admin()?;
        let store = self.host().store();
        let counts = store.partner_delivery_counts().await?;
        let mut out = Vec::new();
        for e in store.partner_endpoints().await? {
            let count = |states: &[&str]| {
                counts
                    .iter()
                    .filter(|(id, s, _)| *id == e.id && states.contains(&s.as_str()))
                    .map(|(_, _, n)| n)
                    .sum()
            };
            let last = store.partner_delivery_log(&e.id, 1).await?.pop();
            out.push(EndpointView {
                configured: e.kind == "france-travail" || e.id == super::ENV_ENDPOINT,
                pending: count(&["pending"]),
                delivered: count(&["delivered"]),
                failed: count(&["failed", "refused", "dropped"]),
                last,
                endpoint: e,
            });
        }
        Ok(out)
    }

    /// Adds an endpoint for one partner (or every partner), taking some events (or all).
    pub async fn add_partner_endpoint(
        &self,
        partner: Option<&str>,
        url: &str,
        events: &[String],
    ) -> Result<CreatedEndpoint, DeskError> {
        self.admin()?;
        let url = url.trim();
        if url.len() > 2000 {
            return Err(DeskError::Invalid("endpoint-url-invalid"));
        }
        if let Some(problem) = url_problem(url) {
            return Err(DeskError::Invalid(problem));
        }
        if let Some(p) = partner {
            if !self.territories().iter().any(|t| t.partner(p).is_some()) {
                return Err(DeskError::Invalid("endpoint-partner-unknown"));
            }
        }
        if events.iter().any(|e| !EVENT_NAMES.contains(&e.as_str())) {
            return Err(DeskError::Invalid("endpoint-events-unknown"));
        }
        let events = if events.is_empty() || events.len() == EVENT_NAMES.len() {
            "*".to_string()
        } else {
            events.join(" ")
        };
        let host = self.host();
        let id = crate::storage::new_id();
        let mut raw = host.random_bytes().to_vec();
        raw.extend_from_slice(&host.random_bytes());
        let secret = format!(
            "whsec_{}",
            raw.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        host.store()
            .add_partner_endpoint(&NewEndpoint {
                id: &id,
                partner,
                url,
                secret: &secret,
                events: &events,
                created_by: &self.account().id,
                now: self.now(),
            })
            .await?;
        let detail = format!("{id} {} {events}", partner.unwrap_or("*"));
        self.audit("endpoint-add", None, None, Some(&detail))
            .await?;
        Ok(CreatedEndpoint { id, secret })
    }

    /// An endpoint an admin added (not one the environment sets).
    async fn own_endpoint(&self, id: &str) -> Result<Endpoint, DeskError> {
        self.admin()?;
        match self.host().store().partner_endpoint(id).await? {
            Some(e) if e.kind == "webhook" && e.id != super::ENV_ENDPOINT => Ok(e),
            _ => Err(DeskError::NotFound),
        }
    }

    /// Turns an endpoint on or off (off, what it has not received yet is dropped).
    pub async fn set_partner_endpoint_active(&self, id: &str, on: bool) -> Result<(), DeskError> {
        self.own_endpoint(id).await?;
        let reason = (!on).then_some("staff");
        self.host()
            .store()
            .set_partner_endpoint_active(id, on, reason, self.now())
            .await?;
        let action = if on { "endpoint-on" } else { "endpoint-off" };
        self.audit(action, None, None, Some(id)).await
    }

    /// Removes an endpoint and its log.
    pub async fn remove_partner_endpoint(&self, id: &str) -> Result<(), DeskError> {
        self.own_endpoint(id).await?;
        self.host().store().remove_partner_endpoint(id).await?;
        self.audit("endpoint-remove", None, None, Some(id)).await
    }

    /// Sends a test event to one endpoint (through the same deliveries as the others).
    pub async fn test_partner_endpoint(&self, id: &str) -> Result<(), DeskError> {
        self.admin()?;
        let Some(e) = self.host().store().partner_endpoint(id).await? else {
            return Err(DeskError::NotFound);
        };
        if e.kind != "webhook" || !e.active {
            return Err(DeskError::Invalid("endpoint-test-off"));
        }
        let event_id = crate::storage::new_id();
        let test = NewEvent {
            model: "Test",
            resource_id: event_id.clone(),
            event: Some("created"),
            reason: None,
            partners: Vec::new(),
            snapshot: json!({"id": event_id, "message": "tremplin test event", "endpoint": id}),
            now: self.now(),
        };
        self.host().store().add_test_event(id, &test).await?;
        self.audit("endpoint-test", None, None, Some(id)).await
    }

    /// An endpoint and its latest deliveries, newest first.
    pub async fn partner_endpoint_log(
        &self,
        id: &str,
    ) -> Result<(Endpoint, Vec<DeliveryLine>), DeskError> {
        self.admin()?;
        let store = self.host().store();
        let Some(e) = store.partner_endpoint(id).await? else {
            return Err(DeskError::NotFound);
        };
        let log = store.partner_delivery_log(id, 200).await?;
        Ok((e, log))
    }
}
