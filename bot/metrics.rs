//! Operational figures in the Prometheus text format (`GET /metrics`): turns by channel, a
//! turn latency histogram, errors by kind, bookings by status, the outbox backlog and age.
//!
//! A small registry of atomics, global to the process. Labels are closed sets (the channels,
//! the kinds of error, the booking statuses the code writes): no person, no address, no
//! reference ever becomes a label or a value.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::core::Channel;
use crate::storage::{StorageError, Store};

/// The channels, in label order.
const CHANNELS: [Channel; 4] = [
    Channel::Console,
    Channel::Telegram,
    Channel::Sms,
    Channel::WhatsApp,
];

/// Upper bounds of the turn latency buckets, in seconds.
pub const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// What went wrong, as counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A turn failed (the person got the "try again" answer or a 503).
    Turn,
    /// The outbox worker could not read or write the database.
    Outbox,
    /// A message could not be sent (a retry was scheduled, or the provider refused it).
    Send,
    /// The readiness check found the database unreachable.
    Database,
    /// A background job (sweep, purge) failed.
    Job,
}

impl ErrorKind {
    const ALL: [Self; 5] = [
        Self::Turn,
        Self::Outbox,
        Self::Send,
        Self::Database,
        Self::Job,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::Turn => "turn",
            Self::Outbox => "outbox",
            Self::Send => "send",
            Self::Database => "database",
            Self::Job => "job",
        }
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }
}

/// How a turn ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TurnOutcome {
    /// Answered.
    Answered,
    /// A redelivered message, answered with the reply it got before.
    Duplicate,
    /// Failed.
    Failed,
}

struct ChannelStats {
    turns: AtomicU64,
    duplicates: AtomicU64,
    failed: AtomicU64,
    /// Non-cumulative counts per bucket; the last one is "above every bound".
    buckets: [AtomicU64; LATENCY_BUCKETS.len() + 1],
    sum_micros: AtomicU64,
}

impl ChannelStats {
    const fn new() -> Self {
        Self {
            turns: AtomicU64::new(0),
            duplicates: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            buckets: [const { AtomicU64::new(0) }; LATENCY_BUCKETS.len() + 1],
            sum_micros: AtomicU64::new(0),
        }
    }
}

/// The process's counters.
pub struct Registry {
    channels: [ChannelStats; CHANNELS.len()],
    errors: [AtomicU64; ErrorKind::ALL.len()],
    outbox_sent: AtomicU64,
}

static REGISTRY: Registry = Registry {
    channels: [const { ChannelStats::new() }; CHANNELS.len()],
    errors: [const { AtomicU64::new(0) }; ErrorKind::ALL.len()],
    outbox_sent: AtomicU64::new(0),
};

fn channel_index(c: Channel) -> usize {
    CHANNELS.iter().position(|x| *x == c).unwrap_or(0)
}

/// Counts a turn and its latency.
pub fn record_turn(channel: Channel, elapsed: Duration, outcome: TurnOutcome) {
    let s = &REGISTRY.channels[channel_index(channel)];
    s.turns.fetch_add(1, Ordering::Relaxed);
    match outcome {
        TurnOutcome::Answered => {}
        TurnOutcome::Duplicate => {
            s.duplicates.fetch_add(1, Ordering::Relaxed);
        }
        TurnOutcome::Failed => {
            s.failed.fetch_add(1, Ordering::Relaxed);
            record_error(ErrorKind::Turn);
        }
    }
    let secs = elapsed.as_secs_f64();
    let bucket = LATENCY_BUCKETS
        .iter()
        .position(|b| secs <= *b)
        .unwrap_or(LATENCY_BUCKETS.len());
    s.buckets[bucket].fetch_add(1, Ordering::Relaxed);
    s.sum_micros.fetch_add(
        u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
        Ordering::Relaxed,
    );
}

/// Counts an error.
pub fn record_error(kind: ErrorKind) {
    REGISTRY.errors[kind.index()].fetch_add(1, Ordering::Relaxed);
}

/// Counts messages the outbox worker sent.
pub fn record_sent(n: usize) {
    REGISTRY.outbox_sent.fetch_add(n as u64, Ordering::Relaxed);
}

/// Turns counted so far on a channel (tests, the benchmark).
#[must_use]
pub fn turns(channel: Channel) -> u64 {
    REGISTRY.channels[channel_index(channel)]
        .turns
        .load(Ordering::Relaxed)
}

/// Figures read from the database at scrape time.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DatabaseFigures {
    /// Bookings by status.
    pub bookings: Vec<(String, i64)>,
    /// Outbox messages due and not sent, and the age in seconds of the oldest.
    pub outbox_backlog: i64,
    pub outbox_oldest: i64,
    /// Conversations waiting for consent in the shared table.
    pub pre_consent: i64,
}

/// Reads the database figures.
pub async fn database_figures(store: &Store, now: i64) -> Result<DatabaseFigures, StorageError> {
    let (outbox_backlog, outbox_oldest) = store.outbox_backlog(now).await?;
    Ok(DatabaseFigures {
        bookings: store.bookings_by_status().await?,
        outbox_backlog,
        outbox_oldest,
        pre_consent: store.pre_consent_count().await?,
    })
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// A label value as Prometheus reads it (the values here are closed sets, escaped anyway).
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The whole exposition: the process's counters, then the database figures (or
/// `tremplin_database_up 0` when the database did not answer).
#[must_use]
pub fn render(db: Option<&DatabaseFigures>, pre_consent_in_memory: usize) -> String {
    let mut out = String::with_capacity(8 * 1024);
    let r = &REGISTRY;
    header(
        &mut out,
        "tremplin_turns_total",
        "counter",
        "Turns handled, by channel (redeliveries and failures included).",
    );
    for (c, s) in CHANNELS.iter().zip(&r.channels) {
        let _ = writeln!(
            out,
            "tremplin_turns_total{{channel=\"{}\"}} {}",
            c.as_str(),
            s.turns.load(Ordering::Relaxed)
        );
    }
    header(
        &mut out,
        "tremplin_turn_duplicates_total",
        "counter",
        "Redelivered messages answered with the reply they got before, by channel.",
    );
    for (c, s) in CHANNELS.iter().zip(&r.channels) {
        let _ = writeln!(
            out,
            "tremplin_turn_duplicates_total{{channel=\"{}\"}} {}",
            c.as_str(),
            s.duplicates.load(Ordering::Relaxed)
        );
    }
    header(
        &mut out,
        "tremplin_turn_failures_total",
        "counter",
        "Turns that failed, by channel.",
    );
    for (c, s) in CHANNELS.iter().zip(&r.channels) {
        let _ = writeln!(
            out,
            "tremplin_turn_failures_total{{channel=\"{}\"}} {}",
            c.as_str(),
            s.failed.load(Ordering::Relaxed)
        );
    }
    header(
        &mut out,
        "tremplin_turn_duration_seconds",
        "histogram",
        "Time to run a turn (lock, storage, engine, rendering), by channel.",
    );
    for (c, s) in CHANNELS.iter().zip(&r.channels) {
        let mut cumulative = 0u64;
        for (i, bound) in LATENCY_BUCKETS.iter().enumerate() {
            cumulative += s.buckets[i].load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "tremplin_turn_duration_seconds_bucket{{channel=\"{}\",le=\"{bound}\"}} {cumulative}",
                c.as_str()
            );
        }
        cumulative += s.buckets[LATENCY_BUCKETS.len()].load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "tremplin_turn_duration_seconds_bucket{{channel=\"{}\",le=\"+Inf\"}} {cumulative}",
            c.as_str()
        );
        let _ = writeln!(
            out,
            "tremplin_turn_duration_seconds_sum{{channel=\"{}\"}} {}",
            c.as_str(),
            s.sum_micros.load(Ordering::Relaxed) as f64 / 1e6
        );
        let _ = writeln!(
            out,
            "tremplin_turn_duration_seconds_count{{channel=\"{}\"}} {cumulative}",
            c.as_str()
        );
    }
    header(
        &mut out,
        "tremplin_errors_total",
        "counter",
        "Errors, by kind: turn, outbox, send, database, job.",
    );
    for k in ErrorKind::ALL {
        let _ = writeln!(
            out,
            "tremplin_errors_total{{kind=\"{}\"}} {}",
            k.as_str(),
            r.errors[k.index()].load(Ordering::Relaxed)
        );
    }
    header(
        &mut out,
        "tremplin_outbox_sent_total",
        "counter",
        "Outbox messages sent by this instance.",
    );
    let _ = writeln!(
        out,
        "tremplin_outbox_sent_total {}",
        r.outbox_sent.load(Ordering::Relaxed)
    );
    header(
        &mut out,
        "tremplin_pre_consent_in_memory",
        "gauge",
        "Conversations waiting for consent held in this instance's memory.",
    );
    let _ = writeln!(
        out,
        "tremplin_pre_consent_in_memory {pre_consent_in_memory}"
    );
    header(
        &mut out,
        "tremplin_database_up",
        "gauge",
        "Whether the database answered this scrape.",
    );
    let _ = writeln!(out, "tremplin_database_up {}", u8::from(db.is_some()));
    if let Some(db) = db {
        header(
            &mut out,
            "tremplin_bookings",
            "gauge",
            "Bookings in the database, by status.",
        );
        for (status, n) in &db.bookings {
            let _ = writeln!(out, "tremplin_bookings{{status=\"{}\"}} {n}", label(status));
        }
        header(
            &mut out,
            "tremplin_outbox_backlog",
            "gauge",
            "Outbox messages due and not sent yet.",
        );
        let _ = writeln!(out, "tremplin_outbox_backlog {}", db.outbox_backlog);
        header(
            &mut out,
            "tremplin_outbox_oldest_seconds",
            "gauge",
            "Age of the oldest outbox message due and not sent (0 when none).",
        );
        let _ = writeln!(out, "tremplin_outbox_oldest_seconds {}", db.outbox_oldest);
        header(
            &mut out,
            "tremplin_pre_consent_shared",
            "gauge",
            "Conversations waiting for consent in the table the instances share.",
        );
        let _ = writeln!(out, "tremplin_pre_consent_shared {}", db.pre_consent);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_is_cumulative_and_counts_match() {
        record_turn(
            Channel::WhatsApp,
            Duration::from_millis(3),
            TurnOutcome::Answered,
        );
        record_turn(
            Channel::WhatsApp,
            Duration::from_secs(9),
            TurnOutcome::Failed,
        );
        let text = render(None, 0);
        let inf = text
            .lines()
            .find(|l| {
                l.starts_with(
                    "tremplin_turn_duration_seconds_bucket{channel=\"whatsapp\",le=\"+Inf\"}",
                )
            })
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap();
        let count = text
            .lines()
            .find(|l| l.starts_with("tremplin_turn_duration_seconds_count{channel=\"whatsapp\"}"))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap();
        assert!(inf >= 2);
        assert_eq!(inf, count);
        assert!(text.contains("tremplin_database_up 0"));
    }
}
