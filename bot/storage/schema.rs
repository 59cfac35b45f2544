//! The database's schema against this program's migrations (`migrations/`): which are
//! pending, which a newer version applied (accepted: migrations only add, see the README's
//! upgrading section), and whether a newer version's contract migration makes this one too
//! old to run. Applying the pending migrations is here too.

use sqlx::migrate::Migrator;

use super::backend::Backend;
use super::error::StorageError;
use super::store::{MIGRATOR, Store};

/// The migration that creates `schema_floor`, where contract migrations say which versions
/// they leave behind.
const FLOOR_TABLE: i64 = 20_261_201_000_050;

/// A migration: its number and what it does (or, in [`Schema::too_old`], why it is needed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    pub version: i64,
    pub description: String,
}

/// The database's schema, as this program sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    /// This program's migrations the database has not applied yet.
    pub pending: Vec<Migration>,
    /// Migrations a newer version applied that this program does not know: it runs with them.
    pub newer: Vec<Migration>,
    /// The migrations a version must know to run against the database and this one does not
    /// (recorded by a newer version's contract migration), with why.
    pub too_old: Vec<Migration>,
}

impl Schema {
    /// Whether this program can run against the database now.
    #[must_use]
    pub fn ready(&self) -> bool {
        self.pending.is_empty() && self.too_old.is_empty()
    }

    /// Why this program cannot run against the database, when a newer version's migration
    /// left it behind.
    #[must_use]
    pub fn too_old_message(&self) -> Option<String> {
        let first = self.too_old.first()?;
        let reasons: Vec<String> = self
            .too_old
            .iter()
            .map(|m| format!("{} ({})", m.version, m.description))
            .collect();
        Some(format!(
            "this version of tremplin is too old for this database: a newer version changed the schema in a way older versions cannot run with; run a version that knows migration {} (needed: {})",
            first.version,
            reasons.join(", ")
        ))
    }
}

impl Store {
    /// The schema's state: pending, newer and missing migrations.
    pub async fn schema(&self) -> Result<Schema, StorageError> {
        let applied: Vec<(i64, String)> = if self.has_table("_sqlx_migrations").await? {
            sqlx::query_as(
                "SELECT version, description FROM _sqlx_migrations WHERE success ORDER BY version",
            )
            .fetch_all(self.pool())
            .await?
        } else {
            Vec::new()
        };
        let known = |version: i64| MIGRATOR.iter().any(|m| m.version == version);
        let pending = MIGRATOR
            .iter()
            .filter(|m| !m.migration_type.is_down_migration())
            .filter(|m| !applied.iter().any(|(v, _)| *v == m.version))
            .map(|m| Migration {
                version: m.version,
                description: m.description.to_string(),
            })
            .collect();
        let floor: Vec<(i64, String)> = if applied.iter().any(|(v, _)| *v == FLOOR_TABLE) {
            sqlx::query_as("SELECT version, reason FROM schema_floor ORDER BY version DESC")
                .fetch_all(self.pool())
                .await?
        } else {
            Vec::new()
        };
        let unknown = |rows: Vec<(i64, String)>| -> Vec<Migration> {
            rows.into_iter()
                .filter(|(v, _)| !known(*v))
                .map(|(version, description)| Migration {
                    version,
                    description,
                })
                .collect()
        };
        Ok(Schema {
            pending,
            newer: unknown(applied),
            too_old: unknown(floor),
        })
    }

    /// Applies the pending migrations, leaving alone those a newer version applied; refused
    /// when a newer version's migration left this one behind.
    pub async fn migrate(&self) -> Result<Schema, StorageError> {
        let before = self.schema().await?;
        if let Some(why) = before.too_old_message() {
            return Err(StorageError::TooOld(why));
        }
        if !before.pending.is_empty() {
            let mut migrator = Migrator {
                migrations: MIGRATOR.migrations.clone(),
                ..Migrator::DEFAULT
            };
            migrator.set_ignore_missing(true);
            migrator.run(self.pool()).await?;
        }
        self.stats_backfill_if_empty().await?;
        Ok(Schema {
            pending: Vec::new(),
            ..before
        })
    }

    /// Whether the table exists (in the current schema, on PostgreSQL).
    async fn has_table(&self, name: &str) -> Result<bool, StorageError> {
        let sql = match self.backend() {
            Backend::Sqlite => {
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1"
            }
            Backend::Postgres => {
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1"
            }
        };
        let n: i64 = sqlx::query_scalar(sql)
            .bind(name)
            .fetch_one(self.pool())
            .await?;
        Ok(n > 0)
    }
}
