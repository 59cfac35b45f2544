//! Fluent bundles per locale: loading and checking the translation files, negotiating a locale,
//! rendering the engine's messages, and building the engine's lexicon from the labels.

pub mod render;
pub mod summary;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

use crate::dialogue::{Dialogue, Kind, MessageCatalog, Problem, Problems};
use crate::engine::lexicon::{BOOKING_KEY, Command, Lexicon, YES_NO_KEY};
use crate::engine::{Arg, Msg};

/// The reference locale: every other locale must have every one of its messages.
pub const REFERENCE: &str = "fr";

/// Files only staff read (the dashboard): required in [`STAFF_LOCALES`] only.
pub const STAFF_FILES: [&str; 2] = ["staff.ftl", "stats.ftl"];

/// The locales of the staff dashboard.
pub const STAFF_LOCALES: [&str; 2] = ["fr", "en"];

/// Whether placeables are wrapped in Unicode isolation marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    /// No marks: SMS (they would force UCS-2) and the terminal.
    Plain,
    /// Marks around placeables, so right-to-left text mixes well with names and numbers.
    Isolated,
}

type Bundle = FluentBundle<Arc<FluentResource>>;

struct LocaleBundles {
    plain: Bundle,
    isolated: Bundle,
}

/// Every locale's messages.
pub struct Locales {
    tags: Vec<String>,
    bundles: HashMap<String, LocaleBundles>,
}

impl std::fmt::Debug for Locales {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locales")
            .field("tags", &self.tags)
            .finish_non_exhaustive()
    }
}

/// One locale's files, as read.
pub struct LocaleSource {
    pub tag: String,
    /// (file name, display path, text)
    pub files: Vec<(String, String, String)>,
}

impl Locales {
    /// Reads `dir/<tag>/*.ftl` and checks every locale against the reference.
    pub fn load(dir: &Path) -> Result<Self, Problems> {
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        let entries = std::fs::read_dir(dir).map_err(|e| {
            Problems(vec![Problem::file(
                dir.display().to_string(),
                format!("cannot read folder: {e}"),
            )])
        })?;
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
        match Self::from_sources(sources) {
            Ok(l) if problems.is_empty() => Ok(l),
            Ok(_) => Err(Problems(problems)),
            Err(Problems(mut p)) => {
                p.append(&mut problems);
                p.sort();
                Err(Problems(p))
            }
        }
    }

    /// Builds and checks the bundles from sources already read.
    pub fn from_sources(mut sources: Vec<LocaleSource>) -> Result<Self, Problems> {
        let mut p = Vec::new();
        sources.sort_by(|a, b| (a.tag != REFERENCE, &a.tag).cmp(&(b.tag != REFERENCE, &b.tag)));
        if sources.first().is_none_or(|s| s.tag != REFERENCE) {
            return Err(Problems(vec![Problem::file(
                "locales",
                format!("the reference locale '{REFERENCE}' is missing"),
            )]));
        }
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
                    format!("locales/{}/{missing}", src.tag),
                    format!("file missing (present in {REFERENCE})"),
                ));
            }
            for extra in files.difference(&ref_files) {
                p.push(Problem::file(
                    format!("locales/{}/{extra}", src.tag),
                    format!("file not in the reference locale {REFERENCE}"),
                ));
            }
            let mut plain = Bundle::new_concurrent(vec![langid.clone()]);
            let mut isolated = Bundle::new_concurrent(vec![langid]);
            plain.set_use_isolating(false);
            isolated.set_use_isolating(true);
            let shape = shapes.entry(src.tag.clone()).or_default();
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
                        if shape
                            .insert(m.id.name.to_string(), MessageShape::of(m))
                            .is_some()
                        {
                            p.push(Problem::file(
                                path,
                                format!("message '{}' defined twice", m.id.name),
                            ));
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
                    None => p.push(Problem::file(
                        format!("locales/{tag}"),
                        format!("message '{id}' missing"),
                    )),
                    Some(have) => {
                        for a in want.attributes.difference(&have.attributes) {
                            p.push(Problem::file(
                                format!("locales/{tag}"),
                                format!("message '{id}': attribute '.{a}' missing"),
                            ));
                        }
                        for v in want.variables.symmetric_difference(&have.variables) {
                            p.push(Problem::file(
                                format!("locales/{tag}"),
                                format!(
                                    "message '{id}': variable '${v}' differs from the reference"
                                ),
                            ));
                        }
                    }
                }
            }
            for id in shape.keys().filter(|id| !reference.contains_key(*id)) {
                p.push(Problem::file(
                    format!("locales/{tag}"),
                    format!("message '{id}' is not in the reference locale"),
                ));
            }
        }
        let tags: Vec<String> = sources.iter().map(|s| s.tag.clone()).collect();
        let locales = Self { tags, bundles };
        // Every message must format without error with its own variables.
        for (tag, shape) in &shapes {
            for (id, s) in shape {
                let mut args = FluentArgs::new();
                for v in &s.variables {
                    args.set(v.as_str(), FluentValue::from("x"));
                }
                if let Err(e) = locales.try_format(tag, id, None, Some(&args)) {
                    p.push(Problem::file(
                        format!("locales/{tag}"),
                        format!("message '{id}': {e}"),
                    ));
                }
                for a in &s.attributes {
                    if let Err(e) = locales.try_format(tag, id, Some(a), Some(&args)) {
                        p.push(Problem::file(
                            format!("locales/{tag}"),
                            format!("message '{id}.{a}': {e}"),
                        ));
                    }
                }
            }
        }
        if p.is_empty() {
            Ok(locales)
        } else {
            p.sort();
            p.dedup();
            Err(Problems(p))
        }
    }

    /// The locale tags, reference first.
    #[must_use]
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// The best locale for a requested language (`pt-BR` -> `pt`), or the reference.
    #[must_use]
    pub fn negotiate(&self, requested: Option<&str>) -> String {
        self.matching(requested)
            .unwrap_or_else(|| REFERENCE.to_string())
    }

    /// The locale that serves `requested` (exactly, or by its language), if one does: the
    /// person's language is then known and need not be asked.
    #[must_use]
    pub fn matching(&self, requested: Option<&str>) -> Option<String> {
        let req = requested.and_then(|r| r.parse::<LanguageIdentifier>().ok())?;
        let exact = req.to_string();
        if self.tags.contains(&exact) {
            return Some(exact);
        }
        let lang = req.language.as_str();
        self.tags
            .iter()
            .find(|t| t.split('-').next() == Some(lang))
            .cloned()
    }

    fn bundle(&self, locale: &str, iso: Isolation) -> &Bundle {
        let b = self
            .bundles
            .get(locale)
            .or_else(|| self.bundles.get(REFERENCE))
            .expect("reference locale is loaded");
        match iso {
            Isolation::Plain => &b.plain,
            Isolation::Isolated => &b.isolated,
        }
    }

    fn try_format(
        &self,
        locale: &str,
        id: &str,
        attribute: Option<&str>,
        args: Option<&FluentArgs>,
    ) -> Result<String, String> {
        let bundle = self.bundle(locale, Isolation::Plain);
        let msg = bundle
            .get_message(id)
            .ok_or_else(|| format!("no message '{id}'"))?;
        let pattern = match attribute {
            Some(a) => msg.get_attribute(a).map(|a| a.value()),
            None => msg.value(),
        }
        .ok_or_else(|| format!("message '{id}' has no value"))?;
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, args, &mut errors)
            .to_string();
        match errors.first() {
            Some(e) => Err(e.to_string()),
            None => Ok(text),
        }
    }

    /// Whether a locale has a message itself (without falling back).
    #[must_use]
    pub fn has(&self, locale: &str, id: &str) -> bool {
        self.bundles
            .get(locale)
            .is_some_and(|b| b.plain.has_message(id))
    }

    /// An attribute of a message, falling back to the reference locale.
    #[must_use]
    pub fn attribute(&self, locale: &str, id: &str, attribute: &str) -> Option<String> {
        self.try_format(locale, id, Some(attribute), None).ok()
    }

    /// Renders a message in a locale, falling back to the reference locale, then to its id.
    #[must_use]
    pub fn render(&self, locale: &str, msg: &Msg, iso: Isolation) -> String {
        let locale = if self.has(locale, &msg.id) {
            locale
        } else {
            REFERENCE
        };
        let bundle = self.bundle(locale, iso);
        let Some(pattern) = bundle.get_message(&msg.id).and_then(|m| m.value()) else {
            return msg.id.clone();
        };
        let mut args = FluentArgs::new();
        for (name, arg) in &msg.args {
            match arg {
                Arg::Num(n) => args.set(name.as_str(), FluentValue::from(*n)),
                other => args.set(
                    name.as_str(),
                    FluentValue::from(self.render_arg(locale, other, iso)),
                ),
            }
        }
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, Some(&args), &mut errors)
            .to_string();
        if !errors.is_empty() {
            tracing::warn!(message = %msg.id, locale, errors = errors.len(), "fluent formatting error");
        }
        text
    }

    fn render_arg(&self, locale: &str, arg: &Arg, iso: Isolation) -> String {
        match arg {
            Arg::Str(s) => s.clone(),
            Arg::Num(n) => n.to_string(),
            Arg::Msg(m) => self.render(locale, m, iso),
            Arg::Date(d) => {
                use chrono::Datelike;
                let month = self.render(locale, &Msg::new(format!("month-{}", d.month())), iso);
                self.render(
                    locale,
                    &Msg::new("date-long")
                        .arg("day", i64::from(d.day()))
                        .arg("month", month)
                        .arg("year", i64::from(d.year())),
                    iso,
                )
            }
            Arg::Instant(t) => {
                use chrono::{Datelike, TimeZone, Timelike};
                let Some(local) = chrono_tz::Europe::Paris.timestamp_opt(*t, 0).single() else {
                    return t.to_string();
                };
                let weekday = self.render(
                    locale,
                    &Msg::new(format!("weekday-{}", local.weekday().number_from_monday())),
                    iso,
                );
                let month = self.render(locale, &Msg::new(format!("month-{}", local.month())), iso);
                self.render(
                    locale,
                    &Msg::new("datetime-long")
                        .arg("weekday", weekday)
                        .arg("day", i64::from(local.day()))
                        .arg("month", month)
                        .arg("hour", i64::from(local.hour()))
                        .arg("minute", format!("{:02}", local.minute())),
                    iso,
                )
            }
            Arg::Lines(items) => items
                .iter()
                .map(|a| self.render_arg(locale, a, iso))
                .collect::<Vec<_>>()
                .join("\n"),
            Arg::List(items) => self.join(locale, items, "list-and", iso),
            Arg::Alternatives(items) => self.join(locale, items, "list-or", iso),
        }
    }

    fn join(&self, locale: &str, items: &[Arg], last: &str, iso: Isolation) -> String {
        let parts: Vec<String> = items
            .iter()
            .map(|a| self.render_arg(locale, a, iso))
            .collect();
        match parts.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., tail] => {
                let sep = self.render(locale, &Msg::new("list-separator"), iso);
                let word = self.render(locale, &Msg::new(last), iso);
                format!("{} {word} {tail}", init.join(&sep))
            }
        }
    }

    /// The words the engine recognises, for these dialogues.
    #[must_use]
    pub fn lexicon(&self, dialogues: &[Dialogue]) -> Lexicon {
        let mut lex = Lexicon::new(self.tags.clone());
        let forms = |locale: &str, id: &str| -> Vec<String> {
            let mut v = Vec::new();
            if let Ok(label) = self.try_format(locale, id, None, None) {
                v.push(label);
            }
            if let Some(syn) = self.attribute(locale, id, "synonyms") {
                v.extend(
                    syn.split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty()),
                );
            }
            v
        };
        for tag in &self.tags {
            for (command, name) in Command::ALL {
                lex.add_command(tag, &forms(tag, &format!("command-{name}")), command);
            }
            for (option, id) in [
                ("yes", "answer-yes"),
                ("no", "answer-no"),
                ("rather_not", "answer-rather-not"),
            ] {
                lex.add_option(tag, YES_NO_KEY, option, &forms(tag, id));
            }
            for (option, id) in [
                ("more", "booking-more"),
                ("call", "booking-call-me"),
                ("other", "booking-other"),
                ("keep", "appointment-keep"),
                ("cancel", "appointment-cancel"),
                ("move", "appointment-move"),
                ("own_number", "phone-own-number"),
            ] {
                lex.add_option(tag, BOOKING_KEY, option, &forms(tag, id));
            }
            for d in dialogues {
                for step in d
                    .steps
                    .iter()
                    .filter(|s| matches!(s.def.kind, Kind::Choice | Kind::Multi))
                {
                    for o in &step.def.options {
                        lex.add_option(
                            tag,
                            &step.def.id,
                            &o.id,
                            &forms(tag, &d.option_msg_id(step, &o.id)),
                        );
                    }
                }
            }
        }
        for tag in &self.tags {
            let id = format!("language-name-{tag}");
            // A language is recognised by its name in any of the locales.
            let names: Vec<String> = self.tags.iter().flat_map(|l| forms(l, &id)).collect();
            lex.add_language(tag, &names);
        }
        lex
    }
}

impl MessageCatalog for Locales {
    fn locale_tags(&self) -> Vec<String> {
        self.tags.clone()
    }

    fn plain_text(&self, locale: &str, id: &str) -> Option<String> {
        if !self.has(locale, id) {
            return None;
        }
        let bundle = self.bundle(locale, Isolation::Plain);
        let pattern = bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        Some(
            bundle
                .format_pattern(pattern, None, &mut errors)
                .to_string(),
        )
    }
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
