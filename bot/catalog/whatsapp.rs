//! The approved WhatsApp templates of a deployment (`dialogues/whatsapp/templates.toml`):
//! for each message the service may send first (a reminder, a staff notice), the order of the
//! template's variables and the provider's content id (`HX...`) of the template approved in
//! each locale. Reading and checking only; sending is the outbox worker's.

use std::collections::BTreeMap;
use std::path::Path;

use crate::dialogue::{Problem, Problems};
use crate::engine::Msg;
use crate::i18n::{Locales, REFERENCE};

/// The file, under the dialogues folder.
pub const FILE: &str = "whatsapp/templates.toml";

/// The templates, by Fluent message id.
#[derive(Debug, Clone, Default)]
pub struct WhatsAppTemplates {
    entries: BTreeMap<String, Entry>,
}

/// One message's templates.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    /// The message's arguments, in the order of the template's variables `{{1}}`, `{{2}}`...
    variables: Vec<String>,
    /// The content id of the approved template, by locale.
    #[serde(default)]
    content_sid: BTreeMap<String, String>,
}

/// A template to send: its content id and the values of its variables, as the provider's
/// `ContentVariables` JSON (`{"1": "...", "2": "..."}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateCall {
    pub content_sid: String,
    pub variables: String,
}

impl WhatsAppTemplates {
    /// Reads `<dialogues>/whatsapp/templates.toml`; no file means no template.
    pub fn load(dialogues_dir: &Path, locales: &Locales) -> Result<Self, Problems> {
        let path = dialogues_dir.join(FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(&path.display().to_string(), &text, locales),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(Problems(vec![Problem::file(
                path.display().to_string(),
                format!("cannot read: {e}"),
            )])),
        }
    }

    /// Reads a templates file and returns every problem at once: a message no locale has, a
    /// variable the message does not use, a locale that is not loaded, a content id that is
    /// not one (`HX` and 32 hexadecimal digits).
    pub fn parse(name: &str, text: &str, locales: &Locales) -> Result<Self, Problems> {
        let entries: BTreeMap<String, Entry> = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map_or(0, |s| text[..s.start].matches('\n').count() + 1);
            Problems(vec![Problem::file(
                name,
                format!("line {line}: {}", e.message()),
            )])
        })?;
        let mut problems = Vec::new();
        let mut say = |what: String| problems.push(Problem::file(name, what));
        for (id, entry) in &entries {
            match locales.variables(REFERENCE, id) {
                None => say(format!("'{id}' is not a message of the locales")),
                Some(used) => {
                    for v in entry.variables.iter().filter(|v| !used.contains(*v)) {
                        say(format!("'{id}': the message has no variable '{v}'"));
                    }
                }
            }
            for (locale, sid) in &entry.content_sid {
                if !locales.tags().contains(locale) {
                    say(format!("'{id}': '{locale}' is not a loaded locale"));
                }
                if !is_content_sid(sid) {
                    say(format!(
                        "'{id}' in {locale}: '{sid}' is not a content id (HX and 32 hexadecimal digits)"
                    ));
                }
            }
        }
        if problems.is_empty() {
            Ok(Self { entries })
        } else {
            Err(Problems(problems))
        }
    }

    /// The template that says `msg` in `locale`, with its variables filled in; `None` when the
    /// deployment declares none for that message in that locale.
    #[must_use]
    pub fn call(&self, locales: &Locales, locale: &str, msg: &Msg) -> Option<TemplateCall> {
        let entry = self.entries.get(&msg.id)?;
        let content_sid = entry.content_sid.get(locale)?.clone();
        let mut variables = serde_json::Map::new();
        for (i, name) in entry.variables.iter().enumerate() {
            let value = msg
                .args
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, a)| locales.render_value(locale, a))
                .unwrap_or_default();
            variables.insert((i + 1).to_string(), variable(&value).into());
        }
        Some(TemplateCall {
            content_sid,
            variables: serde_json::Value::Object(variables).to_string(),
        })
    }

    /// The `(message, locale)` pairs of the loaded locales that have no template: outside the
    /// 24-hour window, such a message cannot reach a person on WhatsApp.
    #[must_use]
    pub fn missing(&self, tags: &[String]) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (id, entry) in &self.entries {
            for tag in tags.iter().filter(|t| !entry.content_sid.contains_key(*t)) {
                out.push((id.clone(), tag.clone()));
            }
        }
        out
    }

    /// The messages declared.
    pub fn messages(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }
}

fn is_content_sid(s: &str) -> bool {
    s.len() == 34 && s.starts_with("HX") && s[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// A variable's value as WhatsApp accepts it: no line breaks or tabs, no run of spaces.
fn variable(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_ids_and_variables() {
        assert!(is_content_sid("HX0123456789abcdef0123456789ABCDEF"));
        assert!(!is_content_sid("HX0123"));
        assert!(!is_content_sid("MG0123456789abcdef0123456789abcdef"));
        assert_eq!(variable(" mardi\n3 mars,\t10 h  "), "mardi 3 mars, 10 h");
    }
}
