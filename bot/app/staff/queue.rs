//! The queue of an account's scope, its counts and waiting requests, and the exports: the
//! bookings as CSV rows and everything stored about one person.

use super::{Desk, DeskError, QueueFilter, QueueRow, RequestRow};

/// Bookings per page of the queue.
pub const PAGE_SIZE: i64 = 50;

/// Waiting requests listed above the queue, at most.
const REQUESTS_SHOWN: i64 = 100;

/// One page of the queue.
#[derive(Debug, Clone)]
pub struct Queue {
    /// The bookings of the page.
    pub rows: Vec<QueueRow>,
    /// How many bookings match the filter, on every page.
    pub total: i64,
    /// How many bookings of the scope are in each status.
    pub counts: Vec<(String, i64)>,
    /// The waiting requests, on the first page of an unfiltered search only.
    pub requests: Vec<RequestRow>,
}

impl Desk<'_> {
    /// A page (from 1) of the bookings that match a filter, with the counts and the waiting
    /// requests.
    pub async fn queue(&self, filter: &QueueFilter, page: i64) -> Result<Queue, DeskError> {
        let scope = self.scope();
        let store = self.host.store();
        let (rows, total) = store
            .staff_queue(&scope, filter, PAGE_SIZE, (page - 1) * PAGE_SIZE)
            .await?;
        let counts = store.staff_counts(&scope).await?;
        let requests = if page == 1 && filter.reference.is_none() {
            store
                .staff_requests(&scope, filter.partner.as_deref(), REQUESTS_SHOWN)
                .await?
        } else {
            Vec::new()
        };
        Ok(Queue {
            rows,
            total,
            counts,
            requests,
        })
    }

    /// Every booking that matches a filter, for an export; the audit entry names the filter
    /// as `described`.
    pub async fn export(
        &self,
        filter: &QueueFilter,
        described: &str,
    ) -> Result<Vec<QueueRow>, DeskError> {
        let rows = self
            .host
            .store()
            .staff_export(&self.scope(), filter)
            .await?;
        let detail = format!("{} rows; {described}", rows.len());
        self.audit("export-csv", None, None, Some(&detail)).await?;
        Ok(rows)
    }

    /// Everything stored about a person of the account's scope (their right of access).
    pub async fn person_export(&self, person: &str) -> Result<serde_json::Value, DeskError> {
        let store = self.host.store();
        if !store.person_in_scope(person, &self.scope()).await? {
            return Err(DeskError::NotFound);
        }
        let data = store
            .person_export(person)
            .await?
            .ok_or(DeskError::NotFound)?;
        self.audit("export-person", None, Some(person), None)
            .await?;
        Ok(data)
    }
}
