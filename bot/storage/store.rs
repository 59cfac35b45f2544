//! The database handle: opening the pool (SQLite or PostgreSQL), the migrations it carries,
//! the data key, and new ids. The queries live in the files named for what they read and write.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

use super::backend::Backend;
use super::batch;
use super::error::StorageError;
use super::recent::Recent;
use super::vault::DataKey;

/// The database.
#[derive(Debug, Clone)]
pub struct Store {
    pub(super) pool: AnyPool,
    pub(super) backend: Backend,
    /// Seals addresses, answers, sessions and stored replies.
    pub(super) key: Arc<DataKey>,
    /// Commits turns, several at a time when many people answer at once.
    pub(super) writer: batch::Writer,
    /// PostgreSQL: a small separate pool whose connections hold per-conversation locks.
    pub(super) locks: Option<AnyPool>,
    /// SQLite: the database file (none in memory); the lock files of leases lie beside it.
    pub(super) file: Option<std::path::PathBuf>,
    /// SQLite: the people who wrote in the last minutes (see [`super::recent`]).
    pub(super) recent: Option<Arc<Recent>>,
}

/// Pool settings.
#[derive(Debug, Clone, Copy)]
pub struct PoolConfig {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

impl Default for PoolConfig {
    fn default() -> Self {
        Self {
            max_connections: 8,
            acquire_timeout: Duration::from_secs(10),
        }
    }
}

/// A PostgreSQL connection idle this long is pinged before it is used again.
const PING_AFTER_IDLE: Duration = Duration::from_secs(5);

/// How a pool makes sure a connection it lends still answers. The pool pings every connection
/// as it comes back; a PostgreSQL one is pinged again before it is lent only when it sat idle
/// long enough for the server or the network to have dropped it meanwhile (a ping is a round
/// trip to the server, and a turn borrows connections several times). A SQLite connection is a
/// file handle in this process: it does not drop like a network one, and a ping would cost a
/// round trip to its thread.
fn checked(options: AnyPoolOptions, backend: Backend) -> AnyPoolOptions {
    let options = options.test_before_acquire(false);
    if backend != Backend::Postgres {
        return options;
    }
    options.before_acquire(|conn, meta| {
        Box::pin(async move {
            if meta.idle_for >= PING_AFTER_IDLE {
                sqlx::Connection::ping(conn).await?;
            }
            Ok(true)
        })
    })
}

pub(super) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

impl Store {
    /// Opens the database (creating a SQLite file if needed) and applies the migrations.
    pub async fn open(url: &str, config: PoolConfig) -> Result<Self, StorageError> {
        let store = Self::connect(url, config).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Opens the database (creating a SQLite file if needed) as it is: the commands decide
    /// whether to migrate (see [`Store::schema`]).
    pub async fn connect(url: &str, config: PoolConfig) -> Result<Self, StorageError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        let url = match backend {
            Backend::Sqlite => sqlite_url(url),
            Backend::Postgres => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let max = if backend == Backend::Sqlite && in_memory {
            1
        } else {
            config.max_connections
        };
        let pool = checked(AnyPoolOptions::new(), backend)
            .max_connections(max)
            .acquire_timeout(config.acquire_timeout)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        // Deleted content is overwritten with zeros: an erasure leaves no bytes.
                        conn.execute("PRAGMA secure_delete = ON").await?;
                        // A statement's own journal (kept to undo one statement of many rows)
                        // stays in memory instead of a file written on every such statement.
                        conn.execute("PRAGMA temp_store = MEMORY").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options.clone())
            .await?;
        // Each turn in flight holds one of these while it runs: twice the main pool, so that
        // turns waiting for a query connection keep it busy.
        let lock_wait = config.acquire_timeout.as_millis().max(1);
        let locks = (backend == Backend::Postgres).then(|| {
            checked(AnyPoolOptions::new(), backend)
                .max_connections(config.max_connections.saturating_mul(2))
                .acquire_timeout(config.acquire_timeout)
                .after_connect(move |conn, _| {
                    Box::pin(async move {
                        conn.execute(format!("SET lock_timeout = {lock_wait}").as_str())
                            .await?;
                        Ok(())
                    })
                })
                .connect_lazy_with(options)
        });
        // On a SQLite file the writer keeps a connection of its own (not with a pool of one,
        // which it would take from everything else, nor in memory, where each connection of
        // the pool would be another database).
        let own = backend == Backend::Sqlite && !in_memory && max >= 2;
        let writer = batch::Writer::start(pool.clone(), backend, own);
        let file = (backend == Backend::Sqlite && !in_memory).then(|| sqlite_path(&url));
        Ok(Self {
            pool,
            backend,
            writer,
            key: Arc::new(DataKey::development()),
            locks,
            file,
            recent: (backend == Backend::Sqlite).then(|| Arc::new(Recent::default())),
        })
    }

    /// Seals and finds data with this key (without it, the development key: tests only).
    #[must_use]
    pub fn with_key(mut self, key: Arc<DataKey>) -> Self {
        self.key = key;
        self
    }

    /// The data key.
    #[must_use]
    pub fn key(&self) -> &DataKey {
        &self.key
    }

    /// The engine behind the store.
    #[must_use]
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes the pool.
    pub async fn close(&self) {
        if let Some(locks) = &self.locks {
            locks.close().await;
        }
        self.pool.close().await;
    }

    pub(super) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Every row a query finds, each read by `read`, gathered in any collection.
    pub(super) async fn read_all<'q, T, C: FromIterator<T>>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
        read: impl FnMut(&sqlx::any::AnyRow) -> Result<T, sqlx::Error>,
    ) -> Result<C, StorageError> {
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(read)
            .collect::<Result<C, sqlx::Error>>()
            .map_err(StorageError::from)
    }

    pub(super) async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// A new time-ordered id.
#[must_use]
pub fn new_id() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}

/// The file of a SQLite URL (`sqlite://PATH?...`).
fn sqlite_path(url: &str) -> std::path::PathBuf {
    let rest = url.strip_prefix("sqlite:").unwrap_or(url);
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    std::path::PathBuf::from(rest.split('?').next().unwrap_or(rest))
}

/// Accepts `sqlite:path`, `sqlite://path` or a bare path, and asks SQLite to create the file.
fn sqlite_url(url: &str) -> String {
    let base = if url.starts_with("sqlite:") {
        url.to_string()
    } else {
        format!("sqlite://{url}")
    };
    if base.contains(":memory:") || base.contains("mode=") {
        base
    } else if base.contains('?') {
        format!("{base}&mode=rwc")
    } else {
        format!("{base}?mode=rwc")
    }
}
