//! Loads the dialogue files, migrates older format versions and validates them, reporting every
//! problem at once with its file and step. Reads files only in [`load_dir`]; everything else is
//! pure and runs on strings.

mod answer;
pub mod model;
mod problem;
pub mod validate;

use std::path::Path;

pub use answer::{Answer, Value};
pub use model::{
    AppointmentHint, Commune, ConsentScope, DateRule, Dialogue, DialogueFile, Kind, OptionDef,
    Prefill, SPEC_VERSION, Step, StepDef, language_name_id,
};
pub use problem::{Problem, Problems, line_at, line_of};
pub use validate::MessageCatalog;

/// Parses one dialogue file, migrating older spec versions to the current one.
pub fn parse(file: &str, text: &str) -> Result<DialogueFile, Problem> {
    let value: toml::Value = toml::from_str(text).map_err(|e| Problem::toml(file, text, &e))?;
    let version = value
        .get("spec_version")
        .and_then(toml::Value::as_integer)
        .ok_or_else(|| Problem::file(file, "missing integer 'spec_version'"))?;
    if version == i64::from(SPEC_VERSION) {
        // Read from the text itself, so that errors point at a line.
        return toml::from_str(text).map_err(|e| Problem::toml(file, text, &e));
    }
    migrate(file, version, value)?
        .try_into::<DialogueFile>()
        .map_err(|e| Problem::toml(file, text, &e))
}

/// Brings an older format to the current one. Version 1 is the first and only version so far;
/// a future version 2 adds its upgrade here, keyed on the version read.
fn migrate(file: &str, version: i64, value: toml::Value) -> Result<toml::Value, Problem> {
    match version {
        v if v == i64::from(SPEC_VERSION) => Ok(value),
        v => Err(Problem::file(
            file,
            format!("spec_version {v} is not supported (this build reads version {SPEC_VERSION})"),
        )),
    }
}

/// Parses and validates every `*.toml` file directly in `dir` (sub-folders hold other data,
/// such as territories). Returns the dialogues sorted by id, or every problem found.
pub fn load_dir(
    dir: &Path,
    catalog: Option<&dyn MessageCatalog>,
) -> Result<Vec<Dialogue>, Problems> {
    let loaded = load_dir_all(dir, catalog);
    if loaded.problems.is_empty() {
        Ok(loaded.dialogues)
    } else {
        Err(Problems(loaded.problems))
    }
}

/// The dialogues of a folder as far as they could be read, for checking.
#[derive(Debug)]
pub struct Loaded {
    /// Every dialogue that parsed, sorted by id, with or without problems.
    pub dialogues: Vec<Dialogue>,
    /// Whether every file parsed (a file that did not may hold what the others lack).
    pub complete: bool,
    pub problems: Vec<Problem>,
}

/// Parses and validates every `*.toml` file directly in `dir`, keeping the dialogues that
/// parsed even when they have problems, so that later checks still run on them.
#[must_use]
pub fn load_dir_all(dir: &Path, catalog: Option<&dyn MessageCatalog>) -> Loaded {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            return Loaded {
                dialogues: Vec::new(),
                complete: false,
                problems: vec![Problem::file(
                    dir.display().to_string(),
                    format!("cannot read folder: {e}"),
                )],
            };
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    let mut complete = true;
    let mut dialogues = Vec::new();
    for path in files {
        let name = path.display().to_string();
        match std::fs::read_to_string(&path).map(|text| parse(&name, &text)) {
            Ok(Ok(f)) => {
                let (d, mut p) = validate::check_all(&name, f, catalog);
                problems.append(&mut p);
                dialogues.push((name, d));
            }
            Ok(Err(p)) => {
                complete = false;
                problems.push(p);
            }
            Err(e) => {
                complete = false;
                problems.push(Problem::file(name, format!("cannot read: {e}")));
            }
        }
    }
    for pair in dialogues.windows(2) {
        if pair[0].1.id == pair[1].1.id {
            problems.push(Problem::file(
                &pair[1].0,
                format!(
                    "dialogue id '{}' is also used by {}",
                    pair[1].1.id, pair[0].0
                ),
            ));
        }
    }
    if dialogues.is_empty() && problems.is_empty() {
        problems.push(Problem::file(
            dir.display().to_string(),
            "no dialogue file (*.toml) found",
        ));
    }
    problems.sort();
    let mut dialogues: Vec<Dialogue> = dialogues.into_iter().map(|(_, d)| d).collect();
    dialogues.sort_by(|a, b| a.id.cmp(&b.id));
    Loaded {
        dialogues,
        complete,
        problems,
    }
}

/// Parses and validates one dialogue from its text.
pub fn from_str(
    file: &str,
    text: &str,
    catalog: Option<&dyn MessageCatalog>,
) -> Result<Dialogue, Problems> {
    let parsed = parse(file, text).map_err(|p| Problems(vec![p]))?;
    validate::check(file, parsed, catalog).map_err(Problems)
}
