//! The dialogues and locales of a deployment, loaded and checked together.

pub mod whatsapp;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::booking::territory::{self, Territory};
use crate::dialogue::{self, Dialogue, MessageCatalog, Problem, Problems, line_at, line_of};
use crate::engine::Lexicon;
use crate::engine::urgent::{Phrase, UrgentKind};
use crate::i18n::Locales;
use crate::services::Service;

/// Everything the engine and the renderers read, checked as a whole.
#[derive(Debug)]
pub struct Catalog {
    pub dialogues: Vec<Dialogue>,
    pub locales: Locales,
    pub lexicon: Lexicon,
    /// The territories in `dialogues/territories/`, partners and their openings.
    pub territories: Vec<Territory>,
    /// The approved WhatsApp templates (`dialogues/whatsapp/templates.toml`).
    pub whatsapp: whatsapp::WhatsAppTemplates,
    /// Each territory's own file of local services, by territory id
    /// (`dialogues/territories/<id>.services.json`, data·inclusion's format), where it has one.
    pub services: BTreeMap<String, Vec<Service>>,
}

impl Catalog {
    /// Loads `dialogues/` and `locales/` and returns every problem at once.
    pub fn load(dialogues_dir: &Path, locales_dir: &Path) -> Result<Self, Problems> {
        match Self::load_all(dialogues_dir, locales_dir) {
            (Some(catalog), p) if p.is_empty() => Ok(catalog),
            (_, p) => Err(Problems(p)),
        }
    }

    /// Loads `dialogues/` and `locales/` and runs every check, each on what the others could
    /// read (a broken locale does not hide a broken territory), and returns what was read with
    /// every problem. A catalog with problems is for checking only, never for conversations;
    /// none at all when the locales could not be read.
    #[must_use]
    pub fn load_all(dialogues_dir: &Path, locales_dir: &Path) -> (Option<Self>, Vec<Problem>) {
        let (locales, mut problems) = Locales::load_all(locales_dir);
        let messages: Option<&dyn dialogue::MessageCatalog> = locales.as_ref().map(|l| l as _);
        let loaded = dialogue::load_dir_all(dialogues_dir, messages);
        problems.extend(loaded.problems);
        let dialogues = loaded.dialogues;
        let territories = match load_territories(&dialogues_dir.join("territories")) {
            Ok(t) => t,
            Err(Problems(p)) => {
                problems.extend(p);
                Vec::new()
            }
        };
        let tags: Vec<String> = match &locales {
            Some(l) => l.tags().to_vec(),
            None => urgent_file_tags(&dialogues_dir.join("urgent")),
        };
        // Without every dialogue, an urgent kind may belong to the one that did not read.
        let urgent = load_urgent(
            &dialogues_dir.join("urgent"),
            &tags,
            loaded.complete.then_some(dialogues.as_slice()),
        );
        let Some(locales) = locales else {
            if let Err(Problems(p)) = urgent {
                problems.extend(p);
            }
            return (None, problems);
        };
        let mut lexicon = locales.lexicon(&dialogues);
        for (locale, step, option, word) in lexicon.collisions() {
            let id = dialogues
                .iter()
                .find_map(|d| {
                    let s = d.step(&step)?;
                    Some(d.option_msg_id(s, &option))
                })
                .unwrap_or_default();
            problems.push(locales.at(
                &locale,
                &id,
                format!("option '{option}' of step '{step}': the word '{word}' is also a command, so it can never choose this option"),
            ));
        }
        match urgent {
            Ok(kinds) => {
                for (locale, kind) in kinds {
                    lexicon.add_urgent(&locale, kind);
                }
            }
            Err(Problems(p)) => problems.extend(p),
        }
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
                    let id = format!("bring-{code}");
                    if locales.plain_text(&tag, &id).is_none() {
                        let mut p = locales.missing(&tag, &id);
                        p.message = format!("{} (named by territory {})", p.message, t.id);
                        problems.push(p);
                    }
                }
            }
        }
        let whatsapp = match whatsapp::WhatsAppTemplates::load(dialogues_dir, &locales) {
            Ok(w) => w,
            Err(Problems(p)) => {
                problems.extend(p);
                whatsapp::WhatsAppTemplates::default()
            }
        };
        problems.extend(language_names(&locales));
        let services = load_services(
            &dialogues_dir.join("territories"),
            &territories,
            &mut problems,
        );
        problems.sort();
        problems.dedup();
        let catalog = Self {
            dialogues,
            locales,
            lexicon,
            territories,
            whatsapp,
            services,
        };
        (Some(catalog), problems)
    }

    /// The services of a territory's own file (none without one).
    #[must_use]
    pub fn services_of(&self, territory: &str) -> &[Service] {
        self.services.get(territory).map_or(&[], Vec::as_slice)
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

/// Every locale names every language in that language's own words (`language-name-<tag>`),
/// so that the language menu shows it. Asked of the reference locale: the other locales are
/// held to the reference.
fn language_names(locales: &Locales) -> Vec<Problem> {
    locales
        .tags()
        .iter()
        .map(|tag| dialogue::language_name_id(tag))
        .filter(|id| !locales.has(crate::i18n::REFERENCE, id))
        .map(|id| {
            let mut p = locales.missing(crate::i18n::REFERENCE, &id);
            p.message = format!(
                "{}: every locale needs it (the language's name in its own words) for the language menu",
                p.message
            );
            p
        })
        .collect()
}

/// The locales the urgent phrase files are written for, when the locales themselves could not
/// be read.
fn urgent_file_tags(dir: &Path) -> Vec<String> {
    let mut tags: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let path = e.path();
            (path.extension()? == "toml").then(|| path.file_stem()?.to_str().map(String::from))?
        })
        .collect();
    tags.sort();
    tags
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
/// stem too short, a phrase written twice. Without the dialogues (one did not read), the
/// kinds are not compared with theirs.
pub fn load_urgent(
    dir: &Path,
    tags: &[String],
    dialogues: Option<&[Dialogue]>,
) -> Result<Vec<(String, UrgentKind)>, Problems> {
    let known: Option<BTreeSet<&str>> = dialogues.map(|ds| {
        ds.iter()
            .flat_map(|d| d.steps.iter())
            .flat_map(|s| s.def.options.iter())
            .filter_map(|o| o.urgent.as_deref())
            .collect()
    });
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
                problems.push(Problem::toml(name, &text, &e));
                continue;
            }
        };
        for kind in known
            .iter()
            .flatten()
            .filter(|k| !entries.contains_key(**k))
        {
            problems.push(Problem::file(
                name.clone(),
                format!("no phrases for the urgent situation '{kind}'"),
            ));
        }
        for (kind, entry) in entries {
            let kind_line = line_of(&text, &format!("[{kind}]"));
            let mut say = |what: String, line: Option<usize>| {
                let message = match line.or(kind_line) {
                    Some(n) => format!("line {n}: {what}"),
                    None => what,
                };
                problems.push(Problem::file(name.clone(), message));
            };
            if known.as_ref().is_some_and(|k| !k.contains(kind.as_str())) {
                say(
                    format!("'{kind}' is not an urgent situation of any dialogue option"),
                    None,
                );
            }
            if entry.phrases.is_empty() {
                say(format!("'{kind}': no phrases"), None);
            }
            let mut read = |list: &[String]| -> Vec<Phrase> {
                let mut seen = BTreeSet::new();
                let mut phrases = Vec::new();
                for p in list {
                    let at = line_of(&text, &format!("\"{p}\""));
                    match Phrase::parse(p) {
                        None => say(format!("'{kind}': the phrase '{p}' has no word"), at),
                        Some(x) if x.has_short_stem() => say(
                            format!(
                                "'{kind}': the phrase '{p}' has a stem shorter than 3 letters before '*'"
                            ),
                            at,
                        ),
                        Some(_) if !seen.insert(crate::engine::text::fold(p)) => {
                            // The second time it is written.
                            let second = text
                                .match_indices(&format!("\"{p}\""))
                                .nth(1)
                                .map(|(i, _)| line_at(&text, i));
                            say(
                                format!("'{kind}': the phrase '{p}' is written twice"),
                                second.or(at),
                            );
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

/// Each territory's file of local services, `<id>.services.json` beside its own file: every
/// entry must hold (the file ships with the territory).
fn load_services(
    dir: &Path,
    territories: &[Territory],
    problems: &mut Vec<Problem>,
) -> BTreeMap<String, Vec<Service>> {
    let mut out = BTreeMap::new();
    for t in territories {
        let path = dir.join(format!("{}.services.json", t.id));
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path.display().to_string();
        match crate::services::schema::read_file(&text) {
            Ok(read) => {
                for r in &read.refused {
                    problems.push(Problem::file(name.clone(), r.to_string()));
                }
                out.insert(t.id.clone(), read.services);
            }
            Err(e) => problems.push(Problem::file(name, e.to_string())),
        }
    }
    out
}
