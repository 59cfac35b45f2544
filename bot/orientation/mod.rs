//! The orientation proposal (PURE): from a person's answers to a parcours (Emploi, Global,
//! Social), a lead body, the reasons, the needs with their codes and secondary partners,
//! following the national criteria of 2024 (arrêté du 21 novembre 2024). The bot proposes; the
//! competent body decides, and staff can override with a reason.
//!
//! The answers speak to this module through codes carried by the dialogue's options:
//! `crit:*` for the criteria, `frein:<theme>:<impact>` for barriers, and the field's codes
//! (`ft-contrainte:*`, `ft-situation:*`, `ft-besoin:*`, `cdb:*`) for needs.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::dialogue::{Answer, Dialogue, Kind, Value};

pub use crate::core::{Body, Parcours};

/// The age under which a young person is oriented to the Mission Locale.
pub const YOUNG_BELOW: i64 = 26;

/// The ages where the orientation changes: a year of birth alone cannot tell which side of
/// them a person is, so the engine asks the month too.
pub const AGE_THRESHOLDS: &[i64] = &[YOUNG_BELOW];

/// A barrier theme, as the diagnostic groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    Mobilite,
    Famille,
    Sante,
    Langue,
    Logement,
    Argent,
    Administratif,
    Numerique,
}

impl Theme {
    pub const ALL: [Self; 8] = [
        Self::Mobilite,
        Self::Famille,
        Self::Sante,
        Self::Langue,
        Self::Logement,
        Self::Argent,
        Self::Administratif,
        Self::Numerique,
    ];

    /// The name used in codes and message ids.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mobilite => "mobilite",
            Self::Famille => "famille",
            Self::Sante => "sante",
            Self::Langue => "langue",
            Self::Logement => "logement",
            Self::Argent => "argent",
            Self::Administratif => "administratif",
            Self::Numerique => "numerique",
        }
    }
}

/// How much a barrier weighs on getting back to work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    Aucun,
    Moyen,
    Fort,
}

/// Whether the person sees themself working soon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Readiness {
    Ready,
    WithHelp,
    NotNow,
}

/// A partner for one barrier, beside the lead body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Partner {
    Ccas,
    Caf,
    Siao,
    FranceServices,
    Cpam,
    Mdph,
    CapEmploi,
    ConseillerNumerique,
    AteliersFrancais,
    PlateformeMobilite,
    PointJustice,
}

impl Partner {
    /// The name used in message ids and exports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ccas => "ccas",
            Self::Caf => "caf",
            Self::Siao => "siao",
            Self::FranceServices => "france-services",
            Self::Cpam => "cpam",
            Self::Mdph => "mdph",
            Self::CapEmploi => "cap-emploi",
            Self::ConseillerNumerique => "conseiller-numerique",
            Self::AteliersFrancais => "ateliers-francais",
            Self::PlateformeMobilite => "plateforme-mobilite",
            Self::PointJustice => "point-justice",
        }
    }
}

/// Why the proposal is what it is; each has a message `orientation-reason-<name>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Under26,
    Rsa,
    RsaClaim,
    DisabilityRecognition,
    DisabilityClaim,
    NoRecentWork,
    NotQualified,
    NotReady,
    ReadyWithHelp,
    StrongBarriers(usize),
    MediumBarriers(usize),
    ReadyNoStrongBarrier,
    Urgent,
    /// No shelter tonight, violence or danger: the Département's social service first.
    SafetyFirst,
}

impl Reason {
    /// The message id of the reason.
    #[must_use]
    pub fn msg_id(&self) -> &'static str {
        match self {
            Self::Under26 => "orientation-reason-under-26",
            Self::Rsa => "orientation-reason-rsa",
            Self::RsaClaim => "orientation-reason-rsa-claim",
            Self::DisabilityRecognition => "orientation-reason-disability",
            Self::DisabilityClaim => "orientation-reason-disability-claim",
            Self::NoRecentWork => "orientation-reason-no-recent-work",
            Self::NotQualified => "orientation-reason-not-qualified",
            Self::NotReady => "orientation-reason-not-ready",
            Self::ReadyWithHelp => "orientation-reason-ready-with-help",
            Self::StrongBarriers(_) => "orientation-reason-strong-barriers",
            Self::MediumBarriers(_) => "orientation-reason-medium-barriers",
            Self::ReadyNoStrongBarrier => "orientation-reason-ready",
            Self::Urgent => "orientation-reason-urgent",
            Self::SafetyFirst => "orientation-reason-safety-first",
        }
    }

    /// The count the reason carries, if any.
    #[must_use]
    pub fn count(&self) -> Option<usize> {
        match self {
            Self::StrongBarriers(n) | Self::MediumBarriers(n) => Some(*n),
            _ => None,
        }
    }
}

/// The urgent situations that make the Département's social service the first appointment.
pub const SAFETY_FIRST: [&str; 4] = ["no_housing_tonight", "violence", "danger", "child_danger"];

/// What the criteria read from the answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub age: Option<i64>,
    pub rsa: bool,
    pub rsa_claim: bool,
    pub disability: bool,
    pub disability_claim: bool,
    /// Worked at some point in the last two years (`None`: not known).
    pub recent_work: Option<bool>,
    pub qualified: Option<bool>,
    pub readiness: Option<Readiness>,
    pub barriers: BTreeMap<Theme, Impact>,
    pub urgent: BTreeSet<String>,
    /// Every code of every answer, in step order.
    pub codes: Vec<String>,
}

/// A step and option the person chose that names a need, with its codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Need {
    pub step: String,
    pub option: String,
    pub codes: Vec<String>,
}

/// The proposal shown to the person and to staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub parcours: Parcours,
    pub lead: Body,
    /// A second body for a coordinated first appointment (parcours Global).
    pub with: Option<Body>,
    pub reasons: Vec<Reason>,
    pub secondary: Vec<Partner>,
    pub urgent: Vec<String>,
}

/// Reads the criteria from the answers of a dialogue.
#[must_use]
pub fn facts(dialogue: &Dialogue, answers: &BTreeMap<String, Answer>) -> Facts {
    let mut f = Facts::default();
    for step in &dialogue.steps {
        let Some(a) = answers.get(&step.def.id) else {
            continue;
        };
        if step.def.kind == Kind::Age {
            if let Value::Number(n) = a.value {
                f.age = Some(n);
            }
        }
        for code in &a.codes {
            f.codes.push(code.clone());
            read_code(&mut f, code);
        }
    }
    f
}

fn read_code(f: &mut Facts, code: &str) {
    match code {
        "crit:rsa" => f.rsa = true,
        "crit:rsa-demande" => f.rsa_claim = true,
        "crit:boe" => f.disability = true,
        "crit:boe-demande" => f.disability_claim = true,
        "crit:activite-2ans" => f.recent_work = Some(true),
        "crit:sans-activite-2ans" => f.recent_work = Some(false),
        "crit:qualifie" => f.qualified = Some(true),
        "crit:non-qualifie" => f.qualified = Some(false),
        "crit:pret" => f.readiness = Some(Readiness::Ready),
        "crit:pret-accompagne" => f.readiness = Some(Readiness::WithHelp),
        "crit:pas-pret" => f.readiness = Some(Readiness::NotNow),
        _ => {
            if let Some(rest) = code.strip_prefix("frein:") {
                let mut parts = rest.split(':');
                let theme = parts
                    .next()
                    .and_then(|t| Theme::ALL.into_iter().find(|x| x.as_str() == t));
                let impact = match parts.next() {
                    Some("fort") => Some(Impact::Fort),
                    Some("moyen") => Some(Impact::Moyen),
                    Some("aucun") => Some(Impact::Aucun),
                    _ => None,
                };
                if let (Some(t), Some(i)) = (theme, impact) {
                    let e = f.barriers.entry(t).or_insert(i);
                    *e = (*e).max(i);
                }
            } else if let Some(kind) = code.strip_prefix("urgent:") {
                f.urgent.insert(kind.to_string());
            }
        }
    }
}

/// The proposal for these facts.
#[must_use]
pub fn propose(f: &Facts) -> Proposal {
    let strong = f.barriers.values().filter(|i| **i == Impact::Fort).count();
    let medium = f.barriers.values().filter(|i| **i == Impact::Moyen).count();
    let not_ready = f.readiness == Some(Readiness::NotNow);
    let far_from_work = f.recent_work == Some(false) && f.qualified == Some(false);
    let mut reasons = Vec::new();

    let parcours = if (not_ready && (strong >= 1 || medium >= 2)) || strong >= 3 {
        Parcours::Social
    } else if strong >= 1 || medium >= 2 || not_ready || far_from_work {
        Parcours::Global
    } else {
        Parcours::Emploi
    };

    let young = f.age.is_some_and(|a| a < YOUNG_BELOW);
    let rsa = f.rsa || f.rsa_claim;
    let usual_lead = if young && !(rsa && parcours == Parcours::Social) {
        Body::MissionLocale
    } else if f.disability && parcours != Parcours::Social {
        Body::CapEmploi
    } else if parcours == Parcours::Social {
        Body::ConseilDepartemental
    } else {
        Body::FranceTravail
    };
    // No shelter tonight, violence or danger: the Département's social service comes first,
    // whatever the readiness; a parcours Emploi becomes Global, its usual lead joining in.
    let safety_first = f.urgent.iter().any(|k| SAFETY_FIRST.contains(&k.as_str()));
    let parcours = if safety_first && parcours == Parcours::Emploi {
        Parcours::Global
    } else {
        parcours
    };
    let (lead, with) = if safety_first {
        let joining = match (parcours, usual_lead) {
            (Parcours::Global, b) if b != Body::ConseilDepartemental => Some(b),
            (Parcours::Global, _) => Some(Body::FranceTravail),
            _ => None,
        };
        (Body::ConseilDepartemental, joining)
    } else {
        let with = match (parcours, usual_lead) {
            (Parcours::Global, Body::FranceTravail | Body::CapEmploi) => {
                Some(Body::ConseilDepartemental)
            }
            _ => None,
        };
        (usual_lead, with)
    };

    if young {
        reasons.push(Reason::Under26);
    }
    if f.rsa {
        reasons.push(Reason::Rsa);
    } else if f.rsa_claim {
        reasons.push(Reason::RsaClaim);
    }
    if f.disability {
        reasons.push(Reason::DisabilityRecognition);
    } else if f.disability_claim {
        reasons.push(Reason::DisabilityClaim);
    }
    if strong > 0 {
        reasons.push(Reason::StrongBarriers(strong));
    }
    if medium > 0 && (strong == 0 || parcours != Parcours::Emploi) {
        reasons.push(Reason::MediumBarriers(medium));
    }
    match f.readiness {
        Some(Readiness::NotNow) => reasons.push(Reason::NotReady),
        Some(Readiness::WithHelp) => reasons.push(Reason::ReadyWithHelp),
        _ => {}
    }
    if f.recent_work == Some(false) {
        reasons.push(Reason::NoRecentWork);
    }
    if f.qualified == Some(false) {
        reasons.push(Reason::NotQualified);
    }
    if parcours == Parcours::Emploi && strong == 0 {
        reasons.push(Reason::ReadyNoStrongBarrier);
    }
    if safety_first {
        reasons.push(Reason::SafetyFirst);
    } else if !f.urgent.is_empty() {
        reasons.push(Reason::Urgent);
    }

    Proposal {
        parcours,
        lead,
        with,
        reasons,
        secondary: secondary(f, lead),
        urgent: f.urgent.iter().cloned().collect(),
    }
}

/// Partners for the barriers that weigh, beside the lead body.
fn secondary(f: &Facts, lead: Body) -> Vec<Partner> {
    let mut out = BTreeSet::new();
    for (theme, impact) in &f.barriers {
        if *impact == Impact::Aucun {
            continue;
        }
        match theme {
            Theme::Logement => {
                out.insert(Partner::Ccas);
            }
            Theme::Argent => {
                out.insert(Partner::Caf);
                out.insert(Partner::Ccas);
            }
            Theme::Numerique => {
                out.insert(Partner::ConseillerNumerique);
            }
            Theme::Sante => {
                out.insert(Partner::Cpam);
            }
            Theme::Famille => {
                out.insert(Partner::Caf);
            }
            Theme::Langue => {
                out.insert(Partner::AteliersFrancais);
            }
            Theme::Administratif => {
                out.insert(Partner::FranceServices);
            }
            Theme::Mobilite => {
                out.insert(Partner::PlateformeMobilite);
            }
        }
    }
    if f.urgent.contains("no_housing_tonight") {
        out.insert(Partner::Siao);
    }
    if f.codes
        .iter()
        .any(|c| c == "cdb:difficulte_administrative:juridique")
    {
        out.insert(Partner::PointJustice);
    }
    if f.disability_claim {
        out.insert(Partner::Mdph);
    }
    if f.disability && lead != Body::CapEmploi {
        out.insert(Partner::CapEmploi);
    }
    out.into_iter().collect()
}

/// The options a person chose that name a need (a coded situation, goal or besoin), in step
/// order: what the closing message gives back in the person's own words.
#[must_use]
pub fn needs(dialogue: &Dialogue, answers: &BTreeMap<String, Answer>) -> Vec<Need> {
    let mut out = Vec::new();
    for step in &dialogue.steps {
        let Some(a) = answers.get(&step.def.id) else {
            continue;
        };
        for o in a.value.option_ids() {
            let codes: Vec<String> = dialogue
                .option_codes(step, o)
                .iter()
                .filter(|c| {
                    c.starts_with("ft-situation:")
                        || c.starts_with("ft-besoin:")
                        || c.starts_with("cdb:")
                })
                .cloned()
                .collect();
            if !codes.is_empty() && step.def.kind == Kind::Multi {
                out.push(Need {
                    step: step.def.id.clone(),
                    option: o.to_string(),
                    codes,
                });
            }
        }
    }
    out
}
