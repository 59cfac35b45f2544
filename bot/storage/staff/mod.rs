//! Staff accounts and what the dashboard reads and changes: the types the parts share are in
//! `model` and `rows`, each part holds its own queries. Accounts; login sessions and throttling; the audit
//! log; the queue (a booking, a request and a person, within an account's scope); the actions
//! on a booking or a request (each with its history line, audit line and message to the
//! person, in one transaction); the exports; the opening patterns, closures and one-off slots;
//! the calendar feeds.
//! Nothing here decides who may do what: the scope is the caller's.
//!
//! This file only names the parts and re-exports what the rest of the program uses.

mod accounts;
mod actions;
mod audit;
mod bench;
mod export;
mod feeds;
mod filters;
mod model;
mod openings;
mod queue;
mod rows;
mod sessions;
mod stats;
mod told;

pub use crate::booking::openings::OpeningChange;
pub(super) use audit::record;
pub use audit::{AuditFilter, AuditRow};
pub use bench::BenchPerson;
pub use feeds::{Feed, FeedBooking, FeedOwner, FeedPerson, FeedSelection};
pub use model::{Account, ActionOutcome, AuditEntry, Notice, Role, Scope};
pub use openings::SiteEntry;
pub use queue::{QueueFilter, QueueSort, SortColumn, StatusFilter};
pub use rows::{QueueRow, RequestRow};
pub use stats::{StatsDim, StatsFilter};
pub use told::{AnswerCodes, CodesWanted, PersonCodes, TOLD_INDEXED};
