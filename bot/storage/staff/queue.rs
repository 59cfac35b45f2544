//! The dashboard's queue: bookings and waiting requests within an account's scope, with
//! filters and counts; one booking, one request, and whether a person is in scope; a person's
//! channel, contact and messages for the booking page.

use sqlx::Row;

use super::filters::Filtered;
use super::model::Scope;
use super::rows::{QUEUE_COLUMNS, QueueRow, REQUEST_COLUMNS, RequestRow, queue_row, request_row};
use crate::core::{BookingStatus, OutboxKind};
use crate::storage::{ACTIVE_SQL, PEOPLE_ADDRESS, PEOPLE_NAME, StorageError, Store, stored};

/// Which statuses the queue shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StatusFilter {
    /// Pending and confirmed bookings; with no day and no reference, only those whose
    /// appointment has not ended.
    #[default]
    Active,
    All,
    Only(BookingStatus),
}

impl StatusFilter {
    /// The name in the dashboard's query string.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::All => "all",
            Self::Only(s) => s.as_str(),
        }
    }

    /// Reads a name of the query string: `active`, `all` or a booking status.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "active" => Some(Self::Active),
            "all" => Some(Self::All),
            _ => BookingStatus::parse(name).map(Self::Only),
        }
    }

    /// Whether only bookings that hold their slot can match.
    fn active_only(self) -> bool {
        match self {
            Self::Active => true,
            Self::All => false,
            Self::Only(s) => s.is_active(),
        }
    }
}

/// The queue's filters.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// A partner, as lead or joint partner.
    pub partner: Option<String>,
    pub status: StatusFilter,
    /// A day, as the start and end of it (Unix seconds).
    pub day: Option<(i64, i64)>,
    pub parcours: Option<String>,
    /// A booking reference (exact, case-insensitive).
    pub reference: Option<String>,
    /// Only urgent situations reception has not called back yet.
    pub not_called_back: bool,
    /// A site.
    pub site: Option<String>,
    /// Only the bookings of these people (found by their phone number).
    pub people: Option<Vec<String>>,
    /// In the order of the appointments (a day's list), not urgent and new first.
    pub by_time: bool,
    /// A column the list is sorted by, chosen by staff: it comes before any other order.
    pub sort: Option<QueueSort>,
    /// When the filter is read.
    pub now: i64,
}

/// A column of the queue staff may sort by, and which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueSort {
    pub column: SortColumn,
    pub descending: bool,
}

/// The sortable columns of the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    When,
    Reference,
    Partner,
    Format,
    Status,
    Parcours,
    Urgent,
}

impl SortColumn {
    /// Every sortable column, in the order of the list.
    pub const ALL: [Self; 7] = [
        Self::When,
        Self::Reference,
        Self::Partner,
        Self::Format,
        Self::Status,
        Self::Parcours,
        Self::Urgent,
    ];

    /// The name in the dashboard's query string.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::When => "when",
            Self::Reference => "reference",
            Self::Partner => "partner",
            Self::Format => "format",
            Self::Status => "status",
            Self::Parcours => "parcours",
            Self::Urgent => "urgent",
        }
    }

    /// What the rows are ordered by: a literal, never a value of the request.
    fn sql(self) -> &'static str {
        match self {
            Self::When => "starts_at",
            Self::Reference => "reference",
            Self::Partner => "partner",
            Self::Format => "format",
            Self::Status => {
                "CASE status WHEN 'pending' THEN 0 WHEN 'confirmed' THEN 1 WHEN 'seen' THEN 2 \
                 WHEN 'excused' THEN 3 WHEN 'no-show' THEN 4 ELSE 5 END"
            }
            Self::Parcours => "COALESCE(parcours, '')",
            Self::Urgent => "urgent",
        }
    }
}

impl QueueSort {
    /// Reads the query string's `sort`: a column's name, `-` before it for the other way.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let (descending, name) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let column = SortColumn::ALL.into_iter().find(|c| c.as_str() == name)?;
        Some(Self { column, descending })
    }

    /// The query string's `sort` for this order.
    #[must_use]
    pub fn as_param(self) -> String {
        format!(
            "{}{}",
            if self.descending { "-" } else { "" },
            self.column.as_str()
        )
    }
}

impl QueueFilter {
    /// How many bookings of the scope the filter keeps, from the scope's counts per status
    /// ([`Store::staff_counts`]), when it keeps them by status alone (see [`queue_query`]);
    /// `None` when another condition must be counted.
    #[must_use]
    pub fn total_in(&self, counts: &[(String, i64)]) -> Option<i64> {
        // Every field named, so that a condition added to the filter is not forgotten here.
        let Self {
            partner,
            status,
            day,
            parcours,
            reference,
            not_called_back,
            site,
            people,
            by_time: _,
            sort: _,
            now: _,
        } = self;
        let by_status_alone = partner.is_none()
            && day.is_none()
            && parcours.is_none()
            && site.is_none()
            && people.is_none()
            && !not_called_back
            && reference.is_none();
        by_status_alone.then(|| {
            counts
                .iter()
                .filter_map(|(name, n)| Some((BookingStatus::parse(name)?, *n)))
                .filter(|(s, _)| match *status {
                    StatusFilter::Active => s.is_active(),
                    StatusFilter::All => true,
                    StatusFilter::Only(only) => *s == only,
                })
                .map(|(_, n)| n)
                .sum()
        })
    }
}

/// The bookings of a scope that a filter keeps, after `head` (`SELECT ... FROM bookings`).
pub(super) fn queue_query<'q>(head: &str, scope: &'q Scope, f: &'q QueueFilter) -> Filtered<'q> {
    let mut q = Filtered::new(head);
    q.bookings_of(scope);
    if let Some(p) = &f.partner {
        q.partner(p);
    }
    match f.status {
        StatusFilter::All => {}
        StatusFilter::Only(s) => {
            q.and().push("status = ").push_bind(s.as_str());
        }
        // Past appointments stay until their outcome is recorded.
        StatusFilter::Active => {
            q.and().push(format!("status IN {ACTIVE_SQL}"));
        }
    }
    if let Some((from, until)) = f.day {
        q.and()
            .push("starts_at >= ")
            .push_bind(from)
            .push(" AND starts_at < ")
            .push_bind(until);
    }
    if let Some(p) = &f.parcours {
        q.and().push("parcours = ").push_bind(p.as_str());
    }
    if let Some(site) = &f.site {
        q.and()
            .push("(site = ")
            .push_bind(site.as_str())
            .push(" OR with_site = ")
            .push_bind(site.as_str())
            .push(")");
    }
    if let Some(people) = &f.people {
        if people.is_empty() {
            q.and().push("1 = 0");
        } else {
            let w = q.and();
            w.push("person_id IN (");
            for (i, p) in people.iter().enumerate() {
                if i > 0 {
                    w.push(", ");
                }
                w.push_bind(p.as_str());
            }
            w.push(")");
        }
    }
    if f.not_called_back {
        q.and().push("urgent = 1 AND called_back_at IS NULL");
    }
    if let Some(r) = &f.reference {
        q.and()
            .push("reference = ")
            .push_bind(r.trim().to_uppercase());
    }
    q
}

impl Store {
    /// The queue: urgent first, then new (pending) bookings, then by appointment time; and
    /// how many bookings match in all.
    pub async fn staff_queue(
        &self,
        scope: &Scope,
        f: &QueueFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<QueueRow>, i64), StorageError> {
        self.queue_rows(scope, f, limit, offset, None).await
    }

    /// The rows of [`Store::staff_queue`], and the total: `known`, or counted.
    async fn queue_rows(
        &self,
        scope: &Scope,
        f: &QueueFilter,
        limit: i64,
        offset: i64,
        known: Option<i64>,
    ) -> Result<(Vec<QueueRow>, i64), StorageError> {
        // Among pending and confirmed bookings, "new first" is plain `status DESC`, which the
        // queue index serves in order; other filters rank statuses explicitly.
        let order = if let Some(sort) = f.sort {
            let way = if sort.descending { "DESC" } else { "ASC" };
            format!("{} {way}, starts_at, id", sort.column.sql())
        } else if f.by_time {
            "starts_at, id".to_string()
        } else {
            let rank = if f.status.active_only() {
                "status DESC"
            } else {
                "CASE status WHEN 'pending' THEN 0 WHEN 'confirmed' THEN 1 ELSE 2 END"
            };
            format!("urgent DESC, {rank}, starts_at, id")
        };
        let mut page = queue_query(&format!("SELECT {QUEUE_COLUMNS} FROM bookings"), scope, f);
        page.tail()
            .push(format!(" ORDER BY {order} LIMIT "))
            .push_bind(limit)
            .push(" OFFSET ")
            .push_bind(offset);
        let (sql, arguments) = page.build()?;
        let rows = sqlx::query_with(&sql, arguments)
            .fetch_all(self.pool())
            .await?;
        let total = match known {
            Some(n) => n,
            None => {
                let mut count = queue_query("SELECT COUNT(*) FROM bookings", scope, f);
                self.count(&mut count).await?
            }
        };
        Ok((rows.iter().map(queue_row).collect::<Result<_, _>>()?, total))
    }

    /// Bookings of the scope per status (the statuses some booking has, by name), and open
    /// waiting requests (as `waiting`), in one statement: a count per status, each over one
    /// range of an index (SQLite counts those ranges more than twice as fast as it groups the
    /// scope's whole range by status).
    pub async fn staff_counts(&self, scope: &Scope) -> Result<Vec<(String, i64)>, StorageError> {
        let mut q = Filtered::new("");
        for (i, status) in BookingStatus::ALL.iter().enumerate() {
            if i > 0 {
                q.union_all();
            }
            // The status is a name of the vocabulary, never a value of the request.
            q.tail().push(format!(
                "SELECT '{}' AS status, COUNT(*) AS n FROM bookings",
                status.as_str()
            ));
            q.bookings_of(scope);
            q.and().push(format!("status = '{}'", status.as_str()));
        }
        q.union_all();
        q.tail()
            .push("SELECT 'waiting' AS status, COUNT(*) AS n FROM booking_requests");
        q.and().push("status = 'open'");
        q.requests_of(scope);
        let (sql, arguments) = q.build()?;
        let rows = sqlx::query_with(&sql, arguments)
            .fetch_all(self.pool())
            .await?;
        let mut counts = Vec::with_capacity(rows.len());
        let mut waiting = 0;
        for r in &rows {
            let status: String = r.try_get("status")?;
            let n: i64 = r.try_get("n")?;
            if status == "waiting" {
                waiting = n;
            } else if n > 0 {
                counts.push((status, n));
            }
        }
        counts.sort();
        counts.push(("waiting".into(), waiting));
        Ok(counts)
    }

    /// A page of the queue, how many bookings match in all, and the counts of
    /// [`Store::staff_counts`]. When the filter keeps bookings by status alone, the total is
    /// the sum of the counts of those statuses, and it is not counted again.
    pub async fn staff_queue_page(
        &self,
        scope: &Scope,
        f: &QueueFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<QueueRow>, i64, Vec<(String, i64)>), StorageError> {
        let counts = self.staff_counts(scope).await?;
        let known = f.total_in(&counts);
        let (rows, total) = self.queue_rows(scope, f, limit, offset, known).await?;
        Ok((rows, total, counts))
    }

    /// Open waiting requests of the scope (of one partner, if given; only the urgent ones not
    /// called back yet, if asked), urgent first.
    pub async fn staff_requests(
        &self,
        scope: &Scope,
        partner: Option<&str>,
        not_called_back: bool,
        limit: i64,
    ) -> Result<Vec<RequestRow>, StorageError> {
        let mut q = Filtered::new(&format!("SELECT {REQUEST_COLUMNS} FROM booking_requests"));
        q.requests_of(scope);
        q.and().push("status = 'open'");
        if not_called_back {
            q.and().push("urgent = 1 AND called_back_at IS NULL");
        }
        if let Some(p) = partner {
            q.and().push("partner = ").push_bind(p);
        }
        q.tail()
            .push(" ORDER BY urgent DESC, created_at LIMIT ")
            .push_bind(limit);
        let (sql, arguments) = q.build()?;
        let rows = sqlx::query_with(&sql, arguments)
            .fetch_all(self.pool())
            .await?;
        Ok(rows.iter().map(request_row).collect::<Result<_, _>>()?)
    }

    /// The people whose address on one of these conversations is the one given, compared
    /// through the keyed hash (the address is never stored or compared in clear).
    pub async fn people_at(
        &self,
        keys: &[crate::core::ConvKey],
    ) -> Result<Vec<String>, StorageError> {
        let mut found = Vec::new();
        for key in keys {
            let ids: Vec<String> =
                sqlx::query_scalar("SELECT id FROM people WHERE channel = $1 AND address_key = $2")
                    .bind(key.channel.as_str())
                    .bind(self.key().lookup(key))
                    .fetch_all(self.pool())
                    .await?;
            found.extend(ids);
        }
        Ok(found)
    }

    /// The people whose noted name is, or has as one of its words, the name searched (both
    /// folded), compared through the keyed hashes: the name is never compared in clear.
    pub async fn people_named(&self, name: &str) -> Result<Vec<String>, StorageError> {
        let Some(key) = self.key().name_keys(name).into_iter().next() else {
            return Ok(Vec::new());
        };
        Ok(sqlx::query_scalar(
            "SELECT id FROM people WHERE name_keys IS NOT NULL AND (' ' || name_keys || ' ') LIKE $1",
        )
        .bind(format!("% {key} %"))
        .fetch_all(self.pool())
        .await?)
    }

    /// The name reception noted for a person, if any.
    pub async fn person_name(&self, person_id: &str) -> Result<Option<String>, StorageError> {
        let sealed: Option<Option<String>> =
            sqlx::query_scalar("SELECT name FROM people WHERE id = $1")
                .bind(person_id)
                .fetch_optional(self.pool())
                .await?;
        Ok(match sealed.flatten() {
            Some(s) => Some(self.key().open(PEOPLE_NAME, &s)?),
            None => None,
        })
    }

    /// A booking with everything the dashboard shows about it.
    pub async fn staff_booking(&self, id: &str) -> Result<Option<QueueRow>, StorageError> {
        let r = sqlx::query(&format!(
            "SELECT {QUEUE_COLUMNS} FROM bookings WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        r.as_ref().map(queue_row).transpose()
    }

    /// A waiting request.
    pub async fn staff_request(&self, id: &str) -> Result<Option<RequestRow>, StorageError> {
        let r = sqlx::query(&format!(
            "SELECT {REQUEST_COLUMNS} FROM booking_requests WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        Ok(r.as_ref().map(request_row).transpose()?)
    }

    /// Whether a person has a booking or a request within a scope.
    pub async fn person_in_scope(
        &self,
        person_id: &str,
        scope: &Scope,
    ) -> Result<bool, StorageError> {
        let mut bookings = Filtered::new("SELECT COUNT(*) FROM bookings");
        bookings.and().push("person_id = ").push_bind(person_id);
        bookings.bookings_of(scope);
        if self.count(&mut bookings).await? > 0 {
            return Ok(true);
        }
        let mut requests = Filtered::new("SELECT COUNT(*) FROM booking_requests");
        requests.and().push("person_id = ").push_bind(person_id);
        requests.requests_of(scope);
        Ok(self.count(&mut requests).await? > 0)
    }

    /// A person's channel and language: (channel, locale).
    pub async fn person_channel(
        &self,
        person_id: &str,
    ) -> Result<Option<(String, String)>, StorageError> {
        let r = sqlx::query("SELECT channel, locale FROM people WHERE id = $1")
            .bind(person_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(match r {
            Some(r) => Some((r.try_get("channel")?, r.try_get("locale")?)),
            None => None,
        })
    }

    /// A person's contact address, for staff who asked to see it (the caller audits).
    pub async fn person_contact(&self, person_id: &str) -> Result<Option<String>, StorageError> {
        let sealed: Option<String> = sqlx::query_scalar("SELECT address FROM people WHERE id = $1")
            .bind(person_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(match sealed {
            Some(s) => Some(self.key().open(PEOPLE_ADDRESS, &s)?),
            None => None,
        })
    }

    /// The outbox rows of a person (tests and the booking page's history).
    pub async fn outbox_of(
        &self,
        person_id: &str,
    ) -> Result<Vec<(OutboxKind, String, i64)>, StorageError> {
        let rows = sqlx::query(
            "SELECT kind, payload, not_before FROM outbox WHERE person_id = $1 ORDER BY created_at, id",
        )
        .bind(person_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    stored(r, "kind")?,
                    r.try_get("payload")?,
                    r.try_get("not_before")?,
                ))
            })
            .collect()
    }

    /// Runs a `SELECT COUNT(*)` query.
    async fn count(&self, q: &mut Filtered<'_>) -> Result<i64, StorageError> {
        let (sql, arguments) = q.build()?;
        Ok(sqlx::query_scalar_with(&sql, arguments)
            .fetch_one(self.pool())
            .await?)
    }
}
