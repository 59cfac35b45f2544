//! Which data key the stored data is sealed with: its id and check value, recorded at the first
//! start and at each rotation, compared at every start.

use sqlx::Row as _;

use super::vault::DataKey;
use super::{StorageError, Store};

/// The key the data is sealed with, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedKey {
    pub id: String,
    pub check_value: String,
}

impl Store {
    /// The key recorded for this database; none before the first start with a key.
    pub async fn recorded_key(&self) -> Result<Option<RecordedKey>, StorageError> {
        let row = sqlx::query("SELECT key_id, check_value FROM data_key_check WHERE one = 1")
            .fetch_optional(self.pool())
            .await?;
        Ok(match row {
            Some(r) => Some(RecordedKey {
                id: r.try_get("key_id")?,
                check_value: r.try_get("check_value")?,
            }),
            None => None,
        })
    }

    /// The id of the key one sealed value is sealed with, if any sealed value is stored: data
    /// written by a version that did not record its key.
    pub async fn any_sealed_key_id(&self) -> Result<Option<String>, StorageError> {
        let stored: Option<String> = sqlx::query_scalar(
            "SELECT address FROM people WHERE address LIKE 'v1.%' \
             UNION ALL SELECT state FROM sessions WHERE state LIKE 'v1.%' LIMIT 1",
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(stored.and_then(|s| DataKey::sealed_with(&s).map(str::to_string)))
    }

    /// Whether the database holds anything about people (sealed or not).
    pub async fn holds_people(&self) -> Result<bool, StorageError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM people) + (SELECT COUNT(*) FROM sms_opt_outs)",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(n > 0)
    }

    /// Records this store's key as the one the data is sealed with.
    pub async fn record_key(&self, now: i64) -> Result<(), StorageError> {
        let mut tx = self.begin().await?;
        record_key_in(&mut tx, self.key(), now).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Records `key` as the one the data is sealed with, inside a transaction (a rotation records
/// its new key with the values it sealed again).
pub(super) async fn record_key_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    key: &DataKey,
    now: i64,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO data_key_check (one, key_id, check_value, updated_at) VALUES (1, $1, $2, $3) \
         ON CONFLICT (one) DO UPDATE SET key_id = excluded.key_id, check_value = excluded.check_value, \
         updated_at = excluded.updated_at",
    )
    .bind(key.id())
    .bind(key.check_value())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
