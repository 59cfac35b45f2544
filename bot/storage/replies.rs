//! Replies a channel sends after their turn is committed (Telegram): kept as not delivered in
//! the inbound row that holds them (sealed, like every reply) until the channel says they
//! were, and read back at the next start so that a crash between the commit and the send
//! loses none.

use sqlx::Row;

use super::batch::{Plan, Stmt};
use super::error::StorageError;
use super::sealed::{INBOUND_REPLY, PEOPLE_ADDRESS};
use super::store::Store;
use crate::core::{Channel, ConvKey};

/// A reply committed and not delivered yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingReply {
    /// The person's address on the channel.
    pub address: String,
    /// The inbound message the reply answers.
    pub external_id: String,
    /// The reply as stored (JSON).
    pub reply: String,
}

impl Store {
    /// The replies of a channel not delivered yet, a chat's in the order they were committed.
    pub async fn pending_replies(
        &self,
        channel: Channel,
    ) -> Result<Vec<PendingReply>, StorageError> {
        let rows = sqlx::query(
            "SELECT i.external_id, i.reply, p.address FROM inbound i JOIN people p ON p.id = i.person_id \
             WHERE i.channel = $1 AND i.pending IS NOT NULL ORDER BY i.pending, i.received_at",
        )
        .bind(channel.as_str())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PendingReply {
                    address: self
                        .key()
                        .open(PEOPLE_ADDRESS, &r.try_get::<String, _>("address")?)?,
                    external_id: r.try_get("external_id")?,
                    reply: self
                        .key()
                        .open(INBOUND_REPLY, &r.try_get::<String, _>("reply")?)?,
                })
            })
            .collect()
    }

    /// Whether the reply to an inbound message is kept as not delivered yet.
    pub async fn reply_pending(
        &self,
        key: &ConvKey,
        external_id: &str,
    ) -> Result<bool, StorageError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM inbound WHERE channel = $1 AND message_key = $2 AND pending IS NOT NULL",
        )
        .bind(key.channel.as_str())
        .bind(self.key().message_key(key, external_id))
        .fetch_one(self.pool())
        .await?;
        Ok(n > 0)
    }

    /// The reply to an inbound message was delivered (or can no longer be): it, and every
    /// earlier reply of the same person still kept (a later reply took their place), are
    /// not sent again.
    pub async fn reply_delivered(
        &self,
        key: &ConvKey,
        external_id: &str,
    ) -> Result<(), StorageError> {
        let channel = key.channel.as_str();
        let message_key = self.key().message_key(key, external_id);
        // Committed with the turns being written at that moment: nearly every Telegram turn
        // is followed by one, which alone was a read and a write transaction of its own. The
        // reply is found by its key, then the person's replies still kept up to it through
        // the index on `person_id` (a reply kept always has its person: they are written in
        // the same transaction); a reply already marked writes nothing. In the shape of a
        // row, so that the marks of a batch are one statement.
        let mark = Stmt::new(
            "UPDATE inbound SET pending = NULL FROM (SELECT t.channel, t.person_id, t.pending \
             FROM inbound t JOIN (VALUES ($1, $2)) AS v ON t.channel = v.column1 AND t.message_key = v.column2) AS d \
             WHERE inbound.channel = d.channel AND inbound.person_id = d.person_id \
             AND inbound.pending IS NOT NULL AND inbound.pending <= d.pending",
            vec![channel.into(), message_key.as_str().into()],
        );
        self.writer
            .submit(Plan {
                owner: Some(format!("delivered {message_key}")),
                stmts: vec![mark],
                ..Plan::default()
            })
            .await?;
        Ok(())
    }
}
