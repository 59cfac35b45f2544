//! What shapes a site's availability besides the territory's file: the opening patterns staff
//! add or remove (each audited), closures for a period and one-off slots; and the load view's
//! booked starts. The slots themselves are computed in `booking`, not here.

use sqlx::Row;

use super::audit::record;
use super::model::AuditEntry;
use crate::booking::openings::OpeningChange;
use crate::booking::slots::{Closure, ExtraSlot};
use crate::storage::{StorageError, Store, new_id, stored};

/// A closure or a one-off slot of a site, with its id (to remove it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteEntry {
    pub id: String,
    pub starts_at: i64,
    pub ends_at: Option<i64>,
    pub appointment: Option<String>,
    pub seats: Option<i64>,
    pub reason: Option<String>,
}

/// The audit line of a change to a site's opening patterns.
fn opening_audit<'a>(by: &'a str, detail: &'a str) -> AuditEntry<'a> {
    AuditEntry {
        actor: by,
        action: "opening",
        booking_id: None,
        person_id: None,
        detail: Some(detail),
    }
}

impl Store {
    /// Opening changes of a site, oldest first.
    pub async fn opening_changes(
        &self,
        site: Option<&str>,
    ) -> Result<Vec<OpeningChange>, StorageError> {
        let rows = sqlx::query(
            "SELECT id, site, op, file_index, days, from_time, to_time, appointment, seats FROM site_openings \
             WHERE ($1 = '' OR site = $1) ORDER BY created_at, id",
        )
        .bind(site.unwrap_or(""))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let days: String = r.try_get("days")?;
                Ok(OpeningChange {
                    id: r.try_get("id")?,
                    site: r.try_get("site")?,
                    op: stored(r, "op")?,
                    file_index: r.try_get("file_index")?,
                    days: days.split_whitespace().map(str::to_string).collect(),
                    from: r.try_get("from_time")?,
                    to: r.try_get("to_time")?,
                    appointment: r.try_get("appointment")?,
                    seats: u32::try_from(r.try_get::<i64, _>("seats")?).unwrap_or(1),
                })
            })
            .collect()
    }

    /// Adds an opening change.
    pub async fn add_opening_change(
        &self,
        c: &OpeningChange,
        by: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.begin().await?;
        sqlx::query("INSERT INTO site_openings (id, site, op, file_index, days, from_time, to_time, appointment, seats, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
            .bind(new_id())
            .bind(c.site.as_str())
            .bind(c.op.as_str())
            .bind(c.file_index)
            .bind(c.days.join(" "))
            .bind(c.from.as_str())
            .bind(c.to.as_str())
            .bind(c.appointment.as_str())
            .bind(i64::from(c.seats))
            .bind(by)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        let detail = format!("{} {} {}-{}", c.op, c.site, c.from, c.to);
        record(&mut tx, &opening_audit(by, &detail), None, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes an opening change (an added pattern goes, a removed one comes back).
    pub async fn delete_opening_change(
        &self,
        id: &str,
        site: &str,
        by: &str,
        now: i64,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin().await?;
        let n = sqlx::query("DELETE FROM site_openings WHERE id = $1 AND site = $2")
            .bind(id)
            .bind(site)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 1 {
            let detail = format!("undo {site}");
            record(&mut tx, &opening_audit(by, &detail), None, now).await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    /// Closures that overlap a window.
    pub async fn closures(&self, from: i64, until: i64) -> Result<Vec<Closure>, StorageError> {
        let rows = self.closure_rows(None, from, until).await?;
        Ok(rows.into_iter().map(|(_, c, _)| c).collect())
    }

    /// Closures of a site that end after `from`.
    pub async fn site_closures(
        &self,
        site: &str,
        from: i64,
    ) -> Result<Vec<SiteEntry>, StorageError> {
        let rows = self.closure_rows(Some(site), from, i64::MAX).await?;
        Ok(rows
            .into_iter()
            .map(|(id, c, reason)| SiteEntry {
                id,
                starts_at: c.start,
                ends_at: Some(c.end),
                appointment: None,
                seats: None,
                reason,
            })
            .collect())
    }

    /// One-off slots in a window.
    pub async fn extra_slots(&self, from: i64, until: i64) -> Result<Vec<ExtraSlot>, StorageError> {
        let rows = self.extra_rows(None, from, until).await?;
        Ok(rows.into_iter().map(|(_, x)| x).collect())
    }

    /// One-off slots of a site that start after `from`.
    pub async fn site_extras(&self, site: &str, from: i64) -> Result<Vec<SiteEntry>, StorageError> {
        let rows = self.extra_rows(Some(site), from, i64::MAX).await?;
        Ok(rows
            .into_iter()
            .map(|(id, x)| SiteEntry {
                id,
                starts_at: x.start,
                ends_at: None,
                appointment: Some(x.appointment),
                seats: Some(i64::from(x.seats)),
                reason: None,
            })
            .collect())
    }

    /// Closes a site for a period.
    pub async fn add_closure(
        &self,
        site: &str,
        start: i64,
        end: i64,
        reason: &str,
        by: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        let columns =
            "slot_closures (id, site, starts_at, ends_at, reason, created_by, created_at)";
        self.insert_site_entry(columns, site, (start, end, reason), by, now)
            .await
    }

    /// Adds a row to a site's closures or one-off slots: an id, the site, three values of the
    /// table's own, who and when.
    async fn insert_site_entry(
        &self,
        columns: &str,
        site: &str,
        (a, b, c): (i64, i64, &str),
        by: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        sqlx::query(&format!(
            "INSERT INTO {columns} VALUES ($1, $2, $3, $4, $5, $6, $7)"
        ))
        .bind(new_id())
        .bind(site)
        .bind(a)
        .bind(b)
        .bind(c)
        .bind(by)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Opens a one-off slot.
    pub async fn add_extra_slot(
        &self,
        x: &ExtraSlot,
        by: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        let columns =
            "slot_extras (id, site, starts_at, seats, appointment, created_by, created_at)";
        let values = (x.start, i64::from(x.seats), x.appointment.as_str());
        self.insert_site_entry(columns, &x.site, values, by, now)
            .await
    }

    /// Removes a closure or a one-off slot of a site (`table` is `closure` or `extra`).
    pub async fn delete_site_entry(
        &self,
        kind: &str,
        id: &str,
        site: &str,
    ) -> Result<bool, StorageError> {
        let table = match kind {
            "closure" => "slot_closures",
            "extra" => "slot_extras",
            _ => return Ok(false),
        };
        let n = sqlx::query(&format!("DELETE FROM {table} WHERE id = $1 AND site = $2"))
            .bind(id)
            .bind(site)
            .execute(self.pool())
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    /// Active bookings per site and start, for the load view: (site, starts_at).
    pub async fn booked_starts(
        &self,
        from: i64,
        until: i64,
    ) -> Result<Vec<(String, i64)>, StorageError> {
        let mut out = Vec::new();
        for key in self.taken_slot_keys(from, until).await? {
            let mut parts = key.split('/');
            if let (Some(site), _, Some(start)) = (parts.next(), parts.next(), parts.next()) {
                if let Ok(start) = start.parse() {
                    out.push((site.to_string(), start));
                }
            }
        }
        Ok(out)
    }

    /// Closures of one site (or of all) that overlap `[from, until)`, by start: (id, closure,
    /// reason).
    async fn closure_rows(
        &self,
        site: Option<&str>,
        from: i64,
        until: i64,
    ) -> Result<Vec<(String, Closure, Option<String>)>, StorageError> {
        let sql = "SELECT id, site, starts_at, ends_at, reason FROM slot_closures \
             WHERE ($1 = '' OR site = $1) AND ends_at > $2 AND starts_at < $3 ORDER BY starts_at";
        self.site_rows(sql, site, from, until, |r| {
            let closure = Closure {
                site: r.try_get("site")?,
                start: r.try_get("starts_at")?,
                end: r.try_get("ends_at")?,
            };
            Ok((r.try_get("id")?, closure, r.try_get("reason")?))
        })
        .await
    }

    /// One-off slots of one site (or of all) that start in `[from, until)`, by start: (id,
    /// slot).
    async fn extra_rows(
        &self,
        site: Option<&str>,
        from: i64,
        until: i64,
    ) -> Result<Vec<(String, ExtraSlot)>, StorageError> {
        let sql = "SELECT id, site, appointment, starts_at, seats FROM slot_extras \
             WHERE ($1 = '' OR site = $1) AND starts_at >= $2 AND starts_at < $3 ORDER BY starts_at";
        self.site_rows(sql, site, from, until, |r| {
            let slot = ExtraSlot {
                site: r.try_get("site")?,
                appointment: r.try_get("appointment")?,
                start: r.try_get("starts_at")?,
                seats: u32::try_from(r.try_get::<i64, _>("seats")?).unwrap_or(1),
            };
            Ok((r.try_get("id")?, slot))
        })
        .await
    }

    /// Rows of a site's table, `$1` bound to the site (empty for all), `$2` and `$3` to the
    /// window.
    async fn site_rows<T>(
        &self,
        sql: &str,
        site: Option<&str>,
        from: i64,
        until: i64,
        read: impl FnMut(&sqlx::any::AnyRow) -> Result<T, sqlx::Error>,
    ) -> Result<Vec<T>, StorageError> {
        let query = sqlx::query(sql)
            .bind(site.unwrap_or(""))
            .bind(from)
            .bind(until);
        self.read_all(query, read).await
    }
}
