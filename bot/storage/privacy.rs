//! The data-protection side of the store: sealing again under a new key (or sealing rows
//! written in clear before encryption existed), and the retention purge.

use chrono::{DateTime, Months, Utc};
use sqlx::Row;

use super::backend::Backend;
use super::error::StorageError;
use super::sealed::{INBOUND_REPLY, PEOPLE_ADDRESS, PEOPLE_NAME, SESSION_STATE};
use super::store::Store;
use super::vault::DataKey;
use crate::core::{Channel, ConvKey};

pub use super::sealed::OPT_OUT_ADDRESS;

/// How many rows were sealed again.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Resealed {
    pub people: u64,
    pub sessions: u64,
    pub answers: u64,
    pub inbound: u64,
    pub opt_outs: u64,
    /// Opt-outs written before addresses were kept sealed, under a hash that cannot be computed
    /// again: kept as they are.
    pub opt_outs_kept: u64,
    pub invitations: u64,
    /// Calendar feeds ended: their tokens are kept only as hashes under the old key, which
    /// cannot be made again; staff make new ones.
    pub feeds_ended: u64,
}

/// How long data is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// A person without contact for this many months is erased.
    pub people_months: u32,
    /// Audit entries are kept this many months.
    pub audit_months: u32,
    /// Inbound message ids (and the replies kept to answer a redelivery) and sent messages are
    /// kept this many days.
    pub messages_days: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            people_months: 24,
            audit_months: 12,
            messages_days: 30,
        }
    }
}

/// What a purge removed (or would remove).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Purged {
    pub people: u64,
    /// Invitations no one answered, untouched for the people's retention time.
    pub invitations: u64,
    pub audit: u64,
    pub inbound: u64,
    pub sent_messages: u64,
}

fn months_before(now: i64, months: u32) -> i64 {
    DateTime::<Utc>::from_timestamp(now, 0)
        .and_then(|t| t.checked_sub_months(Months::new(months)))
        .map_or(i64::MIN, |t| t.timestamp())
}

/// The tables that hold something about a person.
pub const PERSONAL_TABLES: &[&str] = &[
    "people",
    "consents",
    "sessions",
    "answers",
    "inbound",
    "outbox",
    "bookings",
    "booking_events",
    "booking_requests",
    "sms_opt_outs",
    "audit_log",
    "erasure_receipts",
    "pre_consent",
    "invitations",
    "invitation_events",
    "invitation_imports",
    "partner_events",
    "france_travail_rdv",
];

impl Store {
    /// Every text cell of one of [`PERSONAL_TABLES`]: what a copy of the database shows, for
    /// checks that nothing personal is kept in clear.
    pub async fn text_cells(&self, table: &str) -> Result<Vec<String>, StorageError> {
        use sqlx::Column as _;
        let Some(table) = PERSONAL_TABLES.iter().find(|t| **t == table) else {
            return Ok(Vec::new());
        };
        let rows = sqlx::query(&format!("SELECT * FROM {table}"))
            .fetch_all(self.pool())
            .await?;
        let mut out = Vec::new();
        for r in &rows {
            for c in r.columns() {
                if let Ok(Some(v)) = r.try_get::<Option<String>, _>(c.ordinal()) {
                    out.push(v);
                }
            }
        }
        Ok(out)
    }

    /// Keeps the receipt of an erasure (no personal data: the reference, channel and time).
    pub async fn record_erasure(
        &self,
        reference: &str,
        channel: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO erasure_receipts (reference, channel, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(reference)
        .bind(channel)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Whether an erasure with this receipt reference was done.
    pub async fn erasure_receipt(&self, reference: &str) -> Result<Option<i64>, StorageError> {
        Ok(
            sqlx::query_scalar("SELECT at FROM erasure_receipts WHERE reference = $1")
                .bind(reference)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Drops the reminders not sent yet (the person withdrew that consent).
    pub async fn cancel_reminders(&self, person_id: &str) -> Result<u64, StorageError> {
        Ok(sqlx::query(
            "DELETE FROM outbox WHERE person_id = $1 AND kind = 'reminder' AND sent_at IS NULL",
        )
        .bind(person_id)
        .execute(self.pool())
        .await?
        .rows_affected())
    }

    /// Whether some rows are still in clear (written before encryption at rest, or before
    /// every answer was sealed) or wait for the data key (inbound messages of an older version).
    pub async fn has_clear_rows(&self) -> Result<bool, StorageError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM people WHERE address_key NOT LIKE 'h1.%' OR address NOT LIKE 'v1.%') \
             + (SELECT COUNT(*) FROM reseal_pending)",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(n > 0)
    }

    /// Leaves no bytes of deleted rows in the database files. On SQLite, deleted content is
    /// zeroed as it is deleted (`secure_delete`, set on every connection), and the write-ahead
    /// log, which still holds pages as they were, is copied into the file and emptied. On
    /// PostgreSQL, deleted rows stay in the table files until VACUUM makes their space
    /// reusable (see [`Store::purge`]); they were sealed, so what stays is ciphertext.
    pub async fn scrub(&self) -> Result<(), StorageError> {
        if self.backend() != Backend::Sqlite {
            return Ok(());
        }
        for _ in 0..3 {
            // (busy, log frames, checkpointed frames): busy while a reader holds an old snapshot.
            let busy: i64 = sqlx::query_scalar("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_optional(self.pool())
                .await?
                .unwrap_or(0);
            if busy == 0 {
                return Ok(());
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        tracing::warn!(
            "the write-ahead log could not be emptied after an erasure; it will be at the next one"
        );
        Ok(())
    }

    /// Seals every sealed or clear value again with this store's key; `old` opens what is
    /// there. Addresses are hashed again with the new key, and the new key is recorded as the
    /// data's. One transaction: all or nothing.
    pub async fn reseal_from(&self, old: &DataKey, now: i64) -> Result<Resealed, StorageError> {
        self.forget_everyone();
        let new = self.key();
        let mut done = Resealed::default();
        let mut tx = self.begin().await?;
        // Inbound messages first, while people's addresses still open with the old key: a
        // stored person's messages are keyed again; the others' keys cannot be made again (no
        // address is kept for them), and a redelivery of one after the new key is answered anew.
        let inbound = sqlx::query(
            "SELECT i.channel, i.message_key, i.external_id, i.reply, p.address FROM inbound i \
             LEFT JOIN people p ON p.id = i.person_id",
        )
        .fetch_all(&mut *tx)
        .await?;
        for r in &inbound {
            let channel: String = r.try_get("channel")?;
            let message_key: String = r.try_get("message_key")?;
            let external_id: String = r.try_get("external_id")?;
            let reply = old.open(INBOUND_REPLY, &r.try_get::<String, _>("reply")?)?;
            let address: Option<String> = r.try_get("address")?;
            let new_key = match (address, Channel::parse(&channel)) {
                (Some(a), Some(ch)) => {
                    let conv = ConvKey::new(ch, old.open(PEOPLE_ADDRESS, &a)?);
                    new.message_key(&conv, &external_id)
                }
                _ => message_key.clone(),
            };
            sqlx::query(
                "UPDATE inbound SET message_key = $1, reply = $2 WHERE channel = $3 AND message_key = $4",
            )
            .bind(new_key)
            .bind(new.seal(INBOUND_REPLY, &reply))
            .bind(channel)
            .bind(message_key)
            .execute(&mut *tx)
            .await?;
            done.inbound += 1;
        }
        let people = sqlx::query("SELECT id, channel, address, name FROM people")
            .fetch_all(&mut *tx)
            .await?;
        for r in &people {
            let id: String = r.try_get("id")?;
            let channel: String = r.try_get("channel")?;
            let address = old.open(PEOPLE_ADDRESS, &r.try_get::<String, _>("address")?)?;
            // A name noted by reception is sealed and hashed again with the new key.
            if let Some(sealed) = r.try_get::<Option<String>, _>("name")? {
                let name = old.open(PEOPLE_NAME, &sealed)?;
                sqlx::query("UPDATE people SET name = $1, name_keys = $2 WHERE id = $3")
                    .bind(new.seal(PEOPLE_NAME, &name))
                    .bind(new.name_keys(&name).join(" "))
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?;
            }
            let Some(ch) = Channel::parse(&channel) else {
                continue;
            };
            let key = ConvKey::new(ch, address);
            sqlx::query("UPDATE people SET address_key = $1, address = $2 WHERE id = $3")
                .bind(new.lookup(&key))
                .bind(new.seal(PEOPLE_ADDRESS, &key.address))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            done.people += 1;
        }
        let sessions = sqlx::query("SELECT person_id, state FROM sessions")
            .fetch_all(&mut *tx)
            .await?;
        for r in &sessions {
            let state = old.open(SESSION_STATE, &r.try_get::<String, _>("state")?)?;
            sqlx::query("UPDATE sessions SET state = $1 WHERE person_id = $2")
                .bind(new.seal(SESSION_STATE, &state))
                .bind(r.try_get::<String, _>("person_id")?)
                .execute(&mut *tx)
                .await?;
            done.sessions += 1;
        }
        let answers =
            sqlx::query("SELECT person_id, dialogue, step, value, codes, sensitive FROM answers")
                .fetch_all(&mut *tx)
                .await?;
        for r in &answers {
            let (value, codes): (String, String) = (r.try_get("value")?, r.try_get("codes")?);
            let (plain, plain_codes) = super::people::open_answer(old, &value, &codes)?;
            let (sealed, sealed_codes) =
                self.seal_answer(&plain, &plain_codes, r.try_get::<i64, _>("sensitive")? != 0);
            // Only if the answer did not change meanwhile (a turn of an instance already up).
            sqlx::query(
                "UPDATE answers SET value = $1, codes = $2 WHERE person_id = $3 AND dialogue = $4 AND step = $5 \
                 AND value = $6 AND codes = $7",
            )
            .bind(sealed)
            .bind(sealed_codes)
            .bind(r.try_get::<String, _>("person_id")?)
            .bind(r.try_get::<String, _>("dialogue")?)
            .bind(r.try_get::<String, _>("step")?)
            .bind(value)
            .bind(codes)
            .execute(&mut *tx)
            .await?;
            done.answers += 1;
        }
        let opt_outs = sqlx::query("SELECT channel, address_key, address FROM sms_opt_outs")
            .fetch_all(&mut *tx)
            .await?;
        for r in &opt_outs {
            let channel: String = r.try_get("channel")?;
            let hash: String = r.try_get("address_key")?;
            let sealed: Option<String> = r.try_get("address")?;
            let address = match sealed {
                Some(s) => old.open(OPT_OUT_ADDRESS, &s)?,
                // Written in clear, before hashing.
                None if !hash.starts_with("h1.") => hash.clone(),
                None => {
                    done.opt_outs_kept += 1;
                    continue;
                }
            };
            let Some(ch) = Channel::parse(&channel) else {
                continue;
            };
            let key = ConvKey::new(ch, address);
            sqlx::query(
                "UPDATE sms_opt_outs SET address_key = $1, address = $2 WHERE channel = $3 AND address_key = $4",
            )
            .bind(new.lookup(&key))
            .bind(new.seal(OPT_OUT_ADDRESS, &key.address))
            .bind(channel)
            .bind(hash)
            .execute(&mut *tx)
            .await?;
            done.opt_outs += 1;
        }
        done.invitations = self.reseal_invitations(&mut tx, old).await?;
        self.reseal_endpoints(&mut tx, old).await?;
        done.feeds_ended = sqlx::query("DELETE FROM calendar_feeds")
            .execute(&mut *tx)
            .await?
            .rows_affected();
        super::keycheck::record_key_in(&mut tx, new, now).await?;
        sqlx::query("DELETE FROM reseal_pending")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done)
    }

    /// Removes what is kept past its time: people without contact (everything about them, as
    /// "erase my data" does), old audit entries, old inbound ids and sent messages. With
    /// `dry_run`, only counts.
    pub async fn purge(
        &self,
        now: i64,
        keep: Retention,
        dry_run: bool,
    ) -> Result<Purged, StorageError> {
        let people_cutoff = months_before(now, keep.people_months);
        let audit_cutoff = months_before(now, keep.audit_months);
        let messages_cutoff = now - i64::from(keep.messages_days) * 86_400;
        let people: Vec<(String, String)> =
            sqlx::query("SELECT id, channel FROM people WHERE last_contact_at < $1")
                .bind(people_cutoff)
                .fetch_all(self.pool())
                .await?
                .iter()
                .map(|r| Ok((r.try_get("id")?, r.try_get("channel")?)))
                .collect::<Result<_, sqlx::Error>>()?;
        let count = |sql: &'static str, cutoff: i64| async move {
            sqlx::query_scalar::<_, i64>(sql)
                .bind(cutoff)
                .fetch_one(self.pool())
                .await
        };
        let mut out = Purged {
            people: people.len() as u64,
            invitations: self.purge_invitations(people_cutoff, true).await? as u64,
            audit: count("SELECT COUNT(*) FROM audit_log WHERE at < $1", audit_cutoff).await?
                as u64,
            inbound: count(
                "SELECT COUNT(*) FROM inbound WHERE received_at < $1",
                messages_cutoff,
            )
            .await? as u64,
            sent_messages: count(
                "SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1",
                messages_cutoff,
            )
            .await? as u64,
        };
        if dry_run {
            return Ok(out);
        }
        // Old messages first: erasing a person removes their messages too, which would then
        // not be counted, and the purge would say less than its dry run.
        out.audit = sqlx::query("DELETE FROM audit_log WHERE at < $1")
            .bind(audit_cutoff)
            .execute(self.pool())
            .await?
            .rows_affected();
        out.inbound = sqlx::query("DELETE FROM inbound WHERE received_at < $1")
            .bind(messages_cutoff)
            .execute(self.pool())
            .await?
            .rows_affected();
        out.sent_messages =
            sqlx::query("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1")
                .bind(messages_cutoff)
                .execute(self.pool())
                .await?
                .rows_affected();
        out.invitations = self.purge_invitations(people_cutoff, false).await? as u64;
        // What partners' systems received (or gave up) a month ago is not kept any longer.
        self.purge_partner_events(now - 30 * 86_400).await?;
        for (id, _) in &people {
            self.erase_rows(id, None, now).await?;
        }
        self.scrub().await?;
        if self.backend() == Backend::Postgres {
            // The space of the rows erased today (and of the erasures asked from the chat since
            // the last purge) becomes reusable; VACUUM FULL would rewrite the files at once, but
            // locks the tables while it runs.
            sqlx::query(
                "VACUUM people, consents, sessions, answers, inbound, outbox, bookings, booking_requests, audit_log",
            )
            .execute(self.pool())
            .await?;
        }
        Ok(out)
    }
}
