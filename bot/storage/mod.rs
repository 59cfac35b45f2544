//! The one place that writes SQL. SQLite (embedded default) and PostgreSQL through sqlx's `Any`
//! driver, with the same portable queries and the same migrations.
//!
//! Errors: every failure is a [`StorageError`]; the message never carries a value that was
//! bound (no answer, no address).
//!
//! This file only names the parts and re-exports what the rest of the program uses; each item
//! lives in the file named for what it holds.

mod backend;
pub mod backfill;
mod batch;
mod book;
pub mod bookings;
mod error;
pub mod held;
pub mod invitations;
pub mod keycheck;
pub mod leases;
mod names;
pub mod outbox;
pub mod partners;
mod people;
pub mod privacy;
pub mod recent;
mod replies;
pub mod schema;
mod sealed;
pub mod services;
pub mod staff;
pub mod stats;
mod store;
pub mod vault;

pub use backend::Backend;
pub use batch::Written;
pub use error::StorageError;
pub(crate) use names::{ACTIVE_SQL, stored};
pub use people::{ConsentRecord, Counts, Lookup, OutboxRow, StoredAnswer, TurnWrite};
pub use recent::StoredPerson;
pub use replies::PendingReply;
pub use sealed::{
    ANSWER_CODES, ANSWER_VALUE, INBOUND_REPLY, PEOPLE_ADDRESS, PEOPLE_NAME, SESSION_STATE,
};
pub use store::{PoolConfig, Store, new_id};
