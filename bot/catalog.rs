//! The dialogues and locales of a deployment, loaded and checked together.

use std::path::Path;

use crate::booking::territory::{self, Territory};
use crate::dialogue::{self, Dialogue, MessageCatalog, Problem, Problems};
use crate::engine::Lexicon;
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
                let lexicon = locales.lexicon(&dialogues);
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
                let territories = match load_territories(&dialogues_dir.join("territories")) {
                    Ok(t) => t,
                    Err(Problems(p)) => {
                        problems.extend(p);
                        Vec::new()
                    }
                };
                for t in &territories {
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
