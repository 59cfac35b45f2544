//! What a person answered to a step: the value the dialogue's kinds produce, with the field's
//! codes and whether it is sensitive. The engine records them; orientation reads them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An answer as the engine keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Value {
    Option(String),
    Options(Vec<String>),
    Number(i64),
    Date(NaiveDate),
    Text(String),
    Place {
        postcode: String,
        commune: Option<String>,
    },
    Phone(String),
    /// The person skipped a skippable step.
    Skipped,
    /// The person chose "I'd rather not say".
    RatherNot,
    /// A sensitive step not asked, for want of the sensitive-data consent.
    Withheld,
}

impl Value {
    /// Whether the value carries something the person said about themself.
    #[must_use]
    pub fn is_answer(&self) -> bool {
        !matches!(self, Self::Skipped | Self::RatherNot | Self::Withheld)
    }

    /// The option ids the value holds, if any.
    #[must_use]
    pub fn option_ids(&self) -> Vec<&str> {
        match self {
            Self::Option(o) => vec![o.as_str()],
            Self::Options(v) => v.iter().map(String::as_str).collect(),
            Self::RatherNot => vec!["rather_not"],
            _ => Vec::new(),
        }
    }
}

/// A recorded answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub value: Value,
    /// The field's codes (France Travail, carnet de bord) for this answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<String>,
    /// Health, disability or justice data.
    #[serde(default)]
    pub sensitive: bool,
    pub at: i64,
}
