//! Each broken dialogue in `tests/fixtures/broken/` with the exact problems it must produce,
//! written in the fixture as `# expect: ...` lines. `UPDATE_FIXTURES=1` rewrites those lines.

use std::path::Path;

use tremplin::dialogue::{self, Kind};
use tremplin::i18n::Locales;

/// Two locales of fixture messages: English lacks one label.
struct FixtureCatalog;

impl dialogue::MessageCatalog for FixtureCatalog {
    fn locale_tags(&self) -> Vec<String> {
        vec!["fr".into(), "en".into()]
    }

    fn plain_text(&self, locale: &str, id: &str) -> Option<String> {
        let text = match (locale, id) {
            (_, "fx-a-prompt" | "fx-a-hint" | "fx-a-short" | "fx-z-prompt") => "texte",
            ("fr", "fx-a-opt-short") => "Court",
            (_, "fx-a-opt-long") => "Long",
            _ => return None,
        };
        Some(text.to_string())
    }
}

#[test]
fn every_broken_dialogue_reports_exactly_its_problems() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken");
    let update = std::env::var("UPDATE_FIXTURES").is_ok_and(|v| v == "1");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    assert!(entries.len() >= 10, "expected the broken-dialogue fixtures");
    let mut failures = Vec::new();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let with_messages =
            ["missing_message.toml", "several_stages.toml"].contains(&name.as_str());
        let catalog: Option<&dyn dialogue::MessageCatalog> = if with_messages {
            Some(&FixtureCatalog)
        } else {
            None
        };
        let problems = match dialogue::from_str(&name, &text, catalog) {
            Ok(_) => vec!["<no problem>".to_string()],
            Err(p) => p.0.iter().map(ToString::to_string).collect(),
        };
        let expected: Vec<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .map(str::to_string)
            .collect();
        if update {
            let body: String = text
                .lines()
                .filter(|l| !l.starts_with("# expect: "))
                .map(|l| format!("{l}\n"))
                .collect();
            let head: String = problems
                .iter()
                .map(|p| format!("# expect: {p}\n"))
                .collect();
            std::fs::write(&path, format!("{head}{body}")).unwrap();
        } else if expected != problems {
            failures.push(format!(
                "{name}:\n  expected: {expected:#?}\n  actual:   {problems:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_project_dialogues_are_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let locales = Locales::load(&root.join("locales")).unwrap_or_else(|p| panic!("{p}"));
    let dialogues = dialogue::load_dir(&root.join("dialogues"), Some(&locales))
        .unwrap_or_else(|p| panic!("{p}"));
    assert!(dialogues.iter().any(|d| d.id == "diagnostic"));
}

#[test]
fn every_step_kind_appears_in_the_project_dialogues() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dialogues =
        dialogue::load_dir(&root.join("dialogues"), None).unwrap_or_else(|p| panic!("{p}"));
    for kind in Kind::ALL {
        assert!(
            dialogues
                .iter()
                .flat_map(|d| &d.steps)
                .any(|s| s.def.kind == kind),
            "no step of kind {kind:?} in dialogues/: every kind needs a real use (and so a transcript)"
        );
    }
}
