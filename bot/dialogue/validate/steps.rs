//! The rules one step must follow on its own (options, kind, pattern) and towards the steps it
//! names (references, conditions, exits). Each rule reports into the file's report and stops
//! no other.

use std::collections::{HashMap, HashSet};

use regex::Regex;

use super::ids::{MAX_ID_BYTES, is_id};
use super::report::Report;
use crate::dialogue::model::{Condition, DialogueFile, Kind, StepDef};

/// The answers a yes/no step can take.
pub const YES_NO: [&str; 3] = ["yes", "no", "rather_not"];

/// The options of a step: well-formed unique ids, the right ones for its kind. Returns the
/// options the step accepts, with the implicit ones (yes, no, rather not say).
pub(super) fn options(r: &mut Report<'_>, s: &StepDef) -> Vec<String> {
    let mut seen = HashSet::new();
    for o in &s.options {
        if !is_id(&o.id) || o.id.len() > MAX_ID_BYTES {
            r.step(
                &s.id,
                format!(
                    "option id '{}' must be a-z, 0-9 and _, at most {MAX_ID_BYTES} bytes",
                    o.id
                ),
            );
        }
        if !seen.insert(o.id.as_str()) {
            r.step(&s.id, format!("duplicate option '{}'", o.id));
        }
        if o.exclusive && s.kind != Kind::Multi {
            r.step(
                &s.id,
                format!("option '{}': 'exclusive' is only for multi steps", o.id),
            );
        }
    }
    let mut options: Vec<String> = s.options.iter().map(|o| o.id.clone()).collect();
    match s.kind {
        Kind::Choice | Kind::Multi => {
            if s.options.len() < 2 {
                r.step(&s.id, "a choice needs at least 2 options");
            }
        }
        Kind::YesNo => {
            for o in s
                .options
                .iter()
                .filter(|o| !YES_NO.contains(&o.id.as_str()))
            {
                r.step(
                    &s.id,
                    format!(
                        "a yes/no step can only list options yes, no, rather_not (found '{}')",
                        o.id
                    ),
                );
            }
            options = vec!["yes".into(), "no".into()];
        }
        _ => {
            if !s.options.is_empty() {
                r.step(
                    &s.id,
                    format!("a {:?} step takes no options", s.kind).to_lowercase(),
                );
            }
        }
    }
    if s.rather_not && matches!(s.kind, Kind::Choice | Kind::Multi | Kind::YesNo) {
        options.push("rather_not".into());
    }
    options
}

/// What each kind of step allows: codes, consents, bounds, lengths, the proposal.
pub(super) fn kind_rules(r: &mut Report<'_>, s: &StepDef, options: &[String]) {
    for key in s.codes.keys().filter(|k| !options.contains(k)) {
        r.step(&s.id, format!("codes given for unknown answer '{key}'"));
    }
    if s.consent.is_some() && s.kind != Kind::YesNo {
        r.step(&s.id, "only a yes/no step can record a consent");
    }
    if s.consent.is_some() && (s.sensitive || s.skippable) {
        r.step(
            &s.id,
            "a consent step can be neither sensitive nor skippable",
        );
    }
    match s.kind {
        Kind::Number | Kind::Age => match (s.min, s.max) {
            (Some(lo), Some(hi)) if lo > hi => r.step(&s.id, format!("min {lo} is above max {hi}")),
            (Some(_), Some(_)) => {}
            _ => r.step(
                &s.id,
                format!("a {} step needs min and max", kind_name(s.kind)),
            ),
        },
        Kind::Multi => {
            let n = s.options.len() as i64;
            if s.min.is_some_and(|m| m < 0 || m > n) || s.max.is_some_and(|m| m < 1 || m > n) {
                r.step(
                    &s.id,
                    format!("min and max must be between 0 and the {n} options"),
                );
            }
        }
        Kind::Text | Kind::Pattern
            if s.max_len == Some(0) || s.max_len.is_some_and(|m| m > 2_000) =>
        {
            r.step(&s.id, "max_len must be between 1 and 2000");
        }
        _ => {}
    }
    if !matches!(s.kind, Kind::Number | Kind::Age | Kind::Multi)
        && (s.min.is_some() || s.max.is_some())
    {
        r.step(
            &s.id,
            "min and max are only for number, age and multi steps",
        );
    }
    if s.proposal && !matches!(s.kind, Kind::End | Kind::Info) {
        r.step(&s.id, "'proposal' is only for info and end steps");
    }
}

/// The regular expression of a pattern step, compiled to match the whole answer.
pub(super) fn pattern(r: &mut Report<'_>, s: &StepDef) -> Option<Regex> {
    match (&s.pattern, s.kind) {
        (Some(re), Kind::Pattern) => match Regex::new(&format!("^(?:{re})$")) {
            Ok(regex) => Some(regex),
            Err(e) => {
                let last = e.to_string().lines().last().unwrap_or_default().to_string();
                r.step(&s.id, format!("bad pattern: {last}"));
                None
            }
        },
        (None, Kind::Pattern) => {
            r.step(&s.id, "a pattern step needs 'pattern'");
            None
        }
        (Some(_), _) => {
            r.step(&s.id, "'pattern' is only for pattern steps");
            None
        }
        (None, _) => None,
    }
}

/// The steps a step names (its options' next, its next, its routes and their conditions)
/// exist, and conditions test what those steps can answer.
pub(super) fn references(
    r: &mut Report<'_>,
    def: &DialogueFile,
    index: &HashMap<String, usize>,
    s: &StepDef,
) {
    let mut target = |t: &str, what: &str| {
        if !index.contains_key(t) {
            r.step(&s.id, format!("{what} '{t}' does not exist"));
        }
    };
    for o in &s.options {
        if let Some(t) = &o.next {
            target(t, &format!("next of option '{}'", o.id));
        }
    }
    if let Some(t) = &s.next {
        target(t, "next");
    }
    for route in &s.routes {
        target(&route.goto, "route target");
    }
    for c in s.routes.iter().flat_map(|route| route.when.as_slice()) {
        match index.get(&c.step) {
            Some(&i) => condition(r, &s.id, c, &def.steps[i]),
            None => r.step(&s.id, format!("condition on unknown step '{}'", c.step)),
        }
    }
}

/// A condition of step `here` on the answer to step `other`.
fn condition(r: &mut Report<'_>, here: &str, c: &Condition, other: &StepDef) {
    let numeric = c.lt.is_some() || c.le.is_some() || c.gt.is_some() || c.ge.is_some();
    if numeric && !matches!(other.kind, Kind::Number | Kind::Age) {
        r.step(
            here,
            format!(
                "numeric condition on '{}', which is not a number step",
                c.step
            ),
        );
    }
    let named: Vec<&String> =
        c.is.iter()
            .chain(&c.is_not)
            .chain(c.any_of.iter().flatten())
            .collect();
    if named.is_empty() {
        return;
    }
    let valid: Vec<String> = match other.kind {
        Kind::YesNo => YES_NO.iter().map(|s| (*s).to_string()).collect(),
        Kind::Choice | Kind::Multi => other
            .options
            .iter()
            .map(|o| o.id.clone())
            .chain(["rather_not".to_string()])
            .collect(),
        Kind::Language => return,
        _ => {
            return r.step(
                here,
                format!("condition names an option of '{}', which has none", c.step),
            );
        }
    };
    for n in named.into_iter().filter(|n| !valid.contains(n)) {
        r.step(
            here,
            format!("condition names unknown option '{n}' of '{}'", c.step),
        );
    }
}

/// Every answer leads somewhere, and the end leads nowhere.
pub(super) fn exits(r: &mut Report<'_>, s: &StepDef, options: &[String]) {
    if s.kind == Kind::End {
        if s.next.is_some() || !s.routes.is_empty() {
            r.step(&s.id, "an end step has no next step");
        }
        return;
    }
    if s.next.is_some() {
        return;
    }
    let every_option_routed = s.kind.has_options()
        && s.kind != Kind::Language
        && !options.is_empty()
        && options
            .iter()
            .all(|o| s.options.iter().any(|d| &d.id == o && d.next.is_some()));
    if !every_option_routed || s.skippable || s.sensitive {
        r.step(&s.id, "dead end: no 'next' for some answers");
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Age => "age",
        _ => "number",
    }
}
