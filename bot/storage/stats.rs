//! The statistics' counts ([`Tally`]): moved by +1/-1 in the transaction that writes what they
//! count (a turn, a booking, a change of status, a call-back request). A count is keyed by a
//! day and by dimensions that name no one; nothing here stores an id, an address or an answer.
//! Reading them for the dashboard is in `staff::stats`.

use super::batch::{Plan, Stmt, Val};
use super::error::StorageError;
use super::store::Store;
pub use crate::core::local_day;

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Seconds in a day (delays in days are whole numbers of them). A count's `day` is the day in
/// Paris ([`local_day`]), as the dashboard's periods and weeks are.
pub const DAY: i64 = 86_400;

/// Delays longer than this many units are counted at this value.
const CAP: i64 = 365;

/// An invitation sent (counted on its day), once invitations are sent: what tells the page
/// that the delay from invitation to first answer can be drawn.
pub const INVITED: &str = "invited";

/// A first answer to an invitation, by the whole days since it was sent (the detail).
pub const INVITATION_ANSWERED: &str = "to_answer";

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

const UPSERT: &str = "INSERT INTO stats_counts (metric, day, territory, partner, channel, locale, parcours, lead, detail, n) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
     ON CONFLICT (metric, day, territory, partner, channel, locale, parcours, lead, detail) \
     DO UPDATE SET n = stats_counts.n + excluded.n";

impl Tally {
    /// The same counts with those of one key added together, in a steady order.
    pub(crate) fn merged<'a>(tallies: impl Iterator<Item = &'a Tally>) -> Vec<Tally> {
        let mut sums: std::collections::BTreeMap<Tally, i64> = std::collections::BTreeMap::new();
        for t in tallies {
            *sums
                .entry(Tally {
                    delta: 0,
                    ..t.clone()
                })
                .or_default() += t.delta;
        }
        sums.into_iter()
            .filter(|(_, n)| *n != 0)
            .map(|(t, delta)| Tally { delta, ..t })
            .collect()
    }

    /// An invitation sent at `at`, split as `base` is (territory, partner, channel...).
    #[must_use]
    pub fn invitation_sent(base: &Self, at: i64) -> Self {
        Self {
            metric: INVITED,
            day: local_day(at),
            detail: String::new(),
            delta: 1,
            ..base.clone()
        }
    }

    /// The first answer at `answered_at` to an invitation sent at `invited_at`.
    #[must_use]
    pub fn invitation_answered(base: &Self, invited_at: i64, answered_at: i64) -> Self {
        Self {
            metric: INVITATION_ANSWERED,
            day: local_day(answered_at),
            detail: units(Some(answered_at - invited_at), DAY),
            delta: 1,
            ..base.clone()
        }
    }

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
            counts: tallies.iter().map(Tally::stmt).collect(),
            ..Plan::default()
        };
        self.writer.submit(plan).await.map(|_| ())
    }
}

/// Whole units of `seconds / unit`, between 0 and the cap; empty when a time is not known.
fn units(seconds: Option<i64>, unit: i64) -> String {
    seconds.map_or_else(String::new, |s| (s / unit).clamp(0, CAP).to_string())
}

/// Moves the counts in a transaction, in the one order every writer of counts takes (see
/// [`super::batch::added`]).
pub(super) async fn apply(tx: &mut Tx, tallies: &[Tally]) -> Result<(), sqlx::Error> {
    let stmts: Vec<_> = tallies.iter().map(Tally::stmt).collect();
    for s in super::batch::added(stmts.iter()) {
        s.query().execute(&mut **tx).await?;
    }
    Ok(())
}

/// What a booking's counts are split by and timed from, as its row holds them.
#[derive(Debug, Clone, Default)]
pub(super) struct BookingFacts {
    pub(super) territory: String,
    pub(super) partner: String,
    pub(super) channel: String,
    pub(super) locale: String,
    pub(super) parcours: String,
    pub(super) lead: String,
    pub(super) created_at: i64,
    pub(super) starts_at: i64,
    pub(super) first_contact_at: Option<i64>,
    pub(super) status: String,
    pub(super) reminded: i64,
}

/// The columns [`BookingFacts`] is read from (`bookings` as `b`).
pub(super) const BOOKING_FACTS: &str = "b.territory, b.partner, COALESCE(b.channel, '') AS channel, \
     COALESCE(b.locale, '') AS locale, COALESCE(b.parcours, '') AS parcours, COALESCE(b.lead, '') AS lead, \
     b.created_at, b.starts_at, b.first_contact_at, b.status, b.reminded";

impl BookingFacts {
    pub(super) fn of(r: &sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
        use sqlx::Row;
        Ok(Self {
            territory: r.try_get("territory")?,
            partner: r.try_get("partner")?,
            channel: r.try_get("channel")?,
            locale: r.try_get("locale")?,
            parcours: r.try_get("parcours")?,
            lead: r.try_get("lead")?,
            created_at: r.try_get("created_at")?,
            starts_at: r.try_get("starts_at")?,
            first_contact_at: r.try_get("first_contact_at")?,
            status: r.try_get("status")?,
            reminded: r.try_get("reminded")?,
        })
    }

    fn tally(&self, metric: &'static str, at: i64, detail: String, delta: i64) -> Tally {
        Tally {
            metric,
            day: local_day(at),
            territory: self.territory.clone(),
            partner: self.partner.clone(),
            channel: self.channel.clone(),
            locale: self.locale.clone(),
            parcours: self.parcours.clone(),
            lead: self.lead.clone(),
            detail,
            delta,
        }
    }

    /// A new booking: booked (on its day), the delays from first contact to booking and from
    /// booking to appointment (in days).
    pub(super) fn made(&self) -> Vec<Tally> {
        let c = self.created_at;
        vec![
            self.tally("booked", c, String::new(), 1),
            self.tally(
                "to_booking",
                c,
                units(self.first_contact_at.map(|f| c - f), DAY),
                1,
            ),
            self.tally("to_appt", c, units(Some(self.starts_at - c), DAY), 1),
        ]
    }

    /// The booking among the appointments of its day, by status and reminders, and, once
    /// seen, in the delay between first contact and appointment (days).
    pub(super) fn placed(&self, delta: i64) -> Vec<Tally> {
        let s = self.starts_at;
        let mut out = vec![self.tally(
            "appt",
            s,
            format!("{}:{}", self.status, self.reminded),
            delta,
        )];
        if self.status == "seen" {
            out.push(self.tally(
                "seen_delay",
                s,
                units(self.first_contact_at.map(|f| s - f), DAY),
                delta,
            ));
        }
        out
    }
}

async fn booking_facts(tx: &mut Tx, id: &str) -> Result<Option<BookingFacts>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {BOOKING_FACTS} FROM bookings b WHERE b.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(BookingFacts::of).transpose()
}

/// Counts a new booking and its place among the appointments.
pub(super) async fn booking_made(tx: &mut Tx, id: &str) -> Result<(), sqlx::Error> {
    if let Some(f) = booking_facts(tx, id).await? {
        let mut tallies = f.made();
        tallies.extend(f.placed(1));
        apply(tx, &tallies).await?;
    }
    Ok(())
}

/// Adds (+1) or takes away (-1) a booking from the appointments of its day by status and
/// reminders, and, once seen, from the delay between first contact and appointment (days).
/// Called with -1 before a booking changes (status, slot, partner) and +1 after.
pub(super) async fn booking_placed(tx: &mut Tx, id: &str, delta: i64) -> Result<(), sqlx::Error> {
    if let Some(f) = booking_facts(tx, id).await? {
        apply(tx, &f.placed(delta)).await?;
    }
    Ok(())
}

/// What a call-back request's counts are split by and timed from.
#[derive(Debug, Clone, Default)]
pub(super) struct RequestFacts {
    base: Tally,
    created_at: i64,
    closed_at: Option<i64>,
}

/// How [`RequestFacts`] are read (`booking_requests` as `r`).
pub(super) const REQUEST_FACTS: &str = "SELECT r.territory, r.partner, COALESCE(p.channel, '') AS channel, \
     COALESCE(p.locale, '') AS locale, COALESCE(r.parcours, '') AS parcours, COALESCE(r.lead, '') AS lead, \
     r.created_at, r.closed_at FROM booking_requests r LEFT JOIN people p ON p.id = r.person_id";

impl RequestFacts {
    pub(super) fn of(r: &sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
        use sqlx::Row;
        Ok(Self {
            base: Tally {
                territory: r.try_get("territory")?,
                partner: r.try_get("partner")?,
                channel: r.try_get("channel")?,
                locale: r.try_get("locale")?,
                parcours: r.try_get("parcours")?,
                lead: r.try_get("lead")?,
                delta: 1,
                ..Tally::default()
            },
            created_at: r.try_get("created_at")?,
            closed_at: r.try_get("closed_at")?,
        })
    }

    /// Opened, on the day it was made.
    pub(super) fn opened(&self) -> Tally {
        Tally {
            metric: "request",
            day: local_day(self.created_at),
            ..self.base.clone()
        }
    }

    /// Whether it was closed before `t`.
    pub(super) fn closed_before(&self, t: i64) -> bool {
        self.closed_at.is_some_and(|c| c < t)
    }

    /// Closed, on the day it closed, by the hours it stayed open.
    pub(super) fn closed(&self) -> Option<Tally> {
        self.closed_at.map(|c| Tally {
            metric: "request_closed",
            day: local_day(c),
            detail: units(Some(c - self.created_at), 3600),
            ..self.base.clone()
        })
    }
}

/// Counts a call-back request `id`: opened, or closed.
pub(super) async fn request_counted(
    tx: &mut Tx,
    id: &str,
    closed: bool,
) -> Result<(), sqlx::Error> {
    let row = sqlx::query(&format!("{REQUEST_FACTS} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(f) = row.as_ref().map(RequestFacts::of).transpose()? {
        let t = if closed { f.closed() } else { Some(f.opened()) };
        apply(tx, &t.into_iter().collect::<Vec<_>>()).await?;
    }
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

#[cfg(test)]
mod tests {
    use super::Tally;

    fn t(metric: &'static str, locale: &str, delta: i64) -> Tally {
        Tally {
            metric,
            day: 20_000,
            locale: locale.into(),
            delta,
            ..Tally::default()
        }
    }

    #[test]
    fn a_batch_adds_the_counts_of_one_key_together() {
        let all = [
            t("started", "fr", 1),
            t("started", "ar", 1),
            t("started", "fr", 1),
            t("step", "fr", 1),
            t("step", "fr", -1),
        ];
        assert_eq!(
            Tally::merged(all.iter()),
            vec![t("started", "ar", 1), t("started", "fr", 2)]
        );
    }
}
