//! The outbox worker: sends what is due (appointment reminders, staff messages) through each
//! person's channel, once. State is committed before any send; a crash between sending and
//! marking resends at most once after the lease runs out, never loses a message.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde::Deserialize;

use crate::app::{DueMessage, Host, HostError, LiveBooking};
use crate::core::{Channel, ConvKey, OutboxKind};
use crate::engine::{Arg, Msg};
use crate::i18n::Isolation;

/// Why a send failed.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Try again later (network, 5xx, 429).
    #[error("temporary failure: {0}")]
    Retry(String),
    /// The person cannot be reached on this channel any more (blocked the bot, opted out).
    #[error("unreachable")]
    Unreachable,
    /// The channel cannot carry this kind of message (a file on SMS).
    #[error("not supported by the channel")]
    Unsupported,
    /// The provider refused this message for good (a bad number): not retried.
    #[error("rejected: {0}")]
    Rejected(String),
}

/// A future returned by a sender.
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), SendError>> + Send + 'a>>;

/// Sends text to an address on one channel.
pub trait Sender: Send + Sync {
    fn send<'a>(&'a self, address: &'a str, text: &'a str) -> SendFuture<'a>;

    /// Sends a calendar file; channels that carry no files say so.
    fn send_calendar<'a>(&'a self, address: &'a str, file: CalendarFile<'a>) -> SendFuture<'a> {
        let _ = (address, file);
        Box::pin(async { Err(SendError::Unsupported) })
    }
}

/// A calendar file to send: its name and its iCalendar (`.ics`) text.
#[derive(Debug, Clone, Copy)]
pub struct CalendarFile<'a> {
    pub name: &'a str,
    pub ics: &'a str,
}

#[derive(Deserialize)]
struct ReminderPayload {
    booking: String,
}

/// Sends due outbox messages.
pub struct OutboxWorker {
    host: Arc<Host>,
    senders: HashMap<String, Arc<dyn Sender>>,
    /// Seconds a claimed message stays reserved to this worker.
    pub lease: i64,
}

impl std::fmt::Debug for OutboxWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutboxWorker")
            .field("channels", &self.senders.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl OutboxWorker {
    #[must_use]
    pub fn new(host: Arc<Host>) -> Self {
        Self {
            host,
            senders: HashMap::new(),
            lease: 120,
        }
    }

    /// Registers the sender of a channel (`telegram`, `sms`, `whatsapp`).
    pub fn with_sender(mut self, channel: &str, sender: Arc<dyn Sender>) -> Self {
        self.senders.insert(channel.to_string(), sender);
        self
    }

    /// Sends one batch of due messages; returns how many were sent.
    pub async fn run_once(&self, now: i64) -> Result<usize, HostError> {
        let due = self.host.due_messages(now, 50, self.lease).await?;
        let mut sent = 0;
        for m in due {
            let Some(text) = self.render(&m, now).await? else {
                self.host
                    .message_done(&m.id, now, Some("no longer relevant"))
                    .await?;
                continue;
            };
            let Some(sender) = self.senders.get(&m.channel) else {
                self.host
                    .message_done(&m.id, now, Some("no outbound sender for this channel"))
                    .await?;
                continue;
            };
            let result = match m.kind {
                OutboxKind::Calendar => {
                    let name = format!(
                        "{}.ics",
                        self.host.catalog().locales.render(
                            &m.locale,
                            &Msg::new("booking-calendar-file"),
                            Isolation::Plain
                        )
                    );
                    let file = CalendarFile {
                        name: &name,
                        ics: &text,
                    };
                    sender.send_calendar(&m.address, file).await
                }
                _ => sender.send(&m.address, &text).await,
            };
            match result {
                Ok(()) => {
                    self.host.message_done(&m.id, now, None).await?;
                    sent += 1;
                }
                Err(SendError::Unsupported) => {
                    self.host
                        .message_done(&m.id, now, Some("not supported by the channel"))
                        .await?;
                }
                Err(SendError::Rejected(why)) => {
                    tracing::warn!(channel = %m.channel, "message rejected by the provider");
                    self.host.message_done(&m.id, now, Some(&why)).await?;
                }
                Err(SendError::Unreachable) => {
                    // The person opted out at the provider (or blocked the bot): honour it.
                    if let Some(channel) = Channel::parse(&m.channel) {
                        let key = ConvKey::new(channel, m.address.clone());
                        self.host.unreachable(&key).await?;
                    }
                    self.host
                        .message_done(&m.id, now, Some("unreachable"))
                        .await?
                }
                Err(SendError::Retry(e)) => {
                    let backoff = 60 * (1 << m.attempts.clamp(0, 6));
                    tracing::warn!(channel = %m.channel, attempts = m.attempts, "send failed, retrying later");
                    self.host.message_retry(&m.id, now + backoff, &e).await?;
                }
            }
        }
        Ok(sent)
    }

    /// The booking a message is about, if it still stands (not cancelled, not past).
    async fn live_booking(
        &self,
        m: &DueMessage,
        now: i64,
    ) -> Result<Option<LiveBooking>, HostError> {
        let Ok(p) = serde_json::from_str::<ReminderPayload>(&m.payload) else {
            return Ok(None);
        };
        self.host.live_booking(&p.booking, now).await
    }

    /// The text of a message in the person's language, or `None` if it no longer applies
    /// (a reminder for a cancelled appointment).
    async fn render(&self, m: &DueMessage, now: i64) -> Result<Option<String>, HostError> {
        let render = |msg: Msg| {
            self.host
                .catalog()
                .locales
                .render(&m.locale, &msg, Isolation::Plain)
        };
        match m.kind {
            OutboxKind::Reminder => {
                let Some(LiveBooking { view: v, .. }) = self.live_booking(m, now).await? else {
                    return Ok(None);
                };
                Ok(Some(render(
                    Msg::new("booking-reminder")
                        .arg("when", Arg::Instant(v.start))
                        .arg("place", v.place)
                        .arg("reference", v.reference),
                )))
            }
            OutboxKind::Calendar => {
                let Some(b) = self.live_booking(m, now).await? else {
                    return Ok(None);
                };
                let v = &b.view;
                let summary = match &v.with_place {
                    Some(with) => format!("{} + {with}", v.place),
                    None => v.place.clone(),
                };
                let location = if v.address.is_empty() {
                    v.place.clone()
                } else {
                    format!("{}, {}", v.place, v.address)
                };
                let description = render(
                    Msg::new("booking-confirmed")
                        .arg("when", Arg::Instant(v.start))
                        .arg("reference", v.reference.clone()),
                );
                Ok(Some(crate::booking::calendar(
                    &format!("{}@tremplin", b.id),
                    &summary,
                    &location,
                    &description,
                    (b.starts_at, b.ends_at),
                    now,
                )))
            }
            OutboxKind::Text => Ok(Some(m.payload.clone())),
        }
    }
}
