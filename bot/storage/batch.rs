//! Group commit for turn writes. Every turn's rows are written in one transaction, and a turn is
//! answered only once that transaction is committed; when many people answer at once, the turns
//! waiting for the writer are committed together, so one commit (the costly part) serves them
//! all; a duplicate or failing turn sends the batch back to be written turn by turn.

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyPool};
use tokio::sync::{mpsc, oneshot};

use super::backend::Backend;
use super::error::StorageError;

/// What a turn write found.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    Done,
    /// The inbound id was already there: another worker took this message first.
    Duplicate,
}

/// Most turns committed together.
const MAX_BATCH: usize = 64;

/// A value bound to a statement.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Val {
    Text(String),
    Int(i64),
    /// A text column left empty.
    Null,
    /// A number column left empty (PostgreSQL checks the type of a NULL too).
    NoInt,
}

impl From<&str> for Val {
    fn from(s: &str) -> Self {
        Self::Text(s.to_string())
    }
}

impl From<String> for Val {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<i64> for Val {
    fn from(i: i64) -> Self {
        Self::Int(i)
    }
}

/// One statement and its values.
#[derive(Debug)]
pub(crate) struct Stmt {
    pub sql: &'static str,
    pub binds: Vec<Val>,
}

impl Stmt {
    pub fn new(sql: &'static str, binds: Vec<Val>) -> Self {
        Self { sql, binds }
    }

    pub(crate) fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        let mut q = sqlx::query(self.sql);
        for v in &self.binds {
            q = match v {
                Val::Text(t) => q.bind(t.as_str()),
                Val::Int(i) => q.bind(*i),
                Val::Null => q.bind(None::<String>),
                Val::NoInt => q.bind(None::<i64>),
            };
        }
        q
    }
}

/// Everything one turn writes: a guard (the inbound id; a statement returning a row when it
/// was new), then the rows, then the counts it moves: statements that add their last value
/// to a row, so that those of a batch that differ only by that value run once, added.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub guard: Option<Stmt>,
    pub stmts: Vec<Stmt>,
    pub counts: Vec<Stmt>,
}

/// Count statements with the same statement and the same values but the last (an integer
/// amount) made one, the amounts added; those that add nothing left out.
fn added<'a>(counts: impl Iterator<Item = &'a Stmt>) -> Vec<Stmt> {
    let mut sums: std::collections::BTreeMap<(&'static str, Vec<Val>), i64> =
        std::collections::BTreeMap::new();
    let mut out = Vec::new();
    for c in counts {
        match c.binds.split_last() {
            Some((Val::Int(n), key)) => {
                *sums.entry((c.sql, key.to_vec())).or_default() += n;
            }
            // Not an amount: run as it is.
            _ => out.push(Stmt::new(c.sql, c.binds.clone())),
        }
    }
    out.extend(
        sums.into_iter()
            .filter(|(_, n)| *n != 0)
            .map(|((sql, mut binds), n)| {
                binds.push(Val::Int(n));
                Stmt::new(sql, binds)
            }),
    );
    out
}

async fn count(
    tx: &mut sqlx::Transaction<'static, Any>,
    counts: &[Stmt],
) -> Result<(), sqlx::Error> {
    for c in counts {
        c.query().execute(&mut **tx).await?;
    }
    Ok(())
}

struct Job {
    plan: Plan,
    done: oneshot::Sender<Result<Written, StorageError>>,
}

/// The writer task's handle.
#[derive(Debug, Clone)]
pub(crate) struct Writer {
    jobs: mpsc::UnboundedSender<Job>,
}

impl Writer {
    /// Starts the writer on the pool (it stops when every handle is dropped).
    pub fn start(pool: AnyPool, backend: Backend) -> Self {
        let (jobs, mut rx) = mpsc::unbounded_channel::<Job>();
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match rx.try_recv() {
                        Ok(j) => batch.push(j),
                        Err(_) => break,
                    }
                }
                run(&pool, backend, batch).await;
            }
        });
        Self { jobs }
    }

    /// Writes a turn; returns once it is committed.
    pub async fn submit(&self, plan: Plan) -> Result<Written, StorageError> {
        let (done, wait) = oneshot::channel();
        self.jobs
            .send(Job { plan, done })
            .map_err(|_| StorageError::Commit("the writer has stopped".into()))?;
        wait.await
            .map_err(|_| StorageError::Commit("the writer has stopped".into()))?
    }
}

async fn begin(
    pool: &AnyPool,
    backend: Backend,
) -> Result<sqlx::Transaction<'static, Any>, sqlx::Error> {
    match backend {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => pool.begin().await,
    }
}

/// Commits the batch in one transaction. A duplicate or a failure (rare) rolls the whole batch
/// back, and each of its turns is then written alone, so it only concerns itself.
async fn run(pool: &AnyPool, backend: Backend, batch: Vec<Job>) {
    if batch.len() > 1 {
        if let Ok(mut tx) = begin(pool, backend).await {
            let mut clean = true;
            for job in &batch {
                if !matches!(apply(&mut tx, &job.plan).await, Ok(Written::Done)) {
                    clean = false;
                    break;
                }
            }
            let counts = added(batch.iter().flat_map(|j| j.plan.counts.iter()));
            if clean {
                clean = count(&mut tx, &counts).await.is_ok();
            }
            if clean && tx.commit().await.is_ok() {
                for j in batch {
                    let _ = j.done.send(Ok(Written::Done));
                }
                return;
            }
        }
    }
    for job in batch {
        let r = alone(pool, backend, &job.plan).await;
        let _ = job.done.send(r);
    }
}

async fn alone(pool: &AnyPool, backend: Backend, plan: &Plan) -> Result<Written, StorageError> {
    let mut tx = begin(pool, backend).await?;
    let mut r = apply(&mut tx, plan).await;
    if matches!(r, Ok(Written::Done)) {
        if let Err(e) = count(&mut tx, &plan.counts).await {
            r = Err(e.into());
        }
    }
    if matches!(r, Ok(Written::Done)) {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    r
}

async fn apply(
    tx: &mut sqlx::Transaction<'static, Any>,
    plan: &Plan,
) -> Result<Written, StorageError> {
    if let Some(g) = &plan.guard {
        if g.query().fetch_optional(&mut **tx).await?.is_none() {
            return Ok(Written::Duplicate);
        }
    }
    for s in &plan.stmts {
        s.query().execute(&mut **tx).await?;
    }
    Ok(Written::Done)
}

#[cfg(test)]
mod tests {
    use super::{Stmt, Val, added};

    fn c(key: &str, n: i64) -> Stmt {
        Stmt::new("UPSERT", vec![key.into(), Val::Int(n)])
    }

    #[test]
    fn the_counts_of_a_batch_are_added_one_statement_a_row() {
        let all = [c("fr", 1), c("ar", 1), c("fr", 1), c("uk", 1), c("uk", -1)];
        let out: Vec<Vec<Val>> = added(all.iter()).into_iter().map(|s| s.binds).collect();
        assert_eq!(
            out,
            vec![
                vec!["ar".into(), Val::Int(1)],
                vec!["fr".into(), Val::Int(2)]
            ]
        );
    }
}
