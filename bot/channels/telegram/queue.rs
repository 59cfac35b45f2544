//! The order of things: long polling, two queues per chat (its turns in order, then its sends
//! in order at the chat's pace; chats in parallel), redelivered update ids dropped, and the
//! outbox's messages taking the same queues so a chat's messages never overtake each other.
//! What an update means is `update`'s; how a message is sent is `send`'s.

use std::collections::{BTreeSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::InlineKeyboardMarkup;
use teloxide::{ApiError, RequestError};
use tokio::sync::{mpsc, oneshot};

use super::api::{Backoff, MAX_WAIT, describe, unreachable};
use super::channel::{ALLOWED_UPDATES, Telegram, bump, reached};
use super::limits::Pace;
use super::work::{Job, Out, Outs, Undelivered, Work};
use crate::core::Channel;
use crate::notify::{CalendarFile, SendError, SendFuture, Sender};

/// A chat's queue ends after this long without work (a new one starts on the next update).
const QUEUE_IDLE: Duration = Duration::from_secs(30);

/// While every update fetched is still in its turn, how often the poller looks for new ones.
const RECHECK: Duration = Duration::from_millis(250);

/// An update's turn ended: committed, or failed (fetched again and tried again later).
fn settle(open: &mut BTreeSet<i64>, failed: &mut BTreeSet<i64>, id: i64, ok: bool) {
    open.remove(&id);
    if !ok {
        failed.insert(id);
    }
}

impl Telegram {
    /// Long polling until `shutdown` completes. Updates are handed to their chats' queues
    /// and the poller goes on fetching while they are processed; an update is confirmed to
    /// Telegram (the `offset` passes it) only once its turn and its reply are committed, so a
    /// crash never loses one, and a chat that writes a lot delays nobody else.
    pub async fn poll(self: Arc<Self>, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        if let Err(e) = self.bot.delete_webhook().await {
            tracing::warn!(error = %describe(&e), "Telegram: deleteWebhook failed");
        }
        // The next update id not fetched yet.
        let mut next: i64 = 0;
        // Updates fetched whose turn is not committed yet, and those whose turn failed.
        let mut open: BTreeSet<i64> = BTreeSet::new();
        let mut failed: BTreeSet<i64> = BTreeSet::new();
        // Turns that ended: (update id, committed).
        let (ended, mut endings) = mpsc::unbounded_channel::<(i64, bool)>();
        let mut backoff = Backoff::new();
        loop {
            // Turns done meanwhile.
            while let Ok((id, ok)) = endings.try_recv() {
                settle(&mut open, &mut failed, id, ok);
            }
            let confirm = failed
                .first()
                .or(open.first())
                .copied()
                .unwrap_or(next)
                .min(next);
            let waiting = !open.is_empty() || !failed.is_empty();
            let request = self
                .bot
                .get_updates()
                .offset(i32::try_from(confirm).unwrap_or(i32::MAX))
                .timeout(if waiting { 0 } else { self.poll_timeout })
                .allowed_updates(ALLOWED_UPDATES);
            let result = tokio::select! {
                () = &mut shutdown => return,
                r = request.send() => r,
            };
            let wait = match result {
                Ok(updates) => {
                    if failed.is_empty() {
                        backoff.reset();
                    }
                    reached(true);
                    let mut fresh = false;
                    for u in updates {
                        let id = i64::from(u.id.0);
                        // Fetched again while its turn runs: nothing to do.
                        if id < next && !failed.remove(&id) {
                            continue;
                        }
                        fresh = true;
                        next = next.max(id + 1);
                        open.insert(id);
                        let done = self.submit(u);
                        let ended = ended.clone();
                        tokio::spawn(async move {
                            let _ = ended.send((id, matches!(done.await, Ok(Ok(())))));
                        });
                    }
                    if fresh || open.is_empty() && failed.is_empty() {
                        continue;
                    }
                    // Only updates still in their turns: wait for one to end (or for new
                    // updates to be worth a look).
                    tokio::select! {
                        () = &mut shutdown => return,
                        Some((id, ok)) = endings.recv() => settle(&mut open, &mut failed, id, ok),
                        () = tokio::time::sleep(RECHECK) => {}
                    }
                    if failed.is_empty() {
                        continue;
                    }
                    backoff.next_wait()
                }
                Err(RequestError::RetryAfter(s)) => s.duration(),
                Err(RequestError::Api(ApiError::TerminatedByOtherGetUpdates)) => {
                    tracing::error!(
                        "Telegram: another instance is polling with this token; only one may"
                    );
                    MAX_WAIT
                }
                Err(e) => {
                    tracing::warn!(error = %describe(&e), "Telegram: getUpdates failed");
                    reached(!unreachable(&e));
                    backoff.next_wait()
                }
            };
            tokio::select! {
                () = &mut shutdown => return,
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// Queues an update on its chat; the receiver says when its turn and its reply are
    /// committed (the reply is sent after). A redelivered update id is dropped at once, unless
    /// its chat did not get the reply: that is sent again.
    pub fn submit(self: &Arc<Self>, update: Update) -> oneshot::Receiver<Result<(), SendError>> {
        let chat = update.chat().map_or(0, |c| c.id.0);
        if !self.seen.lock().expect("seen lock").first_time(update.id.0) {
            bump(&self.counters.duplicates);
            if self.undelivered.get(&chat).is_some_and(|u| u.gave_up) {
                return self.enqueue(chat, Work::Resend);
            }
            let (tx, rx) = oneshot::channel();
            let _ = tx.send(Ok(()));
            return rx;
        }
        self.enqueue(chat, Work::Update(Box::new(update)))
    }

    fn enqueue(
        self: &Arc<Self>,
        chat: i64,
        work: Work,
    ) -> oneshot::Receiver<Result<(), SendError>> {
        let (done, rx) = oneshot::channel();
        let mut job = Job { work, done };
        let mut queues = self.queues.lock().expect("queue lock");
        if let Some(tx) = queues.get(&chat) {
            match tx.send(job) {
                Ok(()) => return rx,
                // The queue just ended: start another.
                Err(mpsc::error::SendError(j)) => job = j,
            }
        }
        let (tx, queue) = mpsc::unbounded_channel();
        let _ = tx.send(job);
        queues.insert(chat, tx);
        tokio::spawn(self.clone().run_queue(chat, queue));
        rx
    }

    /// A chat's turns, one after the other; what they send goes to the chat's sends queue,
    /// which runs beside at the chat's pace.
    async fn run_queue(self: Arc<Self>, chat: i64, mut queue: mpsc::UnboundedReceiver<Job>) {
        let (tx, sends) = mpsc::unbounded_channel();
        let out = Outs::new(tx, self.busy.clone());
        tokio::spawn(self.clone().run_sends(chat, sends));
        loop {
            let job = match tokio::time::timeout(QUEUE_IDLE, queue.recv()).await {
                Ok(Some(job)) => job,
                Ok(None) => return,
                Err(_) => {
                    let mut queues = self.queues.lock().expect("queue lock");
                    match queue.try_recv() {
                        Ok(job) => job,
                        Err(_) => {
                            queues.remove(&chat);
                            return;
                        }
                    }
                }
            };
            let result = match job.work {
                Work::Update(update) => {
                    let id = update.id.0;
                    let r = self.process(*update, &out).await;
                    if r.is_err() {
                        // Not done: a redelivery may try again.
                        self.seen.lock().expect("seen lock").forget(id);
                    }
                    r
                }
                Work::Resend => {
                    self.resend(chat, &out);
                    Ok(())
                }
                Work::Pending(reply, inbound) => {
                    // Not seen until sent: an answer typed meanwhile waits for it.
                    self.undelivered
                        .insert(chat, Undelivered::new(&reply, Some(&inbound)));
                    out.send(Out::Reply(reply, Some(inbound)));
                    Ok(())
                }
                work @ (Work::Text(_) | Work::Calendar { .. }) => {
                    out.send(Out::Outbox(Job {
                        work,
                        done: job.done,
                    }));
                    continue;
                }
            };
            let _ = job.done.send(result);
        }
    }

    /// A chat's sends, in order. When limits apply, a reply followed by another already
    /// waiting is skipped unless it must reach the person (a burst's replies merge, never its
    /// inputs): a chat that writes fast reads the latest question at once rather than a
    /// backlog of replies at one a second.
    async fn run_sends(self: Arc<Self>, chat: i64, mut sends: mpsc::UnboundedReceiver<Out>) {
        let pace = self.limits.as_ref().map(Pace::chat);
        let mut waiting: VecDeque<Out> = VecDeque::new();
        loop {
            if waiting.is_empty() {
                match sends.recv().await {
                    Some(o) => waiting.push_back(o),
                    None => return,
                }
            }
            while let Ok(o) = sends.try_recv() {
                waiting.push_back(o);
            }
            let Some(o) = waiting.pop_front() else {
                continue;
            };
            match o {
                Out::Reply(reply, inbound) => {
                    let superseded = pace.is_some()
                        && !reply.must_reach()
                        && waiting.iter().any(|w| matches!(w, Out::Reply(..)));
                    self.deliver_reply(chat, &reply, inbound.as_deref(), superseded, pace.as_ref())
                        .await;
                }
                Out::Say(text) => self.deliver_notice(chat, &text, pace.as_ref()).await,
                Out::Answer { id, text, by } => {
                    self.answer_callback(id, text.as_deref(), by).await;
                }
                Out::Edit { message, markup } => {
                    self.edit_keyboard(chat, message, markup).await;
                }
                Out::CloseOpen => {
                    if let Some((_, open)) = self.keyboards.remove(&chat) {
                        self.edit_keyboard(chat, open.message, InlineKeyboardMarkup::default())
                            .await;
                    }
                }
                Out::Outbox(job) => {
                    let result = match job.work {
                        Work::Text(text) => self.deliver_text(chat, &text, pace.as_ref()).await,
                        Work::Calendar { file_name, ics } => {
                            self.deliver_calendar(chat, &file_name, ics, pace.as_ref())
                                .await
                        }
                        Work::Update(_) | Work::Resend | Work::Pending(..) => Ok(()),
                    };
                    let _ = job.done.send(result);
                }
            }
            self.busy.done();
        }
    }

    /// Waits until every reply, notice and outbox message handed to the chats' sends queues
    /// was sent (or given up).
    pub async fn sent_all(&self) {
        self.busy.idle().await;
    }

    /// Sends again the reply a chat did not get, unless it is still being tried.
    pub(super) fn resend(&self, chat: i64, out: &Outs) {
        if let Some(mut u) = self.undelivered.get_mut(&chat) {
            if u.gave_up {
                u.gave_up = false;
                out.send(Out::Reply(Box::new(u.reply.clone()), u.inbound.clone()));
            }
        }
    }

    /// Queues the replies committed before the last stop and not delivered (the process
    /// stopped between a turn's commit and its send), each on its chat before anything new:
    /// called at start, before updates are taken.
    pub async fn resume_replies(self: &Arc<Self>) {
        let pending = match self.host.pending_replies(Channel::Telegram).await {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(error = %e, "Telegram: the replies not delivered could not be read");
                return;
            }
        };
        if !pending.is_empty() {
            tracing::info!(
                replies = pending.len(),
                "Telegram: sending the replies not delivered before the stop"
            );
        }
        for (key, inbound, reply) in pending {
            let Ok(chat) = key.address.parse::<i64>() else {
                continue;
            };
            drop(self.enqueue(chat, Work::Pending(Box::new(reply), inbound)));
        }
    }

    /// An outbox message, after what is already queued for its chat.
    async fn outbound(self: Arc<Self>, address: &str, work: Work) -> Result<(), SendError> {
        let chat: i64 = address
            .parse()
            .map_err(|_| SendError::Rejected("not a Telegram chat id".into()))?;
        self.enqueue(chat, work)
            .await
            .unwrap_or_else(|_| Err(SendError::Retry("queue closed".into())))
    }
}

/// The outbox's messages go through the chat's queue, after what is already queued for it.
#[derive(Debug, Clone)]
pub struct TelegramSender(pub Arc<Telegram>);

impl Sender for TelegramSender {
    fn send<'a>(&'a self, address: &'a str, text: &'a str) -> SendFuture<'a> {
        Box::pin(
            self.0
                .clone()
                .outbound(address, Work::Text(text.to_string())),
        )
    }

    fn send_calendar<'a>(&'a self, address: &'a str, file: CalendarFile<'a>) -> SendFuture<'a> {
        let work = Work::Calendar {
            file_name: file.name.to_string(),
            ics: file.ics.to_string(),
        };
        Box::pin(self.0.clone().outbound(address, work))
    }
}
