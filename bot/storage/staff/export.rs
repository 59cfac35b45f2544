//! The exports: the bookings of the queue as the dashboard filters them (the CSV), and
//! everything stored about a person, for their right of access.

use sqlx::Row;

use super::model::Scope;
use super::queue::QueueFilter;
use super::queue::queue_query;
use super::rows::{QUEUE_COLUMNS, QueueRow, REQUEST_COLUMNS, queue_row, request_row};
use crate::storage::{SESSION_STATE, StorageError, Store};

impl Store {
    /// Every booking of the scope that matches, for the CSV export.
    pub async fn staff_export(
        &self,
        scope: &Scope,
        f: &QueueFilter,
    ) -> Result<Vec<QueueRow>, StorageError> {
        let mut q = queue_query(&format!("SELECT {QUEUE_COLUMNS} FROM bookings"), scope, f);
        q.tail().push(" ORDER BY starts_at, id");
        let (sql, arguments) = q.build()?;
        let rows = sqlx::query_with(&sql, arguments)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(queue_row).collect()
    }

    /// Everything stored about a person, for their right of access (JSON).
    pub async fn person_export(
        &self,
        person_id: &str,
    ) -> Result<Option<serde_json::Value>, StorageError> {
        use serde_json::{Value, json};
        let Some(p) = sqlx::query(
            "SELECT id, channel, locale, created_at, last_contact_at FROM people WHERE id = $1",
        )
        .bind(person_id)
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let address = self.person_contact(person_id).await?;
        let noted_name = self.person_name(person_id).await?;
        let consents = self
            .rows_of(person_id, "SELECT scope, granted, text_id, text_locale, text_sha256, channel, at FROM consents WHERE person_id = $1 ORDER BY at, id")
            .await?
            .iter()
            .map(|r| {
                Ok(json!({
                    "scope": r.try_get::<String, _>("scope")?,
                    "granted": r.try_get::<i64, _>("granted")? != 0,
                    "text_id": r.try_get::<String, _>("text_id")?,
                    "text_locale": r.try_get::<String, _>("text_locale")?,
                    "text_sha256": r.try_get::<String, _>("text_sha256")?,
                    "channel": r.try_get::<String, _>("channel")?,
                    "at": r.try_get::<i64, _>("at")?,
                }))
            })
            .collect::<Result<Vec<Value>, sqlx::Error>>()?;
        let answers = self
            .rows_of(person_id, "SELECT dialogue, step, value, codes, sensitive, answered_at FROM answers WHERE person_id = $1 ORDER BY dialogue, step")
            .await?
            .iter()
            .map(|r| {
                let (value, codes) = crate::storage::people::open_answer(
                    self.key(),
                    &r.try_get::<String, _>("value")?,
                    &r.try_get::<String, _>("codes")?,
                )?;
                Ok(json!({
                    "dialogue": r.try_get::<String, _>("dialogue")?,
                    "step": r.try_get::<String, _>("step")?,
                    "value": serde_json::from_str::<Value>(&value).unwrap_or(Value::String(value)),
                    "codes": codes,
                    "sensitive": r.try_get::<i64, _>("sensitive")? != 0,
                    "answered_at": r.try_get::<i64, _>("answered_at")?,
                }))
            })
            .collect::<Result<Vec<Value>, StorageError>>()?;
        let mut bookings = Vec::new();
        for r in self
            .rows_of(
                person_id,
                &format!("SELECT {QUEUE_COLUMNS} FROM bookings WHERE person_id = $1 ORDER BY created_at, id"),
            )
            .await?
        {
            let b = queue_row(&r)?;
            let history: Vec<Value> = self
                .booking_history(&b.id)
                .await?
                .into_iter()
                .map(|(at, actor, status, reason)| {
                    json!({"at": at, "by": if actor == "person" || actor == "system" { actor } else { "staff".into() }, "status": status, "reason": reason})
                })
                .collect();
            bookings.push(json!({
                "reference": b.reference, "territory": b.territory, "partner": b.partner, "site": b.site,
                "with_partner": b.with_partner, "appointment": b.appointment, "format": b.format,
                "starts_at": b.starts_at, "ends_at": b.ends_at, "status": b.status.as_str(),
                "parcours": b.parcours, "lead": b.lead, "urgent": b.urgent, "created_at": b.created_at,
                "history": history,
            }));
        }
        let requests = sqlx::query(&format!(
            "SELECT {REQUEST_COLUMNS} FROM booking_requests WHERE person_id = $1 ORDER BY created_at"
        ))
            .bind(person_id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                let q = request_row(r)?;
                Ok(json!({"partner": q.partner, "parcours": q.parcours, "lead": q.lead, "urgent": q.urgent,
                    "status": q.status, "created_at": q.created_at, "closed_at": q.closed_at}))
            })
            .collect::<Result<Vec<Value>, sqlx::Error>>()?;
        let messages = self
            .rows_of(person_id, "SELECT kind, payload, created_at, not_before, sent_at FROM outbox WHERE person_id = $1 ORDER BY created_at, id")
            .await?
            .iter()
            .map(|r| {
                Ok(json!({
                    "kind": r.try_get::<String, _>("kind")?,
                    "content": r.try_get::<String, _>("payload")?,
                    "created_at": r.try_get::<i64, _>("created_at")?,
                    "due_at": r.try_get::<i64, _>("not_before")?,
                    "sent_at": r.try_get::<Option<i64>, _>("sent_at")?,
                }))
            })
            .collect::<Result<Vec<Value>, sqlx::Error>>()?;
        let session: Option<String> =
            sqlx::query_scalar("SELECT state FROM sessions WHERE person_id = $1")
                .bind(person_id)
                .fetch_optional(self.pool())
                .await?;
        Ok(Some(json!({
            "person": {
                "id": p.try_get::<String, _>("id")?,
                "channel": p.try_get::<String, _>("channel")?,
                "address": address,
                "name": noted_name,
                "locale": p.try_get::<String, _>("locale")?,
                "created_at": p.try_get::<i64, _>("created_at")?,
                "last_contact_at": p.try_get::<i64, _>("last_contact_at")?,
            },
            "consents": consents,
            "answers": answers,
            "bookings": bookings,
            "waiting_requests": requests,
            "messages": messages,
            "conversation": session
                .and_then(|s| self.key().open(SESSION_STATE, &s).ok())
                .and_then(|s| serde_json::from_str::<Value>(&s).ok()),
        })))
    }

    /// The rows a query about one person (`$1`) returns.
    async fn rows_of(
        &self,
        person_id: &str,
        sql: &str,
    ) -> Result<Vec<sqlx::any::AnyRow>, sqlx::Error> {
        sqlx::query(sql)
            .bind(person_id)
            .fetch_all(self.pool())
            .await
    }
}
