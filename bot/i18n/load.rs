//! Reading and checking the translation files: every locale against the reference, each
//! problem at the file and line it belongs to, and the bundles kept even when there are
//! problems, so that the checks that need them still run.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

use super::{Bundle, LocaleBundles, Locales, Origin, REFERENCE, STAFF_FILES, STAFF_LOCALES};
use crate::dialogue::{Problem, Problems};

/// One locale's files, as read.
pub struct LocaleSource {
    pub tag: String,
    /// (file name, display path, text)
    pub files: Vec<(String, String, String)>,
}

impl Locales {
    /// Reads `dir/<tag>/*.ftl` and checks every locale against the reference.
    pub fn load(dir: &Path) -> Result<Self, Problems> {
        match Self::load_all(dir) {
            (Some(l), p) if p.is_empty() => Ok(l),
            (_, p) => Err(Problems(p)),
        }
    }

    /// Reads `dir/<tag>/*.ftl` and checks every locale against the reference, keeping the
    /// bundles even when there are problems, so that the checks that need them still run. No
    /// bundles only when the folder or the reference locale is missing.
    #[must_use]
    pub fn load_all(dir: &Path) -> (Option<Self>, Vec<Problem>) {
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                return (
                    None,
                    vec![Problem::file(
                        dir.display().to_string(),
                        format!("cannot read folder: {e}"),
                    )],
                );
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            let tag = entry.file_name().to_string_lossy().to_string();
            let mut files = Vec::new();
            if let Ok(inner) = std::fs::read_dir(&path) {
                for f in inner.flatten() {
                    let fp = f.path();
                    if fp.extension().is_some_and(|e| e == "ftl") {
                        match std::fs::read_to_string(&fp) {
                            Ok(text) => files.push((
                                f.file_name().to_string_lossy().to_string(),
                                fp.display().to_string(),
                                text,
                            )),
                            Err(e) => problems.push(Problem::file(
                                fp.display().to_string(),
                                format!("cannot read: {e}"),
                            )),
                        }
                    }
                }
            }
            files.sort();
            sources.push(LocaleSource { tag, files });
        }
        let (locales, mut p) = Self::from_sources_all(sources);
        p.append(&mut problems);
        p.sort();
        (locales, p)
    }

    /// Builds and checks the bundles from sources already read.
    pub fn from_sources(sources: Vec<LocaleSource>) -> Result<Self, Problems> {
        match Self::from_sources_all(sources) {
            (Some(l), p) if p.is_empty() => Ok(l),
            (_, p) => Err(Problems(p)),
        }
    }

    /// Builds and checks the bundles from sources already read, keeping them even when there
    /// are problems (none only without the reference locale).
    #[must_use]
    pub fn from_sources_all(mut sources: Vec<LocaleSource>) -> (Option<Self>, Vec<Problem>) {
        let mut p = Vec::new();
        sources.sort_by(|a, b| (a.tag != REFERENCE, &a.tag).cmp(&(b.tag != REFERENCE, &b.tag)));
        if sources.first().is_none_or(|s| s.tag != REFERENCE) {
            return (
                None,
                vec![Problem::file(
                    "locales",
                    format!("the reference locale '{REFERENCE}' is missing"),
                )],
            );
        }
        let folders: HashMap<String, String> = sources
            .iter()
            .map(|s| {
                let folder = s
                    .files
                    .first()
                    .and_then(|f| Path::new(&f.1).parent())
                    .map_or_else(|| format!("locales/{}", s.tag), |d| d.display().to_string());
                (s.tag.clone(), folder)
            })
            .collect();
        let mut origins: HashMap<String, HashMap<String, Origin>> = HashMap::new();
        let mut bundles = HashMap::new();
        let mut shapes: BTreeMap<String, BTreeMap<String, MessageShape>> = BTreeMap::new();
        let mut staff_ids: BTreeSet<String> = BTreeSet::new();
        let ref_files: BTreeSet<String> = sources[0].files.iter().map(|f| f.0.clone()).collect();
        for src in &sources {
            let langid: LanguageIdentifier = match src.tag.parse() {
                Ok(l) => l,
                Err(_) => {
                    p.push(Problem::file(
                        format!("locales/{}", src.tag),
                        "not a valid BCP 47 language tag",
                    ));
                    continue;
                }
            };
            let files: BTreeSet<String> = src.files.iter().map(|f| f.0.clone()).collect();
            for missing in ref_files.difference(&files) {
                if STAFF_FILES.contains(&missing.as_str())
                    && !STAFF_LOCALES.contains(&src.tag.as_str())
                {
                    continue;
                }
                p.push(Problem::file(
                    format!("{}/{missing}", folders[&src.tag]),
                    format!("file missing (present in {REFERENCE})"),
                ));
            }
            for extra in files.difference(&ref_files) {
                p.push(Problem::file(
                    format!("{}/{extra}", folders[&src.tag]),
                    format!("file not in the reference locale {REFERENCE}"),
                ));
            }
            let mut plain = Bundle::new_concurrent(vec![langid.clone()]);
            let mut isolated = Bundle::new_concurrent(vec![langid]);
            plain.set_use_isolating(false);
            isolated.set_use_isolating(true);
            let shape = shapes.entry(src.tag.clone()).or_default();
            let origin = origins.entry(src.tag.clone()).or_default();
            for (name, path, text) in &src.files {
                let res = match FluentResource::try_new(text.clone()) {
                    Ok(r) => r,
                    Err((r, errors)) => {
                        for e in errors {
                            let at = e.slice.as_ref().map_or(e.pos.start, |s| s.start);
                            let line = text[..at.min(text.len())].matches('\n').count() + 1;
                            p.push(Problem::file(path, format!("line {line}: {}", e.kind)));
                        }
                        r
                    }
                };
                for entry in res.entries() {
                    if let ast::Entry::Message(m) = entry {
                        if src.tag == REFERENCE && STAFF_FILES.contains(&name.as_str()) {
                            staff_ids.insert(m.id.name.to_string());
                        }
                        let line = definition_line(text, m.id.name);
                        if shape
                            .insert(m.id.name.to_string(), MessageShape::of(m))
                            .is_some()
                        {
                            p.push(Problem::file(
                                path,
                                format!("message '{}' defined twice", m.id.name),
                            ));
                        } else {
                            origin.insert(
                                m.id.name.to_string(),
                                Origin {
                                    name: name.clone(),
                                    path: path.clone(),
                                    line,
                                },
                            );
                        }
                    }
                }
                let res = Arc::new(res);
                if let Err(errors) = plain.add_resource(res.clone()) {
                    for e in errors {
                        p.push(Problem::file(path, e.to_string()));
                    }
                }
                let _ = isolated.add_resource(res);
            }
            bundles.insert(src.tag.clone(), LocaleBundles { plain, isolated });
        }
        let tags: Vec<String> = sources.iter().map(|s| s.tag.clone()).collect();
        let locales = Self {
            tags,
            bundles,
            origins,
            folders,
        };
        let reference = shapes.get(REFERENCE).cloned().unwrap_or_default();
        for (tag, shape) in &shapes {
            if tag == REFERENCE {
                continue;
            }
            for (id, want) in &reference {
                if staff_ids.contains(id) && !STAFF_LOCALES.contains(&tag.as_str()) {
                    continue;
                }
                match shape.get(id) {
                    None => p.push(locales.missing(tag, id)),
                    Some(have) => {
                        for a in want.attributes.difference(&have.attributes) {
                            p.push(locales.at(
                                tag,
                                id,
                                format!("message '{id}': attribute '.{a}' missing"),
                            ));
                        }
                        for v in want.variables.symmetric_difference(&have.variables) {
                            p.push(locales.at(
                                tag,
                                id,
                                format!(
                                    "message '{id}': variable '${v}' differs from the reference"
                                ),
                            ));
                        }
                    }
                }
            }
            for id in shape.keys().filter(|id| !reference.contains_key(*id)) {
                p.push(locales.at(
                    tag,
                    id,
                    format!("message '{id}' is not in the reference locale"),
                ));
            }
        }
        // Every message must format without error with its own variables.
        for (tag, shape) in &shapes {
            for (id, s) in shape {
                let mut args = FluentArgs::new();
                for v in &s.variables {
                    args.set(v.as_str(), FluentValue::from("x"));
                }
                if let Err(e) = locales.try_format(tag, id, None, Some(&args)) {
                    p.push(locales.at(tag, id, format!("message '{id}': {e}")));
                }
                for a in &s.attributes {
                    if let Err(e) = locales.try_format(tag, id, Some(a), Some(&args)) {
                        p.push(locales.at(tag, id, format!("message '{id}.{a}': {e}")));
                    }
                }
            }
        }
        p.sort();
        p.dedup();
        (Some(locales), p)
    }

    /// A problem at the line where a locale writes a message.
    #[must_use]
    pub fn at(&self, locale: &str, id: &str, message: impl Into<String>) -> Problem {
        match self.origins.get(locale).and_then(|o| o.get(id)) {
            Some(o) => Problem::file(&o.path, format!("line {}: {}", o.line, message.into())),
            None => Problem::file(self.folder(locale), message),
        }
    }

    /// A message missing from a locale, reported at the file it belongs in.
    #[must_use]
    pub fn missing(&self, locale: &str, id: &str) -> Problem {
        let file = self.file_for(locale, id);
        match self.origins.get(REFERENCE).and_then(|o| o.get(id)) {
            Some(o) if locale != REFERENCE => Problem::file(
                file,
                format!("message '{id}' missing (line {} of {})", o.line, o.path),
            ),
            _ => Problem::file(file, format!("message '{id}' missing")),
        }
    }

    /// The folder of a locale, as problems name it.
    fn folder(&self, locale: &str) -> String {
        self.folders
            .get(locale)
            .cloned()
            .unwrap_or_else(|| format!("locales/{locale}"))
    }

    /// The file of a locale a message belongs in: the file of the same name as the
    /// reference's that holds it, or else the one holding the messages nearest by name
    /// (`diag-new-prompt` beside `diag-age-prompt`).
    #[must_use]
    pub fn file_for(&self, locale: &str, id: &str) -> String {
        let folder = self.folder(locale);
        let Some(reference) = self.origins.get(REFERENCE) else {
            return folder;
        };
        if let Some(o) = reference.get(id) {
            return format!("{folder}/{}", o.name);
        }
        let parts: Vec<&str> = id.split('-').collect();
        for n in (1..parts.len()).rev() {
            let prefix = format!("{}-", parts[..n].join("-"));
            let mut near: Vec<&Origin> = reference
                .iter()
                .filter(|(other, _)| other.starts_with(&prefix))
                .map(|(_, o)| o)
                .collect();
            near.sort_by(|a, b| a.name.cmp(&b.name));
            if let Some(o) = near.first() {
                return format!("{folder}/{}", o.name);
            }
        }
        folder
    }
}

/// The line (from 1) where a Fluent file defines a message.
fn definition_line(text: &str, id: &str) -> usize {
    text.lines()
        .position(|l| {
            l.strip_prefix(id)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

/// The attributes and variables of a message, compared across locales.
#[derive(Debug, Clone, Default)]
struct MessageShape {
    attributes: BTreeSet<String>,
    variables: BTreeSet<String>,
}

impl MessageShape {
    fn of(m: &ast::Message<&str>) -> Self {
        let mut variables = BTreeSet::new();
        if let Some(v) = &m.value {
            pattern_vars(v, &mut variables);
        }
        for a in &m.attributes {
            pattern_vars(&a.value, &mut variables);
        }
        Self {
            attributes: m.attributes.iter().map(|a| a.id.name.to_string()).collect(),
            variables,
        }
    }
}

impl Locales {
    /// The variables a locale's message uses in its value, or `None` when the locale has no
    /// such message.
    #[must_use]
    pub fn variables(&self, locale: &str, id: &str) -> Option<BTreeSet<String>> {
        let message = self.bundles.get(locale)?.plain.get_message(id)?;
        let mut out = BTreeSet::new();
        if let Some(v) = message.value() {
            pattern_vars(v, &mut out);
        }
        Some(out)
    }
}

fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for e in &p.elements {
        if let ast::PatternElement::Placeable { expression } = e {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, out),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
            for n in &arguments.named {
                inline_vars(&n.value, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
        _ => {}
    }
}
