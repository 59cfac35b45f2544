//! Importing rows: new ones added, changed ones updated, the same ones left alone.

use sqlx::Row as _;

use super::*;
use crate::core::{ConvKey, InvitationStatus};
use crate::storage::error::StorageError;
use crate::storage::sealed::{INVITATION_ADDRESS, INVITATION_DATA};
use crate::storage::store::{Store, new_id};

impl Store {
    /// Starts an import; `by_staff` is the account that uploads (`None`: the command line).
    pub async fn begin_import(
        &self,
        by_staff: Option<&str>,
        now: i64,
    ) -> Result<String, StorageError> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO invitation_imports (id, by_staff, started_at, status) VALUES ($1, $2, $3, 'running')",
        )
        .bind(id.as_str())
        .bind(by_staff.unwrap_or("cli"))
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(id)
    }

    /// Ends an import with its counts, the first refused rows and the error that stopped it.
    pub async fn end_import(&self, row: &ImportRow, now: i64) -> Result<(), StorageError> {
        let refused = serde_json::to_string(&row.refusals).unwrap_or_default();
        sqlx::query(
            "UPDATE invitation_imports SET finished_at = $1, status = $2, rows_read = $3, rows_added = $4, \
             rows_updated = $5, rows_unchanged = $6, rows_refused = $7, refused = $8, error = $9 WHERE id = $10",
        )
        .bind(now)
        .bind(row.status.as_str())
        .bind(row.read)
        .bind(row.added)
        .bind(row.updated)
        .bind(row.unchanged)
        .bind(row.refused)
        .bind(refused)
        .bind(row.error.as_deref())
        .bind(row.id.as_str())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The imports, newest first.
    pub async fn imports(&self, limit: i64) -> Result<Vec<ImportRow>, StorageError> {
        let rows = sqlx::query(
            "SELECT id, by_staff, started_at, finished_at, status, rows_read, rows_added, rows_updated, \
             rows_unchanged, rows_refused, refused, error FROM invitation_imports ORDER BY started_at DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let refused: Option<String> = r.try_get("refused")?;
                Ok(ImportRow {
                    id: r.try_get("id")?,
                    by_staff: r.try_get("by_staff")?,
                    started_at: r.try_get("started_at")?,
                    finished_at: r.try_get("finished_at")?,
                    status: r.try_get("status")?,
                    read: r.try_get("rows_read")?,
                    added: r.try_get("rows_added")?,
                    updated: r.try_get("rows_updated")?,
                    unchanged: r.try_get("rows_unchanged")?,
                    refused: r.try_get("rows_refused")?,
                    refusals: refused
                        .and_then(|j| serde_json::from_str(&j).ok())
                        .unwrap_or_default(),
                    error: r.try_get("error")?,
                })
            })
            .collect()
    }

    /// Which of these numbers said STOP (by position), in one query.
    pub async fn opted_out_of(&self, keys: &[ConvKey]) -> Result<Vec<bool>, StorageError> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let hashes: Vec<(String, String)> = keys
            .iter()
            .map(|k| (k.channel.as_str().to_string(), self.key.lookup(k)))
            .collect();
        let places: Vec<String> = (1..=hashes.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT channel, address_key FROM sms_opt_outs WHERE address_key IN ({})",
            places.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for (_, h) in &hashes {
            q = q.bind(h.clone());
        }
        let found: std::collections::HashSet<(String, String)> = q
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("channel")?, r.try_get("address_key")?)))
            .collect::<Result<_, sqlx::Error>>()?;
        Ok(hashes.iter().map(|h| found.contains(h)).collect())
    }

    /// The invitations already imported under these references, by reference key: their id,
    /// row key, channel, number key and status.
    async fn known_references(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        keys: &[String],
    ) -> Result<std::collections::HashMap<String, Known>, StorageError> {
        let mut out = std::collections::HashMap::new();
        if keys.is_empty() {
            return Ok(out);
        }
        let places: Vec<String> = (1..=keys.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT reference_key, id, data_key, channel, address_key, status FROM invitations \
             WHERE reference_key IN ({})",
            places.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for k in keys {
            q = q.bind(k.clone());
        }
        for r in q.fetch_all(&mut **tx).await? {
            out.insert(
                r.try_get("reference_key")?,
                Known {
                    id: r.try_get("id")?,
                    data_key: r.try_get("data_key")?,
                    channel: r.try_get("channel")?,
                    address_key: r.try_get("address_key")?,
                    status: r.try_get("status")?,
                },
            );
        }
        Ok(out)
    }

    /// Imports rows in one transaction: a new reference is added (to be sent at `send_at`),
    /// a known one whose row changed is updated (and invited again at its new number if the
    /// number changed before the person answered), the same row again changes nothing.
    pub async fn import_invitations(
        &self,
        rows: &[NewInvitation],
        import_id: &str,
        send_at: i64,
        now: i64,
        codes: &mut (dyn FnMut() -> String + Send),
    ) -> Result<Imported, StorageError> {
        let mut done = Imported::default();
        let mut tx = self.begin().await?;
        let partners_on = crate::storage::partners::events::endpoint_on(&mut tx).await?;
        let references: Vec<String> = rows
            .iter()
            .map(|n| self.reference_key(&n.data.reference))
            .collect();
        let known = Self::known_references(&mut tx, &references).await?;
        let mut added = Vec::new();
        for (n, reference_key) in rows.iter().zip(&references) {
            let data_key = self.data_key(n);
            let found = known.get(reference_key);
            let address_key = self.key.lookup(&n.key);
            let data = serde_json::to_string(&n.data).unwrap_or_default();
            match found {
                None => {
                    added.push(Added {
                        id: new_id(),
                        reference_key: reference_key.clone(),
                        channel: n.key.channel.as_str(),
                        address_key,
                        address: self.key.seal(INVITATION_ADDRESS, &n.key.address),
                        data: self.key.seal(INVITATION_DATA, &data),
                        data_key,
                        locale: n.locale.clone(),
                        partner: n.partner.clone(),
                        lead: n.lead.clone(),
                        code: codes(),
                    });
                    done.added += 1;
                }
                Some(k) if k.data_key == data_key => done.unchanged += 1,
                Some(k) => {
                    let id = k.id.clone();
                    let moved = k.address_key != address_key || k.channel != n.key.channel.as_str();
                    let again = moved
                        && InvitationStatus::parse(&k.status).is_some_and(|s| {
                            InvitationStatus::SENDING.contains(&s)
                                || matches!(
                                    s,
                                    InvitationStatus::Held
                                        | InvitationStatus::Expired
                                        | InvitationStatus::Unreachable
                                )
                        });
                    sqlx::query(
                        "UPDATE invitations SET channel = $1, address_key = $2, address = $3, data = $4, data_key = $5, \
                         locale = $6, partner = $7, lead = $8, import_id = $9 WHERE id = $10",
                    )
                    .bind(n.key.channel.as_str())
                    .bind(address_key.as_str())
                    .bind(self.key.seal(INVITATION_ADDRESS, &n.key.address))
                    .bind(self.key.seal(INVITATION_DATA, &data))
                    .bind(data_key.as_str())
                    .bind(n.locale.as_deref())
                    .bind(n.partner.as_deref())
                    .bind(n.lead.as_deref())
                    .bind(import_id)
                    .bind(id.as_str())
                    .execute(&mut *tx)
                    .await?;
                    if again {
                        // A new number: the invitation starts again there.
                        sqlx::query(
                            "UPDATE invitations SET status = 'pending', status_at = $1, sends = 0, first_sent_at = NULL, \
                             next_at = $2, claimed_until = NULL WHERE id = $3",
                        )
                        .bind(now)
                        .bind(send_at)
                        .bind(id.as_str())
                        .execute(&mut *tx)
                        .await?;
                    }
                    event(&mut tx, &id, "updated", None, now).await?;
                    done.updated += 1;
                }
            }
        }
        // The new rows and their first event, many to a statement: one round trip for a
        // hundred rows rather than two for each.
        for chunk in added.chunks(INSERT_ROWS) {
            let mut q = String::from(
                "INSERT INTO invitations (id, reference_key, channel, address_key, address, data, data_key, \
                 locale, partner, lead, import_id, code, status, status_at, created_at, next_at) VALUES ",
            );
            let next_at = chunk.len() * 13 + 1;
            for k in 0..chunk.len() {
                let b = k * 13;
                let p: Vec<String> = (1..=12).map(|x| format!("${}", b + x)).collect();
                let now_at = b + 13;
                let comma = if k == 0 { "" } else { ", " };
                q.push_str(&format!(
                    "{comma}({}, 'pending', ${now_at}, ${now_at}, ${next_at})",
                    p.join(", ")
                ));
            }
            let mut query = sqlx::query(&q);
            for a in chunk {
                query = query
                    .bind(a.id.as_str())
                    .bind(a.reference_key.as_str())
                    .bind(a.channel)
                    .bind(a.address_key.as_str())
                    .bind(a.address.as_str())
                    .bind(a.data.as_str())
                    .bind(a.data_key.as_str())
                    .bind(a.locale.as_deref())
                    .bind(a.partner.as_deref())
                    .bind(a.lead.as_deref())
                    .bind(import_id)
                    .bind(a.code.as_str())
                    .bind(now);
            }
            query.bind(send_at).execute(&mut *tx).await?;
            let mut q =
                String::from("INSERT INTO invitation_events (id, invitation_id, at, kind) VALUES ");
            for k in 0..chunk.len() {
                q.push_str(&format!(
                    "{}(${}, ${}, ${}, 'imported')",
                    if k == 0 { "" } else { ", " },
                    k * 3 + 1,
                    k * 3 + 2,
                    k * 3 + 3
                ));
            }
            let mut query = sqlx::query(&q);
            for a in chunk {
                query = query.bind(new_id()).bind(a.id.as_str()).bind(now);
            }
            query.execute(&mut *tx).await?;
            if partners_on {
                for a in chunk {
                    crate::storage::partners::events::invitation_known_on(&mut tx, &a.id, now)
                        .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(done)
    }

    /// What importing rows would do, writing nothing (a dry run).
    pub async fn import_preview(&self, rows: &[NewInvitation]) -> Result<Imported, StorageError> {
        let mut done = Imported::default();
        for n in rows {
            let found: Option<String> =
                sqlx::query_scalar("SELECT data_key FROM invitations WHERE reference_key = $1")
                    .bind(self.reference_key(&n.data.reference))
                    .fetch_optional(&self.pool)
                    .await?;
            match found {
                None => done.added += 1,
                Some(k) if k == self.data_key(n) => done.unchanged += 1,
                Some(_) => done.updated += 1,
            }
        }
        Ok(done)
    }
}

/// New rows inserted at a time (13 values each, under both databases' limits).
const INSERT_ROWS: usize = 100;

/// A new invitation, sealed, waiting for its batch's insert.
#[derive(Debug)]
struct Added {
    id: String,
    reference_key: String,
    channel: &'static str,
    address_key: String,
    address: String,
    data: String,
    data_key: String,
    locale: Option<String>,
    partner: Option<String>,
    lead: Option<String>,
    code: String,
}

/// An invitation already imported, as a re-import compares it.
#[derive(Debug)]
struct Known {
    id: String,
    data_key: String,
    channel: String,
    address_key: String,
    status: String,
}
