//! Group commit for turn writes. Every turn's rows are written in one transaction, and a turn is
//! answered only once that transaction is committed; when many people answer at once, the turns
//! waiting for the writer are committed together, so one commit (the costly part) serves them
//! all; a duplicate or failing turn sends the batch back to be written turn by turn.

use sqlx::any::AnyArguments;
use sqlx::pool::PoolConnection;
use sqlx::query::Query;
use sqlx::{Any, AnyPool, Connection};
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
        bound(self.sql, &self.binds)
    }
}

/// A statement's text with its values bound.
fn bound<'q>(
    sql: &'q str,
    binds: impl IntoIterator<Item = &'q Val>,
) -> Query<'q, Any, AnyArguments<'q>> {
    let mut q = sqlx::query(sql);
    for v in binds {
        q = match v {
            Val::Text(t) => q.bind(t.as_str()),
            Val::Int(i) => q.bind(*i),
            Val::Null => q.bind(None::<String>),
            Val::NoInt => q.bind(None::<i64>),
        };
    }
    q
}

/// A statement with one row of values, `… VALUES ($1, …) …`: what comes before the row, the
/// row, and what comes after, when only the row has parameters, all of them bound.
struct Shape<'a> {
    head: &'a str,
    row: &'a str,
    tail: &'a str,
    /// The row's parameters (see [`params`]).
    params: Vec<(usize, usize, usize)>,
}

impl<'a> Shape<'a> {
    fn of(s: &'a Stmt) -> Option<Self> {
        let sql = s.sql;
        let mut found = sql.match_indices("VALUES (");
        let (at, _) = found.next()?;
        if found.next().is_some() {
            return None;
        }
        let open = at + "VALUES ".len();
        let mut depth = 0;
        let mut close = None;
        for (i, c) in sql[open..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(open + i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let close = close?;
        let (head, row, tail) = (&sql[..open], &sql[open..=close], &sql[close + 1..]);
        let params = params(row);
        let most = params.iter().map(|(_, _, n)| *n).max();
        let whole = !head.contains('$') && !tail.contains('$');
        (whole && most == Some(s.binds.len())).then_some(Self {
            head,
            row,
            tail,
            params,
        })
    }
}

/// A text's `$N` parameters, in order: where each starts and ends, and its number.
fn params(sql: &str) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let b = sql.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'$' {
            let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            let end = i + 1 + digits;
            if let Ok(n) = sql[i + 1..end].parse() {
                out.push((i, end, n));
            }
            i += digits;
        }
        i += 1;
    }
    out
}

/// A shape's row in a statement of many rows, its values added to `binds`. On PostgreSQL each
/// `$N` is moved up by `by`. On SQLite each parameter is a bare `?`, its value bound again
/// where it repeats: SQLite finds the index of a numbered or named parameter by walking the
/// list of them all, for each one bound, a time that grows as the square of the rows.
fn shifted<'a>(
    shape: &Shape<'_>,
    values: &'a [Val],
    by: usize,
    backend: Backend,
    out: &mut String,
    binds: &mut Vec<&'a Val>,
) {
    let row = shape.row;
    let mut from = 0;
    for &(start, end, n) in &shape.params {
        out.push_str(&row[from..start]);
        match backend {
            Backend::Postgres => {
                out.push('$');
                out.push_str(&(n + by).to_string());
            }
            Backend::Sqlite => {
                out.push('?');
                binds.push(&values[n - 1]);
            }
        }
        from = end;
    }
    out.push_str(&row[from..]);
    if backend == Backend::Postgres {
        binds.extend(values);
    }
}

/// Most values bound to one statement (SQLite takes 32,766, PostgreSQL 65,535).
const MAX_BINDS: usize = 30_000;

/// One statement of a batch: its text and values, and, for the batch's guard, the rows it must
/// return (one a new message).
#[derive(Debug)]
struct Merged<'a> {
    sql: String,
    binds: Vec<&'a Val>,
    guards: Option<usize>,
    /// Kept prepared on the connection (a statement of many rows is not: its text varies).
    reuse: bool,
}

/// The batch's statements with those of the same text and one row made one statement of many
/// rows, in an order that keeps each turn's own order; `None` when that cannot be done (two
/// turns of one person, or turns whose statements come in different orders): the batch is then
/// written statement by statement.
fn merged<'a>(batch: &[&'a Plan], backend: Backend) -> Option<Vec<Merged<'a>>> {
    let mut owners: Vec<&str> = batch.iter().filter_map(|p| p.owner.as_deref()).collect();
    let writers = batch
        .iter()
        .filter(|p| p.guard.is_some() || !p.stmts.is_empty());
    if owners.len() != writers.count() {
        return None;
    }
    owners.sort_unstable();
    if owners.windows(2).any(|w| w[0] == w[1]) {
        return None;
    }
    // The texts in the order they first come; each turn's must come in that order.
    let mut order: Vec<&'static str> = Vec::new();
    for p in batch {
        for s in p.guard.iter().chain(&p.stmts) {
            if !order.contains(&s.sql) {
                order.push(s.sql);
            }
        }
    }
    // A guard's text (a turn's message id, a booking's row) is no plan's plain statement.
    let guards: Vec<&str> = batch
        .iter()
        .filter_map(|p| p.guard.as_ref().map(|g| g.sql))
        .collect();
    for p in batch {
        let at: Vec<usize> = p
            .guard
            .iter()
            .chain(&p.stmts)
            .map(|s| order.iter().position(|o| *o == s.sql).unwrap_or_default())
            .collect();
        if at.windows(2).any(|w| w[0] > w[1]) || p.stmts.iter().any(|s| guards.contains(&s.sql)) {
            return None;
        }
    }
    let mut out = Vec::new();
    for sql in order {
        let all: Vec<&'a Stmt> = batch
            .iter()
            .flat_map(|p| p.guard.iter().chain(&p.stmts))
            .filter(|s| s.sql == sql)
            .collect();
        rows(&all, guards.contains(&sql), backend, &mut out);
    }
    Some(out)
}

/// Statements of one text as statements of many rows where they have the shape for it, one by
/// one otherwise.
fn rows<'a>(all: &[&'a Stmt], guard: bool, backend: Backend, out: &mut Vec<Merged<'a>>) {
    let mut i = 0;
    while i < all.len() {
        let s = all[i];
        let same = all[i..].iter().take_while(|t| t.sql == s.sql).count();
        let Some(shape) = Shape::of(s).filter(|_| same > 1 && !s.binds.is_empty()) else {
            out.push(Merged {
                sql: s.sql.to_string(),
                binds: s.binds.iter().collect(),
                guards: guard.then_some(1),
                reuse: true,
            });
            i += 1;
            continue;
        };
        let per = s.binds.len().max(shape.params.len());
        let take = same.min(MAX_BINDS / per).max(1);
        let mut sql = String::with_capacity(
            shape.head.len() + shape.tail.len() + take * (shape.row.len() + 4),
        );
        sql.push_str(shape.head);
        let mut binds = Vec::with_capacity(take * per);
        for (n, t) in all[i..i + take].iter().enumerate() {
            if n > 0 {
                sql.push_str(", ");
            }
            shifted(
                &shape,
                &t.binds,
                n * s.binds.len(),
                backend,
                &mut sql,
                &mut binds,
            );
        }
        sql.push_str(shape.tail);
        out.push(Merged {
            sql,
            binds,
            guards: guard.then_some(take),
            reuse: take == 1,
        });
        i += take;
    }
}

/// Everything one turn writes: a guard (the inbound id; a statement returning a row when it
/// was new), then the rows, then the counts it moves: statements that add their last value
/// to a row, so that those of a batch that differ only by that value run once, added.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Whose rows these are: a batch writes the same statements of different people as one.
    pub owner: Option<String>,
    pub guard: Option<Stmt>,
    pub stmts: Vec<Stmt>,
    pub counts: Vec<Stmt>,
}

/// Count statements with the same statement and the same values but the last (an integer
/// amount) made one, the amounts added; those that add nothing left out. They come out in one
/// order, whatever order they came in: two transactions moving the same counts (two instances
/// on PostgreSQL) then lock their rows in the same order, and neither waits for the other
/// while holding what the other waits for.
pub(super) fn added<'a>(counts: impl Iterator<Item = &'a Stmt>) -> Vec<Stmt> {
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

async fn count(tx: &mut sqlx::Transaction<'_, Any>, counts: &[Stmt]) -> Result<(), sqlx::Error> {
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
    /// Starts the writer on the pool (it stops when every handle is dropped); with `own`, it
    /// keeps one of the pool's connections for itself (see [`Lane`]).
    pub fn start(pool: AnyPool, backend: Backend, own: bool) -> Self {
        let (jobs, mut rx) = mpsc::unbounded_channel::<Job>();
        tokio::spawn(async move {
            let closed = pool.close_event();
            tokio::pin!(closed);
            let mut lane = Lane {
                pool,
                backend,
                own,
                conn: None,
                broken: false,
            };
            loop {
                let first = if lane.own {
                    tokio::select! {
                        j = rx.recv() => j,
                        () = &mut closed => {
                            // The pool waits for its connections to close: this one too.
                            lane.own = false;
                            lane.conn = None;
                            continue;
                        }
                    }
                } else {
                    rx.recv().await
                };
                let Some(first) = first else {
                    break;
                };
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match rx.try_recv() {
                        Ok(j) => batch.push(j),
                        Err(_) => break,
                    }
                }
                run(&mut lane, batch).await;
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

/// Where the writer's transactions run. On a SQLite file, one connection of the pool kept for
/// the writer alone: SQLite has one writer anyway, this connection's page cache stays warm
/// (no other connection writes, so no commit makes it stale, as it does for a connection taken
/// from the pool), and it is not pinged at each return to the pool, a round trip to its
/// thread. On PostgreSQL (or a pool of one), any connection of the pool.
struct Lane {
    pool: AnyPool,
    backend: Backend,
    own: bool,
    conn: Option<PoolConnection<Any>>,
    broken: bool,
}

impl Lane {
    async fn begin(&mut self) -> Result<sqlx::Transaction<'_, Any>, sqlx::Error> {
        if self.backend == Backend::Postgres {
            return self.pool.begin().await;
        }
        if !self.own {
            return self.pool.begin_with("BEGIN IMMEDIATE").await;
        }
        // A connection that could not begin is let go: the next batch takes a fresh one.
        if self.broken {
            self.conn = None;
            self.broken = false;
        }
        if self.conn.is_none() {
            self.conn = Some(self.pool.acquire().await?);
        }
        let conn = self.conn.as_mut().expect("taken above");
        match conn.begin_with("BEGIN IMMEDIATE").await {
            Ok(tx) => Ok(tx),
            Err(e) => {
                self.broken = true;
                Err(e)
            }
        }
    }
}

/// Runs a batch's statements made one; false when a guard found a message already there.
async fn many(
    tx: &mut sqlx::Transaction<'_, Any>,
    all: &[Merged<'_>],
) -> Result<bool, sqlx::Error> {
    for m in all {
        let q = bound(&m.sql, m.binds.iter().copied()).persistent(m.reuse);
        match m.guards {
            Some(n) => {
                if q.fetch_all(&mut **tx).await?.len() != n {
                    return Ok(false);
                }
            }
            None => {
                q.execute(&mut **tx).await?;
            }
        }
    }
    Ok(true)
}

/// Commits the batch in one transaction. A duplicate or a failure (rare) rolls the whole batch
/// back, and each of its turns is then written alone, so it only concerns itself.
async fn run(lane: &mut Lane, batch: Vec<Job>) {
    let backend = lane.backend;
    if batch.len() > 1 {
        let plans: Vec<&Plan> = batch.iter().map(|j| &j.plan).collect();
        if let Some(mut all) = merged(&plans, backend) {
            let counts = added(plans.iter().flat_map(|p| p.counts.iter()));
            rows(&counts.iter().collect::<Vec<_>>(), false, backend, &mut all);
            if let Ok(mut tx) = lane.begin().await {
                if matches!(many(&mut tx, &all).await, Ok(true)) && tx.commit().await.is_ok() {
                    for j in batch {
                        let _ = j.done.send(Ok(Written::Done));
                    }
                    return;
                }
            }
        } else if let Ok(mut tx) = lane.begin().await {
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
        let r = alone(lane, &job.plan).await;
        let _ = job.done.send(r);
    }
}

async fn alone(lane: &mut Lane, plan: &Plan) -> Result<Written, StorageError> {
    let mut tx = lane.begin().await?;
    let r = write(&mut tx, plan).await;
    if matches!(r, Ok(Written::Done)) {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    r
}

/// Writes one plan, its counts included, in a transaction of the caller's (which commits it
/// or rolls it back): for a write that must do more in the same transaction.
pub(super) async fn write(
    tx: &mut sqlx::Transaction<'_, Any>,
    plan: &Plan,
) -> Result<Written, StorageError> {
    let r = apply(tx, plan).await?;
    if r == Written::Done {
        count(tx, &added(plan.counts.iter())).await?;
    }
    Ok(r)
}

async fn apply(tx: &mut sqlx::Transaction<'_, Any>, plan: &Plan) -> Result<Written, StorageError> {
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
    use super::{Backend, Plan, Stmt, Val, added, merged};

    const GUARD: &str =
        "INSERT INTO inbound (k, p) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING k";
    const SESSION: &str = "INSERT INTO sessions (p, s, at) VALUES ($1, $2, $3) \
         ON CONFLICT (p) DO UPDATE SET s = excluded.s";
    const TOUCH: &str =
        "UPDATE people SET at = v.column1 FROM (VALUES ($1, $2)) AS v WHERE people.id = v.column2";
    const FORGET: &str = "DELETE FROM answers WHERE p = $1";

    fn turn(who: &str, forget: bool) -> Plan {
        let mut stmts = vec![
            Stmt::new(TOUCH, vec![Val::Int(7), who.into()]),
            Stmt::new(SESSION, vec![who.into(), "s".into(), Val::Int(7)]),
        ];
        if forget {
            stmts.push(Stmt::new(FORGET, vec![who.into()]));
        }
        Plan {
            owner: Some(who.to_string()),
            guard: Some(Stmt::new(
                GUARD,
                vec![format!("m-{who}").into(), who.into()],
            )),
            stmts,
            counts: vec![c("fr", 1)],
        }
    }

    #[test]
    fn the_same_statements_of_a_batch_become_one_of_many_rows_in_each_turns_order() {
        let (a, b, d) = (turn("a", true), turn("b", false), turn("d", true));
        let all = merged(&[&a, &b, &d], Backend::Postgres).expect("mergeable");
        let sql: Vec<&str> = all.iter().map(|m| m.sql.as_str()).collect();
        assert_eq!(
            sql,
            vec![
                "INSERT INTO inbound (k, p) VALUES ($1, $2), ($3, $4), ($5, $6) ON CONFLICT DO NOTHING RETURNING k",
                "UPDATE people SET at = v.column1 FROM (VALUES ($1, $2), ($3, $4), ($5, $6)) AS v WHERE people.id = v.column2",
                "INSERT INTO sessions (p, s, at) VALUES ($1, $2, $3), ($4, $5, $6), ($7, $8, $9) \
                 ON CONFLICT (p) DO UPDATE SET s = excluded.s",
                // A statement without a row of values runs once a turn.
                FORGET,
                FORGET,
            ]
        );
        assert_eq!(all[0].guards, Some(3));
        assert_eq!(*all[0].binds[4], Val::from("m-d"));
        assert!(!all[1].reuse && all[3].reuse);
    }

    #[test]
    fn two_turns_of_one_person_or_in_another_order_are_written_statement_by_statement() {
        assert!(merged(&[&turn("a", false), &turn("a", false)], Backend::Sqlite).is_none());
        let mut odd = turn("b", false);
        odd.stmts.reverse();
        assert!(merged(&[&turn("a", false), &odd], Backend::Sqlite).is_none());
    }

    #[test]
    fn a_parameter_in_a_repeated_row_is_renumbered_each_time_it_appears() {
        let twice = "INSERT INTO people (id, a, b) VALUES ($1, $2, $2)";
        let (x, y) = (
            Plan {
                owner: Some("x".into()),
                stmts: vec![Stmt::new(twice, vec!["x".into(), Val::Int(1)])],
                ..Plan::default()
            },
            Plan {
                owner: Some("y".into()),
                stmts: vec![Stmt::new(twice, vec!["y".into(), Val::Int(2)])],
                ..Plan::default()
            },
        );
        let all = merged(&[&x, &y], Backend::Postgres).expect("mergeable");
        assert_eq!(
            all[0].sql,
            "INSERT INTO people (id, a, b) VALUES ($1, $2, $2), ($3, $4, $4)"
        );
        let all = merged(&[&x, &y], Backend::Sqlite).expect("mergeable");
        assert_eq!(
            all[0].sql,
            "INSERT INTO people (id, a, b) VALUES (?, ?, ?), (?, ?, ?)"
        );
        let values: Vec<&Val> = all[0].binds.clone();
        assert_eq!(
            values,
            [
                &"x".into(),
                &Val::Int(1),
                &Val::Int(1),
                &"y".into(),
                &Val::Int(2),
                &Val::Int(2)
            ]
        );
    }

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

    #[test]
    fn counts_come_out_in_one_order_whatever_order_they_came_in() {
        let one = [c("uk", 1), c("ar", 1), c("fr", 1)];
        let other = [c("fr", 1), c("uk", 1), c("ar", 1)];
        let keys = |all: &[Stmt]| -> Vec<Vec<Val>> {
            added(all.iter()).into_iter().map(|s| s.binds).collect()
        };
        assert_eq!(keys(&one), keys(&other));
    }
}
