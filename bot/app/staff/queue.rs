//! The queue of an account's scope, its counts and waiting requests, and the exports: the
//! bookings as CSV rows and everything stored about one person.

use super::{Desk, DeskError, QueueFilter, QueueRow, RequestRow};
use crate::core::ConvKey;

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
    /// The kinds of urgent situation of each urgent booking and request listed, by id.
    pub urgency: std::collections::HashMap<String, Vec<String>>,
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
                .staff_requests(
                    &scope,
                    filter.partner.as_deref(),
                    filter.not_called_back,
                    REQUESTS_SHOWN,
                )
                .await?
        } else {
            Vec::new()
        };
        let mut urgency = std::collections::HashMap::new();
        let urgent = rows
            .iter()
            .filter(|b| b.urgent)
            .map(|b| (&b.id, b.person_id.as_deref()))
            .chain(
                requests
                    .iter()
                    .filter(|r| r.urgent)
                    .map(|r| (&r.id, r.person_id.as_deref())),
            );
        for (id, person) in urgent {
            urgency.insert(id.clone(), self.urgency(person).await?);
        }
        Ok(Queue {
            rows,
            total,
            counts,
            requests,
            urgency,
        })
    }

    /// The people of a phone number, on any channel it may be (given as conversation keys),
    /// for a search; the search is audited without the number.
    pub async fn people_at(&self, keys: &[ConvKey]) -> Result<Vec<String>, DeskError> {
        let people = self.host.store().people_at(keys).await?;
        let detail = format!("{} found", people.len());
        self.audit("search-phone", None, None, Some(&detail))
            .await?;
        Ok(people)
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
