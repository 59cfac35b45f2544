//! The staff dashboard's use cases: the queue and its counts, a booking or a waiting request
//! within an account's scope, the person's contact and diagnostic as shared, the actions on a
//! booking or request, slots and openings, the audit log, accounts and login sessions, and
//! the exports, the calendar feeds and what a calendar client reads of one. It writes no HTML
//! and knows no HTTP: the dashboard renders what it returns.
//!
//! A [`Desk`] is one account at work. Whatever lies outside its scope is [`DeskError::NotFound`],
//! as for what does not exist. Every read of a person's data and every action writes its audit
//! entry; an action checks the current status and writes the change, its audit entry and the
//! message to the person in one transaction.

mod accounts;
mod actions;
mod calendar;
mod chart;
mod feeds;
mod file;
mod queue;
mod sessions;
mod slots;
mod stats;
mod subscription;

use super::{Host, HostError};
use crate::booking::territory::{Partner, Site, Territory};
use crate::storage::StorageError;
use crate::storage::staff::AuditEntry;

pub use crate::booking::slots::Slot;
pub use crate::i18n::summary::StaffSummary;
pub use crate::storage::staff::{
    Account, AuditFilter, AuditRow, OpeningChange, QueueFilter, QueueRow, QueueSort, RequestRow,
    Role, Scope, SiteEntry, SortColumn, StatusFilter,
};
pub use accounts::{
    AUDIT_SHOWN, AccountProblem, NO_PUBLIC_URL, SETUP_VALIDITY, cli_add, create_account,
    first_run_admin, setup_link,
};
pub use actions::{BookingAction, Outcome, RequestAction, UNDO_WINDOW};
pub use calendar::{day, day_parts, day_range, paris_day, paris_time, time, when};
pub use chart::{Cell, Chart, Label, MASKED, SMALL, UNKNOWN};
pub use feeds::{Feed, FeedChoice, FeedLine, FeedOwner, feed_link};
pub use file::{Case, Diagnostic, HistoryLine, Messages, Picker};
pub use queue::{PAGE_SIZE, Queue};
pub use sessions::{
    ABSOLUTE_TIMEOUT, ACCOUNT_FAILURES, ACCOUNT_LOCK, IDLE_TIMEOUT, IP_FAILURES, IP_WINDOW, Login,
    MAX_PASSWORD, MIN_PASSWORD, PasswordCheck, Session, hash_password, new_token, password_problem,
    token_hash, verify_password,
};
pub use slots::{SiteChange, SitePlan, SiteRemoval, WeekLoad};
pub use stats::{CHARTS, DAY, FUNNEL, Report, StatsAsk};
pub use subscription::{FEED_KEPT, FEED_REFRESH, FeedFile};

/// What a dashboard use case could not do.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// Not found, or outside the account's scope: the same answer for both.
    #[error("not found")]
    NotFound,
    /// The request does not hold, and says why.
    #[error("invalid request: {0}")]
    Invalid(&'static str),
    #[error(transparent)]
    Host(#[from] HostError),
}

impl From<StorageError> for DeskError {
    fn from(e: StorageError) -> Self {
        Self::Host(HostError::Storage(e))
    }
}

/// One staff account at work, at one moment: what it may see and do, and whom its audit
/// entries name.
#[derive(Debug, Clone, Copy)]
pub struct Desk<'a> {
    host: &'a Host,
    account: &'a Account,
    now: i64,
}

impl Host {
    /// The dashboard's use cases for a logged-in account, at `now`.
    #[must_use]
    pub fn desk<'a>(&'a self, account: &'a Account, now: i64) -> Desk<'a> {
        Desk {
            host: self,
            account,
            now,
        }
    }
}

impl<'a> Desk<'a> {
    /// The account at work.
    #[must_use]
    pub fn account(&self) -> &'a Account {
        self.account
    }

    /// The host the account works through.
    #[must_use]
    pub(crate) fn host(&self) -> &'a Host {
        self.host
    }

    /// The moment the account acts at.
    #[must_use]
    pub fn now(&self) -> i64 {
        self.now
    }

    /// What the account may see.
    #[must_use]
    pub fn scope(&self) -> Scope {
        self.account.scope()
    }

    /// The territories the account works with.
    #[must_use]
    pub fn territories(&self) -> Vec<&'a Territory> {
        let account = self.account;
        self.host
            .catalog()
            .territories
            .iter()
            .filter(|t| account.role == Role::Admin || account.territory.as_deref() == Some(&t.id))
            .collect()
    }

    /// The sites the account may manage, with their territory and partner.
    #[must_use]
    pub fn sites(&self) -> Vec<(&'a Territory, &'a Partner, &'a Site)> {
        let scope = self.scope();
        self.host
            .catalog()
            .territories
            .iter()
            .filter(|t| scope.territory.as_deref().is_none_or(|x| x == t.id))
            .flat_map(|t| {
                t.partners
                    .iter()
                    .filter(|p| scope.allows_partner(&p.id))
                    .flat_map(move |p| p.sites.iter().map(move |s| (t, p, s)))
            })
            .collect()
    }

    /// Writes an audit entry by this account.
    pub async fn audit(
        &self,
        action: &str,
        booking: Option<&str>,
        person: Option<&str>,
        detail: Option<&str>,
    ) -> Result<(), DeskError> {
        self.host
            .store()
            .audit(&self.entry(action, booking, person, detail), self.now)
            .await?;
        Ok(())
    }

    /// An audit entry by this account.
    fn entry<'e>(
        &'e self,
        action: &'e str,
        booking: Option<&'e str>,
        person: Option<&'e str>,
        detail: Option<&'e str>,
    ) -> AuditEntry<'e> {
        AuditEntry {
            actor: &self.account.id,
            action,
            booking_id: booking,
            person_id: person,
            detail,
        }
    }

    /// 404 unless the account is an admin.
    pub fn admin(&self) -> Result<(), DeskError> {
        if self.account.role == Role::Admin {
            Ok(())
        } else {
            Err(DeskError::NotFound)
        }
    }
}
