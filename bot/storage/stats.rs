//! The statistics' counts ([`Tally`]): moved by +1/-1 in the transaction that writes what they
//! count (a turn, a booking, a change of status, a call-back request). A count is keyed by a
//! day and by dimensions that name no one; nothing here stores an id, an address or an answer.
//! Reading them for the dashboard is in `staff::stats`.

use super::batch::{Plan, Stmt, Val};
use super::error::StorageError;
use super::store::Store;

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Seconds in a day: `day` is a Unix time divided by it (UTC).
pub const DAY: i64 = 86_400;

/// Delays longer than this many units are counted at this value.
const CAP: i64 = 365;

/// One count to move.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Tally {
    pub metric: &'static str,
    pub day: i64,
    pub territory: String,
    pub partner: String,
    pub channel: String,
    pub locale: String,
    pub parcours: String,
    pub lead: String,
    pub detail: String,
    pub delta: i64,
}

const COLUMNS: &str = "metric, day, territory, partner, channel, locale, parcours, lead, detail";

const UPSERT: &str = "INSERT INTO stats_counts (metric, day, territory, partner, channel, locale, parcours, lead, detail, n) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
     ON CONFLICT (metric, day, territory, partner, channel, locale, parcours, lead, detail) \
     DO UPDATE SET n = stats_counts.n + excluded.n";

impl Tally {
    /// The statement that adds this count, for a turn's plan.
    pub(crate) fn stmt(&self) -> Stmt {
        Stmt::new(
            UPSERT,
            vec![
                self.metric.into(),
                self.day.into(),
                self.territory.as_str().into(),
                self.partner.as_str().into(),
                self.channel.as_str().into(),
                self.locale.as_str().into(),
                self.parcours.as_str().into(),
                self.lead.as_str().into(),
                self.detail.as_str().into(),
                Val::Int(self.delta),
            ],
        )
    }
}

impl Store {
    /// Adds counts (a conversation before consent writes nothing else), committed with the
    /// turns waiting for the writer, as theirs are.
    pub async fn add_tallies(&self, tallies: &[Tally]) -> Result<(), StorageError> {
        if tallies.is_empty() {
            return Ok(());
        }
        let plan = Plan {
            guard: None,
            stmts: tallies.iter().map(Tally::stmt).collect(),
        };
        self.writer.submit(plan).await.map(|_| ())
    }
}

/// Whole units of `seconds / unit`, between 0 and the cap, as SQL text.
fn units(seconds: &str, unit: i64) -> String {
    format!(
        "COALESCE(CAST(CASE WHEN ({seconds}) / {unit} > {CAP} THEN {CAP} WHEN ({seconds}) < 0 THEN 0 \
         ELSE ({seconds}) / {unit} END AS TEXT), '')"
    )
}

/// Adds `delta` to a count of the booking `id`, split by the booking's own columns.
async fn booking_count(
    tx: &mut Tx,
    id: &str,
    metric: &str,
    day: &str,
    detail: &str,
    only: &str,
    delta: i64,
) -> Result<(), sqlx::Error> {
    let sql = format!(
        "INSERT INTO stats_counts ({COLUMNS}, n) SELECT '{metric}', {day}, territory, partner, \
         COALESCE(channel, ''), COALESCE(locale, ''), COALESCE(parcours, ''), COALESCE(lead, ''), {detail}, $1 \
         FROM bookings WHERE id = $2{only} \
         ON CONFLICT ({COLUMNS}) DO UPDATE SET n = stats_counts.n + excluded.n"
    );
    sqlx::query(&sql)
        .bind(delta)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Counts a new booking: booked (on its day), the delays from first contact to booking and
/// from booking to appointment (in days), and its place among the appointments.
pub(super) async fn booking_made(tx: &mut Tx, id: &str) -> Result<(), sqlx::Error> {
    let created = format!("created_at / {DAY}");
    booking_count(tx, id, "booked", &created, "''", "", 1).await?;
    let to_booking = units("created_at - first_contact_at", DAY);
    booking_count(tx, id, "to_booking", &created, &to_booking, "", 1).await?;
    let to_appt = units("starts_at - created_at", DAY);
    booking_count(tx, id, "to_appt", &created, &to_appt, "", 1).await?;
    booking_placed(tx, id, 1).await
}

/// Adds (+1) or takes away (-1) a booking from the appointments of its day by status and
/// reminders, and, once seen, from the delay between first contact and appointment (days).
/// Called with -1 before a booking changes (status, slot, partner) and +1 after.
pub(super) async fn booking_placed(tx: &mut Tx, id: &str, delta: i64) -> Result<(), sqlx::Error> {
    let starts = format!("starts_at / {DAY}");
    let status = "status || ':' || CAST(reminded AS TEXT)";
    booking_count(tx, id, "appt", &starts, status, "", delta).await?;
    let seen = units("starts_at - first_contact_at", DAY);
    booking_count(
        tx,
        id,
        "seen_delay",
        &starts,
        &seen,
        " AND status = 'seen'",
        delta,
    )
    .await
}

/// Counts a call-back request `id`: opened (on its day), or closed (on the day it closed, by
/// the hours it stayed open).
pub(super) async fn request_counted(
    tx: &mut Tx,
    id: &str,
    closed: bool,
) -> Result<(), sqlx::Error> {
    let (metric, day, detail) = if closed {
        (
            "request_closed",
            format!("r.closed_at / {DAY}"),
            units("r.closed_at - r.created_at", 3600),
        )
    } else {
        ("request", format!("r.created_at / {DAY}"), "''".to_string())
    };
    let sql = format!(
        "INSERT INTO stats_counts ({COLUMNS}, n) SELECT '{metric}', {day}, r.territory, r.partner, \
         COALESCE(p.channel, ''), COALESCE(p.locale, ''), COALESCE(r.parcours, ''), COALESCE(r.lead, ''), {detail}, 1 \
         FROM booking_requests r LEFT JOIN people p ON p.id = r.person_id WHERE r.id = $1 \
         ON CONFLICT ({COLUMNS}) DO UPDATE SET n = stats_counts.n + excluded.n"
    );
    sqlx::query(&sql).bind(id).execute(&mut **tx).await?;
    Ok(())
}

impl Store {
    /// For the benchmark: fresh planner statistics, as autovacuum would have after a load.
    pub async fn bench_analyze(&self) -> Result<(), StorageError> {
        let refresh = match self.backend() {
            super::Backend::Postgres => "VACUUM ANALYZE stats_counts",
            super::Backend::Sqlite => "ANALYZE",
        };
        sqlx::query(refresh).execute(self.pool()).await?;
        Ok(())
    }
}
