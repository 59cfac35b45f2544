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
    SPEC_VERSION, Step, StepDef,
};
pub use problem::{Problem, Problems};
pub use validate::{MessageCatalog, max_label_chars};

/// Parses one dialogue file, migrating older spec versions to the current one.
pub fn parse(file: &str, text: &str) -> Result<DialogueFile, Problem> {
    let value: toml::Value =
        toml::from_str(text).map_err(|e| Problem::file(file, toml_error(text, &e)))?;
    let version = value
        .get("spec_version")
        .and_then(toml::Value::as_integer)
        .ok_or_else(|| Problem::file(file, "missing integer 'spec_version'"))?;
    if version == i64::from(SPEC_VERSION) {
        // Read from the text itself, so that errors point at a line.
        return toml::from_str(text).map_err(|e| Problem::file(file, toml_error(text, &e)));
    }
    migrate(file, version, value)?
        .try_into::<DialogueFile>()
        .map_err(|e| Problem::file(file, toml_error(text, &e)))
}

fn toml_error(text: &str, e: &toml::de::Error) -> String {
    let msg = e.message().trim_end().to_string();
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {msg}")
        }
        None => msg,
    }
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
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            return Err(Problems(vec![Problem::file(
                dir.display().to_string(),
                format!("cannot read folder: {e}"),
            )]));
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    let mut dialogues = Vec::new();
    for path in files {
        let name = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => match parse(&name, &text).map(|f| validate::check(&name, f, catalog)) {
                Ok(Ok(d)) => dialogues.push((name, d)),
                Ok(Err(mut p)) => problems.append(&mut p),
                Err(p) => problems.push(p),
            },
            Err(e) => problems.push(Problem::file(name, format!("cannot read: {e}"))),
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
    if problems.is_empty() {
        let mut out: Vec<Dialogue> = dialogues.into_iter().map(|(_, d)| d).collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    } else {
        problems.sort();
        Err(Problems(problems))
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
