//! The structured summary staff read: every answer with its French label, its value in French
//! and its codes, whatever the language the person used, and the proposed orientation.

use std::collections::BTreeMap;

use super::{Isolation, Locales, REFERENCE};
use crate::dialogue::{Dialogue, Kind};
use crate::engine::{Answer, Arg, Msg, Value, body_msg, parcours_msg, reason_msg, value_arg};
use crate::orientation::{self, Proposal};

/// One answer as staff read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffLine {
    pub step: String,
    pub label: String,
    pub value: String,
    pub codes: Vec<String>,
    pub sensitive: bool,
    /// The answer is the person's own words (free text), in their language.
    pub own_words: bool,
    /// A choice as the person read it, in their language, when that is not French.
    pub theirs: Option<String>,
}

/// The diagnostic for staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffSummary {
    pub lines: Vec<StaffLine>,
    pub proposal: Proposal,
    /// The proposal in French: parcours, lead, reasons.
    pub proposal_text: Vec<String>,
}

/// Builds the staff summary of a person's answers, in the reference language.
#[must_use]
pub fn staff_summary(
    locales: &Locales,
    dialogue: &Dialogue,
    answers: &BTreeMap<String, Answer>,
) -> StaffSummary {
    staff_summary_in(locales, dialogue, answers, REFERENCE)
}

/// [`staff_summary`] of a person who talks in `locale`: each choice also as they read it, when
/// that is not French.
#[must_use]
pub fn staff_summary_in(
    locales: &Locales,
    dialogue: &Dialogue,
    answers: &BTreeMap<String, Answer>,
    locale: &str,
) -> StaffSummary {
    let render = |m: &Msg| locales.render(REFERENCE, m, Isolation::Plain);
    let mut lines = Vec::new();
    for step in &dialogue.steps {
        let Some(a) = answers.get(&step.def.id) else {
            continue;
        };
        if !step.def.kind.takes_input() || step.def.kind == Kind::Language {
            continue;
        }
        let in_locale = |l: &str| match value_arg(dialogue, step, &a.value) {
            Arg::Msg(m) => locales.render(l, &m, Isolation::Plain),
            other => locales
                .render(
                    l,
                    &Msg::new("list-item").arg("item", other),
                    Isolation::Plain,
                )
                .trim_start_matches("• ")
                .to_string(),
        };
        let value = in_locale(REFERENCE);
        let theirs = (locale != REFERENCE
            && matches!(a.value, Value::Option(_) | Value::Options(_)))
        .then(|| in_locale(locale));
        lines.push(StaffLine {
            step: step.def.id.clone(),
            label: render(&Msg::new(dialogue.msg_id(&step.def.id, "short"))),
            value,
            codes: a.codes.clone(),
            sensitive: a.sensitive,
            own_words: matches!(a.value, Value::Text(_)),
            theirs,
        });
    }
    let proposal = orientation::propose(&orientation::facts(dialogue, answers));
    let mut proposal_text = vec![
        format!(
            "Parcours proposé : {}",
            render(&parcours_msg(proposal.parcours))
        ),
        format!(
            "Organisme référent proposé : {}",
            render(&body_msg(proposal.lead))
        ),
    ];
    if let Some(with) = proposal.with {
        proposal_text.push(format!(
            "Premier rendez-vous commun avec : {}",
            render(&body_msg(with))
        ));
    }
    for r in &proposal.reasons {
        // Staff read the reason about the person (`staff-<id>`), where it is written so.
        let mut m = reason_msg(r);
        let about = format!("staff-{}", m.id);
        if locales.has(REFERENCE, &about) {
            m.id = about;
        }
        proposal_text.push(format!("Raison : {}", render(&m)));
    }
    StaffSummary {
        lines,
        proposal,
        proposal_text,
    }
}
