//! Conversations before consent: held in this process's memory, or, when several instances
//! share the database, in its `pre_consent` table without any answer but the language.

use super::model::Unconsented;
use super::{Host, HostError};
use crate::core::ConvKey;
use crate::dialogue::Kind;
use crate::storage::StorageError;

impl Host {
    /// The pre-consent state of a conversation, from memory or the shared table.
    pub(super) async fn unconsented_of(
        &self,
        key: &ConvKey,
    ) -> Result<Option<Unconsented>, HostError> {
        if !self.shared {
            return Ok(self.memory.get(key).map(|c| c.clone()));
        }
        // An unreadable state (written by another version) starts the conversation over.
        Ok(self
            .store
            .pre_consent(key)
            .await?
            .and_then(|s| serde_json::from_str(&s).ok()))
    }

    /// Keeps the pre-consent state; in the shared table, without any answer but the language.
    pub(super) async fn keep_unconsented(
        &self,
        key: &ConvKey,
        mut c: Unconsented,
        now: i64,
    ) -> Result<(), HostError> {
        if !self.shared {
            self.memory.insert(key.clone(), c);
            return Ok(());
        }
        let dialogue = self.catalog.dialogue(&c.session.dialogue);
        c.session.answers.retain(|step, _| {
            dialogue
                .and_then(|d| d.step(step))
                .is_some_and(|s| s.def.kind == Kind::Language)
        });
        c.session.urgent.clear();
        c.session.offers.clear();
        let state = serde_json::to_string(&c).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        self.store.keep_pre_consent(key, &state, now).await?;
        Ok(())
    }

    /// Forgets the pre-consent state (consent given, or erased).
    pub(super) async fn forget_unconsented(&self, key: &ConvKey) -> Result<(), HostError> {
        self.memory.remove(key);
        if self.shared {
            self.store.forget_pre_consent(key).await?;
        }
        Ok(())
    }
}
