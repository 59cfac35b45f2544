//! Checks a parsed dialogue file and compiles it for the engine. Every problem is collected, none
//! stops the others from being found.

use std::collections::{HashMap, HashSet, VecDeque};

use regex::Regex;

use super::Problem;
use super::model::{Dialogue, DialogueFile, Kind, Step, StepIds};

/// Telegram shows about this many characters on a button before it cuts the label; longer
/// labels are reported.
#[must_use]
pub const fn max_label_chars() -> usize {
    60
}

/// Longest option or step id: both travel in Telegram's 64-byte `callback_data`.
const MAX_ID_BYTES: usize = 24;

/// What the validator needs to know of the translations.
pub trait MessageCatalog {
    /// The locales, reference first.
    fn locale_tags(&self) -> Vec<String>;
    /// The text of a message without arguments, if the locale has it.
    fn plain_text(&self, locale: &str, id: &str) -> Option<String>;
}

/// The answers a yes/no step can take.
pub const YES_NO: [&str; 3] = ["yes", "no", "rather_not"];

/// Checks a dialogue and compiles it, or returns every problem found.
pub fn check(
    file: &str,
    def: DialogueFile,
    catalog: Option<&dyn MessageCatalog>,
) -> Result<Dialogue, Vec<Problem>> {
    let mut p = Vec::new();
    let mut index = HashMap::new();
    if !is_id(&def.area) {
        p.push(Problem::file(
            file,
            format!(
                "area '{}' must be lower case letters, digits and _",
                def.area
            ),
        ));
    }
    for (i, s) in def.steps.iter().enumerate() {
        if !is_id(&s.id) {
            p.push(Problem::step(
                file,
                &s.id,
                "step id must start with a letter and use only a-z, 0-9 and _",
            ));
        } else if s.id.len() > MAX_ID_BYTES {
            p.push(Problem::step(
                file,
                &s.id,
                format!("step id longer than {MAX_ID_BYTES} bytes"),
            ));
        }
        if index.insert(s.id.clone(), i).is_some() {
            p.push(Problem::step(file, &s.id, "duplicate step id"));
        }
    }
    if def.steps.is_empty() {
        p.push(Problem::file(file, "the dialogue has no step"));
    }
    let start = match index.get(&def.start) {
        Some(&i) => i,
        None => {
            p.push(Problem::file(
                file,
                format!("start step '{}' does not exist", def.start),
            ));
            0
        }
    };
    let sections: HashMap<&str, usize> = def
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    for c in &def.communes {
        if !is_postcode(&c.postcode) {
            p.push(Problem::file(
                file,
                format!(
                    "commune '{}' has an invalid postcode '{}'",
                    c.name, c.postcode
                ),
            ));
        }
    }

    let mut steps = Vec::with_capacity(def.steps.len());
    for s in &def.steps {
        let here = |m: String| Problem::step(file, &s.id, m);
        let target = |t: &str, what: &str, p: &mut Vec<Problem>| {
            if !index.contains_key(t) {
                p.push(here(format!("{what} '{t}' does not exist")));
            }
        };
        let mut options: Vec<String> = s.options.iter().map(|o| o.id.clone()).collect();
        let mut seen = HashSet::new();
        for o in &s.options {
            if !is_id(&o.id) || o.id.len() > MAX_ID_BYTES {
                p.push(here(format!(
                    "option id '{}' must be a-z, 0-9 and _, at most {MAX_ID_BYTES} bytes",
                    o.id
                )));
            }
            if !seen.insert(o.id.as_str()) {
                p.push(here(format!("duplicate option '{}'", o.id)));
            }
            if let Some(t) = &o.next {
                target(t, &format!("next of option '{}'", o.id), &mut p);
            }
            if o.exclusive && s.kind != Kind::Multi {
                p.push(here(format!(
                    "option '{}': 'exclusive' is only for multi steps",
                    o.id
                )));
            }
        }
        match s.kind {
            Kind::Choice | Kind::Multi => {
                if s.options.len() < 2 {
                    p.push(here("a choice needs at least 2 options".into()));
                }
                if s.rather_not {
                    options.push("rather_not".into());
                }
            }
            Kind::YesNo => {
                for o in &s.options {
                    if !YES_NO.contains(&o.id.as_str()) {
                        p.push(here(format!(
                            "a yes/no step can only list options yes, no, rather_not (found '{}')",
                            o.id
                        )));
                    }
                }
                options = vec!["yes".into(), "no".into()];
                if s.rather_not {
                    options.push("rather_not".into());
                }
            }
            _ => {
                if !s.options.is_empty() {
                    p.push(here(
                        format!("a {:?} step takes no options", s.kind).to_lowercase(),
                    ));
                }
            }
        }
        for key in s.codes.keys() {
            if !options.contains(key) {
                p.push(here(format!("codes given for unknown answer '{key}'")));
            }
        }
        if s.consent.is_some() && s.kind != Kind::YesNo {
            p.push(here("only a yes/no step can record a consent".into()));
        }
        if s.consent.is_some() && (s.sensitive || s.skippable) {
            p.push(here(
                "a consent step can be neither sensitive nor skippable".into(),
            ));
        }
        match s.kind {
            Kind::Number | Kind::Age => match (s.min, s.max) {
                (Some(lo), Some(hi)) if lo > hi => {
                    p.push(here(format!("min {lo} is above max {hi}")))
                }
                (Some(_), Some(_)) => {}
                _ => p.push(here(format!(
                    "a {} step needs min and max",
                    kind_name(s.kind)
                ))),
            },
            Kind::Multi => {
                let n = s.options.len() as i64;
                if s.min.is_some_and(|m| m < 0 || m > n) || s.max.is_some_and(|m| m < 1 || m > n) {
                    p.push(here(format!(
                        "min and max must be between 0 and the {n} options"
                    )));
                }
            }
            Kind::Text | Kind::Pattern
                if s.max_len == Some(0) || s.max_len.is_some_and(|m| m > 2_000) =>
            {
                p.push(here("max_len must be between 1 and 2000".into()));
            }
            _ => {}
        }
        if !matches!(s.kind, Kind::Number | Kind::Age | Kind::Multi)
            && (s.min.is_some() || s.max.is_some())
        {
            p.push(here(
                "min and max are only for number, age and multi steps".into(),
            ));
        }
        if s.proposal && !matches!(s.kind, Kind::End | Kind::Info) {
            p.push(here("'proposal' is only for info and end steps".into()));
        }
        let regex = match (&s.pattern, s.kind) {
            (Some(re), Kind::Pattern) => match Regex::new(&format!("^(?:{re})$")) {
                Ok(r) => Some(r),
                Err(e) => {
                    p.push(here(format!(
                        "bad pattern: {}",
                        e.to_string().lines().last().unwrap_or_default()
                    )));
                    None
                }
            },
            (None, Kind::Pattern) => {
                p.push(here("a pattern step needs 'pattern'".into()));
                None
            }
            (Some(_), _) => {
                p.push(here("'pattern' is only for pattern steps".into()));
                None
            }
            (None, _) => None,
        };
        if let Some(t) = &s.next {
            target(t, "next", &mut p);
        }
        for r in &s.routes {
            target(&r.goto, "route target", &mut p);
            for c in r.when.as_slice() {
                let Some(&ci) = index.get(&c.step) else {
                    p.push(here(format!("condition on unknown step '{}'", c.step)));
                    continue;
                };
                let other = &def.steps[ci];
                let numeric = c.lt.is_some() || c.le.is_some() || c.gt.is_some() || c.ge.is_some();
                if numeric && !matches!(other.kind, Kind::Number | Kind::Age) {
                    p.push(here(format!(
                        "numeric condition on '{}', which is not a number step",
                        c.step
                    )));
                }
                let named: Vec<&String> =
                    c.is.iter()
                        .chain(&c.is_not)
                        .chain(c.any_of.iter().flatten())
                        .collect();
                if !named.is_empty() {
                    let valid: Vec<String> = match other.kind {
                        Kind::YesNo => YES_NO.iter().map(|s| (*s).to_string()).collect(),
                        Kind::Choice | Kind::Multi => {
                            let mut v: Vec<String> =
                                other.options.iter().map(|o| o.id.clone()).collect();
                            v.push("rather_not".into());
                            v
                        }
                        Kind::Language => named.iter().map(|s| (*s).clone()).collect(),
                        _ => {
                            p.push(here(format!(
                                "condition names an option of '{}', which has none",
                                c.step
                            )));
                            continue;
                        }
                    };
                    for n in named {
                        if !valid.contains(n) {
                            p.push(here(format!(
                                "condition names unknown option '{n}' of '{}'",
                                c.step
                            )));
                        }
                    }
                }
            }
        }
        if s.kind == Kind::End {
            if s.next.is_some() || !s.routes.is_empty() {
                p.push(here("an end step has no next step".into()));
            }
        } else if s.next.is_none() {
            let every_option_routed = s.kind.has_options()
                && s.kind != Kind::Language
                && !options.is_empty()
                && options
                    .iter()
                    .all(|o| s.options.iter().any(|d| &d.id == o && d.next.is_some()));
            if !every_option_routed || s.skippable || s.sensitive {
                p.push(here("dead end: no 'next' for some answers".into()));
            }
        }
        let section = match &s.section {
            Some(name) => match sections.get(name.as_str()) {
                Some(&i) => Some(i),
                None => {
                    p.push(here(format!("unknown section '{name}'")));
                    None
                }
            },
            None => None,
        };
        steps.push(Step {
            def: s.clone(),
            options,
            regex,
            section,
            ids: StepIds::default(),
        });
    }

    let mut dialogue = Dialogue {
        id: def.id.clone(),
        revision: def.revision,
        area: def.area.clone(),
        start,
        sections: def.sections.clone(),
        communes: def.communes.clone(),
        steps,
        index,
    };
    for i in 0..dialogue.steps.len() {
        let step = &dialogue.steps[i];
        let id = step.def.id.clone();
        let ids = StepIds {
            prompt: dialogue.msg_id(&id, "prompt"),
            hint: dialogue.msg_id(&id, "hint"),
            short: dialogue.msg_id(&id, "short"),
            options: step
                .options
                .iter()
                .map(|o| dialogue.option_msg_id_uncached(step, o))
                .collect(),
        };
        dialogue.steps[i].ids = ids;
    }
    if p.is_empty() {
        graph_checks(file, &dialogue, &mut p);
    }
    if let Some(catalog) = catalog {
        message_checks(file, &dialogue, catalog, &mut p);
    }
    if p.is_empty() {
        Ok(dialogue)
    } else {
        p.sort();
        p.dedup();
        Err(p)
    }
}

/// Every step a step can lead to.
pub fn targets(step: &Step) -> Vec<&str> {
    let mut out: Vec<&str> = step
        .def
        .options
        .iter()
        .filter_map(|o| o.next.as_deref())
        .collect();
    out.extend(step.def.routes.iter().map(|r| r.goto.as_str()));
    out.extend(step.def.next.as_deref());
    out
}

fn graph_checks(file: &str, d: &Dialogue, p: &mut Vec<Problem>) {
    let mut seen = vec![false; d.steps.len()];
    let mut queue = VecDeque::from([d.start]);
    seen[d.start] = true;
    while let Some(i) = queue.pop_front() {
        for t in targets(&d.steps[i]) {
            let j = d.index[t];
            if !seen[j] {
                seen[j] = true;
                queue.push_back(j);
            }
        }
    }
    for (i, s) in d.steps.iter().enumerate() {
        if !seen[i] {
            p.push(Problem::step(
                file,
                &s.def.id,
                "unreachable from the start step",
            ));
        }
    }
    // A loop made only of steps that wait for nothing would never stop.
    for (i, s) in d.steps.iter().enumerate() {
        if s.def.kind != Kind::Info {
            continue;
        }
        let mut at = i;
        let mut hops = 0;
        while d.steps[at].def.kind == Kind::Info {
            let Some(next) = d.steps[at].def.next.as_deref() else {
                break;
            };
            at = d.index[next];
            hops += 1;
            if at == i || hops > d.steps.len() {
                p.push(Problem::step(
                    file,
                    &s.def.id,
                    "info steps loop without asking anything",
                ));
                break;
            }
        }
    }
    if !d.steps.iter().any(|s| s.def.kind == Kind::End) {
        p.push(Problem::file(file, "no end step"));
    }
}

fn message_checks(file: &str, d: &Dialogue, catalog: &dyn MessageCatalog, p: &mut Vec<Problem>) {
    let locales = catalog.locale_tags();
    let mut need = |locale: &str, step: Option<&str>, id: String, label: bool| {
        match catalog.plain_text(locale, &id) {
        None => p.push(match step {
            Some(s) => Problem::step(file, s, format!("message '{id}' missing in locale {locale}")),
            None => Problem::file(file, format!("message '{id}' missing in locale {locale}")),
        }),
        Some(text) if label && text.chars().count() > max_label_chars() => p.push(Problem::step(
            file,
            step.unwrap_or_default(),
            format!(
                "label '{id}' in locale {locale} has {} characters; a Telegram button shows about {}",
                text.chars().count(),
                max_label_chars()
            ),
        )),
        Some(_) => {}
    }
    };
    for locale in &locales {
        for section in &d.sections {
            need(locale, None, d.section_msg_id(section), false);
        }
        for s in &d.steps {
            let id = s.def.id.as_str();
            need(locale, Some(id), d.msg_id(id, "prompt"), false);
            if s.def.kind.takes_input() {
                need(locale, Some(id), d.msg_id(id, "hint"), false);
                if s.def.kind != Kind::Language {
                    need(locale, Some(id), d.msg_id(id, "short"), false);
                }
            }
            if matches!(s.def.kind, Kind::Choice | Kind::Multi) {
                for o in &s.def.options {
                    need(locale, Some(id), d.option_msg_id(s, &o.id), true);
                }
            }
            for kind in s.def.options.iter().filter_map(|o| o.urgent.as_deref()) {
                need(
                    locale,
                    Some(id),
                    format!("urgent-{}", kind.replace('_', "-")),
                    false,
                );
            }
        }
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Age => "age",
        _ => "number",
    }
}

fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A French postcode: five digits, department 01 to 98.
#[must_use]
pub fn is_postcode(s: &str) -> bool {
    s.len() == 5
        && s.bytes().all(|b| b.is_ascii_digit())
        && !s.starts_with("00")
        && !s.starts_with("99")
}
