//! The statistics an account may see: for a period and filters, each chart's rows and cells
//! (`chart`), read from the counts kept with every turn and staff action. Filters that isolate
//! fewer than [`SMALL`] people give no chart at all.

use std::collections::BTreeMap;

use super::chart::{Cell, Chart, Label, NOTE_NO_INVITATION, NOTE_PARCOURS, NOTE_PARTNER, SMALL};
use super::{Desk, DeskError};
use crate::storage::staff::{StatsDim, StatsFilter};
pub use crate::storage::stats::DAY;
use crate::storage::stats::{INVITATION_ANSWERED, INVITED};

/// The longest period the page draws, in days.
pub const LONGEST_PERIOD: i64 = 3 * 366;

/// The funnel's stages, in order: the column keys of the funnel chart and the stages of
/// `/metrics`.
pub const FUNNEL: [&str; 6] = [
    "started",
    "consented",
    "diagnosed",
    "booked",
    "seen",
    "no-show",
];

/// The period and filters asked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatsAsk {
    /// Days since 1970-01-01, both included.
    pub from_day: i64,
    pub to_day: i64,
    pub partner: Option<String>,
    pub channel: Option<String>,
    pub locale: Option<String>,
    pub parcours: Option<String>,
}

impl StatsAsk {
    /// Whether a filter narrows the people counted (beyond the period).
    #[must_use]
    pub fn narrowed(&self) -> bool {
        self.partner.is_some()
            || self.channel.is_some()
            || self.locale.is_some()
            || self.parcours.is_some()
    }
}

/// The charts of the page, in order.
pub const CHARTS: [&str; 14] = [
    "funnel",
    "steps",
    "channels",
    "locales",
    "duration",
    "parcours",
    "leads",
    "urgent",
    "delays",
    "received",
    "appointments",
    "no-show",
    "callbacks",
    "callback-delay",
];

/// The statistics of a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The filters isolate fewer than [`SMALL`] people: nothing is drawn.
    pub too_few: bool,
    pub charts: Vec<Chart>,
}

type Sums = Vec<(Vec<String>, i64)>;

/// The median and 90th percentile of a distribution of whole units, and its size.
fn percentiles(dist: &BTreeMap<i64, i64>) -> (i64, i64, i64) {
    let total: i64 = dist.values().sum();
    let at = |share: f64| {
        let mut seen = 0;
        for (v, n) in dist {
            seen += n;
            #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
            if seen as f64 >= share * total as f64 {
                return *v;
            }
        }
        0
    };
    (at(0.5), at(0.9), total)
}

fn distribution(sums: &Sums, metric: &str) -> BTreeMap<i64, i64> {
    let mut d = BTreeMap::new();
    for (k, n) in sums {
        if k[0] == metric {
            if let Ok(v) = k[1].parse::<i64>() {
                *d.entry(v).or_insert(0) += n;
            }
        }
    }
    d
}

/// Sums keyed by the first `width` dimensions joined with `|`.
fn keyed(sums: &Sums) -> BTreeMap<String, i64> {
    let mut m = BTreeMap::new();
    for (k, n) in sums {
        *m.entry(k.join("|")).or_insert(0) += n;
    }
    m
}

/// The Monday-based weeks of a period, as days since 1970-01-01 of their Monday, with their
/// week numbers as [`StatsDim::Week`] gives them.
fn weeks(from_day: i64, to_day: i64) -> Vec<(i64, i64)> {
    let first = (from_day + 3).div_euclid(7);
    let last = (to_day + 3).div_euclid(7);
    (first..=last).map(|w| (w, w * 7 - 3)).collect()
}

/// The status of an `appt` detail (`status:reminded`) and whether reminders were planned.
fn appt(detail: &str) -> (&str, bool) {
    match detail.split_once(':') {
        Some((s, r)) => (s, r == "1"),
        None => (detail, false),
    }
}

impl Desk<'_> {
    /// The statistics of the account's scope for a period and filters.
    pub async fn stats(&self, ask: &StatsAsk) -> Result<Report, DeskError> {
        if ask.to_day < ask.from_day || ask.to_day - ask.from_day > LONGEST_PERIOD {
            return Err(DeskError::Invalid("period"));
        }
        let store = self.host.store();
        let f = StatsFilter {
            scope: self.scope(),
            from_day: ask.from_day,
            to_day: ask.to_day,
            partner: ask.partner.clone(),
            channel: ask.channel.clone(),
            locale: ask.locale.clone(),
            parcours: ask.parcours.clone(),
        };
        // Counts made before a booking carry no partner, and before the diagnostic no
        // parcours: under such a filter they are not known, and the charts say so.
        let before_booking =
            (ask.partner.is_some() || f.scope.partner.is_some()).then_some(NOTE_PARTNER);
        let before_diagnostic = before_booking.or(ask.parcours.is_some().then_some(NOTE_PARCOURS));
        use StatsDim::{Channel, Detail, Lead, Locale, Metric, Parcours, Partner, Week};
        let (
            weekly,
            diag_weeks,
            durations,
            orientation,
            by_channel,
            by_locale,
            steps,
            appt_weeks,
            appt_partner,
            delays,
        ) = tokio::try_join!(
            store.stats_sum(
                &f,
                &[
                    "started",
                    "consented",
                    "booked",
                    "urgent",
                    "request",
                    INVITED
                ],
                &[Metric, Week]
            ),
            store.stats_sum(&f, &["diagnosed"], &[Week]),
            store.stats_sum(&f, &["diagnosed"], &[Metric, Detail]),
            store.stats_sum(&f, &["diagnosed"], &[Parcours, Lead]),
            store.stats_sum(&f, &["started", "diagnosed"], &[Metric, Channel]),
            store.stats_sum(&f, &["started", "diagnosed"], &[Metric, Locale]),
            store.stats_sum(&f, &["at_step"], &[Detail]),
            store.stats_sum(&f, &["appt"], &[Week, Detail]),
            store.stats_sum(&f, &["appt"], &[Partner, Detail]),
            store.stats_sum(
                &f,
                &[
                    "to_booking",
                    "to_appt",
                    "seen_delay",
                    "request_closed",
                    INVITATION_ANSWERED
                ],
                &[Metric, Detail]
            ),
        )?;
        let weekly = keyed(&weekly);
        let diag_weeks = keyed(&diag_weeks);
        let mut appt_week: BTreeMap<(String, String), i64> = BTreeMap::new();
        for (k, n) in &appt_weeks {
            let (status, _) = appt(&k[1]);
            *appt_week
                .entry((k[0].clone(), status.to_string()))
                .or_insert(0) += n;
        }
        let weeks = weeks(ask.from_day, ask.to_day);
        let get = |m: &BTreeMap<String, i64>, k: String| m.get(&k).copied().unwrap_or(0);
        let funnel_rows = weeks
            .iter()
            .map(|(w, monday)| {
                let ws = w.to_string();
                let known = |note: Option<&str>, n: i64| {
                    if note.is_some() {
                        Cell::Unknown
                    } else {
                        Cell::Count(n)
                    }
                };
                let cells = vec![
                    known(before_diagnostic, get(&weekly, format!("started|{ws}"))),
                    known(before_diagnostic, get(&weekly, format!("consented|{ws}"))),
                    known(before_booking, get(&diag_weeks, ws.clone())),
                    Cell::Count(get(&weekly, format!("booked|{ws}"))),
                    Cell::Count(
                        appt_week
                            .get(&(ws.clone(), "seen".into()))
                            .copied()
                            .unwrap_or(0),
                    ),
                    Cell::Count(
                        appt_week
                            .get(&(ws.clone(), "no-show".into()))
                            .copied()
                            .unwrap_or(0),
                    ),
                ];
                (Label::Week(*monday), cells)
            })
            .collect();
        let population = [
            weekly
                .iter()
                .filter(|(k, _)| k.starts_with("started|"))
                .map(|(_, n)| *n)
                .sum::<i64>(),
            diag_weeks.values().sum(),
            weekly
                .iter()
                .filter(|(k, _)| k.starts_with("booked|"))
                .map(|(_, n)| *n)
                .sum(),
            appt_weeks.iter().map(|(_, n)| *n).sum(),
        ]
        .into_iter()
        .max()
        .unwrap_or(0);
        if ask.narrowed() && population > 0 && population < SMALL {
            return Ok(Report {
                too_few: true,
                charts: Vec::new(),
            });
        }
        let mut funnel = Chart::new(
            "funnel",
            FUNNEL
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let note = if i < 2 {
                        before_diagnostic
                    } else {
                        before_booking
                    };
                    (*c, i > 2 || note.is_none())
                })
                .collect(),
            funnel_rows,
        );
        funnel.notes.extend(before_diagnostic);
        let mut charts = vec![funnel];
        let mut steps: Vec<(String, i64)> =
            steps.into_iter().map(|(k, n)| (k[0].clone(), n)).collect();
        steps.retain(|(_, n)| *n > 0);
        steps.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        charts.push(
            Chart::new(
                "steps",
                vec![("people", true)],
                steps
                    .into_iter()
                    .map(|(s, n)| (Label::Step(s), vec![Cell::Count(n)]))
                    .collect(),
            )
            .unknown(before_diagnostic),
        );
        for (id, sums, label) in [
            (
                "channels",
                &by_channel,
                Label::Channel as fn(String) -> Label,
            ),
            ("locales", &by_locale, Label::Locale as fn(String) -> Label),
        ] {
            let m = keyed(sums);
            let mut names: Vec<String> = sums.iter().map(|(k, _)| k[1].clone()).collect();
            names.sort();
            names.dedup();
            let rows = names
                .into_iter()
                .map(|c| {
                    let started = get(&m, format!("started|{c}"));
                    let done = get(&m, format!("diagnosed|{c}"));
                    let cells = vec![
                        Cell::Count(started),
                        Cell::Count(done),
                        Cell::Percent {
                            num: done,
                            of: started,
                        },
                    ];
                    (label(c), cells)
                })
                .collect();
            charts.push(
                Chart::new(
                    id,
                    vec![
                        ("started", false),
                        ("diagnosed", false),
                        ("completion", true),
                    ],
                    rows,
                )
                .unknown(before_diagnostic),
            );
        }
        let (median, p90, n) = percentiles(&distribution(&durations, "diagnosed"));
        charts.push(
            Chart::new(
                "duration",
                vec![("minutes", true)],
                vec![
                    (
                        Label::Msg("staff-stats-median"),
                        vec![Cell::Value {
                            value: median,
                            of: n,
                        }],
                    ),
                    (
                        Label::Msg("staff-stats-p90"),
                        vec![Cell::Value { value: p90, of: n }],
                    ),
                ],
            )
            .unknown(before_booking),
        );
        let mut parcours: BTreeMap<String, i64> = BTreeMap::new();
        let mut leads: BTreeMap<String, i64> = BTreeMap::new();
        for (k, n) in &orientation {
            *parcours.entry(k[0].clone()).or_insert(0) += n;
            *leads.entry(k[1].clone()).or_insert(0) += n;
        }
        charts.push(
            Chart::new(
                "parcours",
                vec![("people", true)],
                parcours
                    .into_iter()
                    .map(|(p, n)| (Label::Parcours(p), vec![Cell::Count(n)]))
                    .collect(),
            )
            .unknown(before_booking),
        );
        charts.push(
            Chart::new(
                "leads",
                vec![("people", true)],
                leads
                    .into_iter()
                    .map(|(p, n)| (Label::Lead(p), vec![Cell::Count(n)]))
                    .collect(),
            )
            .unknown(before_booking),
        );
        charts.push(
            Chart::new(
                "urgent",
                vec![("people", true)],
                weeks
                    .iter()
                    .map(|(w, monday)| {
                        (
                            Label::Week(*monday),
                            vec![Cell::Count(get(&weekly, format!("urgent|{w}")))],
                        )
                    })
                    .collect(),
            )
            .unknown(before_diagnostic),
        );
        let delay_row = |label: &'static str, metric: &str| {
            let (median, p90, n) = percentiles(&distribution(&delays, metric));
            (
                Label::Msg(label),
                vec![
                    Cell::Value {
                        value: median,
                        of: n,
                    },
                    Cell::Value { value: p90, of: n },
                    Cell::Count(n),
                ],
            )
        };
        let mut delays_chart = Chart::new(
            "delays",
            vec![("median-days", true), ("p90-days", true), ("people", false)],
            vec![
                delay_row("staff-stats-to-booking", "to_booking"),
                delay_row("staff-stats-to-appointment", "to_appt"),
                delay_row("staff-stats-invitation-to-answer", INVITATION_ANSWERED),
            ],
        );
        let invited: i64 = weekly
            .iter()
            .filter(|(k, _)| k.starts_with(&format!("{INVITED}|")))
            .map(|(_, n)| *n)
            .sum();
        if invited == 0 {
            // No invitation sent in the period: the row stays, and says why it is empty.
            if let Some((_, cells)) = delays_chart.rows.last_mut() {
                cells.iter_mut().for_each(|c| *c = Cell::Unknown);
            }
            delays_chart.notes.push(NOTE_NO_INVITATION);
        }
        charts.push(delays_chart);
        let seen = distribution(&delays, "seen_delay");
        let within: i64 = seen.range(..=30).map(|(_, n)| n).sum();
        let seen_total: i64 = seen.values().sum();
        charts.push(Chart::new(
            "received",
            vec![("people", false), ("share", true)],
            vec![
                (
                    Label::Msg("staff-stats-within-30"),
                    vec![
                        Cell::Count(within),
                        Cell::Percent {
                            num: within,
                            of: seen_total,
                        },
                    ],
                ),
                (
                    Label::Msg("staff-stats-after-30"),
                    vec![
                        Cell::Count(seen_total - within),
                        Cell::Percent {
                            num: seen_total - within,
                            of: seen_total,
                        },
                    ],
                ),
            ],
        ));
        let statuses: Vec<&'static str> = crate::core::BookingStatus::ALL
            .iter()
            .map(|s| s.as_str())
            .collect();
        let mut by_partner: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
        let mut reminders: BTreeMap<(bool, String), i64> = BTreeMap::new();
        for (k, n) in &appt_partner {
            let (status, reminded) = appt(&k[1]);
            *by_partner
                .entry(k[0].clone())
                .or_default()
                .entry(status.to_string())
                .or_insert(0) += n;
            *reminders.entry((reminded, status.to_string())).or_insert(0) += n;
        }
        charts.push(Chart::new(
            "appointments",
            statuses.iter().map(|s| (*s, true)).collect(),
            by_partner
                .into_iter()
                .map(|(p, m)| {
                    let cells = statuses
                        .iter()
                        .map(|s| Cell::Count(m.get(*s).copied().unwrap_or(0)))
                        .collect();
                    (Label::Partner(p), cells)
                })
                .collect(),
        ));
        let no_show_row = |label: &'static str, reminded: bool| {
            let seen = reminders
                .get(&(reminded, "seen".into()))
                .copied()
                .unwrap_or(0);
            let missed = reminders
                .get(&(reminded, "no-show".into()))
                .copied()
                .unwrap_or(0);
            (
                Label::Msg(label),
                vec![
                    Cell::Count(seen),
                    Cell::Count(missed),
                    Cell::Percent {
                        num: missed,
                        of: seen + missed,
                    },
                ],
            )
        };
        charts.push(Chart::new(
            "no-show",
            vec![("seen", false), ("no-show", false), ("no-show-rate", true)],
            vec![
                no_show_row("staff-stats-with-reminders", true),
                no_show_row("staff-stats-without-reminders", false),
            ],
        ));
        charts.push(Chart::new(
            "callbacks",
            vec![("requests", true)],
            weeks
                .iter()
                .map(|(w, monday)| {
                    (
                        Label::Week(*monday),
                        vec![Cell::Count(get(&weekly, format!("request|{w}")))],
                    )
                })
                .collect(),
        ));
        let (median, p90, n) = percentiles(&distribution(&delays, "request_closed"));
        charts.push(Chart::new(
            "callback-delay",
            vec![("hours", true), ("people", false)],
            vec![
                (
                    Label::Msg("staff-stats-median"),
                    vec![
                        Cell::Value {
                            value: median,
                            of: n,
                        },
                        Cell::Count(n),
                    ],
                ),
                (
                    Label::Msg("staff-stats-p90"),
                    vec![Cell::Value { value: p90, of: n }, Cell::Count(n)],
                ),
            ],
        ));
        Ok(Report {
            too_few: false,
            charts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_of_a_distribution() {
        let d: BTreeMap<i64, i64> = [(1, 5), (2, 4), (10, 1)].into_iter().collect();
        assert_eq!(percentiles(&d), (1, 2, 10));
    }

    #[test]
    fn weeks_start_on_monday() {
        // 2026-11-30 is a Monday: day 20_787.
        let w = weeks(20_787, 20_793);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].1, 20_787);
        assert_eq!(weeks(20_786, 20_787).len(), 2);
    }
}
