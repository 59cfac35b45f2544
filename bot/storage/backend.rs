//! Which database engine is behind the pool; the queries are the same, a few statements
//! (how a transaction begins, the per-conversation locks) are not.

/// Which engine is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}
