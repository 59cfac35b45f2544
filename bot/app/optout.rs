//! Opt-out: an address that said STOP (or blocked the bot, or can no longer be reached) gets
//! nothing until it says START. Every channel and the outbox worker go through here.

use super::{Host, HostError};
use crate::core::ConvKey;

impl Host {
    /// Stops all sending to an address. Returns whether it was stopped already, so that a
    /// second STOP is not confirmed again.
    pub async fn opt_out(&self, key: &ConvKey) -> Result<bool, HostError> {
        let already = self.store.opted_out(key).await?;
        if !already {
            self.store.set_opt_out(key, true, self.clock.unix()).await?;
        }
        Ok(already)
    }

    /// Sends to an address again (START, or a person writing to a bot they had blocked).
    pub async fn opt_in(&self, key: &ConvKey) -> Result<(), HostError> {
        self.store
            .set_opt_out(key, false, self.clock.unix())
            .await?;
        Ok(())
    }

    /// A person who blocked the bot before consenting: what memory held of their
    /// conversation is forgotten, so that coming back starts afresh (nobody is welcomed back
    /// to a conversation they never read). A stored person keeps theirs.
    pub async fn blocked_before_consent(&self, key: &ConvKey) -> Result<(), HostError> {
        if self.store.find_person(key).await?.is_none() {
            self.forget_unconsented(key).await?;
        }
        Ok(())
    }

    /// Whether an address said STOP.
    pub async fn opted_out(&self, key: &ConvKey) -> Result<bool, HostError> {
        Ok(self.store.opted_out(key).await?)
    }

    /// The language a conversation speaks, if it is known: a stored person's, or the one
    /// chosen before consent (kept in memory or in the pre-consent table).
    pub async fn locale_of(&self, key: &ConvKey) -> Result<Option<String>, HostError> {
        if let Some(p) = self.store.find_person(key).await? {
            return Ok(Some(p.locale));
        }
        Ok(self.unconsented_of(key).await?.map(|c| c.session.locale))
    }
}
