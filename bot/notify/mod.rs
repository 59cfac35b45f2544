//! The outbox worker: sends what is due (appointment reminders, staff messages) through each
//! person's channel, once. State is committed before any send; a crash between sending and
//! marking resends at most once after the lease runs out, never loses a message.
//!
//! On WhatsApp, a message the service sends first goes as free text only within 24 hours of
//! the person's last message; outside that window (or when the provider says the window is
//! closed) it goes as the approved template the deployment declares for that message and
//! locale. A missing template is recorded as the message's status (`no-template`), which
//! staff see on the booking page and `/metrics` counts.

pub mod france_travail;
pub mod invitations;
pub mod partners;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde::Deserialize;

use crate::app::{DueMessage, Failure, Handled, Host, HostError, LiveBooking, WHATSAPP_WINDOW};
use crate::catalog::whatsapp::TemplateCall;
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
    /// The number is unknown, not a mobile, or unreachable for good (the provider's code).
    #[error("bad number (code {0})")]
    BadNumber(i64),
    /// The channel cannot carry this kind of message (a file on SMS).
    #[error("not supported by the channel")]
    Unsupported,
    /// WhatsApp refused free text: the person's 24-hour window is closed.
    #[error("outside the WhatsApp window")]
    WindowClosed,
    /// The provider refused this message for good: not retried.
    #[error("rejected: {0}")]
    Rejected(String),
}

impl SendError {
    /// The error a provider's refusal with this code means.
    #[must_use]
    pub fn refused(code: i64, why: String) -> Self {
        match Failure::of(code) {
            Failure::OptedOut => Self::Unreachable,
            Failure::BadNumber => Self::BadNumber(code),
            Failure::WindowClosed => Self::WindowClosed,
            Failure::Temporary => Self::Rejected(why),
        }
    }
}

/// A future returned by a sender.
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), SendError>> + Send + 'a>>;

/// A future returned by [`Sender::deliver`]: the provider's id of the message, if it gives one.
pub type DeliverFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Option<String>, SendError>> + Send + 'a>>;

/// What a message says, as the provider receives it.
#[derive(Debug, Clone, Copy)]
pub enum Content<'a> {
    Text(&'a str),
    /// An approved template and its variables (WhatsApp outside the 24-hour window).
    Template(&'a TemplateCall),
}

/// Sends text to an address on one channel.
pub trait Sender: Send + Sync {
    fn send<'a>(&'a self, address: &'a str, text: &'a str) -> SendFuture<'a>;

    /// The longest text one message carries on this channel (characters), if it has a limit:
    /// a longer text goes in several messages, cut at line ends.
    fn max_chars(&self) -> Option<usize> {
        None
    }

    /// Sends a calendar file; channels that carry no files say so.
    fn send_calendar<'a>(&'a self, address: &'a str, file: CalendarFile<'a>) -> SendFuture<'a> {
        let _ = (address, file);
        Box::pin(async { Err(SendError::Unsupported) })
    }

    /// Sends a text or a template, and returns the provider's id of the message when it
    /// gives one (for its delivery status callbacks). By default a text goes through
    /// [`Sender::send`] and a template is not supported.
    fn deliver<'a>(&'a self, address: &'a str, content: Content<'a>) -> DeliverFuture<'a> {
        Box::pin(async move {
            match content {
                Content::Text(text) => self.send(address, text).await.map(|()| None),
                Content::Template(_) => Err(SendError::Unsupported),
            }
        })
    }
}

/// A calendar file to send: its name and its iCalendar (`.ics`) text.
#[derive(Debug, Clone, Copy)]
pub struct CalendarFile<'a> {
    pub name: &'a str,
    pub ics: &'a str,
}

pub use crate::app::{FIRST_RETRY, LAST_RETRY, retry_wait};

#[derive(Deserialize)]
struct ReminderPayload {
    booking: String,
}

/// A message ready to go: its text, and the Fluent message it says (for a template).
struct Ready {
    text: String,
    msg: Option<Msg>,
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
            let done = |note: &'static str, delivery: Option<&'static str>| Handled {
                note: Some(note),
                delivery,
                ..Handled::default()
            };
            if m.unreachable {
                self.host
                    .message_handled(
                        &m.id,
                        now,
                        &done("the number is flagged unreachable", Some("not-sent")),
                    )
                    .await?;
                continue;
            }
            let Some(ready) = self.render(&m, now).await? else {
                self.host
                    .message_handled(&m.id, now, &done("no longer relevant", None))
                    .await?;
                continue;
            };
            let Some(sender) = self.senders.get(&m.channel) else {
                self.host
                    .message_handled(
                        &m.id,
                        now,
                        &done("no outbound sender for this channel", None),
                    )
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
                        ics: &ready.text,
                    };
                    sender.send_calendar(&m.address, file).await.map(|()| None)
                }
                _ => self.deliver(sender.as_ref(), &m, &ready, now).await,
            };
            match result {
                Ok(sid) => {
                    let handled = Handled {
                        delivery: Some(if sid.is_some() { "queued" } else { "sent" }),
                        provider_sid: sid.as_deref(),
                        ..Handled::default()
                    };
                    self.host.message_handled(&m.id, now, &handled).await?;
                    sent += 1;
                }
                Err(SendError::Unsupported) => {
                    self.host
                        .message_handled(&m.id, now, &done("not supported by the channel", None))
                        .await?;
                }
                Err(SendError::WindowClosed) => {
                    // Free text refused and no template to say it: staff see it.
                    let why = format!(
                        "no WhatsApp template for '{}' in {}",
                        ready.msg.as_ref().map_or("this message", |m| m.id.as_str()),
                        m.locale
                    );
                    tracing::warn!(channel = %m.channel, locale = %m.locale, "no WhatsApp template for a message outside the window");
                    crate::metrics::record_error(crate::metrics::ErrorKind::Send);
                    let handled = Handled {
                        note: Some(&why),
                        delivery: Some("no-template"),
                        code: Some(crate::app::WINDOW_CLOSED_CODE),
                        ..Handled::default()
                    };
                    self.host.message_handled(&m.id, now, &handled).await?;
                }
                Err(SendError::Rejected(why)) => {
                    tracing::warn!(channel = %m.channel, "message rejected by the provider");
                    let handled = Handled {
                        note: Some(&why),
                        delivery: Some("failed"),
                        ..Handled::default()
                    };
                    self.host.message_handled(&m.id, now, &handled).await?;
                }
                Err(SendError::BadNumber(code)) => {
                    tracing::warn!(channel = %m.channel, code, "the provider refused the number for good");
                    self.host.bad_number(&m.person_id, Some(code), now).await?;
                    let handled = Handled {
                        note: Some("the number is unknown or unreachable"),
                        delivery: Some("failed"),
                        code: Some(code),
                        ..Handled::default()
                    };
                    self.host.message_handled(&m.id, now, &handled).await?;
                }
                Err(SendError::Unreachable) => {
                    // The person opted out at the provider (or blocked the bot): honour it.
                    if let Some(channel) = Channel::parse(&m.channel) {
                        let key = ConvKey::new(channel, m.address.clone());
                        self.host.unreachable(&key).await?;
                    }
                    self.host
                        .message_handled(&m.id, now, &done("unreachable", Some("failed")))
                        .await?;
                }
                Err(SendError::Retry(e)) => {
                    let wait = retry_wait(m.attempts, self.host.random_bytes());
                    tracing::warn!(channel = %m.channel, attempts = m.attempts, "send failed, retrying later");
                    self.host.message_retry(&m.id, now + wait, &e).await?;
                }
            }
        }
        Ok(sent)
    }

    /// Sends a text or a reminder. On WhatsApp, outside the person's 24-hour window (or when
    /// the provider said it is closed), it goes as the message's approved template; with none
    /// declared, [`SendError::WindowClosed`].
    async fn deliver(
        &self,
        sender: &dyn Sender,
        m: &DueMessage,
        ready: &Ready,
        now: i64,
    ) -> Result<Option<String>, SendError> {
        let free = m.channel != Channel::WhatsApp.as_str()
            || (now - m.last_contact_at < WHATSAPP_WINDOW
                && m.delivery_code != Some(crate::app::WINDOW_CLOSED_CODE));
        if free {
            // In as many bodies as the channel's limit needs, in order; the first failure
            // stops (a retry may send the first parts once more, never loses one). The last
            // body's id is the one whose delivery is followed.
            let parts = match sender.max_chars() {
                Some(max) => crate::i18n::render::split(&ready.text, max),
                None => vec![ready.text.clone()],
            };
            let mut sid = None;
            let mut refused = false;
            for part in &parts {
                match sender.deliver(&m.address, Content::Text(part)).await {
                    Ok(s) => sid = s.or(sid),
                    Err(SendError::WindowClosed) => {
                        refused = true;
                        break;
                    }
                    Err(e) => return Err(e),
                }
            }
            if !refused {
                return Ok(sid);
            }
        }
        let catalog = self.host.catalog();
        let call = ready
            .msg
            .as_ref()
            .and_then(|msg| catalog.whatsapp.call(&catalog.locales, &m.locale, msg))
            .ok_or(SendError::WindowClosed)?;
        sender.deliver(&m.address, Content::Template(&call)).await
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
        self.host.live_booking(&p.booking, &m.locale, now).await
    }

    /// The text of a message in the person's language, with the Fluent message it says, or
    /// `None` if it no longer applies (a reminder for a cancelled or past appointment).
    async fn render(&self, m: &DueMessage, now: i64) -> Result<Option<Ready>, HostError> {
        let render = |msg: &Msg| {
            self.host
                .catalog()
                .locales
                .render(&m.locale, msg, Isolation::Plain)
        };
        match m.kind {
            OutboxKind::Reminder => {
                let Some(LiveBooking { view: v, .. }) = self.live_booking(m, now).await? else {
                    return Ok(None);
                };
                let msg = Msg::new("booking-reminder")
                    .arg("when", Arg::Instant(v.start))
                    .arg("place", v.place)
                    .arg("reference", v.reference);
                Ok(Some(Ready {
                    text: render(&msg),
                    msg: Some(msg),
                }))
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
                    &Msg::new("booking-confirmed")
                        .arg("when", Arg::Instant(v.start))
                        .arg("reference", v.reference.clone()),
                );
                Ok(Some(Ready {
                    text: crate::booking::calendar(
                        &format!("{}@tremplin", b.id),
                        &summary,
                        &location,
                        &description,
                        (b.starts_at, b.ends_at),
                        now,
                    ),
                    msg: None,
                }))
            }
            OutboxKind::Text => Ok(Some(Ready {
                text: m.payload.clone(),
                msg: m
                    .message
                    .as_deref()
                    .and_then(|j| serde_json::from_str(j).ok()),
            })),
        }
    }
}
