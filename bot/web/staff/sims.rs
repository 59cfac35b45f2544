//! The simulator's conversations, in memory only, by staff session: what each shows and where
//! its dialogue stands. Running a turn and rendering it are `simulator`'s.

use dashmap::DashMap;

use crate::engine::Session;
use crate::i18n::render::Surface;

/// A line of a simulated conversation: (from the person?, text, buttons as (label, data)).
pub type SimLine = (bool, String, Vec<(String, String)>);

/// One simulated conversation.
#[derive(Debug, Clone)]
pub struct Sim {
    /// None until the first turn.
    pub session: Option<Session>,
    pub surface: Surface,
    pub lines: Vec<SimLine>,
}

/// Simulated conversations by staff session.
#[derive(Debug, Default)]
pub struct Sims(DashMap<String, Sim>);

impl Sims {
    /// Forgets a session's simulation (at logout).
    pub fn forget(&self, session: &str) {
        self.0.remove(session);
    }

    /// A session's simulation, if it has one.
    #[must_use]
    pub fn get(&self, session: &str) -> Option<Sim> {
        self.0.get(session).map(|s| s.clone())
    }

    /// Keeps a session's simulation, replacing the one it had.
    pub fn insert(&self, session: String, sim: Sim) {
        self.0.insert(session, sim);
    }

    /// Forgets every simulation (when too many are held).
    pub fn clear(&self) {
        self.0.clear();
    }

    /// How many simulations are held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none is held.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
