//! Calendar feeds: an account's or a site's feed, found by the keyed hash of its token; made,
//! renewed (a new token, the old one dead at once) and revoked with their audit line in one
//! transaction; and the bookings a feed shows, each with how many times it changed. Who may
//! manage which feed, and what a feed shows of a person, are the caller's.

use std::collections::HashMap;

use sqlx::Row;

use super::audit::insert_audit;
use super::filters::{Filtered, in_list};
use super::model::{AuditEntry, Scope};
use super::rows::{QUEUE_COLUMNS, QueueRow, queue_row};
use crate::storage::bookings::is_unique_violation;
use crate::storage::{PEOPLE_NAME, StorageError, Store, new_id};

/// The domain of the keyed hash a feed's token is kept as.
const TOKEN_DOMAIN: &str = "calendar-feed";
/// Seconds between two writes of a feed's last fetch: a client polling every minute costs
/// no write each time.
const TOUCH_EVERY: i64 = 60;
/// The most bookings one feed shows.
const MOST_EVENTS: i64 = 5_000;

/// Whose appointments a feed holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedOwner {
    /// A staff account: the bookings of its scope.
    Account(String),
    /// A site of a territory: its bookings, as lead or joint site.
    Site { territory: String, site: String },
}

/// A calendar feed, without its token (only its keyed hash is kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub id: String,
    pub owner: FeedOwner,
    /// The account that made it, or last renewed it.
    pub created_by: String,
    pub created_at: i64,
    pub renewed_at: Option<i64>,
    /// When a calendar last read it (to the minute).
    pub last_fetched_at: Option<i64>,
}

/// One booking as a feed shows it: the queue's line, the joint site, and how it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedBooking {
    pub booking: QueueRow,
    pub with_site: Option<String>,
    /// The lines of its history: each change adds one.
    pub changes: i64,
    /// When it last changed.
    pub changed_at: i64,
}

/// What a feed may read of a person: their consents, oldest first, and the name reception
/// noted, if any. Whether it shows the name is the caller's rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedPerson {
    pub consents: Vec<(String, bool)>,
    pub name: Option<String>,
}

/// People read at once by [`Store::feed_people`], at most.
const PEOPLE_AT_ONCE: usize = 500;

/// Which bookings a feed shows.
#[derive(Debug, Clone, Copy)]
pub enum FeedSelection<'a> {
    Scope(&'a Scope),
    Site { territory: &'a str, site: &'a str },
}

const FEED_COLUMNS: &str =
    "id, account_id, territory, site, created_by, created_at, renewed_at, last_fetched_at";

fn feed_row(r: &sqlx::any::AnyRow) -> Result<Feed, sqlx::Error> {
    let account: Option<String> = r.try_get("account_id")?;
    let owner = match account {
        Some(a) => FeedOwner::Account(a),
        None => FeedOwner::Site {
            territory: r
                .try_get::<Option<String>, _>("territory")?
                .unwrap_or_default(),
            site: r.try_get::<Option<String>, _>("site")?.unwrap_or_default(),
        },
    };
    Ok(Feed {
        id: r.try_get("id")?,
        owner,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        renewed_at: r.try_get("renewed_at")?,
        last_fetched_at: r.try_get("last_fetched_at")?,
    })
}

/// Ends the transaction of a change to one feed: with its audit line when it changed a row
/// (true), rolled back otherwise.
async fn conclude(
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    changed: u64,
    audit: &AuditEntry<'_>,
    now: i64,
) -> Result<bool, StorageError> {
    if changed == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    insert_audit(&mut tx, audit, now).await?;
    tx.commit().await?;
    Ok(true)
}

impl Store {
    /// The stored form of a feed's token: a keyed hash under the data key.
    #[must_use]
    pub fn feed_token_key(&self, token: &str) -> String {
        self.key().keyed(TOKEN_DOMAIN, token)
    }

    /// Makes a feed whose token has this keyed hash, with its audit line; `None` when the
    /// owner has one already.
    pub async fn create_feed(
        &self,
        owner: &FeedOwner,
        token_key: &str,
        audit: &AuditEntry<'_>,
        now: i64,
    ) -> Result<Option<String>, StorageError> {
        let (account, territory, site) = match owner {
            FeedOwner::Account(a) => (Some(a.as_str()), None, None),
            FeedOwner::Site { territory, site } => {
                (None, Some(territory.as_str()), Some(site.as_str()))
            }
        };
        let id = new_id();
        let mut tx = self.begin().await?;
        let added = sqlx::query(
            "INSERT INTO calendar_feeds (id, account_id, territory, site, token_key, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(account)
        .bind(territory)
        .bind(site)
        .bind(token_key)
        .bind(audit.actor)
        .bind(now)
        .execute(&mut *tx)
        .await;
        match added {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => {
                tx.rollback().await?;
                return Ok(None);
            }
            Err(e) => return Err(e.into()),
        }
        insert_audit(&mut tx, audit, now).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Gives a feed a new token (the old one stops working), with its audit line; false when
    /// there is no such feed.
    pub async fn renew_feed(
        &self,
        id: &str,
        token_key: &str,
        audit: &AuditEntry<'_>,
        now: i64,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin().await?;
        let changed = sqlx::query(
            "UPDATE calendar_feeds SET token_key = $1, created_by = $2, renewed_at = $3, last_fetched_at = NULL \
             WHERE id = $4",
        )
        .bind(token_key)
        .bind(audit.actor)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        conclude(tx, changed, audit, now).await
    }

    /// Removes a feed (its address stops working), with its audit line; false when there
    /// is no such feed.
    pub async fn revoke_feed(
        &self,
        id: &str,
        audit: &AuditEntry<'_>,
        now: i64,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin().await?;
        let removed = sqlx::query("DELETE FROM calendar_feeds WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        conclude(tx, removed, audit, now).await
    }

    /// A feed by its id.
    pub async fn feed(&self, id: &str) -> Result<Option<Feed>, StorageError> {
        self.feed_where("id", id).await
    }

    /// The feed whose token has this keyed hash.
    pub async fn feed_by_token(&self, token_key: &str) -> Result<Option<Feed>, StorageError> {
        self.feed_where("token_key", token_key).await
    }

    /// The feed whose `column` (a unique one) holds `value`.
    async fn feed_where(
        &self,
        column: &'static str,
        value: &str,
    ) -> Result<Option<Feed>, StorageError> {
        let r = sqlx::query(&format!(
            "SELECT {FEED_COLUMNS} FROM calendar_feeds WHERE {column} = $1"
        ))
        .bind(value)
        .fetch_optional(self.pool())
        .await?;
        Ok(r.as_ref().map(feed_row).transpose()?)
    }

    /// Every feed, or those of one account; accounts' feeds first, oldest first.
    pub async fn feeds(&self, account: Option<&str>) -> Result<Vec<Feed>, StorageError> {
        let mut q = Filtered::new(&format!("SELECT {FEED_COLUMNS} FROM calendar_feeds"));
        if let Some(a) = account {
            q.and().push("account_id = ").push_bind(a);
        }
        q.tail()
            .push(" ORDER BY CASE WHEN account_id IS NULL THEN 1 ELSE 0 END, created_at, id");
        let (sql, arguments) = q.build()?;
        let rows = sqlx::query_with(&sql, arguments)
            .fetch_all(self.pool())
            .await?;
        Ok(rows.iter().map(feed_row).collect::<Result<_, _>>()?)
    }

    /// Notes that a calendar read a feed, at most once a minute.
    pub async fn touch_feed(&self, id: &str, now: i64) -> Result<(), StorageError> {
        sqlx::query(
            "UPDATE calendar_feeds SET last_fetched_at = $1 WHERE id = $2 \
             AND (last_fetched_at IS NULL OR last_fetched_at <= $3)",
        )
        .bind(now)
        .bind(id)
        .bind(now - TOUCH_EVERY)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The bookings a feed shows, soonest first: those not cancelled that end at `since` or
    /// later, and those cancelled at `since` or later.
    pub async fn feed_bookings(
        &self,
        selection: FeedSelection<'_>,
        since: i64,
    ) -> Result<Vec<FeedBooking>, StorageError> {
        let mut q = Filtered::new(&format!(
            "SELECT {QUEUE_COLUMNS}, with_site, \
             (SELECT COUNT(*) FROM booking_events e WHERE e.booking_id = b.id) AS changes, \
             (SELECT MAX(e.at) FROM booking_events e WHERE e.booking_id = b.id) AS changed_at \
             FROM bookings b"
        ));
        match selection {
            FeedSelection::Scope(scope) => q.bookings_of(scope),
            FeedSelection::Site { territory, site } => {
                q.and().push("territory = ").push_bind(territory);
                q.and()
                    .push("(site = ")
                    .push_bind(site)
                    .push(" OR with_site = ")
                    .push_bind(site)
                    .push(")");
            }
        }
        q.and()
            .push("((status <> 'cancelled' AND ends_at >= ")
            .push_bind(since)
            .push(") OR (status = 'cancelled' AND updated_at >= ")
            .push_bind(since)
            .push("))");
        q.tail()
            .push(" ORDER BY starts_at, id LIMIT ")
            .push_bind(MOST_EVENTS);
        let (sql, arguments) = q.build()?;
        let rows = sqlx::query_with(&sql, arguments)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                let booking = queue_row(r)?;
                let changed_at: Option<i64> = r.try_get("changed_at")?;
                Ok(FeedBooking {
                    with_site: r.try_get("with_site")?,
                    changes: r.try_get("changes")?,
                    changed_at: changed_at
                        .map_or(booking.updated_at, |c| c.max(booking.updated_at)),
                    booking,
                })
            })
            .collect()
    }

    /// What a feed may read of these people, by id: a few queries for all of them.
    pub async fn feed_people(
        &self,
        ids: &[&str],
    ) -> Result<HashMap<String, FeedPerson>, StorageError> {
        let mut out: HashMap<String, FeedPerson> = HashMap::new();
        for chunk in ids.chunks(PEOPLE_AT_ONCE) {
            let mut q = Filtered::new("SELECT id, name FROM people");
            in_list(q.and().push("id IN ("), chunk);
            let (sql, arguments) = q.build()?;
            for r in sqlx::query_with(&sql, arguments)
                .fetch_all(self.pool())
                .await?
            {
                let name = match r.try_get::<Option<String>, _>("name")? {
                    Some(sealed) => Some(self.key().open(PEOPLE_NAME, &sealed)?),
                    None => None,
                };
                let person = FeedPerson {
                    consents: Vec::new(),
                    name,
                };
                out.insert(r.try_get("id")?, person);
            }
            let mut q = Filtered::new("SELECT person_id, scope, granted FROM consents");
            in_list(q.and().push("person_id IN ("), chunk);
            q.tail().push(" ORDER BY at, id");
            let (sql, arguments) = q.build()?;
            for r in sqlx::query_with(&sql, arguments)
                .fetch_all(self.pool())
                .await?
            {
                let person: String = r.try_get("person_id")?;
                if let Some(p) = out.get_mut(&person) {
                    let granted = r.try_get::<i64, _>("granted")? != 0;
                    p.consents.push((r.try_get("scope")?, granted));
                }
            }
        }
        Ok(out)
    }
}
