//! Making a booking: one plan of rows (the booking, the slots it holds, its calendar file and
//! reminders, the event partners are told of, the statistics' counts) committed by the writer
//! with the turns and bookings waiting at that moment, so that many bookings share one commit.
//! The booking's row is the plan's guard: a replayed request finds it there. A slot held by
//! another booking fails the partial unique index on active slot keys: the writer then writes
//! each plan of that batch alone, and this one is told the slot was taken.

use sqlx::Row;

use super::batch::{Plan, Stmt, Val, Written, write};
use super::bookings::{
    BookOutcome, BookingRow, HOLD_SLOT, NewBooking, close_request, is_unique_violation,
};
use super::error::StorageError;
use super::outbox::queued;
use super::partners::events::{self, BookingState};
use super::staff::{AuditEntry, record};
use super::stats::BookingFacts;
use super::store::{Store, new_id};
use crate::core::{BookingStatus, OutboxKind};

/// What a booking keeps of its person for the statistics (no one is named by it).
#[derive(Debug, Default)]
struct Person {
    channel: Option<String>,
    locale: Option<String>,
    created_at: Option<i64>,
}

const INSERT: &str = "INSERT INTO bookings (id, reference, person_id, request_key, territory, partner, site, \
     with_partner, with_site, appointment, format, starts_at, ends_at, status, parcours, lead, urgent, \
     created_at, updated_at, channel, locale, first_contact_at, reminded) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19, $20, $21, $22) \
     ON CONFLICT DO NOTHING RETURNING id";

impl Store {
    /// Books an offer in one transaction: the booking, its slots, its first history line and
    /// its reminders. A slot already held makes the whole attempt [`BookOutcome::Taken`].
    pub async fn book(&self, b: NewBooking<'_>) -> Result<BookOutcome, StorageError> {
        let person = self.booking_person(b.person_id).await?;
        let id = new_id();
        let plan = plan(&id, &b, &person);
        let written = match &b.closes {
            None => self.writer.submit(plan).await,
            Some(c) => {
                // Closing the call-back request may find it closed: one transaction of its own.
                let mut tx = self.begin().await?;
                match write(&mut tx, &plan).await {
                    Ok(Written::Done) => {
                        if !close_request(&mut tx, c.request_id, b.now).await? {
                            tx.rollback().await?;
                            return Ok(BookOutcome::RequestClosed);
                        }
                        let detail = format!("{} -> {}", c.request_id, b.reference);
                        let audit = AuditEntry {
                            actor: c.actor,
                            action: "request-booked",
                            booking_id: Some(&id),
                            person_id: Some(b.person_id),
                            detail: Some(&detail),
                        };
                        record(&mut tx, &audit, c.notice.as_ref(), b.now).await?;
                        tx.commit().await?;
                        Ok(Written::Done)
                    }
                    other => {
                        tx.rollback().await?;
                        other
                    }
                }
            }
        };
        match written {
            Ok(Written::Done) => Ok(BookOutcome::Booked(Box::new(BookingRow {
                id,
                reference: b.reference,
                person_id: Some(b.person_id.to_string()),
                partner: b.offer.partner.clone(),
                site: b.offer.site.clone(),
                with_partner: b.offer.with_partner.clone(),
                with_site: b.offer.with_site.clone(),
                appointment: b.offer.appointment.clone(),
                format: b.offer.format.as_str().to_string(),
                starts_at: b.offer.start,
                ends_at: b.offer.end,
                status: BookingStatus::Pending,
            }))),
            // The same request booked meanwhile (a replay), or a reference drawn twice.
            Ok(Written::Duplicate) => Ok(match self.booking_by_request(b.request_key).await? {
                Some(existing) => BookOutcome::Booked(Box::new(existing)),
                None => BookOutcome::ReferenceTaken,
            }),
            Err(StorageError::Database(e)) if is_unique_violation(&e) => Ok(BookOutcome::Taken),
            Err(e) => Err(e),
        }
    }

    /// The person's channel, language and first contact, kept with the booking.
    async fn booking_person(&self, person_id: &str) -> Result<Person, StorageError> {
        let q = sqlx::query("SELECT channel, locale, created_at FROM people WHERE id = $1")
            .bind(person_id);
        let found: Vec<Person> = self
            .read_all(q, |r| {
                Ok(Person {
                    channel: r.try_get("channel")?,
                    locale: r.try_get("locale")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .await?;
        Ok(found.into_iter().next().unwrap_or_default())
    }
}

/// Everything a booking writes, its row first as the guard.
fn plan(id: &str, b: &NewBooking<'_>, person: &Person) -> Plan {
    let o = b.offer;
    let text = |v: Option<&str>| v.map_or(Val::Null, Val::from);
    let status = BookingStatus::Pending.as_str();
    let (parcours, lead) = (b.parcours.map(|p| p.as_str()), b.lead.map(|l| l.as_str()));
    let reminded = i64::from(!b.reminders.is_empty());
    let guard = Stmt::new(
        INSERT,
        vec![
            id.into(),
            b.reference.as_str().into(),
            b.person_id.into(),
            b.request_key.into(),
            b.territory.into(),
            o.partner.as_str().into(),
            o.site.as_str().into(),
            text(o.with_partner.as_deref()),
            text(o.with_site.as_deref()),
            o.appointment.as_str().into(),
            o.format.as_str().into(),
            o.start.into(),
            o.end.into(),
            status.into(),
            text(parcours),
            text(lead),
            Val::Int(i64::from(b.urgent)),
            b.now.into(),
            text(person.channel.as_deref()),
            text(person.locale.as_deref()),
            person.created_at.map_or(Val::NoInt, Val::Int),
            Val::Int(reminded),
        ],
    );
    let mut stmts: Vec<Stmt> = o
        .keys
        .iter()
        .map(|k| Stmt::new(HOLD_SLOT, vec![id.into(), k.as_str().into()]))
        .collect();
    // The calendar file, then the reminders (the payloads name the booking: see `messages_of`).
    let calendar = format!("{{\"booking\":\"{id}\"}}");
    let at = (b.now, b.now);
    stmts.push(queued(
        b.person_id,
        OutboxKind::Calendar,
        &calendar,
        None,
        at,
        None,
    ));
    for (when, hours) in &b.reminders {
        let reminder = format!("{{\"booking\":\"{id}\",\"hours\":{hours}}}");
        let at = (b.now, *when);
        stmts.push(queued(
            b.person_id,
            OutboxKind::Reminder,
            &reminder,
            None,
            at,
            None,
        ));
    }
    let state = BookingState {
        reference: b.reference.clone(),
        territory: b.territory.to_string(),
        partner: o.partner.clone(),
        site: o.site.clone(),
        with_partner: o.with_partner.clone(),
        with_site: o.with_site.clone(),
        appointment: o.appointment.clone(),
        format: o.format.as_str().to_string(),
        starts_at: o.start,
        ends_at: o.end,
        status: status.to_string(),
        parcours: parcours.map(str::to_string),
        lead: lead.map(str::to_string),
        urgent: b.urgent,
        person_id: Some(b.person_id.to_string()),
        created_at: b.now,
    };
    stmts.extend(events::statements(
        &state.event(id, "created", "booked", b.now),
    ));
    // The counts, as a booking's row gives them (see `stats::booking_made`).
    let facts = BookingFacts {
        territory: b.territory.to_string(),
        partner: o.partner.clone(),
        channel: person.channel.clone().unwrap_or_default(),
        locale: person.locale.clone().unwrap_or_default(),
        parcours: parcours.unwrap_or_default().to_string(),
        lead: lead.unwrap_or_default().to_string(),
        created_at: b.now,
        starts_at: o.start,
        first_contact_at: person.created_at,
        status: status.to_string(),
        reminded,
    };
    let mut tallies = facts.made();
    tallies.extend(facts.placed(1));
    Plan {
        owner: Some(b.person_id.to_string()),
        guard: Some(guard),
        stmts,
        counts: tallies.iter().map(|t| t.stmt()).collect(),
    }
}
