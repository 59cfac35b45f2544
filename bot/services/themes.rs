//! Which data·inclusion thématiques answer which barrier of the diagnostic: the one table of
//! the mapping. A barrier is read from its `frein:<theme>:<impact>` code; a service answers it
//! when one of its thématiques is one of the barrier's, or a sub-thématique of one
//! (`mobilite` covers `mobilite--louer-un-vehicule`).

/// A barrier the diagnostic rates, and the thématiques of the services that help with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// The theme of the `frein:<theme>:<impact>` code.
    pub frein: &'static str,
    /// The barrier's own name, in the messages' ids (`services-barrier-<it>`).
    pub barrier: &'static str,
    /// The thématiques (or categories of thématiques) asked for and matched.
    pub thematiques: &'static [&'static str],
}

/// The barriers local services are proposed for, in the order of equal strengths. Health is
/// not among them: it is sensitive, and never leaves in a query.
pub const THEMES: &[Theme] = &[
    Theme {
        frein: "mobilite",
        barrier: "mobility",
        thematiques: &["mobilite"],
    },
    Theme {
        frein: "famille",
        barrier: "childcare",
        thematiques: &[
            "famille--garde-denfants",
            "famille--soutien-aux-familles",
            "famille--soutien-a-la-parentalite",
        ],
    },
    Theme {
        frein: "logement",
        barrier: "housing",
        thematiques: &["logement-hebergement"],
    },
    Theme {
        frein: "langue",
        barrier: "language",
        thematiques: &["apprendre-francais", "illettrisme"],
    },
    Theme {
        frein: "numerique",
        barrier: "digital",
        thematiques: &["numerique"],
    },
    Theme {
        frein: "argent",
        barrier: "money",
        thematiques: &["gestion-financiere", "difficultes-financieres"],
    },
    Theme {
        frein: "administratif",
        barrier: "admin",
        thematiques: &[
            "acces-aux-droits-et-citoyennete--accompagnement-dans-les-demarches-administratives",
            "acces-aux-droits-et-citoyennete--connaitre-ses-droits",
        ],
    },
];

impl Theme {
    /// The theme of a barrier by its name.
    #[must_use]
    pub fn named(barrier: &str) -> Option<&'static Self> {
        THEMES.iter().find(|t| t.barrier == barrier)
    }

    /// Whether a service with these thématiques helps with this barrier.
    #[must_use]
    pub fn answered_by(&self, thematiques: &[String]) -> bool {
        thematiques.iter().any(|t| {
            self.thematiques.iter().any(|mine| {
                t == mine
                    || t.strip_prefix(mine)
                        .is_some_and(|rest| rest.starts_with("--"))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_category_covers_its_sub_thematiques_only() {
        let mobility = Theme::named("mobility").unwrap();
        assert!(mobility.answered_by(&["mobilite--louer-un-vehicule".into()]));
        assert!(mobility.answered_by(&["mobilite".into()]));
        assert!(!mobility.answered_by(&["mobilites".into()]));
        let childcare = Theme::named("childcare").unwrap();
        assert!(childcare.answered_by(&["famille--garde-denfants".into()]));
        assert!(!childcare.answered_by(&["famille--violences-intrafamiliales".into()]));
    }
}
