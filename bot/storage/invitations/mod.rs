//! Invitations: the rows a Département imports, the messages sent to each person, and where
//! each one stands. The number, the Département's reference and the row are sealed; they are
//! found again by keyed hashes (`address_key` as `people.address_key`, `reference_key`,
//! `data_key`).
//!
//! This file holds the rows' shapes and how a row opens; importing is `import.rs`'s, sending
//! and following `send.rs`'s, the lists staff read `list.rs`'s.

mod import;
mod list;
mod send;

use serde::{Deserialize, Serialize};
use sqlx::Row as _;

use super::error::StorageError;
use super::sealed::{INVITATION_ADDRESS, INVITATION_DATA, INVITATION_REASON};
use super::store::{Store, new_id};
use crate::core::{Channel, ConvKey, InvitationStatus};

/// What a list says of a person, kept sealed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationData {
    pub reference: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// The date of birth, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub born: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rsa: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub france_travail_id: Option<String>,
}

/// A row to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvitation {
    pub key: ConvKey,
    pub data: InvitationData,
    pub locale: Option<String>,
    pub partner: Option<String>,
    /// The partner the person is likely to be proposed.
    pub lead: Option<String>,
}

/// What importing a batch of rows did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    pub added: i64,
    pub updated: i64,
    pub unchanged: i64,
}

/// An import of a list, as its summary shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportRow {
    pub id: String,
    pub by_staff: Option<String>,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub status: String,
    pub read: i64,
    pub added: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub refused: i64,
    /// The first refused rows: line and reason code.
    pub refusals: Vec<(u64, String)>,
    pub error: Option<String>,
}

/// An invitation, opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationRow {
    pub id: String,
    pub key: ConvKey,
    pub data: InvitationData,
    pub locale: Option<String>,
    pub partner: Option<String>,
    pub lead: Option<String>,
    pub import_id: String,
    pub code: String,
    pub status: InvitationStatus,
    pub status_at: i64,
    pub created_at: i64,
    pub sends: i64,
    pub first_sent_at: Option<i64>,
    pub next_at: Option<i64>,
    pub person_id: Option<String>,
    pub closed_reason: Option<String>,
}

/// Something that happened to an invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationEvent {
    pub at: i64,
    pub kind: String,
    pub by_staff: Option<String>,
    pub delivery: Option<String>,
    pub delivery_code: Option<i64>,
    pub delivery_at: Option<i64>,
}

/// Which invitations a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvitationFilter {
    pub status: Option<InvitationStatus>,
    pub partner: Option<String>,
    pub import_id: Option<String>,
    /// Imported on or after, before (Unix seconds).
    pub from: Option<i64>,
    pub until: Option<i64>,
    /// The partners the viewer may see (`None`: all); an invitation without a partner is the
    /// Département's, seen by those who see all.
    pub scope: Option<Vec<String>>,
}

/// A message sent for an invitation, to record.
#[derive(Debug, Clone, Copy)]
pub struct Sent<'a> {
    /// `invited` or `reminded`.
    pub kind: &'a str,
    pub status: InvitationStatus,
    pub provider_sid: Option<&'a str>,
    pub delivery: &'a str,
    pub sends: i64,
    pub first_sent_at: i64,
    pub next_at: Option<i64>,
}

pub(super) const COLUMNS: &str = "id, channel, address, data, locale, partner, lead, import_id, code, status, \
     status_at, created_at, sends, first_sent_at, next_at, person_id, closed_reason";

impl Store {
    pub(super) fn invitation_from(
        &self,
        r: &sqlx::any::AnyRow,
    ) -> Result<InvitationRow, StorageError> {
        let channel: String = r.try_get("channel")?;
        let channel = Channel::parse(&channel)
            .ok_or_else(|| StorageError::Corrupt(format!("unknown channel '{channel}'")))?;
        let address = self
            .key
            .open(INVITATION_ADDRESS, &r.try_get::<String, _>("address")?)?;
        let data = self
            .key
            .open(INVITATION_DATA, &r.try_get::<String, _>("data")?)?;
        let data = serde_json::from_str(&data).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        let status: String = r.try_get("status")?;
        let closed: Option<String> = r.try_get("closed_reason")?;
        Ok(InvitationRow {
            id: r.try_get("id")?,
            key: ConvKey::new(channel, address),
            data,
            locale: r.try_get("locale")?,
            partner: r.try_get("partner")?,
            lead: r.try_get("lead")?,
            import_id: r.try_get("import_id")?,
            code: r.try_get("code")?,
            status: status
                .parse()
                .map_err(|e: crate::core::UnknownName| StorageError::Corrupt(e.to_string()))?,
            status_at: r.try_get("status_at")?,
            created_at: r.try_get("created_at")?,
            sends: r.try_get("sends")?,
            first_sent_at: r.try_get("first_sent_at")?,
            next_at: r.try_get("next_at")?,
            person_id: r.try_get("person_id")?,
            closed_reason: closed
                .map(|c| self.key.open(INVITATION_REASON, &c))
                .transpose()?,
        })
    }

    /// The keyed hash of a Département's reference.
    pub(super) fn reference_key(&self, reference: &str) -> String {
        self.key.keyed("invitation-reference", reference.trim())
    }

    /// The keyed hash of a row as imported.
    pub(super) fn data_key(&self, n: &NewInvitation) -> String {
        let text = format!(
            "{}\0{}\0{}\0{}\0{}",
            n.key.channel.as_str(),
            n.key.address,
            serde_json::to_string(&n.data).unwrap_or_default(),
            n.locale.as_deref().unwrap_or(""),
            n.partner.as_deref().unwrap_or(""),
        );
        self.key.keyed("invitation-row", &text)
    }
}

/// Records something that happened to an invitation.
pub(super) async fn event(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: &str,
    kind: &str,
    by_staff: Option<&str>,
    now: i64,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO invitation_events (id, invitation_id, at, kind, by_staff) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(new_id())
    .bind(id)
    .bind(now)
    .bind(kind)
    .bind(by_staff)
    .execute(&mut **tx)
    .await?;
    // Partners' systems hear of every change an invitation's history records.
    crate::storage::partners::events::invitation(tx, id, now).await?;
    Ok(())
}
