//! Operational figures in the Prometheus text format (`GET /metrics`): turns by channel, a
//! turn latency histogram, errors by kind, bookings by status, the outbox backlog and age.
//! It keeps the process's counters and renders them with the figures its caller read from the
//! database; it must not read the database itself.
//!
//! The counters are `prometheus-client` metrics, global to the process. Labels are closed sets
//! (the channels, the kinds of error, the booking statuses the code writes): no person, no
//! address, no reference ever becomes a label or a value.

use std::sync::LazyLock;
use std::time::Duration;

use prometheus_client::encoding::prometheus_text;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::core::Channel;

/// Upper bounds of the turn latency buckets, in seconds.
pub const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// The `Content-Type` of what [`render`] writes (the Prometheus text format, version 0.0.4).
pub const CONTENT_TYPE: &str = prometheus_text::CONTENT_TYPE;

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
}

/// A service outside the process that a part of it needs. When one cannot be reached, that
/// part retries and the rest goes on serving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dependency {
    /// The Telegram Bot API.
    Telegram,
    /// The SMS provider's REST API (outbound SMS and WhatsApp).
    SmsProvider,
}

impl Dependency {
    /// Every dependency, in the order `/readyz` lists them.
    pub const ALL: [Self; 2] = [Self::Telegram, Self::SmsProvider];

    /// The name in `/readyz` and in the metrics' labels.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Telegram => "telegram",
            Self::SmsProvider => "sms_provider",
        }
    }
}

/// Where a dependency stands, as its part last found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DependencyState {
    /// Not configured: nothing here uses it.
    Off,
    /// It answered the last call.
    Ok,
    /// It could not be reached (network error, time-out, 5xx): its part retries.
    Degraded,
}

impl DependencyState {
    /// The word `/readyz` shows.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Ok => "ok",
            Self::Degraded => "degraded",
        }
    }
}

/// Records that a dependency answered (`true`) or could not be reached (`false`); a failure
/// is counted in `tremplin_dependency_failures_total`.
pub fn record_dependency(dependency: Dependency, reached: bool) {
    let p = &*PROCESS;
    let i = dependency as usize;
    let state = if reached {
        DependencyState::Ok
    } else {
        p.dependency_failures
            .get_or_create(&dependency_label(dependency))
            .inc();
        DependencyState::Degraded
    };
    p.dependency_states[i].store(state as u8, std::sync::atomic::Ordering::Relaxed);
    p.dependency_up
        .get_or_create(&dependency_label(dependency))
        .set(i64::from(reached));
}

/// Records that a dependency is configured: `ok` until a call fails to reach it.
pub fn dependency_configured(dependency: Dependency) {
    let _ = PROCESS.dependency_states[dependency as usize].compare_exchange(
        DependencyState::Off as u8,
        DependencyState::Ok as u8,
        std::sync::atomic::Ordering::Relaxed,
        std::sync::atomic::Ordering::Relaxed,
    );
}

/// Where every dependency stands.
#[must_use]
pub fn dependencies() -> Vec<(Dependency, DependencyState)> {
    Dependency::ALL
        .iter()
        .map(|&d| {
            let v =
                PROCESS.dependency_states[d as usize].load(std::sync::atomic::Ordering::Relaxed);
            let state = match v {
                x if x == DependencyState::Ok as u8 => DependencyState::Ok,
                x if x == DependencyState::Degraded as u8 => DependencyState::Degraded,
                _ => DependencyState::Off,
            };
            (d, state)
        })
        .collect()
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
    /// Outbox messages by delivery status (`none`, `queued`, `delivered`, `failed`,
    /// `no-template`...).
    pub deliveries: Vec<(String, i64)>,
    /// People whose number the provider reported unknown or unreachable for good.
    pub unreachable: i64,
    /// The funnel since the start, by stage (started, consented, diagnosed, booked, seen,
    /// no-show): the statistics' counts, which name no one.
    pub funnel: Vec<(&'static str, i64)>,
}

/// Counts a turn and its latency.
pub fn record_turn(channel: Channel, elapsed: Duration, outcome: TurnOutcome) {
    let p = &*PROCESS;
    let label = channel_label(channel);
    p.turns.get_or_create(&label).inc();
    match outcome {
        TurnOutcome::Answered => {}
        TurnOutcome::Duplicate => {
            p.duplicates.get_or_create(&label).inc();
        }
        TurnOutcome::Failed => {
            p.failures.get_or_create(&label).inc();
            record_error(ErrorKind::Turn);
        }
    }
    p.latency
        .get_or_create(&label)
        .observe(elapsed.as_secs_f64());
}

/// Counts an error.
pub fn record_error(kind: ErrorKind) {
    PROCESS.errors.get_or_create(&kind_label(kind)).inc();
}

/// Counts messages the outbox worker sent.
pub fn record_sent(n: usize) {
    PROCESS.outbox_sent.inc_by(n as u64);
}

/// Turns counted so far on a channel (tests, the benchmark).
#[must_use]
pub fn turns(channel: Channel) -> u64 {
    PROCESS.turns.get_or_create(&channel_label(channel)).get()
}

/// The whole exposition: the process's counters, then the figures of this scrape (the
/// database's, or `tremplin_database_up 0` when the database did not answer).
#[must_use]
pub fn render(db: Option<&DatabaseFigures>, pre_consent_in_memory: usize) -> String {
    let mut scrape = Registry::default();
    let in_memory = i64::try_from(pre_consent_in_memory).unwrap_or(i64::MAX);
    gauges(
        &mut scrape,
        &[
            (
                "tremplin_pre_consent_in_memory",
                "Conversations waiting for consent held in this instance's memory",
                in_memory,
            ),
            (
                "tremplin_database_up",
                "Whether the database answered this scrape",
                i64::from(db.is_some()),
            ),
        ],
    );
    if let Some(db) = db {
        let bookings = Family::<[(&'static str, String); 1], Gauge>::default();
        for (status, n) in &db.bookings {
            bookings
                .get_or_create(&[("status", status.clone())])
                .set(*n);
        }
        scrape.register(
            "tremplin_bookings",
            "Bookings in the database, by status",
            bookings,
        );
        let deliveries = Family::<[(&'static str, String); 1], Gauge>::default();
        for (delivery, n) in &db.deliveries {
            deliveries
                .get_or_create(&[("delivery", delivery.clone())])
                .set(*n);
        }
        scrape.register(
            "tremplin_outbox_messages",
            "Outbox messages by delivery status as the provider last reported it (no-template: a WhatsApp message outside the 24-hour window with no approved template)",
            deliveries,
        );
        let funnel = Family::<[(&'static str, String); 1], Counter>::default();
        for (stage, n) in &db.funnel {
            funnel
                .get_or_create(&[("stage", stage.replace('-', "_"))])
                .inc_by(u64::try_from(*n).unwrap_or(0));
        }
        scrape.register(
            "tremplin_funnel",
            "People at each stage of the funnel since the start (conversations started, consented, diagnostic done, booked, received, no-show)",
            funnel,
        );
        gauges(
            &mut scrape,
            &[
                (
                    "tremplin_outbox_backlog",
                    "Outbox messages due and not sent yet",
                    db.outbox_backlog,
                ),
                (
                    "tremplin_outbox_oldest_seconds",
                    "Age of the oldest outbox message due and not sent (0 when none)",
                    db.outbox_oldest,
                ),
                (
                    "tremplin_unreachable_contacts",
                    "People whose number the provider reported unknown or unreachable for good",
                    db.unreachable,
                ),
                (
                    "tremplin_pre_consent_shared",
                    "Conversations waiting for consent in the table the instances share",
                    db.pre_consent,
                ),
            ],
        );
    }
    // The 0.0.4 text format has no end marker: two registries written one after the other
    // make one exposition.
    let mut out = String::with_capacity(8 * 1024);
    prometheus_text::encode(&mut out, &PROCESS.registry)
        .and_then(|()| prometheus_text::encode(&mut out, &scrape))
        .expect("writing to a String cannot fail");
    out
}

/// A label set of one label whose values are a closed set.
type Label = [(&'static str, &'static str); 1];

/// The process's counters, and the registry that names them. Every channel and every kind of
/// error is there from the start, at 0.
struct Process {
    turns: Family<Label, Counter>,
    duplicates: Family<Label, Counter>,
    failures: Family<Label, Counter>,
    latency: Family<Label, Histogram, fn() -> Histogram>,
    errors: Family<Label, Counter>,
    outbox_sent: Counter,
    dependency_failures: Family<Label, Counter>,
    dependency_up: Family<Label, Gauge>,
    dependency_states: [std::sync::atomic::AtomicU8; 2],
    registry: Registry,
}

/// Names and help texts. A counter's name has no `_total` and a help text no final period:
/// the registry adds both.
static PROCESS: LazyLock<Process> = LazyLock::new(|| {
    let mut p = Process {
        turns: Family::default(),
        duplicates: Family::default(),
        failures: Family::default(),
        latency: Family::new_with_constructor(|| Histogram::new(LATENCY_BUCKETS)),
        errors: Family::default(),
        outbox_sent: Counter::default(),
        dependency_failures: Family::default(),
        dependency_up: Family::default(),
        dependency_states: Default::default(),
        registry: Registry::default(),
    };
    for (name, help, family) in [
        (
            "tremplin_turns",
            "Turns handled, by channel (redeliveries and failures included)",
            &p.turns,
        ),
        (
            "tremplin_turn_duplicates",
            "Redelivered messages answered with the reply they got before, by channel",
            &p.duplicates,
        ),
        (
            "tremplin_turn_failures",
            "Turns that failed, by channel",
            &p.failures,
        ),
    ] {
        p.registry.register(name, help, family.clone());
    }
    p.registry.register(
        "tremplin_turn_duration_seconds",
        "Time to run a turn (lock, storage, engine, rendering), by channel",
        p.latency.clone(),
    );
    p.registry.register(
        "tremplin_errors",
        "Errors, by kind: turn, outbox, send, database, job",
        p.errors.clone(),
    );
    p.registry.register(
        "tremplin_outbox_sent",
        "Outbox messages sent by this instance",
        p.outbox_sent.clone(),
    );
    p.registry.register(
        "tremplin_dependency_failures",
        "Calls to a dependency that could not reach it (network error, time-out, 5xx), by dependency",
        p.dependency_failures.clone(),
    );
    p.registry.register(
        "tremplin_dependency_up",
        "Whether a dependency answered its last call, by dependency (absent until it is used)",
        p.dependency_up.clone(),
    );
    for d in Dependency::ALL {
        p.dependency_failures
            .get_or_create_owned(&dependency_label(d));
    }
    for c in [
        Channel::Console,
        Channel::Telegram,
        Channel::Sms,
        Channel::WhatsApp,
    ] {
        let label = channel_label(c);
        p.turns.get_or_create_owned(&label);
        p.duplicates.get_or_create_owned(&label);
        p.failures.get_or_create_owned(&label);
        p.latency.get_or_create_owned(&label);
    }
    for k in ErrorKind::ALL {
        p.errors.get_or_create_owned(&kind_label(k));
    }
    p
});

/// Registers gauges set to figures read at scrape time.
fn gauges(registry: &mut Registry, figures: &[(&'static str, &'static str, i64)]) {
    for (name, help, value) in figures {
        let g = Gauge::<i64>::default();
        g.set(*value);
        registry.register(*name, *help, g);
    }
}

fn channel_label(c: Channel) -> Label {
    [("channel", c.as_str())]
}

fn dependency_label(d: Dependency) -> Label {
    [("dependency", d.as_str())]
}

fn kind_label(k: ErrorKind) -> Label {
    [("kind", k.as_str())]
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
