//! Leases that die with the process holding them (the one Telegram poller): nothing a
//! killed process held can keep its restart, or another instance, waiting.
//!
//! On PostgreSQL a lease is a session advisory lock taken on a connection of its own, which
//! the server frees the moment that connection ends (a process killed included: the kernel
//! closes its sockets). On SQLite, which one process serves, it is an exclusive lock on a
//! file beside the database, which the operating system frees when the process ends. An
//! in-memory SQLite database lives in one process only: its leases are always free.
//!
//! A lease is held alone (the Telegram poller, a key rotation) or shared by many processes at
//! once (every process that uses the data key), and a shared lease cannot be held alone while
//! anyone shares it, nor shared while someone holds it alone.

use std::io::Write as _;
use std::path::PathBuf;

use sqlx::Connection as _;

use super::backend::Backend;
use super::error::StorageError;
use super::store::Store;

/// The first key of every advisory lock of a lease ("trem"); the second is derived from the
/// lease's name and the schema, so that databases sharing one server never meet.
const LEASE_CLASS: i64 = 0x7472_656d;

/// The second key of a lease's advisory lock, computed by the server.
const LEASE_KEY_SQL: &str = "(hashtext(current_schema() || '/' || $2) & 2147483647)";

/// A lease this process holds until it is released or the process ends.
#[derive(Debug)]
pub struct HeldLease {
    name: String,
    holder: String,
    shared: bool,
    hold: Hold,
}

#[derive(Debug)]
enum Hold {
    /// The connection that holds the advisory lock, apart from every pool.
    Postgres(sqlx::AnyConnection),
    /// The locked file.
    File(std::fs::File),
    /// One process owns the database: nothing to hold.
    Process,
}

/// What taking a lease found.
#[derive(Debug)]
pub enum Taken {
    /// This process holds it now.
    Held(HeldLease),
    /// A live process holds it: its name, when it could be read.
    Elsewhere(Option<String>),
}

impl Store {
    /// Takes the lease `name` for this process (`holder` names it to the others), unless a
    /// live process holds it. A lease of a process that died is free at once.
    pub async fn take_lease(&self, name: &str, holder: &str) -> Result<Taken, StorageError> {
        self.take(name, holder, false).await
    }

    /// Takes the lease `name` together with the other processes that share it, unless a live
    /// process holds it alone.
    pub async fn share_lease(&self, name: &str, holder: &str) -> Result<Taken, StorageError> {
        self.take(name, holder, true).await
    }

    async fn take(&self, name: &str, holder: &str, shared: bool) -> Result<Taken, StorageError> {
        match self.backend {
            Backend::Postgres => self.take_advisory(name, holder, shared).await,
            Backend::Sqlite => match self.lease_file(name) {
                Some(path) => take_file(path, name, holder, shared),
                None => Ok(Taken::Held(HeldLease {
                    name: name.into(),
                    holder: holder.into(),
                    shared,
                    hold: Hold::Process,
                })),
            },
        }
    }

    async fn take_advisory(
        &self,
        name: &str,
        holder: &str,
        shared: bool,
    ) -> Result<Taken, StorageError> {
        let pool = self.locks.as_ref().unwrap_or(&self.pool);
        // A connection of its own: the lease lives exactly as long as it does.
        let mut conn = pool.acquire().await?.detach();
        sqlx::query("SELECT set_config('application_name', $1, false)")
            .bind(holder.chars().take(63).collect::<String>())
            .execute(&mut conn)
            .await?;
        let function = if shared {
            "pg_try_advisory_lock_shared"
        } else {
            "pg_try_advisory_lock"
        };
        let won: bool = sqlx::query_scalar(&format!(
            "SELECT {function}(CAST($1 AS INTEGER), {LEASE_KEY_SQL})"
        ))
        .bind(LEASE_CLASS)
        .bind(name)
        .fetch_one(&mut conn)
        .await?;
        if won {
            return Ok(Taken::Held(HeldLease {
                name: name.into(),
                holder: holder.into(),
                shared,
                hold: Hold::Postgres(conn),
            }));
        }
        let who: Option<String> = sqlx::query_scalar(&format!(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid \
             WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 \
             AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) \
             AND l.classid = CAST(CAST($1 AS INTEGER) AS OID) AND l.objid = CAST({LEASE_KEY_SQL} AS OID) \
             LIMIT 1"
        ))
        .bind(LEASE_CLASS)
        .bind(name)
        .fetch_optional(&mut conn)
        .await
        .ok()
        .flatten();
        let _ = conn.close().await;
        Ok(Taken::Elsewhere(who.filter(|w| !w.is_empty())))
    }

    /// The file whose lock is the lease `name` of a SQLite file database.
    fn lease_file(&self, name: &str) -> Option<PathBuf> {
        let path = self.file.as_ref()?;
        let mut file = path.clone().into_os_string();
        file.push(format!(".{name}.lock"));
        Some(PathBuf::from(file))
    }
}

fn take_file(path: PathBuf, name: &str, holder: &str, shared: bool) -> Result<Taken, StorageError> {
    let io = |e: std::io::Error| StorageError::Lease(format!("{}: {e}", path.display()));
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)
        .map_err(io)?;
    // Called through the trait: the same lock (flock) as std's own, older Rust included.
    let locked = if shared {
        fs4::FileExt::try_lock_shared(&file)
    } else {
        fs4::FileExt::try_lock(&file)
    };
    match locked {
        Ok(()) => {}
        Err(fs4::TryLockError::WouldBlock) => {
            let who = std::fs::read_to_string(&path).ok();
            return Ok(Taken::Elsewhere(
                who.map(|w| w.trim().to_string()).filter(|w| !w.is_empty()),
            ));
        }
        Err(fs4::TryLockError::Error(e)) => return Err(io(e)),
    }
    // The one holder's name, for the others (shared, no one name would be true).
    file.set_len(0).map_err(io)?;
    if !shared {
        file.write_all(holder.as_bytes()).map_err(io)?;
    }
    Ok(Taken::Held(HeldLease {
        name: name.into(),
        holder: holder.into(),
        shared,
        hold: Hold::File(file),
    }))
}

impl HeldLease {
    /// Whether this process still holds the lease. On PostgreSQL, the connection that holds
    /// it is checked; if it was lost (a database restart), the lease is taken again on a new
    /// one when no one else took it meanwhile. False when another process holds it now.
    pub async fn still_held(&mut self, store: &Store) -> Result<bool, StorageError> {
        let Hold::Postgres(conn) = &mut self.hold else {
            return Ok(true);
        };
        if conn.ping().await.is_ok() {
            return Ok(true);
        }
        tracing::warn!(lease = %self.name, "the lease's connection was lost: taking it again");
        match store
            .take_advisory(&self.name, &self.holder, self.shared)
            .await?
        {
            Taken::Held(again) => {
                self.hold = again.hold;
                Ok(true)
            }
            Taken::Elsewhere(_) => Ok(false),
        }
    }

    /// Gives the lease back at once.
    pub async fn release(self) {
        match self.hold {
            Hold::Postgres(conn) => {
                // Closing the connection frees the lock.
                let _ = conn.close().await;
            }
            Hold::File(file) => {
                // Closing the file would free it too.
                let _ = fs4::FileExt::unlock(&file);
            }
            Hold::Process => {}
        }
    }
}
