//! What a turn changes in the statistics' counts: a conversation started, the step it stands
//! at (where people stop), a consent, a diagnostic done and how long it took, an urgent
//! situation. Only categories and whole minutes: nothing that names the person, so that the
//! counts can be kept before consent and after an erasure.

use super::Host;
use super::model::HostError;
use crate::core::Channel;
use crate::dialogue::Dialogue;
use crate::engine::{ConsentScope, Effect, Session, Status};
use crate::storage::backfill::{Backfilled, OldConversation};
use crate::storage::stats::{Tally, local_day};

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
        day: local_day(now),
        territory: territory.to_string(),
        channel: channel.as_str().to_string(),
        locale: after.locale.clone(),
        delta: 1,
        ..Tally::default()
    };
    let at_step = |step: &str, locale: &str, started: i64, delta: i64| Tally {
        metric: "at_step",
        day: local_day(started),
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

/// The counts a consented conversation stored before the counts existed (before `before`)
/// would have left: started, consented, the step it stood at then, a diagnostic done then
/// (timed from its last answer before the proposal) and the urgent situations it told then.
/// What happened after `before` was counted as it happened and is left out here.
pub(super) fn backfill_tallies(
    old: &OldConversation,
    dialogue: Option<&Dialogue>,
    territory: &str,
    before: i64,
) -> Vec<Tally> {
    let locale = old
        .session
        .as_ref()
        .map(|s| s.locale.clone())
        .unwrap_or_default();
    let started = old
        .session
        .as_ref()
        .map_or(old.created_at, |s| s.started_at);
    let base = Tally {
        day: local_day(started),
        territory: territory.to_string(),
        channel: old.channel.clone(),
        locale,
        delta: 1,
        ..Tally::default()
    };
    let mut out = vec![Tally {
        metric: "started",
        ..base.clone()
    }];
    if let Some(at) = old.consented_at.filter(|at| *at < before) {
        out.push(Tally {
            metric: "consented",
            day: local_day(at),
            ..base.clone()
        });
    }
    let Some(s) = &old.session else {
        return out;
    };
    // The step it stood at then: the first question answered since, or where it stands.
    let then_step = s
        .trail
        .iter()
        .find(|step| s.answers.get(*step).is_some_and(|a| a.at >= before))
        .unwrap_or(&s.step);
    out.push(Tally {
        metric: "at_step",
        detail: then_step.clone(),
        ..base.clone()
    });
    if let Some(d) = dialogue {
        let position = |id: &str| d.steps.iter().position(|st| st.def.id == id);
        let proposal = d.steps.iter().position(|st| st.def.proposal);
        let reached = match (proposal, position(&s.step)) {
            (Some(p), Some(now)) => now >= p || s.status == Status::Ended,
            _ => false,
        };
        let proposed_at = s
            .answers
            .iter()
            .filter(|(id, _)| match (proposal, position(id)) {
                (Some(p), Some(i)) => i < p,
                _ => false,
            })
            .map(|(_, a)| a.at)
            .max()
            .unwrap_or(s.updated_at);
        if reached && proposed_at < before {
            let p = s.proposal(d);
            out.push(Tally {
                metric: "diagnosed",
                day: local_day(proposed_at),
                parcours: p.parcours.as_str().to_string(),
                lead: p.lead.as_str().to_string(),
                detail: ((proposed_at - started) / 60).clamp(0, LONGEST).to_string(),
                ..base.clone()
            });
        }
    }
    if s.updated_at < before {
        for kind in &s.urgent {
            out.push(Tally {
                metric: "urgent",
                detail: kind.clone(),
                ..base.clone()
            });
        }
    }
    out
}

impl Host {
    /// Counts once what was stored before the statistics' counts existed (see
    /// `storage::backfill`); `None` when it was done before. Run at start, before serving.
    pub async fn backfill_counts(&self) -> Result<Option<Backfilled>, HostError> {
        let store = self.store();
        let Some(before) = store.stats_backfill_due().await? else {
            return Ok(None);
        };
        let dialogue = self.catalog().dialogue(&self.config.dialogue);
        let territory = self.territory().map(|t| t.id.clone()).unwrap_or_default();
        let old = store.stats_backfill_conversations(before).await?;
        let tallies: Vec<Tally> = old
            .iter()
            .flat_map(|c| backfill_tallies(c, dialogue, &territory, before))
            .collect();
        let n = i64::try_from(old.len()).unwrap_or(i64::MAX);
        Ok(store
            .stats_backfill(before, &tallies, n, self.now())
            .await?)
    }
}
