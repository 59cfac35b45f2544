//! The dialogues and locales of a deployment, loaded and checked together.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::booking::territory::{self, Territory};
use crate::dialogue::{self, Dialogue, MessageCatalog, Problem, Problems};
use crate::engine::Lexicon;
use crate::engine::urgent::{Phrase, UrgentKind};
use crate::i18n::Locales;

/// Everything the engine and the renderers read, checked as a whole.
#[derive(Debug)]
pub struct Catalog {
    pub dialogues: Vec<Dialogue>,
    pub locales: Locales,
    pub lexicon: Lexicon,
    /// The territories in `dialogues/territories/`, partners and their openings.
    pub territories: Vec<Territory>,
}

impl Catalog {
    /// Loads `dialogues/` and `locales/` and returns every problem at once.
    pub fn load(dialogues_dir: &Path, locales_dir: &Path) -> Result<Self, Problems> {
        let locales = Locales::load(locales_dir);
        let catalog: Option<&dyn dialogue::MessageCatalog> = locales.as_ref().ok().map(|l| l as _);
        let dialogues = dialogue::load_dir(dialogues_dir, catalog);
        match (dialogues, locales) {
            (Ok(dialogues), Ok(locales)) => {
                let mut lexicon = locales.lexicon(&dialogues);
                let clashes: Vec<Problem> = lexicon
                    .collisions()
                    .into_iter()
                    .map(|(locale, step, option, word)| {
                        Problem::step(
                            format!("locales/{locale}"),
                            step,
                            format!("option '{option}': the word '{word}' is also a command, so it can never choose this option"),
                        )
                    })
                    .collect();
                let mut problems = clashes;
                match load_urgent(&dialogues_dir.join("urgent"), locales.tags(), &dialogues) {
                    Ok(kinds) => {
                        for (locale, kind) in kinds {
                            lexicon.add_urgent(&locale, kind);
                        }
                    }
                    Err(Problems(p)) => problems.extend(p),
                }
                let territories = match load_territories(&dialogues_dir.join("territories")) {
                    Ok(t) => t,
                    Err(Problems(p)) => {
                        problems.extend(p);
                        Vec::new()
                    }
                };
                for t in &territories {
                    for tag in t.translation_locales() {
                        if !locales.tags().contains(&tag) {
                            problems.push(Problem::file(
                                format!("territory {}", t.id),
                                format!("translations for '{tag}', which is not a locale"),
                            ));
                        }
                    }
                    for code in t.bring_codes() {
                        for tag in locales.locale_tags() {
                            if locales.plain_text(&tag, &format!("bring-{code}")).is_none() {
                                problems.push(Problem::file(
                                    format!("territory {}", t.id),
                                    format!("message 'bring-{code}' missing in locale {tag}"),
                                ));
                            }
                        }
                    }
                }
                if !problems.is_empty() {
                    return Err(Problems(problems));
                }
                Ok(Self {
                    dialogues,
                    locales,
                    lexicon,
                    territories,
                })
            }
            (d, l) => {
                let mut all = Vec::new();
                if let Err(Problems(p)) = l {
                    all.extend(p);
                }
                if let Err(Problems(p)) = d {
                    all.extend(p);
                }
                Err(Problems(all))
            }
        }
    }

    /// A territory by id, or the first.
    #[must_use]
    pub fn territory(&self, id: Option<&str>) -> Option<&Territory> {
        match id {
            Some(id) => self.territories.iter().find(|t| t.id == id),
            None => self.territories.first(),
        }
    }

    /// A dialogue by id.
    #[must_use]
    pub fn dialogue(&self, id: &str) -> Option<&Dialogue> {
        self.dialogues.iter().find(|d| d.id == id)
    }
}

/// One kind of urgency in a lexicon file: the phrases that tell it, and those that look
/// like it but do not.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct UrgentEntry {
    phrases: Vec<String>,
    #[serde(default)]
    unless: Vec<String>,
}

/// Loads the phrases that tell an urgent situation, one file per locale
/// (`dialogues/urgent/<locale>.toml`), with every problem: a locale without its file, a kind
/// no dialogue option names (or one missing from a locale), a phrase that folds to nothing, a
/// stem too short, a phrase written twice.
pub fn load_urgent(
    dir: &Path,
    tags: &[String],
    dialogues: &[Dialogue],
) -> Result<Vec<(String, UrgentKind)>, Problems> {
    let known: BTreeSet<&str> = dialogues
        .iter()
        .flat_map(|d| d.steps.iter())
        .flat_map(|s| s.def.options.iter())
        .filter_map(|o| o.urgent.as_deref())
        .collect();
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for tag in tags {
        let path = dir.join(format!("{tag}.toml"));
        let name = path.display().to_string();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                problems.push(Problem::file(name, format!("cannot read: {e}")));
                continue;
            }
        };
        let entries: BTreeMap<String, UrgentEntry> = match toml::from_str(&text) {
            Ok(e) => e,
            Err(e) => {
                let line = e
                    .span()
                    .map_or(0, |s| text[..s.start].matches('\n').count() + 1);
                problems.push(Problem::file(name, format!("line {line}: {}", e.message())));
                continue;
            }
        };
        for kind in known.iter().filter(|k| !entries.contains_key(**k)) {
            problems.push(Problem::file(
                name.clone(),
                format!("no phrases for the urgent situation '{kind}'"),
            ));
        }
        for (kind, entry) in entries {
            let mut say = |what: String| problems.push(Problem::file(name.clone(), what));
            if !known.contains(kind.as_str()) {
                say(format!(
                    "'{kind}' is not an urgent situation of any dialogue option"
                ));
            }
            if entry.phrases.is_empty() {
                say(format!("'{kind}': no phrases"));
            }
            let mut read = |list: &[String]| -> Vec<Phrase> {
                let mut seen = BTreeSet::new();
                let mut phrases = Vec::new();
                for p in list {
                    match Phrase::parse(p) {
                        None => say(format!("'{kind}': the phrase '{p}' has no word")),
                        Some(x) if x.has_short_stem() => say(format!(
                            "'{kind}': the phrase '{p}' has a stem shorter than 3 letters before '*'"
                        )),
                        Some(_) if !seen.insert(crate::engine::text::fold(p)) => {
                            say(format!("'{kind}': the phrase '{p}' is written twice"));
                        }
                        Some(x) => phrases.push(x),
                    }
                }
                phrases
            };
            let phrases = read(&entry.phrases);
            let unless = read(&entry.unless);
            out.push((
                tag.clone(),
                UrgentKind {
                    kind,
                    phrases,
                    unless,
                },
            ));
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Problems(problems))
    }
}

/// Loads every territory in a folder.
pub fn load_territories(dir: &Path) -> Result<Vec<Territory>, Problems> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Err(Problems(vec![Problem::file(
            dir.display().to_string(),
            "cannot read the territories folder",
        )]));
    };
    let mut paths: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    for path in paths {
        let name = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => match territory::parse(&name, &text) {
                Ok(t) => out.push(t),
                Err(mut p) => problems.append(&mut p),
            },
            Err(e) => problems.push(Problem::file(name, format!("cannot read: {e}"))),
        }
    }
    if out.is_empty() && problems.is_empty() {
        problems.push(Problem::file(
            dir.display().to_string(),
            "no territory file (*.toml) found",
        ));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Problems(problems))
    }
}
