//! The audit log: who did what to which booking or person, written in the transaction of the
//! action it records (with the action's message to the person, if any), and read back with
//! filters (admins only: the caller checks).

use sqlx::Row;

use super::filters::Filtered;
use super::model::{AuditEntry, Notice};
use crate::core::OutboxKind;
use crate::storage::outbox::enqueue_about;
use crate::storage::{StorageError, Store, new_id};

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub at: i64,
    pub actor: String,
    /// The actor's e-mail, when the actor is an account.
    pub actor_email: Option<String>,
    pub action: String,
    pub booking_id: Option<String>,
    pub person_id: Option<String>,
    pub detail: Option<String>,
}

/// The audit log's filters.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// An account id, or its e-mail.
    pub actor: Option<String>,
    pub action: Option<String>,
    pub booking_id: Option<String>,
    pub person_id: Option<String>,
    pub from: Option<i64>,
    pub until: Option<i64>,
    /// How many of the newest matching lines to pass over (a page further).
    pub offset: i64,
}

/// Writes an audit line inside the transaction of the action it records.
pub(super) async fn insert_audit(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    a: &AuditEntry<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO audit_log (id, at, actor, action, booking_id, person_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(new_id())
        .bind(now)
        .bind(a.actor)
        .bind(a.action)
        .bind(a.booking_id)
        .bind(a.person_id)
        .bind(a.detail)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Writes an action's audit line and its message to the person, in the action's transaction.
pub(in crate::storage) async fn record(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    audit: &AuditEntry<'_>,
    notice: Option<&Notice>,
    now: i64,
) -> Result<(), StorageError> {
    insert_audit(tx, audit, now).await?;
    if let Some(n) = notice {
        let at = (now, now + n.after);
        enqueue_about(
            tx,
            &n.person_id,
            OutboxKind::Text,
            &n.text,
            n.message.as_deref(),
            at,
            audit.booking_id,
        )
        .await?;
    }
    Ok(())
}

impl Store {
    /// Writes an audit line.
    pub async fn audit(&self, a: &AuditEntry<'_>, now: i64) -> Result<(), StorageError> {
        let mut tx = self.begin().await?;
        insert_audit(&mut tx, a, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The audit log, newest first.
    pub async fn audit_entries(
        &self,
        f: &AuditFilter,
        limit: i64,
    ) -> Result<Vec<AuditRow>, StorageError> {
        let mut q = Filtered::new(
            "SELECT l.at, l.actor, a.email, l.action, l.booking_id, l.person_id, l.detail FROM audit_log l \
             LEFT JOIN staff_accounts a ON a.id = l.actor",
        );
        if let Some(v) = &f.actor {
            q.and()
                .push("(l.actor = ")
                .push_bind(v.as_str())
                .push(" OR a.email = ")
                .push_bind(v.to_lowercase())
                .push(")");
        }
        if let Some(v) = &f.action {
            q.and().push("l.action = ").push_bind(v.as_str());
        }
        if let Some(v) = &f.booking_id {
            q.and().push("l.booking_id = ").push_bind(v.as_str());
        }
        if let Some(v) = &f.person_id {
            q.and().push("l.person_id = ").push_bind(v.as_str());
        }
        if let Some(v) = f.from {
            q.and().push("l.at >= ").push_bind(v);
        }
        if let Some(v) = f.until {
            q.and().push("l.at < ").push_bind(v);
        }
        q.tail()
            .push(" ORDER BY l.at DESC, l.id DESC LIMIT ")
            .push_bind(limit)
            .push(" OFFSET ")
            .push_bind(f.offset.max(0));
        let (sql, arguments) = q.build()?;
        self.read_all(sqlx::query_with(&sql, arguments), |r| {
            Ok(AuditRow {
                at: r.try_get("at")?,
                actor: r.try_get("actor")?,
                actor_email: r.try_get("email")?,
                action: r.try_get("action")?,
                booking_id: r.try_get("booking_id")?,
                person_id: r.try_get("person_id")?,
                detail: r.try_get("detail")?,
            })
        })
        .await
    }
}
