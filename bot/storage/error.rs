//! The storage error: every failure of a query, a migration, the vault or a commit is a
//! [`StorageError`], and its message never carries a value that was bound (no answer, no
//! address).

use super::vault::VaultError;

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored value this program cannot read (a session, or a name no variant has).
    #[error("stored data cannot be read: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error("the turn was not committed: {0}")]
    Commit(String),
    /// A lease's lock file could not be opened or locked (its path and why).
    #[error("lease: {0}")]
    Lease(String),
    /// A newer version's migration left this version behind (what to run instead).
    #[error("{0}")]
    TooOld(String),
}
