//! Checks a parsed dialogue file and compiles it for the engine. Every stage runs on every file
//! (names, each step's options, kind, pattern, references and exits, then the graph, then the
//! messages), so all the problems are reported at once; none stops the others from being found.

mod graph;
mod ids;
mod report;
mod steps;

use std::collections::HashMap;

use super::model::{Dialogue, DialogueFile, Kind, Step, StepDef, StepIds};
use super::problem::Problem;
use ids::{MAX_ID_BYTES, is_id};
use report::Report;

pub use graph::targets;
pub use steps::YES_NO;

/// What the validator needs to know of the translations.
pub trait MessageCatalog {
    /// The locales, reference first.
    fn locale_tags(&self) -> Vec<String>;
    /// The text of a message without arguments, if the locale has it.
    fn plain_text(&self, locale: &str, id: &str) -> Option<String>;
    /// The file a message of a locale belongs in, when the catalog knows it.
    fn file_for(&self, _locale: &str, _id: &str) -> Option<String> {
        None
    }
    /// Whether the catalog itself reports a message of the reference locale missing from
    /// another locale; the validator then asks only the reference, so that a problem is said
    /// once.
    fn checks_translations(&self) -> bool {
        false
    }
}

/// Checks a dialogue and compiles it, or returns every problem found.
pub fn check(
    file: &str,
    def: DialogueFile,
    catalog: Option<&dyn MessageCatalog>,
) -> Result<Dialogue, Vec<Problem>> {
    let (dialogue, problems) = check_all(file, def, catalog);
    if problems.is_empty() {
        Ok(dialogue)
    } else {
        Err(problems)
    }
}

/// Checks a dialogue and compiles it even when it has problems, so that the checks of what
/// it says (message lengths, words, urgent kinds) can run on it too. A dialogue with problems
/// is for checking only, never for a conversation.
pub fn check_all(
    file: &str,
    def: DialogueFile,
    catalog: Option<&dyn MessageCatalog>,
) -> (Dialogue, Vec<Problem>) {
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
        graph::reachability(&mut r, &dialogue, start);
    }
    graph::info_loops(&mut r, &dialogue);
    if !dialogue.steps.iter().any(|s| s.def.kind == Kind::End) {
        r.file("no end step");
    }
    if let Some(catalog) = catalog {
        messages(&mut r, &dialogue, catalog);
    }
    let mut p = r.problems;
    p.sort();
    p.dedup();
    (dialogue, p)
}

/// A French postcode: five digits, department 01 to 98.
#[must_use]
pub fn is_postcode(s: &str) -> bool {
    s.len() == 5
        && s.bytes().all(|b| b.is_ascii_digit())
        && !s.starts_with("00")
        && !s.starts_with("99")
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
    let options = steps::options(r, s);
    steps::kind_rules(r, s, &options);
    let regex = steps::pattern(r, s);
    steps::references(r, def, index, s);
    steps::exits(r, s, &options);
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

/// Every message the dialogue says exists in every locale (how long a label may be is the
/// channels' rule, checked with the channel).
fn messages(r: &mut Report<'_>, d: &Dialogue, catalog: &dyn MessageCatalog) {
    let locales = catalog.locale_tags();
    let reference = locales.first().cloned().unwrap_or_default();
    let mut need = |locale: &str, step: Option<&str>, id: String| {
        if catalog.plain_text(locale, &id).is_some()
            || (locale != reference
                && catalog.checks_translations()
                && catalog.plain_text(&reference, &id).is_some())
        {
            return;
        }
        let problem = match catalog.file_for(locale, &id) {
            Some(file) => format!("message '{id}' missing in locale {locale} (in {file})"),
            None => format!("message '{id}' missing in locale {locale}"),
        };
        match step {
            Some(s) => r.step(s, problem),
            None => r.file(problem),
        }
    };
    for locale in &locales {
        for section in &d.sections {
            need(locale, None, d.section_msg_id(section));
        }
        for s in &d.steps {
            let id = s.def.id.as_str();
            need(locale, Some(id), d.msg_id(id, "prompt"));
            if s.def.kind.takes_input() {
                need(locale, Some(id), d.msg_id(id, "hint"));
                if s.def.kind != Kind::Language {
                    need(locale, Some(id), d.msg_id(id, "short"));
                }
            }
            if s.def.prefill.is_some() {
                need(locale, Some(id), d.msg_id(id, "known"));
            }
            if matches!(s.def.kind, Kind::Choice | Kind::Multi) {
                for o in &s.def.options {
                    need(locale, Some(id), d.option_msg_id(s, &o.id));
                }
            }
            for kind in s.def.options.iter().filter_map(|o| o.urgent.as_deref()) {
                need(
                    locale,
                    Some(id),
                    format!("urgent-{}", kind.replace('_', "-")),
                );
            }
        }
    }
}
