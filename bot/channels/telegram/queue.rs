//! The order of things: long polling, one queue per chat (its updates in order, chats in
//! parallel), redelivered update ids dropped, and the outbox's messages taking the same queue
//! so a chat's messages never overtake each other. What an update means is `update`'s; how a
//! message is sent is `send`'s.

use std::sync::Arc;
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::{ApiError, RequestError};
use tokio::sync::{mpsc, oneshot};

use super::api::{Backoff, MAX_WAIT, describe, unreachable};
use super::channel::{ALLOWED_UPDATES, Telegram, bump, reached};
use super::work::{Job, Work};
use crate::notify::{CalendarFile, SendError, SendFuture, Sender};

/// A chat's queue ends after this long without work (a new one starts on the next update).
const QUEUE_IDLE: Duration = Duration::from_secs(30);

impl Telegram {
    /// Long polling until `shutdown` completes. Each batch is processed (chats in parallel)
    /// before the next `getUpdates` confirms it, so a crash never loses an update.
    pub async fn poll(self: Arc<Self>, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        if let Err(e) = self.bot.delete_webhook().await {
            tracing::warn!(error = %describe(&e), "Telegram: deleteWebhook failed");
        }
        let mut offset: i32 = 0;
        let mut backoff = Backoff::new();
        loop {
            let request = self
                .bot
                .get_updates()
                .offset(offset)
                .timeout(self.poll_timeout)
                .allowed_updates(ALLOWED_UPDATES);
            let result = tokio::select! {
                () = &mut shutdown => return,
                r = request.send() => r,
            };
            let wait = match result {
                Ok(updates) => {
                    backoff.reset();
                    reached(true);
                    let mut waits = Vec::with_capacity(updates.len());
                    for u in updates {
                        offset = offset.max(i32::try_from(u.id.0).unwrap_or(i32::MAX - 1) + 1);
                        waits.push(self.submit(u));
                    }
                    for w in waits {
                        let _ = w.await;
                    }
                    continue;
                }
                Err(RequestError::RetryAfter(s)) => Duration::from_secs(u64::from(s.seconds())),
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

    /// Queues an update on its chat; the receiver says when it was processed. A redelivered
    /// update id is dropped at once.
    pub fn submit(self: &Arc<Self>, update: Update) -> oneshot::Receiver<Result<(), SendError>> {
        if !self.seen.lock().expect("seen lock").first_time(update.id.0) {
            bump(&self.counters.duplicates);
            let (tx, rx) = oneshot::channel();
            let _ = tx.send(Ok(()));
            return rx;
        }
        let chat = update.chat().map_or(0, |c| c.id.0);
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

    async fn run_queue(self: Arc<Self>, chat: i64, mut queue: mpsc::UnboundedReceiver<Job>) {
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
                    let r = self.process(*update).await;
                    if r.is_err() {
                        // Not done: a redelivery may try again.
                        self.seen.lock().expect("seen lock").forget(id);
                    }
                    r
                }
                Work::Text(text) => self.deliver_text(chat, &text).await,
                Work::Calendar { file_name, ics } => {
                    self.deliver_calendar(chat, &file_name, ics).await
                }
            };
            let _ = job.done.send(result);
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
