//! What a chat's queue carries: a piece of work and who waits for its outcome, and the update
//! ids seen lately, so a redelivery is dropped before it reaches the host. Running the queues
//! is `queue`'s.

use std::collections::{HashSet, VecDeque};

use teloxide::types::Update;
use tokio::sync::oneshot;

use crate::notify::SendError;

/// How many update ids are remembered to drop redeliveries before they reach the host.
const SEEN_UPDATES: usize = 8192;

/// What a chat's queue does.
pub(super) enum Work {
    Update(Box<Update>),
    Text(String),
    Calendar { file_name: String, ics: String },
}

/// A piece of work and who waits for its outcome.
pub(super) struct Job {
    pub(super) work: Work,
    pub(super) done: oneshot::Sender<Result<(), SendError>>,
}

/// Recent update ids.
#[derive(Default)]
pub(super) struct Seen {
    set: HashSet<u32>,
    order: VecDeque<u32>,
}

impl Seen {
    /// Remembers an update id; `false` when it was seen already.
    pub(super) fn first_time(&mut self, id: u32) -> bool {
        if !self.set.insert(id) {
            return false;
        }
        self.order.push_back(id);
        if self.order.len() > SEEN_UPDATES {
            if let Some(old) = self.order.pop_front() {
                self.set.remove(&old);
            }
        }
        true
    }

    /// Forgets an update id that was not processed, so a redelivery may try it again.
    pub(super) fn forget(&mut self, id: u32) {
        self.set.remove(&id);
    }
}
