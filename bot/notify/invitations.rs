//! The invitation sender: each round brings the statuses up to date (people followed, lists
//! held while their partner has no free slot), then, outside quiet hours, sends the
//! invitations and reminders that are due, at the provider's pace, once each: a claim is a
//! lease, and a message is recorded as sent before the next one goes.

use std::collections::HashMap;
use std::sync::Arc;

use super::{Content, SendError, Sender};
use crate::app::invitations::InvitationRow;
use crate::app::invitations::Schedule;
use crate::app::{Host, HostError, retry_wait};
use crate::core::{Channel, InvitationStatus};

/// What a round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub expired: usize,
    pub failed: usize,
    /// The round stopped: quiet hours.
    pub quiet: bool,
}

/// Sends invitations and their reminders.
pub struct InvitationWorker {
    host: Arc<Host>,
    senders: HashMap<String, Arc<dyn Sender>>,
    schedule: Schedule,
    /// The bot's username, for the Telegram link (`https://t.me/<bot>?start=<code>`).
    bot: Option<String>,
    /// Seconds a claimed invitation stays reserved to this worker.
    pub lease: i64,
    /// When this process last sent one: the pace holds from one round to the next.
    last: std::sync::Mutex<Option<std::time::Instant>>,
    /// This process's name, to the other instances.
    name: String,
    /// Set when the service stops: the round ends after the message being sent.
    stopping: Arc<std::sync::atomic::AtomicBool>,
}

impl std::fmt::Debug for InvitationWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InvitationWorker")
            .field("channels", &self.senders.keys().collect::<Vec<_>>())
            .field("schedule", &self.schedule)
            .finish_non_exhaustive()
    }
}

impl InvitationWorker {
    #[must_use]
    pub fn new(host: Arc<Host>, schedule: Schedule) -> Self {
        Self {
            host,
            senders: HashMap::new(),
            schedule,
            bot: None,
            lease: 300,
            last: std::sync::Mutex::new(None),
            name: format!("invitations-{}", std::process::id()),
            stopping: Arc::default(),
        }
    }

    /// Registers the sender of a channel (`sms`, `whatsapp`).
    #[must_use]
    pub fn with_sender(mut self, channel: &str, sender: Arc<dyn Sender>) -> Self {
        self.senders.insert(channel.to_string(), sender);
        self
    }

    /// Offers the Telegram bot `username` in every invitation.
    #[must_use]
    pub fn with_telegram_bot(mut self, username: Option<String>) -> Self {
        self.bot = username.filter(|u| !u.is_empty());
        self
    }

    /// The flag that ends a round after the message being sent (the service stops): what was
    /// claimed and not sent is released for the next start.
    #[must_use]
    pub fn stopper(&self) -> Arc<std::sync::atomic::AtomicBool> {
        self.stopping.clone()
    }

    /// The schedule it sends on.
    #[must_use]
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// One round: statuses, then up to `limit` messages, one every [`Schedule::gap`].
    pub async fn run_once(&self, now: i64, limit: i64) -> Result<Round, HostError> {
        self.host.refresh_invitations(now).await?;
        let mut round = Round::default();
        let open = self.schedule.open_at(now);
        if open > now {
            round.quiet = true;
            return Ok(round);
        }
        // One process sends at a time: the provider's pace is the service's, not each
        // instance's.
        let Some(sending) = self.host.invitation_sender(&self.name).await? else {
            return Ok(round);
        };
        let sent = self.send_due(now, limit, &mut round).await;
        sending.release().await;
        sent.map(|()| round)
    }

    /// Sends what is due, one message every [`Schedule::gap`] since the last one.
    async fn send_due(&self, now: i64, limit: i64, round: &mut Round) -> Result<(), HostError> {
        let due = self.host.due_invitations(now, limit, self.lease).await?;
        for row in due {
            if self.stopping.load(std::sync::atomic::Ordering::SeqCst) {
                self.host
                    .invitation_later(&row.id, row.next_at.unwrap_or(now))
                    .await?;
                continue;
            }
            if Host::invitation_expires(&row, &self.schedule) {
                self.host
                    .set_invitation_status(&row.id, InvitationStatus::Expired, "expired", None, now)
                    .await?;
                round.expired += 1;
                continue;
            }
            if self.host.store().opted_out(&row.key).await? {
                self.host
                    .set_invitation_status(
                        &row.id,
                        InvitationStatus::Declined,
                        "declined",
                        None,
                        now,
                    )
                    .await?;
                continue;
            }
            let Some(sender) = self.senders.get(row.key.channel.as_str()) else {
                // No provider for this channel: tried again later, never lost.
                self.host.invitation_later(&row.id, now + 3_600).await?;
                continue;
            };
            self.pace().await;
            let at = self.host.now();
            match self.send(sender.as_ref(), &row).await {
                Ok(sid) => {
                    self.host
                        .invitation_sent(&row, sid.as_deref(), &self.schedule, at)
                        .await?;
                    round.sent += 1;
                }
                Err(SendError::Retry(_)) => {
                    let wait = retry_wait(0, self.host.random_bytes());
                    self.host.invitation_later(&row.id, at + wait).await?;
                }
                Err(SendError::Unreachable) => {
                    self.host.unreachable(&row.key).await?;
                    self.host
                        .set_invitation_status(
                            &row.id,
                            InvitationStatus::Declined,
                            "declined",
                            None,
                            at,
                        )
                        .await?;
                    round.failed += 1;
                }
                Err(e) => {
                    // A number refused for good, or WhatsApp without the approved template.
                    let kind = match e {
                        SendError::WindowClosed => "no-template",
                        _ => "failed",
                    };
                    tracing::warn!(channel = %row.key.channel.as_str(), error = %e, "invitation not sent");
                    crate::metrics::record_error(crate::metrics::ErrorKind::Send);
                    self.host
                        .set_invitation_status(
                            &row.id,
                            InvitationStatus::Unreachable,
                            kind,
                            None,
                            at,
                        )
                        .await?;
                    round.failed += 1;
                }
            }
        }
        Ok(())
    }

    /// Waits until a message may go: [`Schedule::gap`] after the last one this process sent.
    async fn pace(&self) {
        let gap = self.schedule.gap();
        let wait = {
            let mut last = self
                .last
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let now = std::time::Instant::now();
            let at = last.map_or(now, |l| (l + gap).max(now));
            *last = Some(at);
            at - now
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// Sends one invitation or reminder: text on SMS, the approved template on WhatsApp (the
    /// service writes first: the 24-hour window is closed).
    async fn send(
        &self,
        sender: &dyn Sender,
        row: &InvitationRow,
    ) -> Result<Option<String>, SendError> {
        let link = self
            .bot
            .as_ref()
            .map(|bot| format!("https://t.me/{bot}?start={}", row.code));
        let (text, msg) = self.host.invitation_text(row, link.as_deref());
        if row.key.channel == Channel::WhatsApp {
            let catalog = self.host.catalog();
            let locale = row.locale.as_deref().unwrap_or(crate::i18n::REFERENCE);
            let call = catalog
                .whatsapp
                .call(&catalog.locales, locale, &msg)
                .ok_or(SendError::WindowClosed)?;
            return sender
                .deliver(&row.key.address, Content::Template(&call))
                .await;
        }
        sender.deliver(&row.key.address, Content::Text(&text)).await
    }
}
