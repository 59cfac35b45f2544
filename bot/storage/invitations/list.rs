//! What staff read: the filtered lists and counts, an invitation's history, and the key
//! rotation and retention of the rows.

use sqlx::Row as _;

use super::*;
use crate::core::{Channel, ConvKey, InvitationStatus};
use crate::storage::error::StorageError;
use crate::storage::sealed::{INVITATION_ADDRESS, INVITATION_DATA, INVITATION_REASON};
use crate::storage::store::Store;

impl Store {
    fn filter_sql(f: &InvitationFilter, args: &mut Vec<FilterArg>) -> String {
        let mut w = vec!["1 = 1".to_string()];
        let mut push = |sql: &str, a: FilterArg| {
            args.push(a);
            w.push(sql.replace('?', &format!("${}", args.len())));
        };
        if let Some(s) = f.status {
            push("status = ?", FilterArg::Text(s.as_str().to_string()));
        }
        if let Some(p) = &f.partner {
            push("(partner = ? OR lead = ?)", FilterArg::Text(p.clone()));
        }
        if let Some(i) = &f.import_id {
            push("import_id = ?", FilterArg::Text(i.clone()));
        }
        if let Some(t) = f.from {
            push("created_at >= ?", FilterArg::Int(t));
        }
        if let Some(t) = f.until {
            push("created_at < ?", FilterArg::Int(t));
        }
        if let Some(scope) = &f.scope {
            let mut names = Vec::new();
            for p in scope {
                args.push(FilterArg::Text(p.clone()));
                names.push(format!("${}", args.len()));
            }
            if names.is_empty() {
                w.push("1 = 0".into());
            } else {
                let list = names.join(", ");
                w.push(format!(
                    "(partner IN ({list}) OR (partner IS NULL AND lead IN ({list})))"
                ));
            }
        }
        w.join(" AND ")
    }

    /// The invitations a filter shows, newest first, `limit` from `offset`.
    pub async fn invitations(
        &self,
        f: &InvitationFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<InvitationRow>, StorageError> {
        let mut args = Vec::new();
        let w = Self::filter_sql(f, &mut args);
        let sql = format!(
            "SELECT {COLUMNS} FROM invitations WHERE {w} ORDER BY created_at DESC, id DESC LIMIT {limit} OFFSET {offset}"
        );
        let rows = bind_all(sqlx::query(&sql), &args)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| self.invitation_from(r)).collect()
    }

    /// How many invitations a filter shows, by status (the status filter left out).
    pub async fn invitation_counts(
        &self,
        f: &InvitationFilter,
    ) -> Result<Vec<(InvitationStatus, i64)>, StorageError> {
        let f = InvitationFilter {
            status: None,
            ..f.clone()
        };
        let mut args = Vec::new();
        let w = Self::filter_sql(&f, &mut args);
        let sql =
            format!("SELECT status, COUNT(*) AS n FROM invitations WHERE {w} GROUP BY status");
        let rows = bind_all(sqlx::query(&sql), &args)
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::new();
        for r in &rows {
            let s: String = r.try_get("status")?;
            if let Some(s) = InvitationStatus::parse(&s) {
                out.push((s, r.try_get("n")?));
            }
        }
        out.sort();
        Ok(out)
    }

    /// What happened to an invitation, in order.
    pub async fn invitation_events(&self, id: &str) -> Result<Vec<InvitationEvent>, StorageError> {
        let rows = sqlx::query(
            "SELECT at, kind, by_staff, delivery, delivery_code, delivery_at FROM invitation_events \
             WHERE invitation_id = $1 ORDER BY at, id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(InvitationEvent {
                    at: r.try_get("at")?,
                    kind: r.try_get("kind")?,
                    by_staff: r.try_get("by_staff")?,
                    delivery: r.try_get("delivery")?,
                    delivery_code: r.try_get("delivery_code")?,
                    delivery_at: r.try_get("delivery_at")?,
                })
            })
            .collect()
    }

    /// Seals every invitation again under this store's (new) key, and computes its keyed
    /// hashes again (in the key rotation's transaction).
    pub(in crate::storage) async fn reseal_invitations(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        old: &crate::storage::vault::DataKey,
    ) -> Result<u64, StorageError> {
        let rows = sqlx::query(
            "SELECT id, channel, address, data, locale, partner, closed_reason FROM invitations",
        )
        .fetch_all(&mut **tx)
        .await?;
        let new = self.key();
        for r in &rows {
            let channel: String = r.try_get("channel")?;
            let Some(channel) = Channel::parse(&channel) else {
                continue;
            };
            let address = old.open(INVITATION_ADDRESS, &r.try_get::<String, _>("address")?)?;
            let data = old.open(INVITATION_DATA, &r.try_get::<String, _>("data")?)?;
            let parsed: InvitationData =
                serde_json::from_str(&data).map_err(|e| StorageError::Corrupt(e.to_string()))?;
            let reason: Option<String> = r.try_get("closed_reason")?;
            let reason = reason
                .map(|c| old.open(INVITATION_REASON, &c))
                .transpose()?;
            let n = NewInvitation {
                key: ConvKey::new(channel, address),
                data: parsed,
                locale: r.try_get("locale")?,
                partner: r.try_get("partner")?,
                lead: None,
            };
            sqlx::query(
                "UPDATE invitations SET reference_key = $1, address_key = $2, address = $3, data = $4, \
                 data_key = $5, closed_reason = $6 WHERE id = $7",
            )
            .bind(self.reference_key(&n.data.reference))
            .bind(new.lookup(&n.key))
            .bind(new.seal(INVITATION_ADDRESS, &n.key.address))
            .bind(new.seal(INVITATION_DATA, &data))
            .bind(self.data_key(&n))
            .bind(reason.map(|c| new.seal(INVITATION_REASON, &c)))
            .bind(r.try_get::<String, _>("id")?)
            .execute(&mut **tx)
            .await?;
        }
        Ok(rows.len() as u64)
    }

    /// Removes the invitations past retention: nothing happened to them since `cutoff`, and
    /// no consented person holds them. Returns how many.
    pub async fn purge_invitations(&self, cutoff: i64, dry_run: bool) -> Result<i64, StorageError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM invitations WHERE status_at < $1 AND person_id IS NULL",
        )
        .bind(cutoff)
        .fetch_one(&self.pool)
        .await?;
        if !dry_run && n > 0 {
            sqlx::query("DELETE FROM invitations WHERE status_at < $1 AND person_id IS NULL")
                .bind(cutoff)
                .execute(&self.pool)
                .await?;
            sqlx::query("DELETE FROM invitation_imports WHERE started_at < $1")
                .bind(cutoff)
                .execute(&self.pool)
                .await?;
        }
        Ok(n)
    }
}

/// A value a filter binds.
#[derive(Debug, Clone)]
enum FilterArg {
    Text(String),
    Int(i64),
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    args: &[FilterArg],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for a in args {
        q = match a {
            FilterArg::Text(t) => q.bind(t.clone()),
            FilterArg::Int(i) => q.bind(*i),
        };
    }
    q
}
