//! Checks a parsed dialogue file and compiles it for the engine. Every stage runs on every file
//! (names, each step's options, kind, pattern, references and exits, then the graph, then the
//! messages), so all the problems are reported at once; none stops the others from being found.

use std::collections::{HashMap, HashSet, VecDeque};

use regex::Regex;

use super::Problem;
use super::model::{Condition, Dialogue, DialogueFile, Kind, Step, StepDef, StepIds};

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
    let mut r = Report {
        file,
        problems: Vec::new(),
    };
    let index = names(&mut r, &def);
    let start = index.get(&def.start).copied();
    if start.is_none() {
        r.file(format!("start step '{}' does not exist", def.start));
    }
    communes(&mut r, &def);
    let steps = def
        .steps
        .iter()
        .map(|s| compile_step(&mut r, &def, &index, s))
        .collect();
    let dialogue = compile(&def, start.unwrap_or(0), steps, index);
    if let Some(start) = start {
        reachability(&mut r, &dialogue, start);
    }
    info_loops(&mut r, &dialogue);
    if !dialogue.steps.iter().any(|s| s.def.kind == Kind::End) {
        r.file("no end step");
    }
    if let Some(catalog) = catalog {
        messages(&mut r, &dialogue, catalog);
    }
    let mut p = r.problems;
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

/// A French postcode: five digits, department 01 to 98.
#[must_use]
pub fn is_postcode(s: &str) -> bool {
    s.len() == 5
        && s.bytes().all(|b| b.is_ascii_digit())
        && !s.starts_with("00")
        && !s.starts_with("99")
}

/// The problems found in one file so far.
struct Report<'f> {
    file: &'f str,
    problems: Vec<Problem>,
}

impl Report<'_> {
    fn file(&mut self, message: impl Into<String>) {
        self.problems.push(Problem::file(self.file, message));
    }

    fn step(&mut self, step: &str, message: impl Into<String>) {
        self.problems.push(Problem::step(self.file, step, message));
    }
}

/// The area and the step ids: well formed and unique. Returns the index of the steps by id
/// (for a duplicate id, its last step).
fn names(r: &mut Report<'_>, def: &DialogueFile) -> HashMap<String, usize> {
    if !is_id(&def.area) {
        r.file(format!(
            "area '{}' must be lower case letters, digits and _",
            def.area
        ));
    }
    let mut index = HashMap::new();
    for (i, s) in def.steps.iter().enumerate() {
        if !is_id(&s.id) {
            r.step(
                &s.id,
                "step id must start with a letter and use only a-z, 0-9 and _",
            );
        } else if s.id.len() > MAX_ID_BYTES {
            r.step(&s.id, format!("step id longer than {MAX_ID_BYTES} bytes"));
        }
        if index.insert(s.id.clone(), i).is_some() {
            r.step(&s.id, "duplicate step id");
        }
    }
    if def.steps.is_empty() {
        r.file("the dialogue has no step");
    }
    index
}

fn communes(r: &mut Report<'_>, def: &DialogueFile) {
    for c in def.communes.iter().filter(|c| !is_postcode(&c.postcode)) {
        r.file(format!(
            "commune '{}' has an invalid postcode '{}'",
            c.name, c.postcode
        ));
    }
}

/// Checks one step on its own and against the steps it names, and compiles it.
fn compile_step(
    r: &mut Report<'_>,
    def: &DialogueFile,
    index: &HashMap<String, usize>,
    s: &StepDef,
) -> Step {
    let options = options(r, s);
    kind_rules(r, s, &options);
    let regex = pattern(r, s);
    references(r, def, index, s);
    exits(r, s, &options);
    let section = match &s.section {
        Some(name) => {
            let i = def.sections.iter().rposition(|x| x == name);
            if i.is_none() {
                r.step(&s.id, format!("unknown section '{name}'"));
            }
            i
        }
        None => None,
    };
    Step {
        def: s.clone(),
        options,
        regex,
        section,
        ids: StepIds::default(),
    }
}

/// The options of a step: well-formed unique ids, the right ones for its kind. Returns the
/// options the step accepts, with the implicit ones (yes, no, rather not say).
fn options(r: &mut Report<'_>, s: &StepDef) -> Vec<String> {
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
fn kind_rules(r: &mut Report<'_>, s: &StepDef, options: &[String]) {
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
fn pattern(r: &mut Report<'_>, s: &StepDef) -> Option<Regex> {
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
fn references(r: &mut Report<'_>, def: &DialogueFile, index: &HashMap<String, usize>, s: &StepDef) {
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
fn exits(r: &mut Report<'_>, s: &StepDef, options: &[String]) {
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

/// The dialogue the engine runs, with the Fluent ids of every step computed once.
fn compile(
    def: &DialogueFile,
    start: usize,
    steps: Vec<Step>,
    index: HashMap<String, usize>,
) -> Dialogue {
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
        let id = step.def.id.as_str();
        let ids = StepIds {
            prompt: dialogue.msg_id(id, "prompt"),
            hint: dialogue.msg_id(id, "hint"),
            short: dialogue.msg_id(id, "short"),
            options: step
                .options
                .iter()
                .map(|o| dialogue.option_msg_id_uncached(step, o))
                .collect(),
        };
        dialogue.steps[i].ids = ids;
    }
    dialogue
}

/// Every step can be reached from the start. Targets that do not exist are reported by
/// [`references`]; a step whose id is taken again later is reported as a duplicate.
fn reachability(r: &mut Report<'_>, d: &Dialogue, start: usize) {
    let mut seen = vec![false; d.steps.len()];
    let mut queue = VecDeque::from([start]);
    seen[start] = true;
    while let Some(i) = queue.pop_front() {
        for &j in targets(&d.steps[i]).iter().filter_map(|t| d.index.get(*t)) {
            if !seen[j] {
                seen[j] = true;
                queue.push_back(j);
            }
        }
    }
    for (i, s) in d.steps.iter().enumerate() {
        if !seen[i] && d.index.get(&s.def.id) == Some(&i) {
            r.step(&s.def.id, "unreachable from the start step");
        }
    }
}

/// A loop made only of steps that wait for nothing would never stop.
fn info_loops(r: &mut Report<'_>, d: &Dialogue) {
    for (i, s) in d.steps.iter().enumerate() {
        if s.def.kind != Kind::Info {
            continue;
        }
        let mut at = i;
        let mut hops = 0;
        while d.steps[at].def.kind == Kind::Info {
            let Some(&next) = d.steps[at].def.next.as_deref().and_then(|n| d.index.get(n)) else {
                break;
            };
            at = next;
            hops += 1;
            if at == i || hops > d.steps.len() {
                r.step(&s.def.id, "info steps loop without asking anything");
                break;
            }
        }
    }
}

/// Every message the dialogue says exists in every locale, and button labels fit.
fn messages(r: &mut Report<'_>, d: &Dialogue, catalog: &dyn MessageCatalog) {
    let locales = catalog.locale_tags();
    let mut need = |locale: &str, step: Option<&str>, id: String, label: bool| {
        let problem = match catalog.plain_text(locale, &id) {
            None => format!("message '{id}' missing in locale {locale}"),
            Some(text) if label && text.chars().count() > max_label_chars() => format!(
                "label '{id}' in locale {locale} has {} characters; a Telegram button shows about {}",
                text.chars().count(),
                max_label_chars()
            ),
            Some(_) => return,
        };
        match step {
            Some(s) => r.step(s, problem),
            None => r.file(problem),
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
