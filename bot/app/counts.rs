//! What a turn changes in the statistics' counts: a conversation started, the step it stands
//! at (where people stop), a consent, a diagnostic done and how long it took, an urgent
//! situation. Only categories and whole minutes: nothing that names the person, so that the
//! counts can be kept before consent and after an erasure.

use crate::core::Channel;
use crate::engine::{ConsentScope, Effect, Session};
use crate::storage::stats::{DAY, Tally};

/// Completion times longer than a week are counted as a week (minutes).
const LONGEST: i64 = 7 * 24 * 60;

/// What the counts need of the session before the turn.
#[derive(Debug, Clone)]
pub(super) struct Before {
    step: String,
    locale: String,
    started_at: i64,
    urgent: std::collections::BTreeSet<String>,
}

impl Before {
    pub(super) fn of(s: &Session) -> Self {
        Self {
            step: s.step.clone(),
            locale: s.locale.clone(),
            started_at: s.started_at,
            urgent: s.urgent.clone(),
        }
    }
}

/// The counts a turn moves; `before` is `None` for the first turn of a conversation.
pub(super) fn turn_tallies(
    before: Option<&Before>,
    after: &Session,
    effects: &[Effect],
    channel: Channel,
    territory: &str,
    now: i64,
) -> Vec<Tally> {
    let base = Tally {
        day: now / DAY,
        territory: territory.to_string(),
        channel: channel.as_str().to_string(),
        locale: after.locale.clone(),
        delta: 1,
        ..Tally::default()
    };
    let at_step = |step: &str, locale: &str, started: i64, delta: i64| Tally {
        metric: "at_step",
        day: started / DAY,
        locale: locale.to_string(),
        detail: step.to_string(),
        delta,
        ..base.clone()
    };
    let mut out = Vec::new();
    match before {
        None => {
            out.push(Tally {
                metric: "started",
                ..base.clone()
            });
            out.push(at_step(&after.step, &after.locale, after.started_at, 1));
        }
        Some(b) if b.step != after.step || b.locale != after.locale => {
            out.push(at_step(&b.step, &b.locale, b.started_at, -1));
            out.push(at_step(&after.step, &after.locale, b.started_at, 1));
        }
        Some(_) => {}
    }
    for e in effects {
        match e {
            Effect::Consent {
                scope: ConsentScope::Store,
                granted: true,
                ..
            } => out.push(Tally {
                metric: "consented",
                ..base.clone()
            }),
            Effect::Proposal(p) => {
                let started = before.map_or(after.started_at, |b| b.started_at);
                out.push(Tally {
                    metric: "diagnosed",
                    parcours: p.parcours.as_str().to_string(),
                    lead: p.lead.as_str().to_string(),
                    detail: ((now - started) / 60).clamp(0, LONGEST).to_string(),
                    ..base.clone()
                });
            }
            _ => {}
        }
    }
    for kind in &after.urgent {
        if before.is_none_or(|b| !b.urgent.contains(kind)) {
            out.push(Tally {
                metric: "urgent",
                detail: kind.clone(),
                ..base.clone()
            });
        }
    }
    out
}
