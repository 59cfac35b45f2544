//! Partners' own systems: the endpoints events are delivered to (signed webhooks managed by
//! admins or set by the environment, France Travail's partner API), the events and their
//! deliveries (see `events` and `deliveries`).

pub mod deliveries;
pub mod events;

use sqlx::Row;

use super::error::StorageError;
use super::sealed::{ENDPOINT_SECRET, FT_USAGER};
use super::store::Store;

/// The id of the catch-all endpoint set by `TREMPLIN_WEBHOOK_URL`.
pub const ENV_ENDPOINT: &str = "env";
/// The id of France Travail's partner API endpoint.
pub const FRANCE_TRAVAIL_ENDPOINT: &str = "france-travail";

/// An endpoint as staff see it (its secret is never read back for display).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub id: String,
    /// `webhook` or `france-travail`.
    pub kind: String,
    pub partner: Option<String>,
    pub url: String,
    /// `*` or space-separated `Model.event` names.
    pub events: String,
    pub active: bool,
    pub off_reason: Option<String>,
    pub created_at: i64,
}

/// An endpoint staff add.
#[derive(Debug, Clone)]
pub struct NewEndpoint<'a> {
    pub id: &'a str,
    pub partner: Option<&'a str>,
    pub url: &'a str,
    pub secret: &'a str,
    pub events: &'a str,
    pub created_by: &'a str,
    pub now: i64,
}

fn endpoint(r: &sqlx::any::AnyRow) -> Result<Endpoint, sqlx::Error> {
    Ok(Endpoint {
        id: r.try_get("id")?,
        kind: r.try_get("kind")?,
        partner: r.try_get("partner")?,
        url: r.try_get("url")?,
        events: r.try_get("events")?,
        active: r.try_get::<i64, _>("active")? != 0,
        off_reason: r.try_get("off_reason")?,
        created_at: r.try_get("created_at")?,
    })
}

const ENDPOINT_COLUMNS: &str = "id, kind, partner, url, events, active, off_reason, created_at";

impl Store {
    /// Every endpoint, those set by the environment first, then by creation.
    pub async fn partner_endpoints(&self) -> Result<Vec<Endpoint>, StorageError> {
        let sql = format!(
            "SELECT {ENDPOINT_COLUMNS} FROM partner_endpoints \
             ORDER BY CASE WHEN created_by IS NULL THEN 0 ELSE 1 END, created_at, id"
        );
        self.read_all(sqlx::query(&sql), endpoint).await
    }

    /// One endpoint.
    pub async fn partner_endpoint(&self, id: &str) -> Result<Option<Endpoint>, StorageError> {
        let row = sqlx::query(&format!(
            "SELECT {ENDPOINT_COLUMNS} FROM partner_endpoints WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.as_ref().map(endpoint).transpose()?)
    }

    /// Adds an endpoint staff manage, on; its secret is sealed.
    pub async fn add_partner_endpoint(&self, e: &NewEndpoint<'_>) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO partner_endpoints (id, kind, partner, url, secret, events, active, off_reason, created_by, created_at, updated_at) \
             VALUES ($1, 'webhook', $2, $3, $4, $5, 1, NULL, $6, $7, $7)",
        )
        .bind(e.id)
        .bind(e.partner)
        .bind(e.url)
        .bind(self.key().seal(ENDPOINT_SECRET, e.secret))
        .bind(e.events)
        .bind(e.created_by)
        .bind(e.now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Sets an endpoint of the environment (`TREMPLIN_WEBHOOK_URL`, France Travail's API) as
    /// configured now: on with its URL, or off (`unset`) when it is not configured any more.
    pub async fn configure_partner_endpoint(
        &self,
        id: &str,
        kind: &str,
        url: Option<&str>,
        events: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        let (url, active, reason) = match url {
            Some(u) => (u, 1_i64, None),
            None => ("", 0, Some("unset")),
        };
        sqlx::query(
            "INSERT INTO partner_endpoints (id, kind, partner, url, secret, events, active, off_reason, created_by, created_at, updated_at) \
             VALUES ($1, $2, NULL, $3, '', $4, $5, $6, NULL, $7, $7) \
             ON CONFLICT (id) DO UPDATE SET url = excluded.url, events = excluded.events, active = excluded.active, \
             off_reason = excluded.off_reason, updated_at = excluded.updated_at",
        )
        .bind(id)
        .bind(kind)
        .bind(url)
        .bind(events)
        .bind(active)
        .bind(reason)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Turns an endpoint on or off; off, what it has not received yet is dropped.
    pub async fn set_partner_endpoint_active(
        &self,
        id: &str,
        active: bool,
        reason: Option<&str>,
        now: i64,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin().await?;
        let changed = sqlx::query(
            "UPDATE partner_endpoints SET active = $1, off_reason = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(i64::from(active))
        .bind(reason)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if !active {
            sqlx::query(
                "UPDATE partner_deliveries SET state = 'dropped', claimed_until = NULL \
                 WHERE endpoint_id = $1 AND state = 'pending'",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }

    /// Removes an endpoint staff added, with its deliveries.
    pub async fn remove_partner_endpoint(&self, id: &str) -> Result<bool, StorageError> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM partner_deliveries WHERE endpoint_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let gone =
            sqlx::query("DELETE FROM partner_endpoints WHERE id = $1 AND created_by IS NOT NULL")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        tx.commit().await?;
        Ok(gone == 1)
    }

    /// Writes an event to one endpoint only (a test event staff asked for).
    pub async fn add_test_event(
        &self,
        endpoint_id: &str,
        e: &events::NewEvent,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin().await?;
        let [event, _] = events::statements(e);
        event.query().execute(&mut *tx).await?;
        let id = match event.binds.first() {
            Some(super::batch::Val::Text(id)) => id.clone(),
            _ => return Err(StorageError::Corrupt("test event without id".into())),
        };
        sqlx::query(
            "INSERT INTO partner_deliveries (event_id, endpoint_id, resource_id, version, state, attempts, next_at, created_at) \
             SELECT ev.id, $2, ev.resource_id, ev.version, 'pending', 0, ev.at, ev.at FROM partner_events ev WHERE ev.id = $1",
        )
        .bind(id.as_str())
        .bind(endpoint_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Seals the secrets of the endpoints again under this store's (new) key (in the key
    /// rotation's transaction).
    pub(in crate::storage) async fn reseal_endpoints(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        old: &crate::storage::vault::DataKey,
    ) -> Result<u64, StorageError> {
        let rows = sqlx::query("SELECT id, secret FROM partner_endpoints WHERE secret <> ''")
            .fetch_all(&mut **tx)
            .await?;
        for r in &rows {
            let secret = old.open(ENDPOINT_SECRET, &r.try_get::<String, _>("secret")?)?;
            sqlx::query("UPDATE partner_endpoints SET secret = $1 WHERE id = $2")
                .bind(self.key().seal(ENDPOINT_SECRET, &secret))
                .bind(r.try_get::<String, _>("id")?)
                .execute(&mut **tx)
                .await?;
        }
        let rows = sqlx::query("SELECT booking_id, usager FROM france_travail_rdv")
            .fetch_all(&mut **tx)
            .await?;
        for r in &rows {
            let usager = old.open(FT_USAGER, &r.try_get::<String, _>("usager")?)?;
            sqlx::query("UPDATE france_travail_rdv SET usager = $1 WHERE booking_id = $2")
                .bind(self.key().seal(FT_USAGER, &usager))
                .bind(r.try_get::<String, _>("booking_id")?)
                .execute(&mut **tx)
                .await?;
        }
        Ok(rows.len() as u64)
    }

    /// France Travail's id of an appointment pushed there, with the person's number there.
    pub async fn france_travail_rdv(
        &self,
        booking_id: &str,
    ) -> Result<Option<(String, String)>, StorageError> {
        let row = sqlx::query("SELECT ft_id, usager FROM france_travail_rdv WHERE booking_id = $1")
            .bind(booking_id)
            .fetch_optional(self.pool())
            .await?;
        let Some(r) = row else {
            return Ok(None);
        };
        let usager = self
            .key()
            .open(FT_USAGER, &r.try_get::<String, _>("usager")?)?;
        Ok(Some((r.try_get("ft_id")?, usager)))
    }

    /// Keeps France Travail's id of an appointment pushed there.
    pub async fn set_france_travail_rdv(
        &self,
        booking_id: &str,
        ft_id: &str,
        usager: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO france_travail_rdv (booking_id, ft_id, usager, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (booking_id) DO UPDATE SET ft_id = excluded.ft_id, usager = excluded.usager, updated_at = excluded.updated_at",
        )
        .bind(booking_id)
        .bind(ft_id)
        .bind(self.key().seal(FT_USAGER, usager))
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// France Travail deleted the appointment: its id and the person's number there go.
    pub async fn forget_france_travail_rdv(&self, booking_id: &str) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM france_travail_rdv WHERE booking_id = $1")
            .bind(booking_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
