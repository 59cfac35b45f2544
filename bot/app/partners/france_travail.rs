//! What France Travail's partner API ("Rendez-vous partenaire") is told of an event, as
//! rdv-insertion tells it: an appointment France Travail leads or joins, of a person who gave
//! their France Travail number and agreed to share their diagnostic, is created there
//! (`POST`), changed (`PUT`) and, when the person erases their data, deleted (`DELETE`).

use serde_json::{Value, json};

use super::DueDelivery;
use super::payload::rfc3339_paris;
use crate::app::{Host, HostError};
use crate::booking::territory::{PartnerKind, Territory};
use crate::core::BookingStatus;

/// What to do with one delivery to France Travail.
#[derive(Debug, Clone, PartialEq)]
pub enum FtJob {
    /// Nothing: not for France Travail (why, as a short code staff read).
    Skip(&'static str),
    /// Create (`ft_id` unknown) or change the appointment.
    Push {
        booking_id: String,
        /// The person's France Travail number, to find them there.
        usager: String,
        ft_id: Option<String>,
        /// The body, without `id` (set to `ft_id` on a change).
        payload: Value,
    },
    /// Delete these appointments: (booking, France Travail's id, the person's number).
    Delete(Vec<(String, String, String)>),
}

/// France Travail's code of the organisation a partner is.
#[must_use]
pub fn organisme_code(kind: PartnerKind) -> &'static str {
    match kind {
        PartnerKind::ConseilDepartemental => "CD",
        PartnerKind::FranceTravail => "FT",
        PartnerKind::MissionLocale => "ML",
        PartnerKind::CapEmploi => "CE",
        _ => "IND",
    }
}

/// France Travail's status of an appointment.
#[must_use]
pub fn statut(status: &str, change: &str) -> &'static str {
    match BookingStatus::parse(status) {
        Some(BookingStatus::Seen) => "EFFECTUE",
        Some(BookingStatus::NoShow) => "ABSENT",
        Some(BookingStatus::Cancelled | BookingStatus::Excused) => "ANNULE",
        _ if change == "moved" => "MODIFIE",
        _ => "PRIS",
    }
}

/// France Travail's way of meeting.
#[must_use]
pub fn modalite(format: &str) -> &'static str {
    match format {
        "phone" => "TELEPHONE",
        "video" => "VISIO",
        _ => "PHYSIQUE",
    }
}

fn is_france_travail(t: &Territory, partner: Option<&str>) -> bool {
    partner
        .and_then(|p| t.partner(p))
        .is_some_and(|p| p.kind == PartnerKind::FranceTravail)
}

impl Host {
    /// What France Travail is to be told of a delivery.
    pub async fn france_travail_job(&self, d: &DueDelivery) -> Result<FtJob, HostError> {
        let s: Value = serde_json::from_str(&d.snapshot).unwrap_or(Value::Null);
        let text = |k: &str| s.get(k).and_then(Value::as_str).map(str::to_string);
        match d.model.as_str() {
            "Person" => {
                let mut out = Vec::new();
                for b in s
                    .get("bookings")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let Some(b) = b.as_str() else { continue };
                    if let Some((ft_id, usager)) = self.store.france_travail_rdv(b).await? {
                        out.push((b.to_string(), ft_id, usager));
                    }
                }
                Ok(if out.is_empty() {
                    FtJob::Skip("never-pushed")
                } else {
                    FtJob::Delete(out)
                })
            }
            "Booking" => {
                let Some(t) = self.territory() else {
                    return Ok(FtJob::Skip("no-territory"));
                };
                let partner = text("partner").unwrap_or_default();
                if !is_france_travail(t, Some(&partner))
                    && !is_france_travail(t, text("with_partner").as_deref())
                {
                    return Ok(FtJob::Skip("not-france-travail"));
                }
                let booking_id = text("id").unwrap_or_default();
                let pushed = self.store.france_travail_rdv(&booking_id).await?;
                let Some(person) = text("person_id") else {
                    return Ok(FtJob::Skip("erased"));
                };
                let Some(shared) = self.shared_person(&person).await? else {
                    return Ok(FtJob::Skip("not-shared"));
                };
                let Some(usager) = shared.france_travail_id.clone() else {
                    return Ok(FtJob::Skip("no-number"));
                };
                let status = text("status").unwrap_or_default();
                let change = text("change").unwrap_or_default();
                let statut = statut(&status, &change);
                if pushed.is_none() && statut == "ANNULE" {
                    return Ok(FtJob::Skip("never-pushed"));
                }
                let payload = self.ft_payload(t, &s, &shared.person, statut);
                Ok(FtJob::Push {
                    booking_id,
                    usager,
                    ft_id: pushed.map(|(id, _)| id),
                    payload,
                })
            }
            _ => Ok(FtJob::Skip("not-for-france-travail")),
        }
    }

    /// The body of `POST`/`PUT /partenaire/rendez-vous-partenaire/v1/rendez-vous`.
    fn ft_payload(&self, t: &Territory, s: &Value, person: &Value, statut: &str) -> Value {
        let text = |k: &str| s.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let starts = s.get("starts_at").and_then(Value::as_i64).unwrap_or(0);
        let ends = s.get("ends_at").and_then(Value::as_i64).unwrap_or(starts);
        let site = t.site(&text("site"));
        let partner = t.partner(&text("partner"));
        let (address, site_name) = site.map_or((String::new(), String::new()), |(_, s)| {
            (format!("{} {}", s.address, s.postcode), s.name.clone())
        });
        let phone = person
            .pointer("/contact/channel")
            .and_then(Value::as_str)
            .filter(|c| matches!(*c, "sms" | "whatsapp"))
            .and_then(|_| person.pointer("/contact/address").and_then(Value::as_str))
            .map(|a| a.trim_start_matches("whatsapp:").to_string());
        let mut body = json!({
            "date": rfc3339_paris(starts),
            "duree": (ends - starts) / 60,
            "adresse": address,
            "libelleAdresse": if site_name.is_empty() { partner.map(|p| p.name.clone()).unwrap_or_default() } else { site_name },
            "information": format!("Premier rendez-vous d'orientation pris avec tremplin, référence {}.", text("reference")),
            "theme": "Orientation",
            "initiateur": "USAGER",
            "modaliteContact": modalite(&text("format")),
            "motif": "ORI",
            "organisme": {
                "code": partner.map_or("IND", |p| organisme_code(p.kind)),
                "libelleStructure": partner.map(|p| p.name.clone()).unwrap_or_default(),
                "emailContact": Value::Null,
                "telephoneContact": partner.and_then(|p| p.phone.clone()),
            },
            "statut": statut,
            "typeReception": "IND",
        });
        if let Some(p) = phone {
            body["telephoneContactUsager"] = json!(p);
        }
        body
    }

    /// France Travail created an appointment: its id is kept for the changes and the deletion.
    pub async fn france_travail_pushed(
        &self,
        booking_id: &str,
        ft_id: &str,
        usager: &str,
    ) -> Result<(), HostError> {
        Ok(self
            .store
            .set_france_travail_rdv(booking_id, ft_id, usager, self.now())
            .await?)
    }

    /// France Travail deleted an appointment: nothing of it is kept.
    pub async fn france_travail_deleted(&self, booking_id: &str) -> Result<(), HostError> {
        Ok(self.store.forget_france_travail_rdv(booking_id).await?)
    }
}
