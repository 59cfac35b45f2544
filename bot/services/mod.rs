//! Local services the person can use now: data·inclusion services near them for their
//! strongest barriers. PURE: no I/O, no clock. The host finds the candidates (imported ones,
//! the demo file, the data·inclusion API) and this module reads the barriers from the answers,
//! places the person, and chooses: strong barriers before medium ones, one service per
//! barrier before a second, the nearest first, at most [`MAX_PROPOSED`].

pub mod schema;
pub mod themes;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::dialogue::{Answer, Commune, Value};
pub use themes::{THEMES, Theme};

/// The most services proposed to a person.
pub const MAX_PROPOSED: usize = 3;

/// A service as kept: what the person is told and what places it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Service {
    /// Who publishes it (`dora`, `soliguide`..., or a territory's own file).
    pub source: String,
    /// Its id at its source.
    pub id: String,
    pub name: String,
    pub summary: Option<String>,
    /// data·inclusion thématiques (`mobilite--louer-un-vehicule`).
    pub themes: Vec<String>,
    pub insee: Option<String>,
    pub commune: Option<String>,
    pub postcode: Option<String>,
    pub address: Option<String>,
    /// Received from a distance (`a-distance`).
    pub remote: bool,
    /// Received on site (`en-presentiel`).
    pub on_site: bool,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub link: Option<String>,
    /// Where it serves (`commune`, `epci`, `departement`, `region`, `pays`) and that zone's code.
    pub zone_kind: Option<String>,
    pub zone_code: Option<String>,
}

impl Service {
    /// The département the service is in: from its commune, its postcode or its zone.
    #[must_use]
    pub fn departement(&self) -> Option<String> {
        if let Some(code) = self.insee.as_deref().or(self.postcode.as_deref()) {
            return Some(departement_of(code));
        }
        match (self.zone_kind.as_deref(), self.zone_code.as_deref()) {
            (Some("departement"), Some(code)) => Some(code.to_string()),
            (Some("commune"), Some(code)) => Some(departement_of(code)),
            _ => None,
        }
    }
}

/// The département of a commune's INSEE code or a postcode (`37261` -> `37`, `97411` -> `974`).
#[must_use]
pub fn departement_of(code: &str) -> String {
    let n = if code.starts_with("97") || code.starts_with("98") {
        3
    } else {
        2
    };
    code.chars().take(n).collect()
}

/// How much a barrier weighs on the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    Strong,
    Medium,
}

impl Strength {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Strong => "strong",
            Self::Medium => "medium",
        }
    }
}

/// A barrier the person rated strong or medium.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Barrier {
    pub theme: &'static Theme,
    pub strength: Strength,
}

/// The person's barriers with services to propose, strongest first (then in [`THEMES`]'s
/// order), from the answers' `frein:<theme>:<fort|moyen>` codes.
#[must_use]
pub fn barriers(answers: &BTreeMap<String, Answer>) -> Vec<Barrier> {
    let mut out: Vec<(usize, Barrier)> = Vec::new();
    for code in answers.values().flat_map(|a| a.codes.iter()) {
        let mut parts = code.split(':');
        let (Some("frein"), Some(theme), Some(impact)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let strength = match impact {
            "fort" => Strength::Strong,
            "moyen" => Strength::Medium,
            _ => continue,
        };
        let Some(at) = THEMES.iter().position(|t| t.frein == theme) else {
            continue;
        };
        if out.iter().all(|(i, _)| *i != at) {
            out.push((
                at,
                Barrier {
                    theme: &THEMES[at],
                    strength,
                },
            ));
        }
    }
    out.sort_by_key(|(at, b)| (b.strength, *at));
    out.into_iter().map(|(_, b)| b).collect()
}

/// Where the person lives, as the diagnostic asked it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    /// The commune's INSEE code, when the dialogue knows it.
    pub insee: Option<String>,
    pub departement: String,
}

/// The person's place from their answers: the commune they gave, found among the dialogue's
/// communes by its postcode (and its name, when several share the postcode).
#[must_use]
pub fn place(answers: &BTreeMap<String, Answer>, communes: &[Commune]) -> Option<Place> {
    let (postcode, commune) = answers.values().find_map(|a| match &a.value {
        Value::Place { postcode, commune } => Some((postcode, commune.as_deref())),
        _ => None,
    })?;
    let same_code = || communes.iter().filter(|c| &c.postcode == postcode);
    let named = commune.and_then(|n| same_code().find(|c| c.name.eq_ignore_ascii_case(n)));
    let insee = named
        .or_else(|| same_code().next())
        .and_then(|c| c.insee.clone());
    Some(Place {
        departement: departement_of(postcode),
        insee,
    })
}

/// A service found for the person, with its distance when the source measured it (km).
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub service: Service,
    pub distance: Option<f64>,
}

/// How near a service is: in the person's commune, in their département (or serving it), or
/// from a distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Nearness {
    Commune,
    Departement,
    Remote,
}

/// A service proposed for a barrier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposed {
    pub service: Service,
    /// The barrier's name ([`Theme::barrier`]).
    pub barrier: String,
    pub strength: Strength,
    pub nearness: Nearness,
}

/// How near a service is to the place, if it serves it at all.
#[must_use]
pub fn nearness(s: &Service, place: &Place) -> Option<Nearness> {
    let in_commune = place.insee.is_some() && s.insee == place.insee;
    if in_commune && s.on_site {
        return Some(Nearness::Commune);
    }
    let serves_commune = s.zone_kind.as_deref() == Some("commune") && s.zone_code == place.insee;
    let serves_departement = s.zone_kind.as_deref() == Some("departement")
        && s.zone_code.as_deref() == Some(place.departement.as_str());
    let in_departement = s.departement().as_deref() == Some(place.departement.as_str());
    if s.on_site && (in_commune || serves_commune || serves_departement || in_departement) {
        return Some(Nearness::Departement);
    }
    s.remote.then_some(Nearness::Remote)
}

/// The services to propose: for each barrier, strongest first, the nearest service that helps
/// with it and is not proposed yet, round after round, up to `max`.
#[must_use]
pub fn propose(
    candidates: &[Candidate],
    barriers: &[Barrier],
    place: &Place,
    max: usize,
) -> Vec<Proposed> {
    let mut ranked: Vec<Vec<(Nearness, &Candidate)>> = barriers
        .iter()
        .map(|b| {
            let mut list: Vec<(Nearness, &Candidate)> = candidates
                .iter()
                .filter(|c| b.theme.answered_by(&c.service.themes))
                .filter_map(|c| Some((nearness(&c.service, place)?, c)))
                .collect();
            list.sort_by(|(na, a), (nb, b)| {
                na.cmp(nb)
                    .then(
                        a.distance
                            .unwrap_or(f64::MAX)
                            .total_cmp(&b.distance.unwrap_or(f64::MAX)),
                    )
                    .then_with(|| a.service.name.cmp(&b.service.name))
                    .then_with(|| a.service.id.cmp(&b.service.id))
            });
            list.reverse();
            list
        })
        .collect();
    let mut out: Vec<Proposed> = Vec::new();
    let taken = |out: &[Proposed], s: &Service| {
        out.iter()
            .any(|p| p.service.source == s.source && p.service.id == s.id)
    };
    while out.len() < max {
        let mut added = false;
        for (b, list) in barriers.iter().zip(ranked.iter_mut()) {
            if out.len() >= max {
                break;
            }
            while let Some((nearness, c)) = list.pop() {
                if taken(&out, &c.service) {
                    continue;
                }
                out.push(Proposed {
                    service: c.service.clone(),
                    barrier: b.theme.barrier.to_string(),
                    strength: b.strength,
                    nearness,
                });
                added = true;
                break;
            }
        }
        if !added {
            break;
        }
    }
    out
}

/// The thématiques to ask a source for, for these barriers.
#[must_use]
pub fn thematiques(barriers: &[Barrier]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = barriers
        .iter()
        .flat_map(|b| b.theme.thematiques.iter().copied())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(codes: &[&str]) -> Answer {
        Answer {
            value: Value::Option("x".into()),
            codes: codes.iter().map(|c| (*c).to_string()).collect(),
            sensitive: false,
            at: 0,
        }
    }

    fn service(id: &str, theme: &str, insee: Option<&str>, remote: bool) -> Candidate {
        Candidate {
            service: Service {
                source: "t".into(),
                id: id.into(),
                name: id.into(),
                themes: vec![theme.into()],
                insee: insee.map(str::to_string),
                remote,
                on_site: !remote,
                ..Service::default()
            },
            distance: None,
        }
    }

    #[test]
    fn strong_before_medium_one_per_barrier_first_nearest_first() {
        let mut answers = BTreeMap::new();
        answers.insert("a".into(), answer(&["frein:logement:moyen"]));
        answers.insert("b".into(), answer(&["frein:mobilite:fort"]));
        answers.insert(
            "c".into(),
            answer(&["frein:sante:fort", "frein:argent:aucun"]),
        );
        let b = barriers(&answers);
        let names: Vec<&str> = b.iter().map(|b| b.theme.barrier).collect();
        assert_eq!(names, ["mobility", "housing"]);
        let here = Place {
            insee: Some("37261".into()),
            departement: "37".into(),
        };
        let candidates = vec![
            service("remote-car", "mobilite", None, true),
            service(
                "far-car",
                "mobilite--louer-un-vehicule",
                Some("37072"),
                false,
            ),
            service("car", "mobilite", Some("37261"), false),
            service("home", "logement-hebergement", Some("37261"), false),
            service("other-dept", "logement-hebergement", Some("41018"), false),
        ];
        let p = propose(&candidates, &b, &here, 3);
        let ids: Vec<&str> = p.iter().map(|p| p.service.id.as_str()).collect();
        assert_eq!(ids, ["car", "home", "far-car"]);
        assert_eq!(p[0].nearness, Nearness::Commune);
        assert_eq!(p[2].nearness, Nearness::Departement);
        assert!(propose(&candidates, &[], &here, 3).is_empty());
    }
}
