//! Deliveries of events to endpoints: claimed for a while by one worker at a time (several
//! instances share them), a resource's events to one endpoint strictly in order (the next
//! waits until the one before is delivered or given up), and what became of each, kept for
//! admins without the body.

use sqlx::Row;

use super::super::error::StorageError;
use super::super::sealed::ENDPOINT_SECRET;
use super::super::store::Store;

/// A delivery due, with its event and its endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueDelivery {
    pub event_id: String,
    pub endpoint_id: String,
    pub model: String,
    pub resource_id: String,
    pub event: String,
    pub reason: Option<String>,
    pub version: i64,
    pub snapshot: String,
    /// When the change happened.
    pub at: i64,
    pub attempts: i64,
    /// `webhook` or `france-travail`.
    pub kind: String,
    pub url: String,
    /// The endpoint's secret (`None`: the environment's).
    pub secret: Option<String>,
}

/// What became of one try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome<'a> {
    /// The receiver took it (2xx).
    Delivered { code: i64 },
    /// Tried again at `at`.
    Retry {
        at: i64,
        code: Option<i64>,
        error: &'a str,
    },
    /// Not tried again: `state` is `failed` (given up after a day), `refused` (the partner's
    /// API said no for good) or `skipped` (not for this endpoint after all).
    Final {
        state: &'static str,
        code: Option<i64>,
        error: &'a str,
    },
    /// The receiver said the endpoint is gone (410): it is turned off.
    Gone { code: i64 },
}

/// A delivery as admins see it in an endpoint's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryLine {
    pub event_id: String,
    pub model: String,
    pub event: String,
    pub resource_id: String,
    pub state: String,
    pub attempts: i64,
    pub created_at: i64,
    pub last_at: Option<i64>,
    pub last_code: Option<i64>,
    pub last_error: Option<String>,
    pub next_at: i64,
}

impl Store {
    /// Claims up to `limit` due deliveries: each the first not delivered of its resource for
    /// its endpoint, to none of the `busy` endpoints, none of those `flying` (this process's
    /// tries in flight). With `lease`, several processes share the deliveries: each is claimed
    /// in the database for that many seconds, and one claimed elsewhere is passed over. Without,
    /// this process is the only one: nothing is written (a write would wait behind SQLite's one
    /// writer, busy with the turns), and a delivery whose try a crash cut short goes again.
    pub async fn claim_partner_deliveries(
        &self,
        now: i64,
        limit: i64,
        lease: Option<i64>,
        busy: &[String],
        flying: &std::collections::HashSet<(String, String)>,
    ) -> Result<Vec<DueDelivery>, StorageError> {
        let skip = if busy.is_empty() {
            String::new()
        } else {
            let marks: Vec<String> = (0..busy.len()).map(|i| format!("${}", i + 3)).collect();
            format!(" AND d.endpoint_id NOT IN ({})", marks.join(", "))
        };
        let sql = format!(
            "SELECT d.event_id, d.endpoint_id FROM partner_deliveries d \
             WHERE d.state = 'pending' AND d.next_at <= $1 AND (d.claimed_until IS NULL OR d.claimed_until <= $1){skip} \
             AND NOT EXISTS (SELECT 1 FROM partner_deliveries p WHERE p.endpoint_id = d.endpoint_id \
             AND p.resource_id = d.resource_id AND p.state = 'pending' AND p.version < d.version) \
             ORDER BY d.next_at, d.version LIMIT $2"
        );
        let extra = i64::try_from(flying.len()).unwrap_or(0);
        let mut query = sqlx::query(&sql).bind(now).bind(limit + extra);
        for b in busy {
            query = query.bind(b.as_str());
        }
        let candidates = query.fetch_all(self.pool()).await?;
        let mut out = Vec::new();
        for c in &candidates {
            if out.len() >= usize::try_from(limit).unwrap_or(0) {
                break;
            }
            let key: (String, String) = (c.try_get("event_id")?, c.try_get("endpoint_id")?);
            if flying.contains(&key) {
                continue;
            }
            if let Some(lease) = lease {
                if !self
                    .claim_partner_delivery(&key.0, &key.1, now, lease)
                    .await?
                {
                    continue;
                }
            }
            out.push(self.due_delivery(key.0, key.1).await?);
        }
        Ok(out)
    }

    /// Claims one delivery in the database for `lease` seconds; false when another process
    /// holds it.
    async fn claim_partner_delivery(
        &self,
        event_id: &str,
        endpoint_id: &str,
        now: i64,
        lease: i64,
    ) -> Result<bool, StorageError> {
        let claimed = sqlx::query(
            "UPDATE partner_deliveries SET claimed_until = $1 WHERE event_id = $2 AND endpoint_id = $3 \
             AND state = 'pending' AND (claimed_until IS NULL OR claimed_until <= $4)",
        )
        .bind(now + lease)
        .bind(event_id)
        .bind(endpoint_id)
        .bind(now)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(claimed == 1)
    }

    /// A delivery with its event and endpoint.
    async fn due_delivery(
        &self,
        event_id: String,
        endpoint_id: String,
    ) -> Result<DueDelivery, StorageError> {
        let r = sqlx::query(
            "SELECT ev.model, ev.resource_id, ev.event, ev.reason, ev.version, ev.snapshot, ev.at, d.attempts, \
             en.kind, en.url, en.secret FROM partner_deliveries d \
             JOIN partner_events ev ON ev.id = d.event_id JOIN partner_endpoints en ON en.id = d.endpoint_id \
             WHERE d.event_id = $1 AND d.endpoint_id = $2",
        )
        .bind(event_id.as_str())
        .bind(endpoint_id.as_str())
        .fetch_one(self.pool())
        .await?;
        let sealed: String = r.try_get("secret")?;
        let secret = if sealed.is_empty() {
            None
        } else {
            Some(self.key().open(ENDPOINT_SECRET, &sealed)?)
        };
        Ok(DueDelivery {
            event_id,
            endpoint_id,
            model: r.try_get("model")?,
            resource_id: r.try_get("resource_id")?,
            event: r.try_get("event")?,
            reason: r.try_get("reason")?,
            version: r.try_get("version")?,
            snapshot: r.try_get("snapshot")?,
            at: r.try_get("at")?,
            attempts: r.try_get("attempts")?,
            kind: r.try_get("kind")?,
            url: r.try_get("url")?,
            secret,
        })
    }

    /// Records what became of a try.
    pub async fn partner_delivery_done(
        &self,
        event_id: &str,
        endpoint_id: &str,
        outcome: Outcome<'_>,
        now: i64,
    ) -> Result<(), StorageError> {
        let (state, next, code, error) = match outcome {
            Outcome::Delivered { code } => ("delivered", None, Some(code), None),
            Outcome::Retry { at, code, error } => ("pending", Some(at), code, Some(error)),
            Outcome::Final { state, code, error } => (state, None, code, Some(error)),
            Outcome::Gone { code } => ("dropped", None, Some(code), Some("gone")),
        };
        let mut tx = self.begin().await?;
        sqlx::query(
            "UPDATE partner_deliveries SET state = $1, attempts = attempts + 1, next_at = COALESCE($2, next_at), \
             claimed_until = NULL, last_at = $3, last_code = $4, last_error = $5 WHERE event_id = $6 AND endpoint_id = $7",
        )
        .bind(state)
        .bind(next)
        .bind(now)
        .bind(code)
        .bind(error)
        .bind(event_id)
        .bind(endpoint_id)
        .execute(&mut *tx)
        .await?;
        if matches!(outcome, Outcome::Gone { .. }) {
            sqlx::query(
                "UPDATE partner_endpoints SET active = 0, off_reason = 'gone', updated_at = $1 WHERE id = $2",
            )
            .bind(now)
            .bind(endpoint_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE partner_deliveries SET state = 'dropped', claimed_until = NULL \
                 WHERE endpoint_id = $1 AND state = 'pending'",
            )
            .bind(endpoint_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Gives a claimed delivery back untried.
    pub async fn release_partner_delivery(
        &self,
        event_id: &str,
        endpoint_id: &str,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "UPDATE partner_deliveries SET claimed_until = NULL WHERE event_id = $1 AND endpoint_id = $2",
        )
        .bind(event_id)
        .bind(endpoint_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The latest deliveries to an endpoint, newest first.
    pub async fn partner_delivery_log(
        &self,
        endpoint_id: &str,
        limit: i64,
    ) -> Result<Vec<DeliveryLine>, StorageError> {
        let query = sqlx::query(
            "SELECT d.event_id, ev.model, ev.event, d.resource_id, d.state, d.attempts, d.created_at, d.last_at, \
             d.last_code, d.last_error, d.next_at FROM partner_deliveries d JOIN partner_events ev ON ev.id = d.event_id \
             WHERE d.endpoint_id = $1 ORDER BY d.created_at DESC, ev.version DESC LIMIT $2",
        )
        .bind(endpoint_id)
        .bind(limit);
        self.read_all(query, line).await
    }

    /// The deliveries about one resource (a booking) to endpoints of a kind, newest first.
    pub async fn partner_deliveries_about(
        &self,
        resource_id: &str,
        kind: &str,
    ) -> Result<Vec<DeliveryLine>, StorageError> {
        let query = sqlx::query(
            "SELECT d.event_id, ev.model, ev.event, d.resource_id, d.state, d.attempts, d.created_at, d.last_at, \
             d.last_code, d.last_error, d.next_at FROM partner_deliveries d JOIN partner_events ev ON ev.id = d.event_id \
             JOIN partner_endpoints en ON en.id = d.endpoint_id WHERE d.resource_id = $1 AND en.kind = $2 \
             ORDER BY ev.version DESC",
        )
        .bind(resource_id)
        .bind(kind);
        self.read_all(query, line).await
    }

    /// How many deliveries are waiting, and how many were given up, per endpoint.
    pub async fn partner_delivery_counts(
        &self,
    ) -> Result<Vec<(String, String, i64)>, StorageError> {
        let query = sqlx::query(
            "SELECT endpoint_id, state, COUNT(*) AS n FROM partner_deliveries GROUP BY endpoint_id, state",
        );
        self.read_all(query, |r| {
            Ok((
                r.try_get("endpoint_id")?,
                r.try_get("state")?,
                r.try_get("n")?,
            ))
        })
        .await
    }

    /// How many events are kept, and how many deliveries.
    pub async fn partner_rows(&self) -> Result<(i64, i64), StorageError> {
        let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM partner_events")
            .fetch_one(self.pool())
            .await?;
        let deliveries: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM partner_deliveries")
            .fetch_one(self.pool())
            .await?;
        Ok((events, deliveries))
    }

    /// Removes the events older than `cutoff` that no endpoint is still to receive. Returns
    /// how many.
    pub async fn purge_partner_events(&self, cutoff: i64) -> Result<u64, StorageError> {
        let mut tx = self.begin().await?;
        let old = "SELECT id FROM partner_events WHERE at < $1 AND NOT EXISTS \
             (SELECT 1 FROM partner_deliveries d WHERE d.event_id = partner_events.id AND d.state = 'pending')";
        sqlx::query(&format!(
            "DELETE FROM partner_deliveries WHERE event_id IN ({old})"
        ))
        .bind(cutoff)
        .execute(&mut *tx)
        .await?;
        let n = sqlx::query(&format!("DELETE FROM partner_events WHERE id IN ({old})"))
            .bind(cutoff)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(n)
    }
}

fn line(r: &sqlx::any::AnyRow) -> Result<DeliveryLine, sqlx::Error> {
    Ok(DeliveryLine {
        event_id: r.try_get("event_id")?,
        model: r.try_get("model")?,
        event: r.try_get("event")?,
        resource_id: r.try_get("resource_id")?,
        state: r.try_get("state")?,
        attempts: r.try_get("attempts")?,
        created_at: r.try_get("created_at")?,
        last_at: r.try_get("last_at")?,
        last_code: r.try_get("last_code")?,
        last_error: r.try_get("last_error")?,
        next_at: r.try_get("next_at")?,
    })
}
