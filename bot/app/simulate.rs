//! The simulator's turn: staff try the dialogue in any language and on any surface. It runs
//! the same engine and the same effects as a conversation, with effects that store nothing:
//! slots are searched in the same availability as the chat's, a booking is pretended.

use super::effects::Pretend;
use super::turn::step_with_effects;
use super::{Host, HostError};
use crate::engine::{Input, Session, now_at};
use crate::i18n::render::{Outgoing, Surface, render};

/// A simulated conversation after a turn.
#[derive(Debug, Clone)]
pub struct Simulation {
    pub session: Session,
    pub reply: Outgoing,
}

impl Host {
    /// Runs one simulated turn; `session` is none to start a conversation in `locale`.
    pub async fn simulate(
        &self,
        session: Option<Session>,
        locale: &str,
        input: Input,
        surface: Surface,
    ) -> Result<Simulation, HostError> {
        let engine = self.engine()?;
        let now = now_at(self.clock.unix());
        let before = session.unwrap_or_else(|| {
            let locale = self.catalog.locales.negotiate(Some(locale));
            engine.new_session(&locale, now)
        });
        let turn = step_with_effects(&engine, before, input, now, &Pretend { host: self }).await?;
        let locale = &turn.session.locale;
        let mut reply = render(&self.catalog.locales, locale, &turn.events, surface);
        if turn.effects().any(|e| *e == crate::engine::Effect::Ended) {
            let budget = self.config.services.turn_budget;
            let services = self.services_for(&turn.session.answers, budget).await;
            if let Some(text) = self.services_text(locale, &services, surface, &reply.text) {
                reply.text = format!("{}\n{text}", reply.text);
            }
        }
        Ok(Simulation {
            session: turn.session,
            reply,
        })
    }
}
