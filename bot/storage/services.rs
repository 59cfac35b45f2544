//! The local services a territory imported (data·inclusion): kept by source and id, found by
//! commune and département. Nothing here is about a person.

use sqlx::Row;

use super::error::StorageError;
use super::store::Store;
use crate::services::Service;

/// What an import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// The most services one search returns.
const NEAR_LIMIT: i64 = 2_000;

impl Store {
    /// Adds or updates services by their source and id, in one transaction; a service stored
    /// as it is is left alone (importing the same file again changes nothing).
    pub async fn upsert_services(
        &self,
        services: &[Service],
        now: i64,
    ) -> Result<Imported, StorageError> {
        let mut done = Imported::default();
        let mut tx = self.begin().await?;
        for s in services {
            let body =
                serde_json::to_string(s).map_err(|e| StorageError::Corrupt(e.to_string()))?;
            let before: Option<String> =
                sqlx::query_scalar("SELECT body FROM services WHERE source = $1 AND id = $2")
                    .bind(&s.source)
                    .bind(&s.id)
                    .fetch_optional(&mut *tx)
                    .await?;
            match before {
                Some(b) if b == body => {
                    done.unchanged += 1;
                    continue;
                }
                Some(_) => done.updated += 1,
                None => done.added += 1,
            }
            sqlx::query(
                "INSERT INTO services (source, id, code_insee, departement, remote, body, imported_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (source, id) DO UPDATE SET code_insee = excluded.code_insee, \
                 departement = excluded.departement, remote = excluded.remote, \
                 body = excluded.body, imported_at = excluded.imported_at",
            )
            .bind(&s.source)
            .bind(&s.id)
            .bind(s.insee.as_deref())
            .bind(s.departement())
            .bind(i32::from(s.remote))
            .bind(&body)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// The imported services in a commune or a département, or received from a distance.
    pub async fn services_near(
        &self,
        insee: Option<&str>,
        departement: &str,
    ) -> Result<Vec<Service>, StorageError> {
        let rows = sqlx::query(
            "SELECT body FROM services WHERE code_insee = $1 OR departement = $2 OR remote = 1 \
             ORDER BY source, id LIMIT $3",
        )
        .bind(insee.unwrap_or_default())
        .bind(departement)
        .bind(NEAR_LIMIT)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let body: String = r.try_get("body")?;
                serde_json::from_str(&body).map_err(|e| StorageError::Corrupt(e.to_string()))
            })
            .collect()
    }

    /// Whether any service was imported.
    pub async fn holds_services(&self) -> Result<bool, StorageError> {
        let one: Option<i64> = sqlx::query_scalar("SELECT CAST(1 AS BIGINT) FROM services LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(one.is_some())
    }

    /// How many services were imported.
    pub async fn count_services(&self) -> Result<i64, StorageError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM services")
            .fetch_one(&self.pool)
            .await?)
    }
}
