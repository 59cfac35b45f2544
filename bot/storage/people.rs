//! A person's rows: what a turn learns before it runs (the person, their session, a reply
//! already given), the turn's write in one transaction, erasure, and reading back what they
//! answered and consented.

use sqlx::Row;

use super::batch::{Plan, Stmt, Val, Written};
use super::bookings;
use super::error::StorageError;
use super::names::ACTIVE_SQL;
use super::recent::{Recalled, StoredPerson, Ticket};
use super::sealed::{ANSWER_CODES, ANSWER_VALUE, INBOUND_REPLY, PEOPLE_ADDRESS, SESSION_STATE};
use super::store::{Store, new_id};
use super::vault::DataKey;
use crate::core::{BookingStatus, ConvKey, OutboxKind};
use crate::engine::{Answer, Session};

/// What a turn learns about its conversation before it runs, in one query.
#[derive(Debug, Clone)]
pub struct Lookup {
    pub person: Option<StoredPerson>,
    /// The reply already given to this message id, if it was seen before.
    pub seen: Option<String>,
    /// The address opted out of messages (STOP).
    pub opted_out: bool,
}

/// A consent to record.
#[derive(Debug, Clone)]
pub struct ConsentRecord {
    pub scope: &'static str,
    pub granted: bool,
    pub text_id: String,
    pub text_locale: String,
    pub text_sha256: String,
}

/// A message to send later through the person's channel.
#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub kind: OutboxKind,
    pub payload: String,
    pub not_before: i64,
}

/// Everything one turn writes, in one transaction.
#[derive(Debug)]
pub struct TurnWrite<'a> {
    pub key: &'a ConvKey,
    /// The person's id; `create` says whether the row is new.
    pub person_id: &'a str,
    pub create: bool,
    /// An existing person's row is written (language, last contact: see
    /// [`StoredPerson::needs_touch`]).
    pub touch: bool,
    pub now: i64,
    pub session: &'a Session,
    /// Answers to write (`Some`) or delete (`None`), by step.
    pub answers: Vec<(&'a str, Option<&'a Answer>)>,
    pub consents: Vec<ConsentRecord>,
    /// The inbound message id and the reply it got.
    pub inbound: Option<(&'a str, &'a str)>,
    /// The reply goes out after the commit (Telegram): kept as not delivered yet, in this
    /// order (Unix milliseconds), until the channel says it was (see
    /// [`Store::reply_delivered`]).
    pub pending: Option<i64>,
    /// The message ids answered before consent, with their replies, kept at consent (tied to
    /// no one) so that a late redelivery of one still gets its reply.
    pub earlier: Vec<(String, String)>,
    pub outbox: Vec<OutboxRow>,
    /// What partners' systems are told of the turn (an orientation proposed).
    pub events: Vec<super::partners::events::NewEvent>,
}

impl<'a> TurnWrite<'a> {
    /// A write that creates a person with their session and nothing else; a caller sets what
    /// else the turn writes with struct update syntax.
    pub fn new_person(
        key: &'a ConvKey,
        person_id: &'a str,
        now: i64,
        session: &'a Session,
    ) -> Self {
        Self {
            key,
            person_id,
            create: true,
            touch: true,
            now,
            session,
            answers: Vec::new(),
            consents: Vec::new(),
            inbound: None,
            pending: None,
            earlier: Vec::new(),
            outbox: Vec::new(),
            events: Vec::new(),
        }
    }
}

/// Row counts, for tests and operations.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    pub people: i64,
    pub consents: i64,
    pub sessions: i64,
    pub answers: i64,
    pub inbound: i64,
    pub outbox: i64,
}

impl Store {
    /// The person behind an address, with their session, and the reply already given to the
    /// inbound message `external_id` if it was seen before: one query for both.
    pub async fn find_person_and_reply(
        &self,
        key: &ConvKey,
        external_id: Option<&str>,
    ) -> Result<Lookup, StorageError> {
        let row = sqlx::query(
            "SELECT (SELECT reply FROM inbound WHERE channel = $1 AND message_key = $3) AS seen, \
             (SELECT COUNT(*) FROM sms_opt_outs WHERE channel = $1 AND address_key = $2) AS opted, \
             p.id, p.locale, p.last_contact_at, COALESCE(p.unreachable_at, 0) AS unreachable_at, s.state \
             FROM (SELECT 1 AS one) AS one \
             LEFT JOIN people p ON p.channel = $1 AND p.address_key = $2 \
             LEFT JOIN sessions s ON s.person_id = p.id",
        )
        .bind(key.channel.as_str())
        .bind(self.key.lookup(key))
        .bind(external_id.map_or_else(String::new, |id| self.key.message_key(key, id)))
        .fetch_one(&self.pool)
        .await?;
        let seen: Option<String> = row.try_get("seen")?;
        let seen = seen.map(|r| self.key.open(INBOUND_REPLY, &r)).transpose()?;
        let opted_out = row.try_get::<i64, _>("opted")? > 0;
        let id: Option<String> = row.try_get("id")?;
        let Some(id) = id else {
            return Ok(Lookup {
                person: None,
                seen,
                opted_out,
            });
        };
        let state: Option<String> = row.try_get("state")?;
        let session = match state {
            Some(s) => {
                let s = self.key.open(SESSION_STATE, &s)?;
                Some(serde_json::from_str(&s).map_err(|e| StorageError::Corrupt(e.to_string()))?)
            }
            None => None,
        };
        Ok(Lookup {
            person: Some(StoredPerson {
                id,
                locale: row.try_get("locale")?,
                session,
                last_contact_at: row.try_get("last_contact_at")?,
                unreachable: row.try_get::<i64, _>("unreachable_at")? != 0,
            }),
            seen,
            opted_out,
        })
    }

    /// The person behind an address, with their session.
    pub async fn find_person(&self, key: &ConvKey) -> Result<Option<StoredPerson>, StorageError> {
        Ok(self.find_person_and_reply(key, None).await?.person)
    }

    /// Adds a person who consented, without a session yet (benchmarks and tests that book
    /// directly). Returns the new id.
    pub async fn add_person(
        &self,
        key: &ConvKey,
        locale: &str,
        now: i64,
    ) -> Result<String, StorageError> {
        self.forget(key);
        let id = new_id();
        sqlx::query(
            "INSERT INTO people (id, channel, address_key, address, locale, created_at, last_contact_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(id.as_str())
        .bind(key.channel.as_str())
        .bind(self.key.lookup(key))
        .bind(self.key.seal(PEOPLE_ADDRESS, &key.address))
        .bind(locale)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(id)
    }

    /// The reply already given to an inbound message from this conversation, if it was seen
    /// before.
    pub async fn inbound_reply(
        &self,
        key: &ConvKey,
        external_id: &str,
    ) -> Result<Option<String>, StorageError> {
        let reply: Option<String> =
            sqlx::query_scalar("SELECT reply FROM inbound WHERE channel = $1 AND message_key = $2")
                .bind(key.channel.as_str())
                .bind(self.key.message_key(key, external_id))
                .fetch_optional(&self.pool)
                .await?;
        Ok(reply
            .map(|r| self.key.open(INBOUND_REPLY, &r))
            .transpose()?)
    }

    /// Writes a turn in one transaction.
    pub async fn write_turn(&self, w: TurnWrite<'_>) -> Result<Written, StorageError> {
        self.write_turn_counted(w, &[]).await
    }

    /// Writes a turn and moves the statistics' counts it changed, in one transaction.
    pub async fn write_turn_counted(
        &self,
        w: TurnWrite<'_>,
        tallies: &[super::stats::Tally],
    ) -> Result<Written, StorageError> {
        let channel = w.key.channel.as_str();
        let message_key = w.inbound.map(|(id, _)| self.key.message_key(w.key, id));
        let mut plan = Plan {
            owner: Some(w.person_id.to_string()),
            ..Plan::default()
        };
        if let (Some((external_id, reply)), Some(message_key)) = (w.inbound, &message_key) {
            // A new person's row does not exist yet: the inbound row is tied to it after.
            plan.guard = Some(Stmt::new(
                "INSERT INTO inbound (channel, message_key, external_id, person_id, reply, received_at, pending) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING message_key",
                vec![
                    channel.into(),
                    message_key.as_str().into(),
                    external_id.into(),
                    if w.create {
                        Val::Null
                    } else {
                        w.person_id.into()
                    },
                    self.key.seal(INBOUND_REPLY, reply).into(),
                    w.now.into(),
                    w.pending.map_or(Val::NoInt, Val::from),
                ],
            ));
        }
        let st = &mut plan.stmts;
        if w.create {
            st.push(Stmt::new(
                "INSERT INTO people (id, channel, address_key, address, locale, created_at, last_contact_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6)",
                vec![
                    w.person_id.into(),
                    channel.into(),
                    self.key.lookup(w.key).into(),
                    self.key.seal(PEOPLE_ADDRESS, &w.key.address).into(),
                    w.session.locale.as_str().into(),
                    w.now.into(),
                ],
            ));
        } else if w.touch {
            st.push(Stmt::new(
                // A message from the person proves their number works again.
                // In the shape of a row, so that a batch updates many people in one statement.
                "UPDATE people SET locale = v.column1, last_contact_at = v.column2, unreachable_at = NULL, \
                 unreachable_code = NULL FROM (VALUES ($1, $2, $3)) AS v WHERE people.id = v.column3",
                vec![
                    w.session.locale.as_str().into(),
                    w.now.into(),
                    w.person_id.into(),
                ],
            ));
        }
        if let (true, Some(invitation)) = (w.create, &w.session.invitation) {
            // The person consented: the invitation that reached them follows them from now on.
            st.push(Stmt::new(
                "UPDATE invitations SET person_id = $1 WHERE id = $2 AND person_id IS NULL",
                vec![w.person_id.into(), invitation.as_str().into()],
            ));
        }
        if let (true, Some(message_key)) = (w.create, &message_key) {
            st.push(Stmt::new(
                "UPDATE inbound SET person_id = $1 WHERE channel = $2 AND message_key = $3",
                vec![
                    w.person_id.into(),
                    channel.into(),
                    message_key.as_str().into(),
                ],
            ));
        }
        for (external_id, reply) in &w.earlier {
            st.push(Stmt::new(
                "INSERT INTO inbound (channel, message_key, external_id, person_id, reply, received_at) \
                 VALUES ($1, $2, $3, NULL, $4, $5) ON CONFLICT DO NOTHING",
                vec![
                    channel.into(),
                    self.key.message_key(w.key, external_id).into(),
                    external_id.as_str().into(),
                    self.key.seal(INBOUND_REPLY, reply).into(),
                    w.now.into(),
                ],
            ));
        }
        for c in &w.consents {
            st.push(Stmt::new(
                "INSERT INTO consents (id, person_id, scope, granted, text_id, text_locale, text_sha256, channel, at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                vec![
                    new_id().into(),
                    w.person_id.into(),
                    c.scope.into(),
                    i64::from(c.granted).into(),
                    c.text_id.as_str().into(),
                    c.text_locale.as_str().into(),
                    c.text_sha256.as_str().into(),
                    channel.into(),
                    w.now.into(),
                ],
            ));
        }
        let state =
            serde_json::to_string(w.session).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        st.push(Stmt::new(
            "INSERT INTO sessions (person_id, dialogue, revision, step, status, state, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (person_id) DO UPDATE SET dialogue = excluded.dialogue, revision = excluded.revision, \
             step = excluded.step, status = excluded.status, state = excluded.state, updated_at = excluded.updated_at",
            vec![
                w.person_id.into(),
                w.session.dialogue.as_str().into(),
                i64::from(w.session.revision).into(),
                w.session.step.as_str().into(),
                status_name(w.session).into(),
                self.key.seal(SESSION_STATE, &state).into(),
                w.now.into(),
            ],
        ));
        for (step, answer) in &w.answers {
            match answer {
                Some(a) => {
                    let value = serde_json::to_string(&a.value)
                        .map_err(|e| StorageError::Corrupt(e.to_string()))?;
                    let (value, codes) = self.seal_answer(&value, &a.codes.join(" "), a.sensitive);
                    st.push(Stmt::new(
                        "INSERT INTO answers (person_id, dialogue, step, value, codes, sensitive, answered_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7) \
                         ON CONFLICT (person_id, dialogue, step) DO UPDATE SET value = excluded.value, \
                         codes = excluded.codes, sensitive = excluded.sensitive, answered_at = excluded.answered_at",
                        vec![
                            w.person_id.into(),
                            w.session.dialogue.as_str().into(),
                            (*step).into(),
                            value.into(),
                            codes.into(),
                            i64::from(a.sensitive).into(),
                            a.at.into(),
                        ],
                    ));
                }
                None => st.push(Stmt::new(
                    "DELETE FROM answers WHERE person_id = $1 AND dialogue = $2 AND step = $3",
                    vec![
                        w.person_id.into(),
                        w.session.dialogue.as_str().into(),
                        (*step).into(),
                    ],
                )),
            }
        }
        for o in &w.outbox {
            st.push(Stmt::new(
                "INSERT INTO outbox (id, person_id, channel, kind, payload, created_at, not_before) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                vec![
                    new_id().into(),
                    w.person_id.into(),
                    channel.into(),
                    o.kind.as_str().into(),
                    Val::Text(o.payload.clone()),
                    w.now.into(),
                    o.not_before.into(),
                ],
            ));
        }
        for e in &w.events {
            st.extend(super::partners::events::statements(e));
        }
        plan.counts
            .extend(tallies.iter().map(super::stats::Tally::stmt));
        let written = self.writer.submit(plan).await;
        if written.is_err() {
            // Whatever memory held may no longer be what the database holds.
            self.forget(w.key);
        }
        written
    }

    /// Erases a person and everything that names them, leaving none of their bytes in the
    /// database files (see [`Store::scrub`]); keeps the inbound message (without the person)
    /// so that a redelivered message gets the same reply.
    pub async fn erase_person(
        &self,
        person_id: &str,
        inbound: Option<(&ConvKey, &str, &str)>,
        now: i64,
    ) -> Result<(), StorageError> {
        self.erase_rows(person_id, inbound, now).await?;
        self.scrub().await
    }

    /// The rows of an erasure, in one transaction.
    pub(super) async fn erase_rows(
        &self,
        person_id: &str,
        inbound: Option<(&ConvKey, &str, &str)>,
        now: i64,
    ) -> Result<(), StorageError> {
        self.forget_person(person_id);
        let mut tx = self.begin().await?;
        // A future appointment is cancelled and its slot freed; past ones stay, without the
        // person, as anonymous counts.
        let future: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT id FROM bookings WHERE person_id = $1 AND status IN {ACTIVE_SQL} AND ends_at > $2"
        ))
        .bind(person_id)
        .bind(now)
        .fetch_all(&mut *tx)
        .await?;
        for id in &future {
            let cancelled = BookingStatus::Cancelled;
            bookings::change_status(&mut tx, id, cancelled, "person", Some("erasure"), now).await?;
        }
        // Partners' systems are told, by ids only, before the rows lose the person.
        super::partners::events::person_destroyed(&mut tx, person_id, now).await?;
        // What a Département's list said of them goes with the rest.
        sqlx::query("DELETE FROM invitations WHERE person_id = $1")
            .bind(person_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE bookings SET person_id = NULL, request_key = NULL WHERE person_id = $1",
        )
        .bind(person_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM people WHERE id = $1")
            .bind(person_id)
            .execute(&mut *tx)
            .await?;
        if let Some((key, external_id, reply)) = inbound {
            self.anonymous_inbound(key, external_id, reply, now)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Records an inbound id with no person (a message answered before any consent).
    pub async fn record_anonymous_inbound(
        &self,
        key: &ConvKey,
        external_id: &str,
        reply: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        self.anonymous_inbound(key, external_id, reply, now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The insert of an inbound id with no person, and the reply it got (sealed).
    fn anonymous_inbound<'q>(
        &self,
        key: &'q ConvKey,
        external_id: &'q str,
        reply: &str,
        now: i64,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        sqlx::query(
            "INSERT INTO inbound (channel, message_key, external_id, person_id, reply, received_at) \
             VALUES ($1, $2, $3, NULL, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(key.channel.as_str())
        .bind(self.key.message_key(key, external_id))
        .bind(external_id)
        .bind(self.key.seal(INBOUND_REPLY, reply))
        .bind(now)
    }

    /// How many rows each table holds.
    pub async fn counts(&self) -> Result<Counts, StorageError> {
        let mut c = Counts::default();
        for (table, slot) in [
            ("people", &mut c.people),
            ("consents", &mut c.consents),
            ("sessions", &mut c.sessions),
            ("answers", &mut c.answers),
            ("inbound", &mut c.inbound),
            ("outbox", &mut c.outbox),
        ] {
            *slot = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&self.pool)
                .await?;
        }
        Ok(c)
    }

    /// A person's stored answers: (step, value JSON, codes, sensitive), in step order.
    pub async fn answers_of(&self, person_id: &str) -> Result<Vec<StoredAnswer>, StorageError> {
        let rows = sqlx::query(
            "SELECT step, value, codes, sensitive FROM answers WHERE person_id = $1 ORDER BY step",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let (value, codes) = open_answer(
                    &self.key,
                    &r.try_get::<String, _>("value")?,
                    &r.try_get::<String, _>("codes")?,
                )?;
                Ok(StoredAnswer {
                    step: r.try_get("step")?,
                    value,
                    codes,
                    sensitive: r.try_get::<i64, _>("sensitive")? != 0,
                })
            })
            .collect()
    }

    /// An answer as it is stored: its value always sealed, its codes sealed when the answer is
    /// sensitive (other codes stay in clear for filters and statistics).
    pub(super) fn seal_answer(
        &self,
        value: &str,
        codes: &str,
        sensitive: bool,
    ) -> (String, String) {
        let codes = if sensitive {
            self.key.seal(ANSWER_CODES, codes)
        } else {
            codes.to_string()
        };
        (self.key.seal(ANSWER_VALUE, value), codes)
    }

    /// A person's consent records: (scope, granted), oldest first.
    pub async fn consents_of(&self, person_id: &str) -> Result<Vec<(String, bool)>, StorageError> {
        let rows =
            sqlx::query("SELECT scope, granted FROM consents WHERE person_id = $1 ORDER BY at, id")
                .bind(person_id)
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("scope")?, r.try_get::<i64, _>("granted")? != 0)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StorageError::from)
    }
}

/// An answer's value and codes opened with `key` (either may have been written in clear).
pub(in crate::storage) fn open_answer(
    key: &DataKey,
    value: &str,
    codes: &str,
) -> Result<(String, String), StorageError> {
    Ok((
        key.open(ANSWER_VALUE, value)?,
        key.open(ANSWER_CODES, codes)?,
    ))
}

/// An answer as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    pub step: String,
    pub value: String,
    pub codes: String,
    pub sensitive: bool,
}

fn status_name(s: &Session) -> &'static str {
    match s.status {
        crate::engine::Status::Active => "active",
        crate::engine::Status::Paused => "paused",
        crate::engine::Status::Ended => "ended",
        crate::engine::Status::Erased => "erased",
    }
}

/// Memory of the people who wrote in the last minutes (see [`super::recent`]).
impl Store {
    /// The person behind an address as their last turn in this process left them, if they
    /// wrote within the last [`super::recent::KEEP`] seconds, and whether `external_id` was
    /// committed then.
    #[must_use]
    pub fn recall(&self, key: &ConvKey, external_id: Option<&str>, now: i64) -> Option<Recalled> {
        let recent = self.recent.as_ref()?;
        let message_key = external_id.map(|id| self.key.message_key(key, id));
        recent.recall(key, message_key.as_deref(), now)
    }

    /// Taken when a turn starts, before it reads: [`Store::remember`] keeps nothing if
    /// anything was forgotten since.
    #[must_use]
    pub fn ticket(&self) -> Ticket {
        self.recent
            .as_ref()
            .map_or_else(Ticket::default, |r| r.ticket())
    }

    /// Keeps a person as the turn at `now`, just committed with these message ids, left them,
    /// unless something was forgotten since the turn's `ticket`.
    pub fn remember<'a>(
        &self,
        key: &ConvKey,
        person: StoredPerson,
        external_ids: impl IntoIterator<Item = &'a str>,
        now: i64,
        since: Ticket,
    ) {
        if let Some(recent) = &self.recent {
            let keys = external_ids
                .into_iter()
                .map(|id| self.key.message_key(key, id));
            recent.remember(key, person, keys, now, since);
        }
    }

    /// Forgets what memory holds of an address: its next turn reads the database.
    pub fn forget(&self, key: &ConvKey) {
        if let Some(recent) = &self.recent {
            recent.forget(key);
        }
    }

    /// Forgets a person by id (their rows are about to change outside a turn).
    pub(super) fn forget_person(&self, person_id: &str) {
        if let Some(recent) = &self.recent {
            recent.forget_person(person_id);
        }
    }

    /// Forgets everyone (a change to many people at once).
    pub(super) fn forget_everyone(&self) {
        if let Some(recent) = &self.recent {
            recent.clear();
        }
    }

    /// Drops the people silent for [`super::recent::KEEP`] seconds; returns how many are still
    /// remembered.
    pub fn sweep_recent(&self, now: i64) -> usize {
        self.recent.as_ref().map_or(0, |r| {
            r.sweep(now);
            r.len()
        })
    }
}
