//! Invitations: the Département imports the list of people it must orient, tremplin invites
//! each one by SMS (or WhatsApp) at the right time and pace, the conversation that follows
//! knows the invitation, and staff follow every person to the first appointment.
//!
//! - [`file`] reads and checks a list; [`Host::import_invitations`] keeps its good rows.
//! - [`schedule`] says when a message may go; the sender itself is `notify::invitations`,
//!   through [`Host::due_invitations`] and [`Host::invitation_text`].
//! - A conversation from an invited number (or a Telegram link's code) starts tied to its
//!   invitation ([`Host::invitation_of_new`]); with consent, the person is linked.
//! - [`Desk`] methods list, count, show and act on invitations for the dashboard.

mod desk;
pub mod file;
mod import;
pub mod schedule;

use super::{Host, HostError};
use crate::booking::territory::PartnerKind;
use crate::core::{ConvKey, InvitationStatus};
use crate::engine::{Arg, Invited, Msg};
use crate::i18n::Isolation;
use crate::storage::invitations::Sent;
pub use crate::storage::invitations::{
    ImportRow, InvitationEvent, InvitationFilter, InvitationRow,
};
pub use file::{FileError, Listed, Refused, Rules, Why};
pub use schedule::{Due, Quiet, Schedule};

/// Rows written to the database in one transaction.
const BATCH: usize = 500;
/// Refused rows kept with an import's summary (the command line prints them all).
pub const REFUSALS_KEPT: usize = 1_000;
/// Days ahead the partner likely to be proposed must have a free first appointment.
pub const HOLD_DAYS: i64 = 14;
/// The reason code of a row whose number said STOP.
pub const OPTED_OUT: &str = "opted-out";
/// The lease the one process sending invitations holds for a round.
const SENDER_LEASE: &str = "invitation-sender";
/// The lease one import holds while it runs.
const IMPORT_LEASE: &str = "invitation-import";

/// How an import goes.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The staff account that uploads (`None`: the command line).
    pub by_staff: Option<String>,
    /// Check every row, write nothing.
    pub dry_run: bool,
    /// The partners the uploader may invite for (`None`: all the territory's).
    pub in_scope: Option<Vec<String>>,
}

/// What an import did: its counts, and every refused row (line and reason).
#[derive(Debug, Default)]
pub struct ImportReport {
    pub summary: ImportRow,
    pub refused: Vec<Refused>,
    /// Lines of numbers that said STOP: not invited.
    pub opted_out: Vec<u64>,
    /// Why the file stopped being read, as a stable code (see [`ImportError::code`]).
    pub stopped: Option<&'static str>,
    pub encoding: &'static str,
}

/// Why an import could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    File(#[from] FileError),
    /// Another import is running.
    #[error("another import is running ({0}): try again when it is done")]
    Busy(String),
    #[error(transparent)]
    Host(#[from] HostError),
}

impl ImportError {
    /// A stable code of what went wrong: the file's ([`FileError::code`]) or `busy`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::File(e) => e.code(),
            Self::Busy(_) => "busy",
            Self::Host(_) => "unavailable",
        }
    }
}

impl From<crate::storage::StorageError> for ImportError {
    fn from(e: crate::storage::StorageError) -> Self {
        Self::Host(HostError::Storage(e))
    }
}

/// What the dashboard shows of an invitation.
#[derive(Debug, Clone)]
pub struct InvitationView {
    pub row: InvitationRow,
    pub events: Vec<InvitationEvent>,
}

/// The code of an invitation's Telegram link: 16 characters of an unambiguous alphabet from
/// 16 random bytes (about 79 bits), so that no one finds a person's invitation by trying codes.
#[must_use]
pub fn link_code(random: [u8; 16]) -> String {
    crate::booking::code(random, b"23456789abcdefghjkmnpqrstuvwxyz", 16)
}

impl Host {
    /// The invitation a new conversation answers, if any: the invited number itself (SMS,
    /// WhatsApp), or the code of a Telegram link opened just before.
    pub(super) async fn invitation_of_new(
        &self,
        key: &ConvKey,
    ) -> Result<Option<InvitationRow>, HostError> {
        if let Some((_, code)) = self.invitation_codes.remove(key) {
            return Ok(self.store.invitation_by_code(&code).await?);
        }
        if !matches!(
            key.channel,
            crate::core::Channel::Sms | crate::core::Channel::WhatsApp
        ) {
            return Ok(None);
        }
        Ok(self.store.invitation_for(key).await?)
    }

    /// A Telegram link's code (`/start <code>`): the conversation it opens next answers that
    /// invitation. Kept in memory only, until that turn.
    pub fn open_invitation(&self, key: &ConvKey, code: &str) {
        let code: String = code
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(32)
            .collect();
        if !code.is_empty() {
            self.invitation_codes.insert(key.clone(), code);
        }
    }

    /// What the engine reads of an invitation.
    #[must_use]
    pub(super) fn invited(row: &InvitationRow) -> Invited {
        Invited {
            id: row.id.clone(),
            born: row
                .data
                .born
                .as_deref()
                .and_then(|b| chrono::NaiveDate::parse_from_str(b, "%Y-%m-%d").ok()),
            postcode: row.data.postcode.clone(),
            rsa: row.data.rsa,
            france_travail_id: row.data.france_travail_id.clone(),
        }
    }

    /// The lease of the one process that sends invitations at a time, so that the provider's
    /// pace holds across instances; `None` while another process holds it.
    pub async fn invitation_sender(
        &self,
        holder: &str,
    ) -> Result<Option<crate::storage::held::HeldLease>, HostError> {
        Ok(match self.store.take_lease(SENDER_LEASE, holder).await? {
            crate::storage::held::Taken::Held(lease) => Some(lease),
            crate::storage::held::Taken::Elsewhere(_) => None,
        })
    }

    /// Claims the invitations whose next message (or expiry) is due.
    pub async fn due_invitations(
        &self,
        now: i64,
        limit: i64,
        lease: i64,
    ) -> Result<Vec<InvitationRow>, HostError> {
        Ok(self.store.claim_invitations(now, limit, lease).await?)
    }

    /// The text of an invitation's `sends`-th message (0: the invitation, then reminders) in
    /// its language, with the Fluent message it says (for a WhatsApp template).
    #[must_use]
    pub fn invitation_text(&self, row: &InvitationRow, link: Option<&str>) -> (String, Msg) {
        let locale = row
            .locale
            .clone()
            .unwrap_or_else(|| crate::i18n::REFERENCE.into());
        let who = self
            .territory()
            .and_then(|t| {
                let id = row.partner.as_deref()?;
                t.partner(id).map(|p| p.name_in(&locale).to_string())
            })
            .or_else(|| {
                self.territory().and_then(|t| {
                    t.partners_of(PartnerKind::for_body(
                        crate::core::Body::ConseilDepartemental,
                    ))
                    .next()
                    .map(|p| p.name_in(&locale).to_string())
                })
            })
            .unwrap_or_default();
        let id = if row.sends == 0 {
            "invitation-sms"
        } else {
            "invitation-reminder-sms"
        };
        let msg = Msg::new(id)
            .arg("who", who)
            .arg(
                "rsa",
                if row.data.rsa == Some(true) {
                    "yes"
                } else {
                    "no"
                },
            )
            .arg("telegram", if link.is_some() { "yes" } else { "no" })
            .arg("link", Arg::Str(link.unwrap_or_default().to_string()));
        let text = self.catalog.locales.render(&locale, &msg, Isolation::Plain);
        // Accents GSM-7 lacks cost a whole encoding: left out where that saves segments.
        (crate::i18n::segments::gsm7_if_shorter(&text), msg)
    }

    /// Records a message sent for an invitation and schedules what comes next.
    pub async fn invitation_sent(
        &self,
        row: &InvitationRow,
        provider_sid: Option<&str>,
        schedule: &Schedule,
        now: i64,
    ) -> Result<(), HostError> {
        let sends = row.sends + 1;
        let first = row.first_sent_at.unwrap_or(now);
        let next = match schedule.next_after(sends as usize, first) {
            Due::Reminder(t) | Due::Expiry(t) => t,
        };
        let (kind, status) = if row.sends == 0 {
            ("invited", InvitationStatus::Invited)
        } else {
            ("reminded", InvitationStatus::Reminded)
        };
        let sent = Sent {
            kind,
            status,
            provider_sid,
            delivery: if provider_sid.is_some() {
                "queued"
            } else {
                "sent"
            },
            sends,
            first_sent_at: first,
            next_at: Some(next),
        };
        Ok(self.store.invitation_sent(&row.id, &sent, now).await?)
    }

    /// Whether a claimed invitation is past its reminders and due to expire.
    #[must_use]
    pub fn invitation_expires(row: &InvitationRow, schedule: &Schedule) -> bool {
        row.sends > 0 && row.sends as usize > schedule.reminders.len()
    }

    /// Sets an invitation's status, with the event that says why.
    pub async fn set_invitation_status(
        &self,
        id: &str,
        status: InvitationStatus,
        kind: &str,
        next_at: Option<i64>,
        now: i64,
    ) -> Result<(), HostError> {
        Ok(self
            .store
            .set_invitation_status(id, status, kind, None, next_at, now)
            .await?)
    }

    /// Puts an invitation's next message off until `at`.
    pub async fn invitation_later(&self, id: &str, at: i64) -> Result<(), HostError> {
        Ok(self.store.invitation_later(id, at).await?)
    }

    /// Brings the statuses up to date: invited people who consented are followed through
    /// their conversation and appointment; invitations not sent yet are held while their
    /// likely partner has no free first appointment in the next [`HOLD_DAYS`] days (and
    /// released when it has). Returns the partners holding invitations, with how many.
    pub async fn refresh_invitations(&self, now: i64) -> Result<Vec<(String, i64)>, HostError> {
        self.store.follow_invitations(now).await?;
        let leads = self.store.invitation_leads().await?;
        let mut seen: Vec<&str> = Vec::new();
        for (lead, _, _) in &leads {
            if seen.contains(&lead.as_str()) {
                continue;
            }
            seen.push(lead);
            let free = self.has_free_first_slot(lead, now).await?;
            self.store.hold_invitations(lead, !free, now).await?;
        }
        Ok(self.store.held_invitation_leads().await?)
    }

    /// Whether a partner has a free first appointment in the next [`HOLD_DAYS`] days.
    async fn has_free_first_slot(&self, partner: &str, now: i64) -> Result<bool, HostError> {
        let territory = self.territory().map(|t| t.id.clone()).unwrap_or_default();
        let slots = self.free_slots(&territory, partner, now).await?;
        Ok(slots.iter().any(|s| s.start < now + HOLD_DAYS * 86_400))
    }

    /// A delivery status about a message sent for an invitation: kept in its history; a
    /// number the provider says is unknown or unreachable for good makes it unreachable, an
    /// opt-out declines it.
    pub(super) async fn invitation_delivery(
        &self,
        r: &super::DeliveryReport,
        now: i64,
    ) -> Result<(), HostError> {
        if !self
            .store
            .invitation_delivery(&r.sid, &r.status, r.code, now)
            .await?
        {
            return Ok(());
        }
        if !matches!(r.status.as_str(), "failed" | "undelivered") {
            return Ok(());
        }
        let Some(id) = self.store.invitation_of_message(&r.sid).await? else {
            return Ok(());
        };
        match r.code.map(super::Failure::of) {
            Some(super::Failure::BadNumber) => {
                self.store
                    .set_invitation_status(
                        &id,
                        InvitationStatus::Unreachable,
                        "failed",
                        None,
                        None,
                        now,
                    )
                    .await?;
            }
            Some(super::Failure::OptedOut) => {
                if let Some(row) = self.store.invitation(&id).await? {
                    self.opt_out(&row.key).await?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The invitations held for want of a free slot, by partner (for the queue's alert).
    pub async fn held_invitations(&self) -> Result<Vec<(String, i64)>, HostError> {
        Ok(self.store.held_invitation_leads().await?)
    }
}
