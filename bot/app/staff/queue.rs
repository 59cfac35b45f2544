//! The queue of an account's scope, its counts and waiting requests, and the exports: the
//! bookings as CSV rows and everything stored about one person.

use std::collections::HashMap;

use super::file::{TOLD, needs_told, urgency_told};
use super::{Desk, DeskError, QueueFilter, QueueRow, RequestRow};
use crate::booking::Needs;
use crate::core::ConvKey;
use crate::storage::staff::{CodesWanted, PersonCodes};

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
    pub urgency: HashMap<String, Vec<String>>,
    /// What the person of each booking listed needs at the appointment, with their language
    /// (for an interpreter), by booking id; bookings of people who said nothing are not in it.
    pub needs: HashMap<String, (Needs, Option<String>)>,
}

impl Desk<'_> {
    /// A page (from 1) of the bookings that match a filter, with the counts and the waiting
    /// requests.
    pub async fn queue(&self, filter: &QueueFilter, page: i64) -> Result<Queue, DeskError> {
        let scope = self.scope();
        let store = self.host.store();
        let (rows, total, counts) = store
            .staff_queue_page(&scope, filter, PAGE_SIZE, (page - 1) * PAGE_SIZE)
            .await?;
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
        // Everything the page shows of its people is read in one statement: the needs of
        // every person listed, the urgency of the urgent ones.
        let mut people: Vec<&str> = rows.iter().filter_map(|b| b.person_id.as_deref()).collect();
        let mut shared: Vec<&str> = rows
            .iter()
            .filter(|b| b.urgent)
            .filter_map(|b| b.person_id.as_deref())
            .chain(
                requests
                    .iter()
                    .filter(|r| r.urgent)
                    .filter_map(|r| r.person_id.as_deref()),
            )
            .collect();
        for ids in [&mut people, &mut shared] {
            ids.sort_unstable();
            ids.dedup();
        }
        let told = store
            .people_codes(CodesWanted {
                people: &people,
                prefixes: &TOLD,
                shared: &shared,
            })
            .await?;
        let nobody = PersonCodes::default();
        let of = |person: Option<&str>| person.and_then(|p| told.get(p)).unwrap_or(&nobody);
        let urgency = rows
            .iter()
            .filter(|b| b.urgent)
            .map(|b| (&b.id, b.person_id.as_deref()))
            .chain(
                requests
                    .iter()
                    .filter(|r| r.urgent)
                    .map(|r| (&r.id, r.person_id.as_deref())),
            )
            .map(|(id, person)| (id.clone(), urgency_told(of(person))))
            .collect();
        let mut needs = HashMap::new();
        for b in &rows {
            let person = of(b.person_id.as_deref());
            let said = needs_told(person);
            if said.codes.is_empty() {
                continue;
            }
            let language = if said.has(Needs::INTERPRETER) {
                person.locale.clone()
            } else {
                None
            };
            needs.insert(b.id.clone(), (said, language));
        }
        Ok(Queue {
            rows,
            total,
            counts,
            requests,
            urgency,
            needs,
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

    /// The people whose name reception noted as the one searched (the whole name or one of
    /// its words), for a search; audited without the name.
    pub async fn people_named(&self, name: &str) -> Result<Vec<String>, DeskError> {
        let people = self.host.store().people_named(name).await?;
        let detail = format!("{} found", people.len());
        self.audit("search-name", None, None, Some(&detail)).await?;
        Ok(people)
    }

    /// The name reception noted for a person, if any.
    pub async fn name_of(&self, person: Option<&str>) -> Result<Option<String>, DeskError> {
        Ok(match person {
            Some(p) => self.host.store().person_name(p).await?,
            None => None,
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
