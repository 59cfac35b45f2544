//! Reading data·inclusion services: a file of them (a JSON array) or one item of the search
//! API, each entry checked on its own. An entry that does not hold is refused with its index
//! and why; the others are kept. Only what the person is told or what places the service is
//! kept (name, summary, thématiques, commune, address, how it receives, how to reach it).

use serde_json::{Map, Value};

use super::Service;

/// The longest name kept (data·inclusion's own limit).
const MAX_NAME: usize = 150;
/// The longest summary kept.
const MAX_SUMMARY: usize = 280;
/// The most entries a file may hold.
pub const MAX_ENTRIES: usize = 100_000;

/// An entry refused, with its index in the array (from 0) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub index: usize,
    /// The entry's `id`, when it has one.
    pub id: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.id {
            Some(id) => write!(f, "entry {} (id {id:?}): {}", self.index, self.reason),
            None => write!(f, "entry {}: {}", self.index, self.reason),
        }
    }
}

/// What a file held: the services kept, and the entries refused.
#[derive(Debug, Clone, Default)]
pub struct Read {
    pub services: Vec<Service>,
    pub refused: Vec<Refused>,
}

/// A file that is not a list of services at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("not JSON: {0}")]
    NotJson(String),
    #[error("not a JSON array of services (data·inclusion's `services` format)")]
    NotArray,
    #[error("more than {MAX_ENTRIES} entries")]
    TooMany,
}

/// Reads a file of data·inclusion services (a JSON array), entry by entry.
pub fn read_file(text: &str) -> Result<Read, FileError> {
    let value: Value = serde_json::from_str(text).map_err(|e| FileError::NotJson(e.to_string()))?;
    let Value::Array(entries) = value else {
        return Err(FileError::NotArray);
    };
    if entries.len() > MAX_ENTRIES {
        return Err(FileError::TooMany);
    }
    let mut read = Read::default();
    let mut seen = std::collections::BTreeSet::new();
    for (index, entry) in entries.iter().enumerate() {
        let id = entry.get("id").and_then(Value::as_str).map(str::to_string);
        match service(entry) {
            Ok(s) if !seen.insert((s.source.clone(), s.id.clone())) => read.refused.push(Refused {
                index,
                id,
                reason: "the same source and id as an earlier entry".into(),
            }),
            Ok(s) => read.services.push(s),
            Err(reason) => read.refused.push(Refused { index, id, reason }),
        }
    }
    Ok(read)
}

/// One data·inclusion service, checked; why not otherwise.
pub fn service(entry: &Value) -> Result<Service, String> {
    let Value::Object(o) = entry else {
        return Err("not an object".into());
    };
    let id = required(o, "id")?;
    let source = required(o, "source")?;
    let name = required(o, "nom")?;
    if name.chars().count() > MAX_NAME {
        return Err(format!("`nom` longer than {MAX_NAME} characters"));
    }
    let themes = strings(o, "thematiques")?;
    if themes.is_empty() {
        return Err("no `thematiques`".into());
    }
    if let Some(bad) = themes.iter().find(|t| !is_slug(t)) {
        return Err(format!("`thematiques`: {bad:?} is not a thématique"));
    }
    let modes = strings(o, "modes_accueil")?;
    if let Some(bad) = modes
        .iter()
        .find(|m| !matches!(m.as_str(), "a-distance" | "en-presentiel"))
    {
        return Err(format!(
            "`modes_accueil`: {bad:?} is neither a-distance nor en-presentiel"
        ));
    }
    let insee = optional(o, "code_insee")?;
    if let Some(code) = &insee {
        if !is_insee(code) {
            return Err(format!(
                "`code_insee`: {code:?} is not a commune's INSEE code"
            ));
        }
    }
    let postcode = optional(o, "code_postal")?;
    if let Some(code) = &postcode {
        if !(code.len() == 5 && code.chars().all(|c| c.is_ascii_digit())) {
            return Err(format!("`code_postal`: {code:?} is not a postcode"));
        }
    }
    let zone_kind = optional(o, "zone_diffusion_type")?;
    if let Some(kind) = &zone_kind {
        if !matches!(
            kind.as_str(),
            "commune" | "epci" | "departement" | "region" | "pays"
        ) {
            return Err(format!(
                "`zone_diffusion_type`: {kind:?} is not commune, epci, departement, region or pays"
            ));
        }
    }
    let zone_code = optional(o, "zone_diffusion_code")?;
    let link = optional(o, "lien_source")?;
    if let Some(l) = &link {
        if !(l.starts_with("https://") || l.starts_with("http://")) {
            return Err("`lien_source` is not a web address".into());
        }
    }
    let email = optional(o, "courriel")?;
    if let Some(e) = &email {
        if !e.contains('@') || e.contains(char::is_whitespace) {
            return Err("`courriel` is not an email address".into());
        }
    }
    let phone = optional(o, "telephone")?;
    if let Some(p) = &phone {
        let digits = p.chars().filter(char::is_ascii_digit).count();
        if !(4..=15).contains(&digits) || p.chars().count() > 25 {
            return Err("`telephone` is not a phone number".into());
        }
    }
    let remote = modes.iter().any(|m| m == "a-distance");
    let on_site = modes.iter().any(|m| m == "en-presentiel") || modes.is_empty();
    let placed = insee.is_some() || postcode.is_some() || zone_code.is_some();
    if !placed && !remote {
        return Err(
            "no place: neither `code_insee`, `code_postal`, a `zone_diffusion_code` nor `a-distance`"
                .into(),
        );
    }
    let mut summary = optional(o, "presentation_resume")?;
    if let Some(s) = &mut summary {
        if s.chars().count() > MAX_SUMMARY {
            *s = s.chars().take(MAX_SUMMARY).collect();
        }
    }
    Ok(Service {
        source,
        id,
        name,
        summary,
        themes,
        insee,
        commune: optional(o, "commune")?,
        postcode,
        address: optional(o, "adresse")?,
        remote,
        on_site,
        phone,
        email,
        link,
        zone_kind,
        zone_code,
    })
}

/// A text field that must be there and not blank.
fn required(o: &Map<String, Value>, field: &str) -> Result<String, String> {
    optional(o, field)?.ok_or_else(|| format!("no `{field}`"))
}

/// A text field, blank or null read as absent; anything else than text refused.
fn optional(o: &Map<String, Value>, field: &str) -> Result<Option<String>, String> {
    match o.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) if s.chars().any(char::is_control) => {
            Err(format!("`{field}` holds control characters"))
        }
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(_) => Err(format!("`{field}` is not text")),
    }
}

/// A list of text values (null read as empty).
fn strings(o: &Map<String, Value>, field: &str) -> Result<Vec<String>, String> {
    match o.get(field) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("`{field}` holds something else than text"))
            })
            .collect(),
        Some(_) => Err(format!("`{field}` is not a list")),
    }
}

/// A thématique's form: lower-case words joined by dashes.
fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 120
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// An INSEE commune code: five characters, digits (Corsica: 2A, 2B).
fn is_insee(s: &str) -> bool {
    s.len() == 5
        && (s.chars().all(|c| c.is_ascii_digit())
            || ((s.starts_with("2A") || s.starts_with("2B"))
                && s[2..].chars().all(|c| c.is_ascii_digit())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_entry_is_checked_on_its_own() {
        let text = r#"[
            {"id": "a", "source": "demo", "nom": "Garage solidaire", "thematiques": ["mobilite"],
             "code_insee": "37261", "modes_accueil": ["en-presentiel"], "telephone": "02 47 00 00 00"},
            {"id": "b", "source": "demo", "nom": "Sans thème", "thematiques": [], "code_insee": "37261"},
            {"id": "c", "source": "demo", "nom": "Nulle part", "thematiques": ["numerique"]},
            {"id": "a", "source": "demo", "nom": "Encore a", "thematiques": ["mobilite"], "code_insee": "37261"},
            {"id": "d", "source": "demo", "nom": "En ligne", "thematiques": ["numerique"], "modes_accueil": ["a-distance"]},
            "text"
        ]"#;
        let read = read_file(text).unwrap();
        let kept: Vec<&str> = read.services.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(kept, ["a", "d"]);
        let refused: Vec<usize> = read.refused.iter().map(|r| r.index).collect();
        assert_eq!(refused, [1, 2, 3, 5]);
        assert!(read.refused[1].reason.contains("no place"));
        assert!(read.services[1].remote && !read.services[1].on_site);
        assert_eq!(read_file("{}").unwrap_err(), FileError::NotArray);
    }
}
