//! Delivers partner events: signed webhooks (`X-Tremplin-Signature: sha256=<HMAC-SHA256 of
//! "<timestamp>.<body>">`) and France Travail's partner API. Deliveries never run on a
//! person's turn: this worker claims them from the database (several instances share them),
//! up to [`IN_FLIGHT`] at once and [`PER_ENDPOINT`] per endpoint, so that a slow or dead
//! receiver slows only itself. Each try has 10 seconds; redirects are not followed.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::sync::watch;
use tokio::task::JoinSet;

use super::france_travail::{FranceTravail, FtError, transport_name};
use crate::app::partners::{DueDelivery, FtJob, Outcome, delivery_id};
use crate::app::{Host, HostError};

/// Tries at once, in all (a try's HTTP request, then the write of what became of it).
pub const IN_FLIGHT: usize = 128;
/// HTTP requests at once to one endpoint.
pub const PER_ENDPOINT: usize = 8;

/// The signature of a body sent at `timestamp` (Unix seconds): `sha256=<hex>`.
#[must_use]
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256={hex}")
}

/// The worker.
pub struct PartnerWorker {
    host: Arc<Host>,
    client: reqwest::Client,
    /// The secret of the catch-all endpoint the environment sets.
    env_secret: Option<String>,
    france_travail: Option<FranceTravail>,
    /// HTTP requests in flight, by endpoint: a try counts until its answer, not until its
    /// outcome is written (that write may wait behind SQLite's one writer).
    sending: std::sync::Mutex<HashMap<String, usize>>,
    /// Woken when a request ends: its endpoint may take another.
    freed: tokio::sync::Notify,
}

/// One HTTP request to an endpoint, counted until it is dropped.
struct Sending<'a> {
    worker: &'a PartnerWorker,
    endpoint: String,
}

impl Drop for Sending<'_> {
    fn drop(&mut self) {
        if let Ok(mut m) = self.worker.sending.lock() {
            if let Some(n) = m.get_mut(&self.endpoint) {
                *n = n.saturating_sub(1);
            }
        }
        self.worker.freed.notify_one();
    }
}

impl std::fmt::Debug for PartnerWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PartnerWorker").finish_non_exhaustive()
    }
}

impl PartnerWorker {
    /// A worker; France Travail's API is called only if configured.
    pub fn new(
        host: Arc<Host>,
        env_secret: Option<String>,
        france_travail: Option<FranceTravail>,
    ) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("tremplin/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            host,
            client,
            env_secret,
            france_travail,
            sending: std::sync::Mutex::new(HashMap::new()),
            freed: tokio::sync::Notify::new(),
        })
    }

    /// Claims and delivers until `stop`; then lets the tries in flight finish. Looks for new
    /// deliveries every `tick`, and at once when a request ends.
    pub async fn run(self: Arc<Self>, tick: Duration, mut stop: watch::Receiver<bool>) {
        let mut flying: JoinSet<(String, String)> = JoinSet::new();
        // The tries in flight, by (event, endpoint): a claim passes over them.
        let mut in_flight: HashSet<(String, String)> = HashSet::new();
        let mut stopping = false;
        loop {
            // Claimed in batches: a claim reads past the tries in flight, so one per ended
            // try would read the same rows again and again under a backlog.
            let room_now = IN_FLIGHT - flying.len();
            if !stopping && (room_now >= IN_FLIGHT / 4 || flying.len() < PER_ENDPOINT) {
                let room = i64::try_from(IN_FLIGHT - flying.len()).unwrap_or(1);
                let busy: Vec<String> = self
                    .sending
                    .lock()
                    .map(|m| {
                        m.iter()
                            .filter(|(_, n)| **n >= PER_ENDPOINT)
                            .map(|(e, _)| e.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                match self
                    .host
                    .partner_deliveries_due(room, &busy, &in_flight)
                    .await
                {
                    Ok(due) => {
                        for d in due {
                            if !self.take_slot(&d.endpoint_id) {
                                // Given back: taken again once this endpoint has room.
                                self.release(&d).await;
                                continue;
                            }
                            let key = (d.event_id.clone(), d.endpoint_id.clone());
                            in_flight.insert(key.clone());
                            let me = self.clone();
                            flying.spawn(async move {
                                let slot = Sending {
                                    worker: &me,
                                    endpoint: d.endpoint_id.clone(),
                                };
                                if let Err(e) = me.deliver_counted(&d, Some(slot)).await {
                                    tracing::warn!(error = %e, endpoint = %d.endpoint_id, "partner delivery");
                                }
                                key
                            });
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "partner deliveries"),
                }
            }
            if stopping && flying.is_empty() {
                break;
            }
            tokio::select! {
                Some(done) = flying.join_next(), if !flying.is_empty() => {
                    if let Ok(key) = done {
                        in_flight.remove(&key);
                    }
                }
                () = self.freed.notified() => {}
                () = tokio::time::sleep(tick) => {}
                _ = stop.changed(), if !stopping => stopping = true,
            }
        }
    }

    /// Counts one more request to an endpoint, if it has room.
    fn take_slot(&self, endpoint: &str) -> bool {
        let Ok(mut m) = self.sending.lock() else {
            return false;
        };
        let n = m.entry(endpoint.to_string()).or_default();
        if *n >= PER_ENDPOINT {
            return false;
        }
        *n += 1;
        true
    }

    /// Gives a claimed delivery back at once (not a try).
    async fn release(&self, d: &DueDelivery) {
        let _ = self.host.partner_delivery_release(d).await;
    }

    /// Tries one delivery and records what became of it.
    pub async fn deliver(&self, d: &DueDelivery) -> Result<(), HostError> {
        self.deliver_counted(d, None).await
    }

    /// [`Self::deliver`], the request counted by `slot` until it ends.
    async fn deliver_counted(
        &self,
        d: &DueDelivery,
        slot: Option<Sending<'_>>,
    ) -> Result<(), HostError> {
        match d.kind.as_str() {
            "france-travail" => {
                let done = self.france_travail(d).await;
                drop(slot);
                done
            }
            _ => self.webhook(d, slot).await,
        }
    }

    async fn webhook(&self, d: &DueDelivery, slot: Option<Sending<'_>>) -> Result<(), HostError> {
        let Some(secret) = d.secret.as_deref().or(self.env_secret.as_deref()) else {
            let outcome = Outcome::Final {
                state: "refused",
                code: None,
                error: "no secret",
            };
            return self.host.partner_delivery_done(d, outcome).await;
        };
        let body = serde_json::to_vec(&self.host.partner_envelope(d).await?).unwrap_or_default();
        let timestamp = self.host.now();
        let sent = self
            .client
            .post(&d.url)
            .header("content-type", "application/json")
            .header("x-tremplin-timestamp", timestamp.to_string())
            .header("x-tremplin-signature", signature(secret, timestamp, &body))
            .header(
                "x-tremplin-delivery",
                delivery_id(&d.event_id, &d.endpoint_id),
            )
            .header("x-tremplin-event", format!("{}.{}", d.model, d.event))
            .body(body)
            .send()
            .await;
        // The endpoint may take another request while this one's outcome is written.
        drop(slot);
        let error;
        let outcome = match sent {
            Ok(answer) => {
                let status = answer.status().as_u16();
                let code = i64::from(status);
                drop(answer);
                match status {
                    200..=299 => Outcome::Delivered { code },
                    410 => Outcome::Gone { code },
                    300..=399 => self.host.partner_retry(d, Some(code), "redirect"),
                    _ => {
                        error = format!("status {status}");
                        self.host.partner_retry(d, Some(code), &error)
                    }
                }
            }
            Err(e) => self.host.partner_retry(d, None, transport_name(&e)),
        };
        if let Outcome::Gone { .. } = outcome {
            tracing::warn!(endpoint = %d.endpoint_id, "a receiver answered 410: its endpoint is off");
        }
        self.host.partner_delivery_done(d, outcome).await
    }

    async fn france_travail(&self, d: &DueDelivery) -> Result<(), HostError> {
        let Some(ft) = &self.france_travail else {
            let outcome = Outcome::Retry {
                at: self.host.now() + 300,
                code: None,
                error: "not configured",
            };
            return self.host.partner_delivery_done(d, outcome).await;
        };
        let job = self.host.france_travail_job(d).await?;
        let result = match job {
            FtJob::Skip(why) => {
                let outcome = Outcome::Final {
                    state: "skipped",
                    code: None,
                    error: why,
                };
                return self.host.partner_delivery_done(d, outcome).await;
            }
            FtJob::Push {
                booking_id,
                usager,
                ft_id,
                mut payload,
            } => {
                self.push(ft, &booking_id, &usager, ft_id, &mut payload)
                    .await
            }
            FtJob::Delete(items) => self.delete(ft, &items).await,
        };
        let outcome = match &result {
            Ok(()) => Outcome::Delivered { code: 200 },
            Err(FtError::Refused(code)) => Outcome::Final {
                state: "refused",
                code: None,
                error: code,
            },
            Err(FtError::Retry(code, what)) => {
                if *code == Some(401) && what != "token refused" {
                    ft.drop_token();
                }
                self.host.partner_retry(d, *code, what)
            }
        };
        if let Err(FtError::Refused(code)) = &result {
            tracing::info!(code = %code, "France Travail refused an appointment");
        }
        self.host.partner_delivery_done(d, outcome).await
    }

    async fn push(
        &self,
        ft: &FranceTravail,
        booking_id: &str,
        usager: &str,
        ft_id: Option<String>,
        payload: &mut serde_json::Value,
    ) -> Result<(), FtError> {
        let token = ft.token(self.host.now()).await?;
        let jeton = ft.usager(&token, usager).await?;
        match ft_id {
            Some(id) => {
                payload["id"] = serde_json::json!(id);
                ft.update(&token, &jeton, payload).await
            }
            None => {
                let id = ft.create(&token, &jeton, payload).await?;
                self.host
                    .france_travail_pushed(booking_id, &id, usager)
                    .await
                    .map_err(|_| FtError::Retry(None, "storage".into()))
            }
        }
    }

    async fn delete(
        &self,
        ft: &FranceTravail,
        items: &[(String, String, String)],
    ) -> Result<(), FtError> {
        let token = ft.token(self.host.now()).await?;
        for (booking, ft_id, usager) in items {
            let jeton = ft.usager(&token, usager).await?;
            ft.delete(&token, &jeton, ft_id).await?;
            self.host
                .france_travail_deleted(booking)
                .await
                .map_err(|_| FtError::Retry(None, "storage".into()))?;
        }
        Ok(())
    }
}
