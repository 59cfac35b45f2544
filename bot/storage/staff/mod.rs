//! Staff accounts and what the dashboard reads and changes: this file holds the types the
//! parts share, each part its own queries. Accounts; login sessions and throttling; the audit
//! log; the queue (a booking, a request and a person, within an account's scope); the actions
//! on a booking or a request (each with its history line, audit line and message to the
//! person, in one transaction); the exports; the opening patterns, closures and one-off slots.
//! Nothing here decides who may do what: the scope is the caller's.

mod accounts;
mod actions;
mod audit;
mod export;
mod filters;
mod openings;
mod queue;
mod sessions;

pub use crate::booking::openings::OpeningChange;
pub use actions::Move;
pub(super) use actions::{close_request, record};
pub use audit::{AuditFilter, AuditRow};
pub use openings::SiteEntry;
pub use queue::{QueueFilter, StatusFilter};

use sqlx::Row;

use super::{StorageError, stored};
use crate::core::BookingStatus;

/// What an account may do and see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Everything: every territory, accounts, the audit log.
    Admin,
    /// Every partner of their territory: triage, reassign.
    Reception,
    /// Their own partner only.
    Advisor,
}

impl Role {
    /// The stored name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Reception => "reception",
            Self::Advisor => "advisor",
        }
    }

    /// Reads a stored name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Admin, Self::Reception, Self::Advisor]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// A staff account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub territory: Option<String>,
    pub partner: Option<String>,
    pub password_hash: Option<String>,
    pub locale: String,
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
    pub active: bool,
    pub created_at: i64,
}

impl Account {
    /// What this account may see.
    #[must_use]
    pub fn scope(&self) -> Scope {
        match self.role {
            Role::Admin => Scope::default(),
            Role::Reception => Scope {
                territory: Some(self.territory.clone().unwrap_or_default()),
                partner: None,
            },
            Role::Advisor => Scope {
                territory: Some(self.territory.clone().unwrap_or_default()),
                partner: Some(self.partner.clone().unwrap_or_default()),
            },
        }
    }
}

/// The bookings, requests and people an account may see: `None` is no limit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub territory: Option<String>,
    pub partner: Option<String>,
}

impl Scope {
    /// Whether a booking of this territory and partners is in scope.
    #[must_use]
    pub fn allows(&self, territory: &str, partner: &str, with_partner: Option<&str>) -> bool {
        self.territory.as_deref().is_none_or(|t| t == territory)
            && self
                .partner
                .as_deref()
                .is_none_or(|p| p == partner || with_partner == Some(p))
    }

    /// Whether a partner is one this scope may hand work to or see.
    #[must_use]
    pub fn allows_partner(&self, partner: &str) -> bool {
        self.partner.as_deref().is_none_or(|p| p == partner)
    }
}

/// One line of the queue: a booking with everything the dashboard shows about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub id: String,
    pub reference: String,
    pub territory: String,
    pub partner: String,
    pub site: String,
    pub with_partner: Option<String>,
    pub appointment: String,
    pub format: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: BookingStatus,
    pub parcours: Option<String>,
    pub lead: Option<String>,
    pub urgent: bool,
    pub created_at: i64,
    pub person_id: Option<String>,
}

/// The columns [`queue_row`] reads, from `bookings`.
const QUEUE_COLUMNS: &str = "id, reference, territory, partner, site, with_partner, appointment, format, starts_at, ends_at, \
     status, parcours, lead, urgent, created_at, person_id";

fn queue_row(r: &sqlx::any::AnyRow) -> Result<QueueRow, StorageError> {
    Ok(QueueRow {
        id: r.try_get("id")?,
        reference: r.try_get("reference")?,
        territory: r.try_get("territory")?,
        partner: r.try_get("partner")?,
        site: r.try_get("site")?,
        with_partner: r.try_get("with_partner")?,
        appointment: r.try_get("appointment")?,
        format: r.try_get("format")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        status: stored(r, "status")?,
        parcours: r.try_get("parcours")?,
        lead: r.try_get("lead")?,
        urgent: r.try_get::<i64, _>("urgent")? != 0,
        created_at: r.try_get("created_at")?,
        person_id: r.try_get("person_id")?,
    })
}

/// A waiting request (no slot fitted): staff call the person back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRow {
    pub id: String,
    pub person_id: Option<String>,
    pub territory: String,
    pub partner: String,
    pub parcours: Option<String>,
    pub lead: Option<String>,
    pub urgent: bool,
    /// `open`, or `closed` once the person was called back or booked.
    pub status: String,
    pub created_at: i64,
    pub closed_at: Option<i64>,
}

/// The columns [`request_row`] reads, from `booking_requests`.
const REQUEST_COLUMNS: &str =
    "id, person_id, territory, partner, parcours, lead, urgent, status, created_at, closed_at";

fn request_row(r: &sqlx::any::AnyRow) -> Result<RequestRow, sqlx::Error> {
    Ok(RequestRow {
        id: r.try_get("id")?,
        person_id: r.try_get("person_id")?,
        territory: r.try_get("territory")?,
        partner: r.try_get("partner")?,
        parcours: r.try_get("parcours")?,
        lead: r.try_get("lead")?,
        urgent: r.try_get::<i64, _>("urgent")? != 0,
        status: r.try_get("status")?,
        created_at: r.try_get("created_at")?,
        closed_at: r.try_get("closed_at")?,
    })
}

/// An audit line to write with an action.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub booking_id: Option<&'a str>,
    pub person_id: Option<&'a str>,
    pub detail: Option<&'a str>,
}

/// A text for the person, sent by the outbox worker on their channel.
#[derive(Debug, Clone)]
pub struct Notice {
    pub person_id: String,
    pub text: String,
}

/// What an action on a booking or a request found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionOutcome {
    Done,
    /// Nothing to do (already in that status).
    Unchanged,
    /// The new slot is held by another booking.
    Taken,
}
