//! The territory as data: partners, their sites, the communes each site covers, their
//! first-appointment types and weekly opening patterns. Read from
//! `dialogues/territories/*.toml` and checked like the dialogues (every problem at once).

use std::collections::{BTreeMap, HashSet};

use chrono::{NaiveTime, Weekday};
use serde::Deserialize;

use crate::core::Body;
use crate::dialogue::{Problem, line_at};

/// The territory format version this build reads.
pub const TERRITORY_SPEC: u32 = 1;

/// The kinds of partners in the SPIE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerKind {
    ConseilDepartemental,
    FranceTravail,
    MissionLocale,
    CapEmploi,
    Caf,
    Ccas,
    Association,
}

impl PartnerKind {
    /// The kind of partner that plays a lead body's part.
    #[must_use]
    pub fn for_body(body: Body) -> Self {
        match body {
            Body::FranceTravail => Self::FranceTravail,
            Body::MissionLocale => Self::MissionLocale,
            Body::CapEmploi => Self::CapEmploi,
            Body::ConseilDepartemental => Self::ConseilDepartemental,
        }
    }
}

/// How an appointment takes place.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    OnSite,
    Phone,
    Video,
}

impl Format {
    /// The stored and message-id name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OnSite => "on-site",
            Self::Phone => "phone",
            Self::Video => "video",
        }
    }

    /// Reads a stored name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [Self::OnSite, Self::Phone, Self::Video]
            .into_iter()
            .find(|f| f.as_str() == s)
    }
}

/// A territory file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Territory {
    pub spec_version: u32,
    pub id: String,
    pub name: String,
    /// Addresses and hours are invented: say so wherever they are shown.
    #[serde(default)]
    pub demo: bool,
    /// How many weeks ahead slots are offered.
    #[serde(default = "default_weeks")]
    pub weeks_ahead: u32,
    /// Hours of notice before the first slot that can be booked.
    #[serde(default = "default_notice")]
    pub notice_hours: u32,
    #[serde(rename = "partner", default)]
    pub partners: Vec<Partner>,
}

fn default_weeks() -> u32 {
    4
}

fn default_notice() -> u32 {
    20
}

/// A partner organisation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub id: String,
    pub kind: PartnerKind,
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(rename = "appointment", default)]
    pub appointments: Vec<AppointmentType>,
    #[serde(rename = "site", default)]
    pub sites: Vec<Site>,
    /// The partner's name as read in other languages (`[partner.translations.en]`); French
    /// where a locale has none.
    #[serde(default)]
    pub translations: BTreeMap<String, Texts>,
}

impl Partner {
    /// The partner's name in a locale, or in French.
    #[must_use]
    pub fn name_in(&self, locale: &str) -> &str {
        translated(&self.translations, locale, |t| t.name.as_deref()).unwrap_or(&self.name)
    }
}

/// What people read of a partner or a site, in one language; each text may be left out
/// (the French one is read instead).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub directions: Option<String>,
}

/// A text of `translations` in a locale (`pt-BR` reads `pt`), if it has one.
fn translated<'a>(
    translations: &'a BTreeMap<String, Texts>,
    locale: &str,
    field: impl Fn(&'a Texts) -> Option<&'a str>,
) -> Option<&'a str> {
    let language = locale.split('-').next().unwrap_or_default();
    translations
        .get(locale)
        .and_then(&field)
        .or_else(|| translations.get(language).and_then(&field))
}

/// A first-appointment type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppointmentType {
    pub id: String,
    /// Minutes.
    pub duration: u32,
    pub formats: Vec<Format>,
    /// What to bring, as codes with a message `bring-<code>` in every locale.
    #[serde(default)]
    pub bring: Vec<String>,
}

/// A place where a partner receives people.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub id: String,
    pub name: String,
    pub address: String,
    pub postcode: String,
    /// Postcodes this site serves; `*` serves any.
    pub covers: Vec<String>,
    pub formats: Vec<Format>,
    #[serde(default)]
    pub accessible: bool,
    /// An interpreter (on site or by phone) can be arranged for an appointment here.
    #[serde(default)]
    pub interpreting: bool,
    /// How to get there, in a few words (line, stop).
    #[serde(default)]
    pub directions: String,
    #[serde(rename = "opening", default)]
    pub openings: Vec<Opening>,
    /// The site's name, address and directions as read in other languages
    /// (`[partner.site.translations.en]`); French where a locale has none.
    #[serde(default)]
    pub translations: BTreeMap<String, Texts>,
}

impl Site {
    /// The site's name in a locale, or in French.
    #[must_use]
    pub fn name_in(&self, locale: &str) -> &str {
        translated(&self.translations, locale, |t| t.name.as_deref()).unwrap_or(&self.name)
    }

    /// The site's address in a locale, or in French.
    #[must_use]
    pub fn address_in(&self, locale: &str) -> &str {
        translated(&self.translations, locale, |t| t.address.as_deref()).unwrap_or(&self.address)
    }

    /// How to get to the site, in a locale, or in French.
    #[must_use]
    pub fn directions_in(&self, locale: &str) -> &str {
        translated(&self.translations, locale, |t| t.directions.as_deref())
            .unwrap_or(&self.directions)
    }
}

/// A weekly opening: on these days, from `from` to `to`, slots of the appointment type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    pub days: Vec<Day>,
    pub from: String,
    pub to: String,
    pub appointment: String,
    /// Advisors receiving at the same time.
    #[serde(default = "one")]
    pub seats: u32,
}

fn one() -> u32 {
    1
}

/// A day of the week, as written in the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
}

impl Day {
    #[must_use]
    pub fn weekday(self) -> Weekday {
        match self {
            Self::Mon => Weekday::Mon,
            Self::Tue => Weekday::Tue,
            Self::Wed => Weekday::Wed,
            Self::Thu => Weekday::Thu,
            Self::Fri => Weekday::Fri,
            Self::Sat => Weekday::Sat,
        }
    }
}

/// Parses `HH:MM`.
#[must_use]
pub fn time_of(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M").ok()
}

impl Territory {
    /// A partner by id.
    #[must_use]
    pub fn partner(&self, id: &str) -> Option<&Partner> {
        self.partners.iter().find(|p| p.id == id)
    }

    /// The partners of a kind.
    pub fn partners_of(&self, kind: PartnerKind) -> impl Iterator<Item = &Partner> {
        self.partners.iter().filter(move |p| p.kind == kind)
    }

    /// A site and its partner, by site id.
    #[must_use]
    pub fn site(&self, id: &str) -> Option<(&Partner, &Site)> {
        self.partners
            .iter()
            .find_map(|p| p.sites.iter().find(|s| s.id == id).map(|s| (p, s)))
    }

    /// The locales the partners' and sites' texts are translated into, for the locale check.
    #[must_use]
    pub fn translation_locales(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .partners
            .iter()
            .flat_map(|p| {
                p.translations
                    .keys()
                    .chain(p.sites.iter().flat_map(|s| s.translations.keys()))
            })
            .cloned()
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Every `bring-*` code used, for the locale check.
    #[must_use]
    pub fn bring_codes(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .partners
            .iter()
            .flat_map(|p| &p.appointments)
            .flat_map(|a| a.bring.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

impl Site {
    /// Whether the site serves a postcode.
    #[must_use]
    pub fn covers(&self, postcode: &str) -> bool {
        self.covers.iter().any(|c| {
            c == "*"
                || c == postcode
                || (c.ends_with('*') && postcode.starts_with(c.trim_end_matches('*')))
        })
    }
}

/// Parses and checks one territory file.
pub fn parse(file: &str, text: &str) -> Result<Territory, Vec<Problem>> {
    let t: Territory = toml::from_str(text).map_err(|e| vec![Problem::toml(file, text, &e)])?;
    let mut p = Vec::new();
    // A problem of a partner or a site, at the line of its id (the `nth` time it is written).
    let at = |id: &str, nth: usize, what: String| match text
        .match_indices(&format!("id = \"{id}\""))
        .nth(nth)
        .map(|(i, _)| line_at(text, i))
    {
        Some(n) => Problem::file(file, format!("line {n}: {what}")),
        None => Problem::file(file, what),
    };
    if t.spec_version != TERRITORY_SPEC {
        p.push(Problem::file(
            file,
            format!(
                "spec_version {} is not supported (this build reads {TERRITORY_SPEC})",
                t.spec_version
            ),
        ));
    }
    let mut ids = HashSet::new();
    for partner in &t.partners {
        if !ids.insert(partner.id.clone()) {
            p.push(at(
                &partner.id,
                1,
                format!("partner id '{}' used twice", partner.id),
            ));
        }
        let types: HashSet<&str> = partner.appointments.iter().map(|a| a.id.as_str()).collect();
        for a in &partner.appointments {
            if a.duration < 10 || a.duration > 240 {
                p.push(at(
                    &partner.id,
                    0,
                    format!(
                        "partner '{}': appointment '{}' lasts {} minutes",
                        partner.id, a.id, a.duration
                    ),
                ));
            }
        }
        for site in &partner.sites {
            if !ids.insert(site.id.clone()) {
                p.push(at(&site.id, 1, format!("site id '{}' used twice", site.id)));
            }
            if site.covers.is_empty() {
                p.push(at(
                    &site.id,
                    0,
                    format!("site '{}' covers no postcode", site.id),
                ));
            }
            for o in &site.openings {
                let (from, to) = (time_of(&o.from), time_of(&o.to));
                match (from, to) {
                    (Some(f), Some(t)) if f < t => {}
                    _ => p.push(at(
                        &site.id,
                        0,
                        format!(
                            "site '{}': opening {}-{} is not a time range (HH:MM)",
                            site.id, o.from, o.to
                        ),
                    )),
                }
                if !types.contains(o.appointment.as_str()) {
                    p.push(at(
                        &site.id,
                        0,
                        format!(
                            "site '{}': unknown appointment type '{}'",
                            site.id, o.appointment
                        ),
                    ));
                }
                if o.seats == 0 || o.seats > 20 {
                    p.push(at(
                        &site.id,
                        0,
                        format!("site '{}': seats must be between 1 and 20", site.id),
                    ));
                }
            }
        }
    }
    for kind in [
        PartnerKind::FranceTravail,
        PartnerKind::MissionLocale,
        PartnerKind::CapEmploi,
        PartnerKind::ConseilDepartemental,
    ] {
        if t.partners_of(kind).next().is_none() {
            p.push(Problem::file(
                file,
                format!("no partner of kind {kind:?}: people oriented there could not be booked"),
            ));
        }
    }
    if p.is_empty() { Ok(t) } else { Err(p) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_people_read_is_translated_or_french() {
        let text = r#"
spec_version = 1
id = "t"
name = "T"

[[partner]]
id = "cd"
kind = "conseil_departemental"
name = "Conseil départemental"

[partner.translations.en]
name = "Conseil départemental (the Département)"

[[partner.appointment]]
id = "rdv"
duration = 45
formats = ["on_site"]

[[partner.site]]
id = "s"
name = "Maison de la solidarité"
address = "1 rue A, 37000 Tours"
postcode = "37000"
covers = ["37*"]
formats = ["on_site"]
directions = "Tram A, arrêt Gare"

[partner.site.translations.pt]
directions = "Elétrico A, paragem Gare"

[[partner.site.opening]]
days = ["mon"]
from = "09:00"
to = "12:00"
appointment = "rdv"
"#;
        // Read as written (the full check wants every kind of partner).
        let t: Territory = toml::from_str(text).expect("a valid territory");
        let p = t.partner("cd").unwrap();
        assert_eq!(p.name_in("en"), "Conseil départemental (the Département)");
        assert_eq!(
            p.name_in("uk"),
            "Conseil départemental",
            "French by default"
        );
        let (_, s) = t.site("s").unwrap();
        assert_eq!(s.directions_in("pt-BR"), "Elétrico A, paragem Gare");
        assert_eq!(
            s.address_in("pt"),
            "1 rue A, 37000 Tours",
            "each text apart"
        );
        assert_eq!(s.name_in("fr"), "Maison de la solidarité");
        assert_eq!(t.translation_locales(), vec!["en", "pt"]);
    }
}
