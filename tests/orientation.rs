//! The orientation proposal, persona by persona: every parcours, every lead body and the edge
//! cases of the 2024 criteria (25 against 26 years old, an RSA claim in progress, a disability
//! question not answered, every barrier strong, none).

mod support;

use std::collections::BTreeMap;

use tremplin::orientation::{
    Body, Facts, Impact, Parcours, Partner, Readiness, Reason, Theme, facts, propose,
};

struct Persona {
    name: &'static str,
    facts: Facts,
    parcours: Parcours,
    lead: Body,
    with: Option<Body>,
}

fn barriers(list: &[(Theme, Impact)]) -> BTreeMap<Theme, Impact> {
    list.iter().copied().collect()
}

fn f(age: i64) -> Facts {
    Facts {
        age: Some(age),
        recent_work: Some(true),
        qualified: Some(true),
        readiness: Some(Readiness::Ready),
        ..Facts::default()
    }
}

#[allow(
    clippy::too_many_lines,
    reason = "one table of personas reads best in one place"
)]
fn personas() -> Vec<Persona> {
    use Body::*;
    use Impact::*;
    use Parcours::*;
    use Theme::*;
    let p = |name, facts, parcours, lead, with| Persona {
        name,
        facts,
        parcours,
        lead,
        with,
    };
    vec![
        p(
            "ready adult, no barrier",
            f(40),
            Emploi,
            FranceTravail,
            None,
        ),
        p("ready young person", f(19), Emploi, MissionLocale, None),
        p(
            "25 years old is still young",
            f(25),
            Emploi,
            MissionLocale,
            None,
        ),
        p(
            "26 years old is an adult",
            f(26),
            Emploi,
            FranceTravail,
            None,
        ),
        p(
            "age unknown",
            Facts { age: None, ..f(0) },
            Emploi,
            FranceTravail,
            None,
        ),
        p(
            "adult with RQTH, ready",
            Facts {
                disability: true,
                ..f(45)
            },
            Emploi,
            CapEmploi,
            None,
        ),
        p(
            "young with RQTH: Mission Locale leads",
            Facts {
                disability: true,
                ..f(22)
            },
            Emploi,
            MissionLocale,
            None,
        ),
        p(
            "MDPH file in progress only",
            Facts {
                disability_claim: true,
                ..f(50)
            },
            Emploi,
            FranceTravail,
            None,
        ),
        p(
            "disability question not answered",
            Facts {
                disability: false,
                disability_claim: false,
                ..f(38)
            },
            Emploi,
            FranceTravail,
            None,
        ),
        p(
            "RSA, ready, no barrier",
            Facts { rsa: true, ..f(35) },
            Emploi,
            FranceTravail,
            None,
        ),
        p(
            "RSA claim in progress, ready",
            Facts {
                rsa_claim: true,
                ..f(33)
            },
            Emploi,
            FranceTravail,
            None,
        ),
        p(
            "one medium barrier stays Emploi",
            Facts {
                barriers: barriers(&[(Mobilite, Moyen)]),
                ..f(41)
            },
            Emploi,
            FranceTravail,
            None,
        ),
        p(
            "a barrier with no impact stays Emploi",
            Facts {
                barriers: barriers(&[(Numerique, Aucun), (Argent, Aucun)]),
                ..f(41)
            },
            Emploi,
            FranceTravail,
            None,
        ),
        p(
            "one strong barrier: Global",
            Facts {
                barriers: barriers(&[(Logement, Fort)]),
                ..f(41)
            },
            Global,
            FranceTravail,
            Some(ConseilDepartemental),
        ),
        p(
            "two medium barriers: Global",
            Facts {
                barriers: barriers(&[(Mobilite, Moyen), (Famille, Moyen)]),
                ..f(30)
            },
            Global,
            FranceTravail,
            Some(ConseilDepartemental),
        ),
        p(
            "RSA with a strong barrier: Global, joint appointment",
            Facts {
                rsa: true,
                barriers: barriers(&[(Sante, Fort)]),
                ..f(52)
            },
            Global,
            FranceTravail,
            Some(ConseilDepartemental),
        ),
        p(
            "RQTH with a strong barrier: Cap emploi and the Département",
            Facts {
                disability: true,
                barriers: barriers(&[(Sante, Fort)]),
                ..f(47)
            },
            Global,
            CapEmploi,
            Some(ConseilDepartemental),
        ),
        p(
            "young with a strong barrier: Mission Locale alone",
            Facts {
                barriers: barriers(&[(Logement, Fort)]),
                ..f(21)
            },
            Global,
            MissionLocale,
            None,
        ),
        p(
            "far from work: no work for 2 years and no diploma",
            Facts {
                recent_work: Some(false),
                qualified: Some(false),
                ..f(44)
            },
            Global,
            FranceTravail,
            Some(ConseilDepartemental),
        ),
        p(
            "no recent work but qualified: Emploi",
            Facts {
                recent_work: Some(false),
                ..f(44)
            },
            Emploi,
            FranceTravail,
            None,
        ),
        p(
            "not qualified but recent work: Emploi",
            Facts {
                qualified: Some(false),
                ..f(29)
            },
            Emploi,
            FranceTravail,
            None,
        ),
        p(
            "not ready, no barrier: Global",
            Facts {
                readiness: Some(Readiness::NotNow),
                ..f(36)
            },
            Global,
            FranceTravail,
            Some(ConseilDepartemental),
        ),
        p(
            "ready with help, no barrier: Emploi",
            Facts {
                readiness: Some(Readiness::WithHelp),
                ..f(36)
            },
            Emploi,
            FranceTravail,
            None,
        ),
        p(
            "not ready with a strong barrier: Social",
            Facts {
                readiness: Some(Readiness::NotNow),
                barriers: barriers(&[(Sante, Fort)]),
                ..f(55)
            },
            Social,
            ConseilDepartemental,
            None,
        ),
        p(
            "not ready with two medium barriers: Social",
            Facts {
                readiness: Some(Readiness::NotNow),
                barriers: barriers(&[(Argent, Moyen), (Logement, Moyen)]),
                ..f(39)
            },
            Social,
            ConseilDepartemental,
            None,
        ),
        p(
            "three strong barriers: Social even if ready",
            Facts {
                barriers: barriers(&[(Logement, Fort), (Argent, Fort), (Langue, Fort)]),
                ..f(31)
            },
            Social,
            ConseilDepartemental,
            None,
        ),
        p(
            "every barrier strong",
            Facts {
                barriers: Theme::ALL.iter().map(|t| (*t, Fort)).collect(),
                ..f(48)
            },
            Social,
            ConseilDepartemental,
            None,
        ),
        p(
            "every barrier strong, with RSA",
            Facts {
                rsa: true,
                barriers: Theme::ALL.iter().map(|t| (*t, Fort)).collect(),
                ..f(48)
            },
            Social,
            ConseilDepartemental,
            None,
        ),
        p(
            "young in Social without RSA: Mission Locale",
            Facts {
                readiness: Some(Readiness::NotNow),
                barriers: barriers(&[(Logement, Fort)]),
                ..f(20)
            },
            Social,
            MissionLocale,
            None,
        ),
        p(
            "young in Social with RSA: the Département",
            Facts {
                rsa: true,
                readiness: Some(Readiness::NotNow),
                barriers: barriers(&[(Logement, Fort)]),
                ..f(24)
            },
            Social,
            ConseilDepartemental,
            None,
        ),
        p(
            "RQTH in Social: the Département",
            Facts {
                disability: true,
                readiness: Some(Readiness::NotNow),
                barriers: barriers(&[(Sante, Fort)]),
                ..f(57)
            },
            Social,
            ConseilDepartemental,
            None,
        ),
        p(
            "nothing known at all",
            Facts::default(),
            Emploi,
            FranceTravail,
            None,
        ),
        p(
            "everything rather not say except age",
            Facts {
                age: Some(33),
                ..Facts::default()
            },
            Emploi,
            FranceTravail,
            None,
        ),
    ]
}

#[test]
fn every_persona_gets_the_expected_proposal() {
    let all = personas();
    assert!(all.len() >= 30);
    let mut failures = Vec::new();
    for p in &all {
        let got = propose(&p.facts);
        if (got.parcours, got.lead, got.with) != (p.parcours, p.lead, p.with) {
            failures.push(format!(
                "{}: expected {:?}/{:?}/{:?}, got {:?}/{:?}/{:?}",
                p.name, p.parcours, p.lead, p.with, got.parcours, got.lead, got.with
            ));
        }
        assert!(
            !got.reasons.is_empty() || p.facts == Facts::default() || p.facts.age.is_some(),
            "{}: no reason given",
            p.name
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The table covers every parcours and every lead body.
    for parcours in [Parcours::Emploi, Parcours::Global, Parcours::Social] {
        assert!(all.iter().any(|p| p.parcours == parcours), "{parcours:?}");
    }
    for lead in [
        Body::FranceTravail,
        Body::MissionLocale,
        Body::CapEmploi,
        Body::ConseilDepartemental,
    ] {
        assert!(all.iter().any(|p| p.lead == lead), "{lead:?}");
    }
}

#[test]
fn reasons_say_why() {
    let p = propose(&Facts {
        rsa: true,
        barriers: barriers(&[(Theme::Logement, Impact::Fort)]),
        ..f(24)
    });
    assert_eq!(
        p.reasons,
        vec![Reason::Under26, Reason::Rsa, Reason::StrongBarriers(1)]
    );
    let p = propose(&f(40));
    assert_eq!(p.reasons, vec![Reason::ReadyNoStrongBarrier]);
    let p = propose(&Facts {
        readiness: Some(Readiness::NotNow),
        recent_work: Some(false),
        qualified: Some(false),
        ..f(50)
    });
    assert_eq!(
        p.reasons,
        vec![Reason::NotReady, Reason::NoRecentWork, Reason::NotQualified]
    );
}

#[test]
fn secondary_partners_follow_the_barriers() {
    let mut facts = Facts {
        barriers: barriers(&[
            (Theme::Logement, Impact::Fort),
            (Theme::Argent, Impact::Moyen),
            (Theme::Numerique, Impact::Aucun),
            (Theme::Langue, Impact::Moyen),
        ]),
        disability_claim: true,
        ..f(40)
    };
    facts.urgent.insert("no_housing_tonight".into());
    let p = propose(&facts);
    assert_eq!(
        p.secondary,
        vec![
            Partner::Ccas,
            Partner::Caf,
            Partner::Siao,
            Partner::Mdph,
            Partner::AteliersFrancais
        ]
    );
    assert_eq!(p.urgent, vec!["no_housing_tonight".to_string()]);
    assert!(p.reasons.contains(&Reason::SafetyFirst));
    // Someone with a disability recognition led by another body is pointed to Cap emploi.
    let p = propose(&Facts {
        disability: true,
        ..f(20)
    });
    assert!(p.secondary.contains(&Partner::CapEmploi));
}

#[test]
fn facts_are_read_from_the_codes_of_real_answers() {
    use tremplin::engine::{Answer, Value};
    let catalog = support::catalog();
    let d = catalog.dialogue("diagnostic").unwrap();
    let a = |value: Value, codes: &[&str]| Answer {
        value,
        codes: codes.iter().map(|c| (*c).to_string()).collect(),
        sensitive: false,
        at: 0,
    };
    let mut answers = BTreeMap::new();
    answers.insert("age".to_string(), a(Value::Number(24), &[]));
    answers.insert(
        "rsa".to_string(),
        a(Value::Option("claim".into()), &["crit:rsa-demande"]),
    );
    answers.insert(
        "without_work".to_string(),
        a(Value::Option("more5".into()), &["crit:sans-activite-2ans"]),
    );
    answers.insert(
        "housing_impact".to_string(),
        a(Value::Option("strong".into()), &["frein:logement:fort"]),
    );
    answers.insert(
        "money_impact".to_string(),
        a(Value::Option("none".into()), &["frein:argent:aucun"]),
    );
    answers.insert(
        "housing_situations".to_string(),
        a(
            Value::Options(vec!["no_shelter_tonight".into()]),
            &["ft-situation:24", "urgent:no_housing_tonight"],
        ),
    );
    let got = facts(d, &answers);
    assert_eq!(got.age, Some(24));
    assert!(got.rsa_claim && !got.rsa);
    assert_eq!(got.recent_work, Some(false));
    assert_eq!(
        got.barriers,
        barriers(&[
            (Theme::Logement, Impact::Fort),
            (Theme::Argent, Impact::Aucun)
        ])
    );
    assert!(got.urgent.contains("no_housing_tonight"));
    let needs = tremplin::orientation::needs(d, &answers);
    assert_eq!(needs.len(), 1);
    assert_eq!(needs[0].option, "no_shelter_tonight");
}

#[tokio::test]
async fn staff_read_the_diagnostic_in_french_with_codes_whatever_the_persons_language() {
    use tremplin::core::{Channel, ConvKey};
    let (host, _) = support::host(support::memory_store().await);
    let k = ConvKey::new(Channel::Console, "staff-summary");
    support::say(&host, &k, None, None).await;
    for line in [
        "English",
        "yes",
        "yes",
        "yes",
        "30",
        "37000",
        "no",
        "no",
        "none",
        "alone",
        "looking",
        "2",
        "bac",
        "with help",
        "job",
        "cv",
        "housing",
        "no",
        "rent",
        "a lot",
    ] {
        support::say(&host, &k, Some(line), None).await;
    }
    let session = host.session_of(&k).await.unwrap().unwrap();
    assert_eq!(session.locale, "en");
    let catalog = support::catalog();
    let d = catalog.dialogue("diagnostic").unwrap();
    let summary = tremplin::i18n::summary::staff_summary(&catalog.locales, d, &session.answers);
    let line = |step: &str| {
        summary
            .lines
            .iter()
            .find(|l| l.step == step)
            .unwrap_or_else(|| panic!("no line for {step}: {:?}", summary.lines))
    };
    assert_eq!(line("age").label, "Âge");
    assert_eq!(line("age").value, "30");
    assert_eq!(line("situation").value, "Je cherche un travail");
    assert_eq!(
        line("housing_situations").value,
        "J'ai du mal à payer le loyer"
    );
    assert_eq!(
        line("housing_situations").codes,
        vec!["ft-situation:26", "cdb:logement"]
    );
    assert_eq!(line("housing_impact").codes, vec!["frein:logement:fort"]);
    assert!(
        summary.proposal_text.iter().any(|t| t
            == "Parcours proposé : « Global », pour le travail et vos difficultés en même temps"),
        "{:?}",
        summary.proposal_text
    );
    assert!(
        summary
            .proposal_text
            .iter()
            .any(|t| t.starts_with("Organisme référent proposé : France Travail"))
    );
}

#[test]
fn no_shelter_violence_or_danger_make_the_departements_social_service_the_first_appointment() {
    use Body::*;
    use Parcours::*;
    let urgent = |kind: &str, facts: Facts| {
        let mut facts = facts;
        facts.urgent.insert(kind.to_string());
        facts
    };
    let with_help = |age| Facts {
        readiness: Some(Readiness::WithHelp),
        ..f(age)
    };
    let housing_strong = |readiness| Facts {
        readiness: Some(readiness),
        barriers: barriers(&[(Theme::Logement, Impact::Fort)]),
        ..f(40)
    };
    let cases: Vec<(&str, Facts, Parcours, Body, Option<Body>)> = vec![
        (
            "no shelter, could work with some help",
            urgent("no_housing_tonight", with_help(40)),
            Global,
            ConseilDepartemental,
            Some(FranceTravail),
        ),
        (
            "no shelter, ready, nothing else",
            urgent("no_housing_tonight", f(40)),
            Global,
            ConseilDepartemental,
            Some(FranceTravail),
        ),
        (
            "no shelter, housing weighs, with help",
            urgent("no_housing_tonight", housing_strong(Readiness::WithHelp)),
            Global,
            ConseilDepartemental,
            Some(FranceTravail),
        ),
        (
            "no shelter, housing weighs, not now",
            urgent("no_housing_tonight", housing_strong(Readiness::NotNow)),
            Social,
            ConseilDepartemental,
            None,
        ),
        (
            "violence, ready",
            urgent("violence", f(35)),
            Global,
            ConseilDepartemental,
            Some(FranceTravail),
        ),
        (
            "violence, 20 years old",
            urgent("violence", f(20)),
            Global,
            ConseilDepartemental,
            Some(MissionLocale),
        ),
        (
            "violence, 20, not now, family weighs",
            urgent(
                "violence",
                Facts {
                    readiness: Some(Readiness::NotNow),
                    barriers: barriers(&[(Theme::Famille, Impact::Fort)]),
                    ..f(20)
                },
            ),
            Social,
            ConseilDepartemental,
            None,
        ),
        (
            "danger, disability recognition",
            urgent(
                "danger",
                Facts {
                    disability: true,
                    ..with_help(45)
                },
            ),
            Global,
            ConseilDepartemental,
            Some(CapEmploi),
        ),
        (
            "child in danger, RSA",
            urgent(
                "child_danger",
                Facts {
                    rsa: true,
                    ..with_help(30)
                },
            ),
            Global,
            ConseilDepartemental,
            Some(FranceTravail),
        ),
        (
            "child in danger, not now",
            urgent(
                "child_danger",
                Facts {
                    readiness: Some(Readiness::NotNow),
                    ..f(30)
                },
            ),
            Global,
            ConseilDepartemental,
            Some(FranceTravail),
        ),
    ];
    for (name, facts, parcours, lead, with) in cases {
        let p = propose(&facts);
        assert_eq!(
            (p.parcours, p.lead, p.with),
            (parcours, lead, with),
            "{name}"
        );
        assert!(
            p.reasons.contains(&Reason::SafetyFirst),
            "{name}: {:?}",
            p.reasons
        );
        assert!(
            !p.reasons.contains(&Reason::ReadyNoStrongBarrier),
            "{name}: {:?}",
            p.reasons
        );
    }
    // No food or dark thoughts are answered at once, yet leave the orientation as it was.
    for kind in ["no_food", "suicide"] {
        let p = propose(&urgent(kind, f(40)));
        assert_eq!(
            (p.parcours, p.lead, p.with),
            (Emploi, FranceTravail, None),
            "{kind}"
        );
        assert!(p.reasons.contains(&Reason::Urgent), "{kind}");
    }
}
