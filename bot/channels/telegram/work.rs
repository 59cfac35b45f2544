//! What a chat's queues carry: the work of its turns queue (updates, outbox messages) and who
//! waits for its outcome, what the turns ask its sends queue to send (counted until sent), the
//! reply a chat did not get, and the update ids seen lately, so a redelivery is dropped before it reaches the host.
//! Running the queues is `queue`'s.

use std::collections::{HashSet, VecDeque};

use std::sync::Arc;
use teloxide::types::{CallbackQueryId, InlineKeyboardMarkup, MessageId, Update};

use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use crate::app::Reply;
use crate::notify::SendError;

/// How many update ids are remembered to drop redeliveries before they reach the host.
const SEEN_UPDATES: usize = 8192;

/// What a chat's turns queue does.
pub(super) enum Work {
    Update(Box<Update>),
    /// The reply the chat did not get, sent again (its update came again).
    Resend,
    /// A reply committed before the last stop and not delivered: sent before anything new.
    Pending(Box<Reply>, String),
    Text(String),
    Calendar {
        file_name: String,
        ics: String,
    },
}

/// What a chat's sends queue sends, in order, at the chat's pace.
pub(super) enum Out {
    /// The reply of a turn, already committed with it, and the inbound message it answers
    /// (the reply is kept as not delivered until sent).
    Reply(Box<Reply>, Option<String>),
    /// A short notice outside the dialogue, already rendered.
    Say(String),
    /// The answer to a tap, useless after `by`.
    Answer {
        id: CallbackQueryId,
        text: Option<String>,
        by: Instant,
    },
    /// A keyboard replaced (an empty one removes it).
    Edit {
        message: MessageId,
        markup: InlineKeyboardMarkup,
    },
    /// The keyboard still open under the last question, closed (the answer was typed).
    CloseOpen,
    /// An outbox message and who waits for its outcome.
    Outbox(Job),
}

/// A reply a chat did not get yet: being sent, or given up.
#[derive(Debug, Clone)]
pub(super) struct Undelivered {
    pub(super) reply: Reply,
    /// The inbound message it answers.
    pub(super) inbound: Option<String>,
    /// When its first attempt started.
    pub(super) since: Instant,
    /// An attempt failed.
    pub(super) failed: bool,
    /// Its sends stopped trying: the next message of the chat or the update's redelivery
    /// sends it again.
    pub(super) gave_up: bool,
}

/// How long a reply may take to reach Telegram before the chat counts as not having it.
const IN_FLIGHT: std::time::Duration = std::time::Duration::from_secs(2);

impl Undelivered {
    pub(super) fn new(reply: &Reply, inbound: Option<&str>) -> Self {
        Self {
            reply: reply.clone(),
            inbound: inbound.map(str::to_string),
            since: Instant::now(),
            failed: false,
            gave_up: false,
        }
    }

    /// Whether the person cannot have seen it: it failed, or it is taking too long.
    pub(super) fn unseen(&self) -> bool {
        self.failed || self.gave_up || self.since.elapsed() >= IN_FLIGHT
    }
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

/// What a chat's turns hand to its sends queue, counted until sent.
pub(super) struct Outs {
    tx: mpsc::UnboundedSender<Out>,
    busy: Arc<Busy>,
}

impl Outs {
    pub(super) fn new(tx: mpsc::UnboundedSender<Out>, busy: Arc<Busy>) -> Self {
        Self { tx, busy }
    }

    /// Queues something to send after what is already queued for the chat.
    pub(super) fn send(&self, out: Out) {
        self.busy.add();
        if self.tx.send(out).is_err() {
            self.busy.done();
        }
    }
}

/// How many things wait to be sent, over all chats.
#[derive(Debug, Default)]
pub(super) struct Busy {
    n: std::sync::atomic::AtomicUsize,
    idle: tokio::sync::Notify,
}

impl Busy {
    pub(super) fn add(&self) {
        self.n.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    pub(super) fn done(&self) {
        if self.n.fetch_sub(1, std::sync::atomic::Ordering::SeqCst) == 1 {
            self.idle.notify_waiters();
        }
    }

    /// Waits until nothing waits to be sent.
    pub(super) async fn idle(&self) {
        loop {
            let notified = self.idle.notified();
            if self.n.load(std::sync::atomic::Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }
}
