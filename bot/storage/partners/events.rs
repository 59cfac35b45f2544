//! The events partners' systems are told of, written in the transaction of the change they
//! tell (a booking made or changed, a waiting request, an orientation, an erasure), so that
//! none is lost and none is told of a change that was rolled back. An event keeps codes,
//! times and partners only; what it says of the person is read when it is delivered, and only
//! if the person agreed to share it.
//!
//! Nothing is written while no endpoint is on: the statements find none and insert nothing.

use serde_json::{Value, json};
use sqlx::Row;

use crate::storage::batch::{Stmt, Val};
use crate::storage::store::new_id;

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// An event about to be written.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// `Booking`, `Request`, `Orientation`, `Invitation`, `Person`, `Test`.
    pub model: &'static str,
    pub resource_id: String,
    /// `created`, `updated`, `destroyed`; `None`: `created` for the resource's first event,
    /// `updated` after.
    pub event: Option<&'static str>,
    /// `rgpd` for an erasure.
    pub reason: Option<&'static str>,
    /// The partners it concerns: endpoints of other partners do not get it.
    pub partners: Vec<String>,
    /// What changed (codes, times, partners, ids).
    pub snapshot: Value,
    pub now: i64,
}

/// The statements that write an event and one delivery per endpoint that takes it. Their values
/// come as one row (`FROM (VALUES (...)) AS v`), so that the events of turns and bookings
/// committed together are written by one statement of many rows (see `storage::batch`).
pub(crate) fn statements(e: &NewEvent) -> [Stmt; 2] {
    let id = new_id();
    let event = Stmt::new(
        "INSERT INTO partner_events (id, model, resource_id, event, reason, version, snapshot, at) \
         SELECT v.column1, v.column2, v.column3, COALESCE(v.column4, CASE WHEN EXISTS \
         (SELECT 1 FROM partner_events e WHERE e.resource_id = v.column3) THEN 'updated' ELSE 'created' END), \
         v.column5, (SELECT COALESCE(MAX(e.version), 0) + 1 FROM partner_events e WHERE e.resource_id = v.column3), \
         v.column6, v.column7 FROM (VALUES ($1, $2, $3, $4, $5, $6, $7)) AS v \
         WHERE EXISTS (SELECT 1 FROM partner_endpoints WHERE active = 1)",
        vec![
            id.as_str().into(),
            e.model.into(),
            e.resource_id.as_str().into(),
            e.event.map_or(Val::Null, Val::from),
            e.reason.map_or(Val::Null, Val::from),
            e.snapshot.to_string().into(),
            e.now.into(),
        ],
    );
    let partners = format!(" {} ", e.partners.join(" "));
    let fan_out = Stmt::new(
        "INSERT INTO partner_deliveries (event_id, endpoint_id, resource_id, version, state, attempts, next_at, created_at) \
         SELECT ev.id, en.id, ev.resource_id, ev.version, 'pending', 0, ev.at, ev.at \
         FROM (VALUES ($1, $2)) AS v JOIN partner_events ev ON ev.id = v.column1 \
         JOIN partner_endpoints en ON en.active = 1 \
         WHERE (en.partner IS NULL OR v.column2 LIKE '% ' || en.partner || ' %') \
         AND (en.events = '*' OR ' ' || en.events || ' ' LIKE '% ' || ev.model || '.' || ev.event || ' %')",
        vec![id.as_str().into(), partners.into()],
    );
    [event, fan_out]
}

/// Writes an event inside a transaction.
pub(crate) async fn record(tx: &mut Tx, e: &NewEvent) -> Result<(), sqlx::Error> {
    for s in statements(e) {
        s.query().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Whether an endpoint is on (no event is worth reading a row for otherwise).
async fn any_endpoint(tx: &mut Tx) -> Result<bool, sqlx::Error> {
    let on: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM partner_endpoints WHERE active = 1 LIMIT 1")
            .fetch_optional(&mut **tx)
            .await?;
    Ok(on.is_some())
}

/// A booking as partners are told of it: its codes, times and partners, no personal value.
#[derive(Debug, Clone)]
pub(crate) struct BookingState {
    pub reference: String,
    pub territory: String,
    pub partner: String,
    pub site: String,
    pub with_partner: Option<String>,
    pub with_site: Option<String>,
    pub appointment: String,
    pub format: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: String,
    pub parcours: Option<String>,
    pub lead: Option<String>,
    pub urgent: bool,
    pub person_id: Option<String>,
    pub created_at: i64,
}

impl BookingState {
    /// The event telling that booking `id` was made (`created`) or changed (`updated`: a
    /// status, a move, an undo) by `change`, as it now stands.
    pub(crate) fn event(self, id: &str, event: &'static str, change: &str, now: i64) -> NewEvent {
        let snapshot = json!({
            "id": id,
            "reference": self.reference,
            "territory": self.territory,
            "partner": self.partner,
            "site": self.site,
            "with_partner": self.with_partner,
            "with_site": self.with_site,
            "appointment": self.appointment,
            "format": self.format,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "status": self.status,
            "parcours": self.parcours,
            "lead": self.lead,
            "urgent": self.urgent,
            "person_id": self.person_id,
            "created_at": self.created_at,
            "change": change,
        });
        NewEvent {
            model: "Booking",
            resource_id: id.to_string(),
            event: Some(event),
            reason: None,
            partners: std::iter::once(self.partner)
                .chain(self.with_partner)
                .collect(),
            snapshot,
            now,
        }
    }
}

/// A booking was changed (`updated`: a status, a move, an undo), as it now stands.
pub(crate) async fn booking(
    tx: &mut Tx,
    id: &str,
    event: &'static str,
    change: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    if !any_endpoint(tx).await? {
        return Ok(());
    }
    let Some(r) = sqlx::query(
        "SELECT reference, territory, partner, site, with_partner, with_site, appointment, format, \
         starts_at, ends_at, status, parcours, lead, urgent, person_id, created_at FROM bookings WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(());
    };
    let state = BookingState {
        reference: r.try_get("reference")?,
        territory: r.try_get("territory")?,
        partner: r.try_get("partner")?,
        site: r.try_get("site")?,
        with_partner: r.try_get("with_partner")?,
        with_site: r.try_get("with_site")?,
        appointment: r.try_get("appointment")?,
        format: r.try_get("format")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        status: r.try_get("status")?,
        parcours: r.try_get("parcours")?,
        lead: r.try_get("lead")?,
        urgent: r.try_get::<i64, _>("urgent")? != 0,
        person_id: r.try_get("person_id")?,
        created_at: r.try_get("created_at")?,
    };
    record(tx, &state.event(id, event, change, now)).await
}

/// A waiting request (staff call the person back) was opened or closed.
pub(crate) async fn request(tx: &mut Tx, id: &str, now: i64) -> Result<(), sqlx::Error> {
    if !any_endpoint(tx).await? {
        return Ok(());
    }
    let Some(r) = sqlx::query(
        "SELECT territory, partner, parcours, lead, urgent, status, created_at, closed_at, person_id \
         FROM booking_requests WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(());
    };
    let partner: String = r.try_get("partner")?;
    let snapshot = json!({
        "id": id,
        "territory": r.try_get::<String, _>("territory")?,
        "partner": partner,
        "parcours": r.try_get::<Option<String>, _>("parcours")?,
        "lead": r.try_get::<Option<String>, _>("lead")?,
        "urgent": r.try_get::<i64, _>("urgent")? != 0,
        "status": r.try_get::<String, _>("status")?,
        "created_at": r.try_get::<i64, _>("created_at")?,
        "closed_at": r.try_get::<Option<i64>, _>("closed_at")?,
        "person_id": r.try_get::<Option<String>, _>("person_id")?,
    });
    let e = NewEvent {
        model: "Request",
        resource_id: id.to_string(),
        event: None,
        reason: None,
        partners: vec![partner],
        snapshot,
        now,
    };
    record(tx, &e).await
}

/// A person erased their data: their id and the ids of their bookings and requests, and the
/// partners who had them (read before the rows lose the person).
pub(crate) async fn person_destroyed(
    tx: &mut Tx,
    person_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    if !any_endpoint(tx).await? {
        return Ok(());
    }
    let bookings = sqlx::query(
        "SELECT id, partner, with_partner FROM bookings WHERE person_id = $1 ORDER BY created_at",
    )
    .bind(person_id)
    .fetch_all(&mut **tx)
    .await?;
    let requests = sqlx::query(
        "SELECT id, partner FROM booking_requests WHERE person_id = $1 ORDER BY created_at",
    )
    .bind(person_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut partners: Vec<String> = Vec::new();
    let mut booking_ids = Vec::new();
    for r in &bookings {
        booking_ids.push(r.try_get::<String, _>("id")?);
        partners.push(r.try_get("partner")?);
        if let Some(w) = r.try_get::<Option<String>, _>("with_partner")? {
            partners.push(w);
        }
    }
    let mut request_ids = Vec::new();
    for r in &requests {
        request_ids.push(r.try_get::<String, _>("id")?);
        partners.push(r.try_get("partner")?);
    }
    partners.sort();
    partners.dedup();
    let e = NewEvent {
        model: "Person",
        resource_id: person_id.to_string(),
        event: Some("destroyed"),
        reason: Some("rgpd"),
        partners,
        snapshot: json!({"id": person_id, "bookings": booking_ids, "requests": request_ids}),
        now,
    };
    record(tx, &e).await
}

/// An invitation was imported (`created`) or changed (`updated`: sent, reminded, answered,
/// declined, closed...), as it now stands: its status and partner, never what the list said
/// of the person.
pub(crate) async fn invitation(tx: &mut Tx, id: &str, now: i64) -> Result<(), sqlx::Error> {
    if !any_endpoint(tx).await? {
        return Ok(());
    }
    invitation_known_on(tx, id, now).await
}

/// [`invitation`], an endpoint being known to be on (an import checks once for all its rows).
pub(crate) async fn invitation_known_on(
    tx: &mut Tx,
    id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let Some(r) = sqlx::query(
        "SELECT status, partner, lead, locale, channel, sends, import_id, person_id, created_at, status_at \
         FROM invitations WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(());
    };
    let partner: Option<String> = r.try_get("partner")?;
    let snapshot = json!({
        "id": id,
        "status": r.try_get::<String, _>("status")?,
        "partner": partner,
        "lead": r.try_get::<Option<String>, _>("lead")?,
        "locale": r.try_get::<Option<String>, _>("locale")?,
        "channel": r.try_get::<String, _>("channel")?,
        "sends": r.try_get::<i64, _>("sends")?,
        "import_id": r.try_get::<Option<String>, _>("import_id")?,
        "person_id": r.try_get::<Option<String>, _>("person_id")?,
        "created_at": r.try_get::<i64, _>("created_at")?,
        "status_at": r.try_get::<i64, _>("status_at")?,
    });
    let e = NewEvent {
        model: "Invitation",
        resource_id: id.to_string(),
        event: None,
        reason: None,
        partners: partner.into_iter().collect(),
        snapshot,
        now,
    };
    record(tx, &e).await
}

/// Whether an endpoint is on, for a writer that tells many rows.
pub(crate) async fn endpoint_on(tx: &mut Tx) -> Result<bool, sqlx::Error> {
    any_endpoint(tx).await
}
