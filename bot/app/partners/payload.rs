//! What a delivery says, in the envelope partners already read from rdv-service-public's
//! webhooks: `{"data": {...}, "meta": {"model", "event", "webhook_reason", "timestamp",
//! "delivery_id"}}`. The event keeps codes, times and partners; names and addresses come
//! from the territory, and what concerns the person only if they agreed to share it.

use chrono::{SecondsFormat, TimeZone, Utc};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::DueDelivery;
use crate::app::{Host, HostError};
use crate::booking::territory::{Partner, PartnerKind, Territory};
use crate::core::{BookingStatus, Parcours};

/// A Unix time as RFC 3339, in UTC.
#[must_use]
pub fn rfc3339(unix: i64) -> String {
    Utc.timestamp_opt(unix, 0)
        .single()
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// A Unix time as RFC 3339 in Paris time, with its offset (how France Travail's API reads
/// an appointment's date).
#[must_use]
pub fn rfc3339_paris(unix: i64) -> String {
    chrono_tz::Europe::Paris
        .timestamp_opt(unix, 0)
        .single()
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// The id of one event's delivery to one endpoint: the same on every try, so that a receiver
/// can drop a delivery it already has.
#[must_use]
pub fn delivery_id(event_id: &str, endpoint_id: &str) -> String {
    let digest = Sha256::digest(format!("{event_id}/{endpoint_id}").as_bytes());
    let mut bytes = [0_u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string()
}

/// The CASF category of a parcours, as partners' systems name it.
#[must_use]
pub fn casf(parcours: &str) -> &'static str {
    match Parcours::parse(parcours) {
        Some(Parcours::Emploi) => "pro",
        Some(Parcours::Global) => "socio_pro",
        Some(Parcours::Social) => "social",
        None => "",
    }
}

/// A booking status in rdv-service-public's vocabulary.
#[must_use]
pub fn rdv_status(status: &str) -> &'static str {
    match BookingStatus::parse(status) {
        Some(BookingStatus::Seen) => "seen",
        Some(BookingStatus::NoShow) => "noshow",
        Some(BookingStatus::Excused) => "excused",
        Some(BookingStatus::Cancelled) => "revoked",
        Some(BookingStatus::Pending | BookingStatus::Confirmed) | None => "unknown",
    }
}

/// Where an appointment takes place, in rdv-service-public's vocabulary.
#[must_use]
pub fn location_type(format: &str) -> &'static str {
    match format {
        "phone" => "phone",
        "video" => "visio",
        _ => "public_office",
    }
}

/// The kind of a partner, as a short code.
#[must_use]
pub fn kind_code(kind: PartnerKind) -> &'static str {
    match kind {
        PartnerKind::ConseilDepartemental => "conseil_departemental",
        PartnerKind::FranceTravail => "france_travail",
        PartnerKind::MissionLocale => "mission_locale",
        PartnerKind::CapEmploi => "cap_emploi",
        PartnerKind::Caf => "caf",
        PartnerKind::Ccas => "ccas",
        PartnerKind::Association => "association",
    }
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

fn partner_json(t: Option<&Territory>, id: &str) -> Value {
    match t.and_then(|t| t.partner(id)) {
        Some(p) => json!({"id": p.id, "name": p.name, "kind": kind_code(p.kind), "phone": p.phone}),
        None => json!({"id": id}),
    }
}

fn site_json(t: Option<&Territory>, id: &str) -> Value {
    match t.and_then(|t| t.site(id)) {
        Some((_, s)) => {
            json!({"id": s.id, "name": s.name, "address": s.address, "postcode": s.postcode})
        }
        None => json!({"id": id}),
    }
}

/// The partners of a territory that play a lead body's part.
pub(super) fn partners_for(t: &Territory, kind: PartnerKind) -> impl Iterator<Item = &Partner> {
    t.partners.iter().filter(move |p| p.kind == kind)
}

/// An invitation as a partner's system reads it: where it stands, never what the list said
/// of the person.
fn invitation_data(t: Option<&Territory>, mut s: Value) -> Value {
    for k in ["created_at", "status_at"] {
        if let Some(at) = s.get(k).and_then(Value::as_i64) {
            s[k] = json!(rfc3339(at));
        }
    }
    if let Some(p) = s.get("partner").and_then(Value::as_str).map(str::to_string) {
        s["partner"] = partner_json(t, &p);
    }
    let person = s.get("person_id").cloned().unwrap_or(Value::Null);
    s["person"] = if person.is_null() {
        Value::Null
    } else {
        json!({"id": person})
    };
    s
}

impl Host {
    /// The whole body of a delivery.
    pub async fn partner_envelope(&self, d: &DueDelivery) -> Result<Value, HostError> {
        let snapshot: Value = serde_json::from_str(&d.snapshot).unwrap_or(Value::Null);
        let data = match d.model.as_str() {
            "Booking" => self.booking_data(&snapshot).await?,
            "Request" => self.request_data(&snapshot).await?,
            "Orientation" => self.orientation_data(&snapshot).await?,
            "Invitation" => invitation_data(self.territory(), snapshot),
            _ => snapshot,
        };
        Ok(json!({
            "data": data,
            "meta": {
                "model": d.model,
                "event": d.event,
                "webhook_reason": d.reason,
                "timestamp": rfc3339(d.at),
                "delivery_id": delivery_id(&d.event_id, &d.endpoint_id),
            }
        }))
    }

    /// A booking as a partner's system reads it.
    async fn booking_data(&self, s: &Value) -> Result<Value, HostError> {
        let t = self.territory();
        let starts = s.get("starts_at").and_then(Value::as_i64).unwrap_or(0);
        let ends = s.get("ends_at").and_then(Value::as_i64).unwrap_or(starts);
        let status = text(s, "status");
        let format = text(s, "format");
        let mut data = Map::new();
        data.insert("id".into(), s.get("id").cloned().unwrap_or(Value::Null));
        data.insert("reference".into(), json!(text(s, "reference")));
        data.insert("status".into(), json!(status));
        data.insert("rdv_status".into(), json!(rdv_status(&status)));
        data.insert(
            "change".into(),
            s.get("change").cloned().unwrap_or(Value::Null),
        );
        data.insert("starts_at".into(), json!(rfc3339(starts)));
        data.insert("ends_at".into(), json!(rfc3339(ends)));
        data.insert("duration_in_min".into(), json!((ends - starts) / 60));
        data.insert("location_type".into(), json!(location_type(&format)));
        data.insert("format".into(), json!(format));
        data.insert("partner".into(), partner_json(t, &text(s, "partner")));
        data.insert("site".into(), site_json(t, &text(s, "site")));
        let with = s.get("with_partner").and_then(Value::as_str);
        data.insert(
            "joint_partner".into(),
            with.map_or(Value::Null, |w| partner_json(t, w)),
        );
        let with_site = s.get("with_site").and_then(Value::as_str);
        data.insert(
            "joint_site".into(),
            with_site.map_or(Value::Null, |w| site_json(t, w)),
        );
        let parcours = text(s, "parcours");
        data.insert("parcours".into(), json!(casf(&parcours)));
        data.insert("lead".into(), s.get("lead").cloned().unwrap_or(Value::Null));
        data.insert(
            "urgent".into(),
            s.get("urgent").cloned().unwrap_or(json!(false)),
        );
        data.insert(
            "created_at".into(),
            json!(rfc3339(
                s.get("created_at").and_then(Value::as_i64).unwrap_or(0)
            )),
        );
        self.add_shared(&mut data, s).await?;
        Ok(Value::Object(data))
    }

    /// A waiting request (staff call the person back) as a partner's system reads it.
    async fn request_data(&self, s: &Value) -> Result<Value, HostError> {
        let t = self.territory();
        let mut data = Map::new();
        data.insert("id".into(), s.get("id").cloned().unwrap_or(Value::Null));
        data.insert("status".into(), json!(text(s, "status")));
        data.insert("partner".into(), partner_json(t, &text(s, "partner")));
        data.insert("parcours".into(), json!(casf(&text(s, "parcours"))));
        data.insert("lead".into(), s.get("lead").cloned().unwrap_or(Value::Null));
        data.insert(
            "urgent".into(),
            s.get("urgent").cloned().unwrap_or(json!(false)),
        );
        let created = s.get("created_at").and_then(Value::as_i64).unwrap_or(0);
        data.insert("created_at".into(), json!(rfc3339(created)));
        let closed = s.get("closed_at").and_then(Value::as_i64);
        data.insert(
            "closed_at".into(),
            closed.map_or(Value::Null, |c| json!(rfc3339(c))),
        );
        self.add_shared(&mut data, s).await?;
        Ok(Value::Object(data))
    }

    /// An orientation proposed at the end of a diagnostic: the parcours and the lead body,
    /// and, if the person shared their diagnostic, its reasons and codes.
    async fn orientation_data(&self, s: &Value) -> Result<Value, HostError> {
        let mut data = Map::new();
        data.insert("id".into(), s.get("id").cloned().unwrap_or(Value::Null));
        data.insert("parcours".into(), json!(casf(&text(s, "parcours"))));
        data.insert("lead".into(), s.get("lead").cloned().unwrap_or(Value::Null));
        data.insert(
            "joint_lead".into(),
            s.get("with").cloned().unwrap_or(Value::Null),
        );
        data.insert(
            "urgent".into(),
            s.get("urgent").cloned().unwrap_or(json!(false)),
        );
        data.insert("codes".into(), json!([]));
        data.insert("reasons".into(), json!([]));
        let person = s.get("person_id").and_then(Value::as_str);
        if let Some(shared) = match person {
            Some(p) => self.shared_person(p).await?,
            None => None,
        } {
            let catalog = self.catalog();
            if let Some(d) = catalog
                .dialogue(&self.config.dialogue)
                .or_else(|| catalog.dialogues.first())
            {
                let facts = crate::orientation::facts(d, &shared.answers);
                let p = crate::orientation::propose(&facts);
                let reasons: Vec<&str> = p
                    .reasons
                    .iter()
                    .map(|r| r.msg_id().trim_start_matches("orientation-reason-"))
                    .collect();
                data.insert("reasons".into(), json!(reasons));
                data.insert("codes".into(), json!(facts.codes));
            }
            data.insert("person".into(), shared.person);
        } else {
            data.insert("person".into(), json!({"id": person}));
        }
        Ok(Value::Object(data))
    }

    /// The person's part: their id always; their contact and diagnostic only if shared.
    async fn add_shared(&self, data: &mut Map<String, Value>, s: &Value) -> Result<(), HostError> {
        let person = s.get("person_id").and_then(Value::as_str);
        let shared = match person {
            Some(p) => self.shared_person(p).await?,
            None => None,
        };
        match shared {
            Some(sh) => {
                data.insert("person".into(), sh.person);
                data.insert("diagnostic".into(), sh.diagnostic);
            }
            None => {
                data.insert(
                    "person".into(),
                    person.map_or(Value::Null, |p| json!({"id": p})),
                );
                data.insert("diagnostic".into(), Value::Null);
            }
        }
        Ok(())
    }
}
