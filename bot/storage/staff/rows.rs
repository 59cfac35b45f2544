//! The two lines the dashboard lists, a queued booking and a waiting request, with the
//! columns each is read from and how a row reads into it. No query runs here.

use sqlx::Row;

use crate::core::BookingStatus;
use crate::storage::{StorageError, stored};

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
    /// When reception called the person back about an urgent situation.
    pub called_back_at: Option<i64>,
    /// The status a cancellation or no-show by staff replaced, while it can be undone.
    pub previous_status: Option<BookingStatus>,
    pub created_at: i64,
    pub updated_at: i64,
    pub person_id: Option<String>,
}

/// The columns [`queue_row`] reads, from `bookings`.
pub(super) const QUEUE_COLUMNS: &str = "id, reference, territory, partner, site, with_partner, appointment, format, starts_at, ends_at, \
     status, parcours, lead, urgent, called_back_at, previous_status, created_at, updated_at, person_id";

pub(super) fn queue_row(r: &sqlx::any::AnyRow) -> Result<QueueRow, StorageError> {
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
        called_back_at: r.try_get("called_back_at")?,
        previous_status: r
            .try_get::<Option<String>, _>("previous_status")?
            .as_deref()
            .and_then(BookingStatus::parse),
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
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
    /// When reception called the person back about an urgent situation.
    pub called_back_at: Option<i64>,
    /// `open`, or `closed` once the person was called back or booked.
    pub status: String,
    pub created_at: i64,
    pub closed_at: Option<i64>,
}

/// The columns [`request_row`] reads, from `booking_requests`.
pub(super) const REQUEST_COLUMNS: &str = "id, person_id, territory, partner, parcours, lead, urgent, called_back_at, status, created_at, closed_at";

pub(super) fn request_row(r: &sqlx::any::AnyRow) -> Result<RequestRow, sqlx::Error> {
    Ok(RequestRow {
        id: r.try_get("id")?,
        person_id: r.try_get("person_id")?,
        territory: r.try_get("territory")?,
        partner: r.try_get("partner")?,
        parcours: r.try_get("parcours")?,
        lead: r.try_get("lead")?,
        urgent: r.try_get::<i64, _>("urgent")? != 0,
        called_back_at: r.try_get("called_back_at")?,
        status: r.try_get("status")?,
        created_at: r.try_get("created_at")?,
        closed_at: r.try_get("closed_at")?,
    })
}
