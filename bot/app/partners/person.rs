//! What partners' systems may know of a person: only what the person agreed to share with
//! partners (the diagnostic's sensitive answers only with that consent too), by the rule
//! the dashboard follows (`Host::shared`).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::app::{Host, HostError};
use crate::dialogue::Value as AnswerValue;
use crate::engine::Answer;

/// The step whose answer is the person's France Travail number.
pub const FRANCE_TRAVAIL_ID_STEP: &str = "ft_id";

impl Host {
    /// A person's stored answers, by step (the sensitive ones only if `sensitive`).
    pub async fn stored_answers(
        &self,
        person: &str,
        sensitive: bool,
    ) -> Result<BTreeMap<String, Answer>, HostError> {
        let mut answers = BTreeMap::new();
        for a in self.store.answers_of(person).await? {
            if a.sensitive && !sensitive {
                continue;
            }
            let Ok(value) = serde_json::from_str(&a.value) else {
                continue;
            };
            answers.insert(
                a.step.clone(),
                Answer {
                    value,
                    codes: a.codes.split_whitespace().map(str::to_string).collect(),
                    sensitive: a.sensitive,
                    at: 0,
                },
            );
        }
        Ok(answers)
    }

    /// What a partner's system is told of a person who shared their diagnostic: their
    /// contact, their France Travail number, the codes of their answers (the sensitive ones
    /// only if shared too) and the needs they named. `None` when they did not share it, or
    /// are erased.
    pub(super) async fn shared_person(&self, person: &str) -> Result<Option<Shared>, HostError> {
        let Some(sensitive) = self.shared(person).await? else {
            return Ok(None);
        };
        let answers = self.stored_answers(person, sensitive).await?;
        let channel = self.store.person_channel(person).await?;
        let address = self.store.person_contact(person).await?;
        let france_travail_id = answers
            .get(FRANCE_TRAVAIL_ID_STEP)
            .and_then(|a| match &a.value {
                AnswerValue::Text(t) => Some(t.trim().to_uppercase()),
                _ => None,
            })
            .filter(|t| !t.is_empty());
        let codes: Vec<&str> = answers
            .values()
            .flat_map(|a| a.codes.iter().map(String::as_str))
            .collect();
        let catalog = self.catalog();
        let needs: Vec<Value> = catalog
            .dialogue(&self.config.dialogue)
            .or_else(|| catalog.dialogues.first())
            .map(|d| crate::orientation::needs(d, &answers))
            .unwrap_or_default()
            .into_iter()
            .map(|n| json!({"step": n.step, "option": n.option, "codes": n.codes}))
            .collect();
        let contact = match (channel, address) {
            (Some((channel, locale)), Some(address)) => {
                json!({"channel": channel, "address": address, "locale": locale})
            }
            _ => Value::Null,
        };
        Ok(Some(Shared {
            france_travail_id: france_travail_id.clone(),
            person: json!({
                "id": person,
                "contact": contact,
                "france_travail_id": france_travail_id,
            }),
            diagnostic: json!({
                "sensitive_shared": sensitive,
                "codes": codes,
                "needs": needs,
            }),
            answers,
        }))
    }
}

/// What a person shared, as partners' systems read it.
#[derive(Debug, Clone)]
pub(super) struct Shared {
    pub france_travail_id: Option<String>,
    pub person: Value,
    pub diagnostic: Value,
    pub answers: BTreeMap<String, Answer>,
}
