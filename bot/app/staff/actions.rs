//! What staff do to a booking (confirm, cancel, record how it went, move it) or a waiting
//! request (close it, book it). Each action checks the current status, then writes the change,
//! its audit entry and the message to the person in one transaction.

use super::calendar::when;
use super::{Desk, DeskError, QueueRow, RequestRow, Slot};
use crate::app::{BookRequest, Booked, RequestBooked};
use crate::booking::Offer;
use crate::booking::territory::{Format, Partner, Site, Territory};
use crate::core::{Body, BookingStatus, Parcours};
use crate::storage::staff::{ActionOutcome, Notice};

/// The longest reason kept, in characters.
const REASON_CHARS: usize = 500;

/// The longest name kept, in characters.
const NAME_CHARS: usize = 120;

/// How long a cancellation or a no-show can be undone, in seconds: the message to the person
/// waits as long in the outbox.
pub const UNDO_WINDOW: i64 = 600;

/// An action on a booking.
#[derive(Debug, Clone, Copy)]
pub enum BookingAction<'a> {
    /// Confirms a pending booking.
    Confirm,
    /// Cancels an active booking, for a reason, once `confirmed`.
    Cancel { reason: &'a str, confirmed: bool },
    /// Records how the appointment went (seen, no-show or excused), with a reason if given,
    /// once it has started; a no-show once `confirmed`.
    Record {
        outcome: Option<BookingStatus>,
        reason: &'a str,
        confirmed: bool,
    },
    /// Moves an active booking to a free slot (the slot's key), for a reason.
    Move { slot: &'a str, reason: &'a str },
    /// Undoes a cancellation or a no-show within [`UNDO_WINDOW`], before the person is told.
    Undo,
    /// Records that reception called the person back about their urgent situation.
    CalledBack { note: &'a str },
    /// Notes the person's name as reception learnt it (blank: forgets it).
    Name { name: &'a str },
}

/// An action on a waiting request.
#[derive(Debug, Clone, Copy)]
pub enum RequestAction<'a> {
    /// Closes an open request (the person was called back), for a reason.
    Close { reason: &'a str },
    /// Books a free slot (the slot's key) for the person, closes the request and tells them.
    Book { slot: &'a str },
    /// Records that reception called the person back about their urgent situation.
    CalledBack { note: &'a str },
    /// Notes the person's name as reception learnt it (blank: forgets it).
    Name { name: &'a str },
}

/// What an action found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Done, and the booking went to a partner outside the account's scope.
    HandedOver,
    /// The booking made, by its id.
    Booked(String),
    /// Nothing to do: the status no longer allows it.
    Unchanged,
    /// The action needs a reason.
    ReasonRequired,
    /// The outcome is not one an appointment can have.
    ChooseOutcome,
    /// The slot is not one of a partner the account may hand work to.
    SlotUnknown,
    /// The slot is no longer free.
    SlotTaken,
    /// Only the lead partner of a joint appointment, reception or an admin may do that.
    LeadOnly,
    /// How an appointment went is recorded once it has started.
    NotStarted,
    /// The action tells the person and cannot be taken back after a while: ask first.
    ConfirmFirst,
    /// Too late to undo: the person has been told.
    UndoExpired,
    /// A call back is recorded with a note.
    NoteRequired,
}

/// A reason as kept: trimmed, at most [`REASON_CHARS`] characters; none if empty.
fn reason(raw: &str) -> Option<String> {
    Some(raw.trim().chars().take(REASON_CHARS).collect::<String>()).filter(|r| !r.is_empty())
}

/// The format of an appointment at a site: `current` if the site offers it, else the first
/// the appointment and the site share.
fn format_for(
    partner: &Partner,
    site: Option<&Site>,
    slot: &Slot,
    current: Option<Format>,
) -> Format {
    let allowed: Vec<Format> = partner
        .appointments
        .iter()
        .find(|a| a.id == slot.appointment)
        .map(|a| {
            a.formats
                .iter()
                .copied()
                .filter(|f| site.is_some_and(|s| s.formats.contains(f)))
                .collect()
        })
        .unwrap_or_default();
    current
        .filter(|f| allowed.contains(f))
        .or_else(|| allowed.first().copied())
        .unwrap_or(Format::OnSite)
}

impl Desk<'_> {
    /// Acts on a booking of the account's scope.
    pub async fn act_on_booking(
        &self,
        id: &str,
        action: BookingAction<'_>,
    ) -> Result<Outcome, DeskError> {
        let b = self.booking(id).await?;
        if let BookingAction::Name { name } = action {
            return self
                .note_name(b.person_id.as_deref(), Some(&b.id), name)
                .await;
        }
        if !self.leads(&b) {
            // The second partner of a joint appointment records its own outcome only.
            return match action {
                BookingAction::Record {
                    outcome,
                    reason: raw,
                    ..
                } => self.record_joint(&b, outcome, raw).await,
                _ => Ok(Outcome::LeadOnly),
            };
        }
        match action {
            BookingAction::Confirm => {
                if b.status != BookingStatus::Pending {
                    return Ok(Outcome::Unchanged);
                }
                self.set_status(
                    &b,
                    BookingStatus::Confirmed,
                    None,
                    Some("staff-notice-confirmed"),
                )
                .await
            }
            BookingAction::Cancel {
                reason: raw,
                confirmed,
            } => {
                let Some(reason) = reason(raw) else {
                    return Ok(Outcome::ReasonRequired);
                };
                if !b.status.is_active() {
                    return Ok(Outcome::Unchanged);
                }
                if !confirmed {
                    return Ok(Outcome::ConfirmFirst);
                }
                self.set_status(
                    &b,
                    BookingStatus::Cancelled,
                    Some(&reason),
                    Some("staff-notice-cancelled"),
                )
                .await
            }
            BookingAction::Record {
                outcome,
                reason: raw,
                confirmed,
            } => {
                if !b.status.is_active() {
                    return Ok(Outcome::Unchanged);
                }
                if !self.started(&b) {
                    return Ok(Outcome::NotStarted);
                }
                if outcome == Some(BookingStatus::NoShow) && !confirmed {
                    return Ok(Outcome::ConfirmFirst);
                }
                let notice = match outcome {
                    Some(BookingStatus::Seen) => None,
                    Some(BookingStatus::NoShow) => Some("staff-notice-no-show"),
                    Some(BookingStatus::Excused) => Some("staff-notice-excused"),
                    _ => return Ok(Outcome::ChooseOutcome),
                };
                let status = outcome.unwrap_or(BookingStatus::Seen);
                self.set_status(&b, status, reason(raw).as_deref(), notice)
                    .await
            }
            BookingAction::Move { slot, reason: raw } => {
                let Some(reason) = reason(raw) else {
                    return Ok(Outcome::ReasonRequired);
                };
                self.move_booking(&b, slot, &reason).await
            }
            BookingAction::Undo => self.undo(&b).await,
            BookingAction::CalledBack { note } => self.called_back(Some(&b), None, note).await,
            BookingAction::Name { name } => {
                self.note_name(b.person_id.as_deref(), Some(&b.id), name)
                    .await
            }
        }
    }

    /// Notes the name of a person of the account's scope, sealed and searchable by its keyed
    /// hashes; the audit line says a name was noted, not which.
    async fn note_name(
        &self,
        person: Option<&str>,
        booking: Option<&str>,
        raw: &str,
    ) -> Result<Outcome, DeskError> {
        let Some(person) = person else {
            return Ok(Outcome::Unchanged);
        };
        let name: Option<String> = Some(
            raw.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .take(NAME_CHARS)
                .collect(),
        )
        .filter(|n: &String| !n.is_empty());
        let action = if name.is_some() {
            "note-name"
        } else {
            "forget-name"
        };
        let found = self
            .host
            .store()
            .staff_set_name(
                person,
                name.as_deref(),
                &self.entry(action, booking, Some(person), None),
                self.now,
            )
            .await?;
        Ok(done_or_unchanged(found))
    }

    /// Whether a booking's appointment has started: only then can its outcome be recorded.
    #[must_use]
    pub fn started(&self, b: &QueueRow) -> bool {
        self.now >= b.starts_at
    }

    /// Until when a cancellation or no-show of this booking can be undone, if it can.
    #[must_use]
    pub fn undo_until(&self, b: &QueueRow) -> Option<i64> {
        let until = b.updated_at + UNDO_WINDOW;
        (b.previous_status.is_some()
            && matches!(b.status, BookingStatus::Cancelled | BookingStatus::NoShow)
            && self.now < until)
            .then_some(until)
    }

    async fn undo(&self, b: &QueueRow) -> Result<Outcome, DeskError> {
        if self.undo_until(b).is_none() {
            return Ok(if b.previous_status.is_some() {
                Outcome::UndoExpired
            } else {
                Outcome::Unchanged
            });
        }
        let action = format!("booking-undo-{}", b.status);
        let outcome = self
            .host
            .store()
            .staff_undo(
                &b.id,
                self.now - UNDO_WINDOW + 1,
                &self.entry(&action, Some(&b.id), b.person_id.as_deref(), None),
                self.now,
            )
            .await?;
        Ok(match outcome {
            ActionOutcome::Done => Outcome::Done,
            ActionOutcome::Taken => Outcome::SlotTaken,
            ActionOutcome::Unchanged => Outcome::Unchanged,
        })
    }

    /// Records that the person of an urgent booking or request was called back, with a note.
    async fn called_back(
        &self,
        booking: Option<&QueueRow>,
        request: Option<&RequestRow>,
        raw: &str,
    ) -> Result<Outcome, DeskError> {
        let Some(note) = reason(raw) else {
            return Ok(Outcome::NoteRequired);
        };
        let person = booking
            .and_then(|b| b.person_id.as_deref())
            .or_else(|| request.and_then(|r| r.person_id.as_deref()));
        let detail = match request {
            Some(r) => format!("{}: {note}", r.id),
            None => note.clone(),
        };
        let found = self
            .host
            .store()
            .staff_called_back(
                booking.map(|b| b.id.as_str()),
                request.map(|r| r.id.as_str()),
                &note,
                &self.entry(
                    "called-back",
                    booking.map(|b| b.id.as_str()),
                    person,
                    Some(&detail),
                ),
                self.now,
            )
            .await?;
        Ok(done_or_unchanged(found))
    }

    /// Whether the account leads a booking of its scope: reception and admins lead every
    /// booking, an advisor those of its own partner, not a joint one it only takes part in.
    #[must_use]
    pub fn leads(&self, b: &QueueRow) -> bool {
        self.scope().allows_partner(&b.partner)
    }

    /// The second partner's outcome of a joint appointment: in the history, in its name;
    /// the booking's status and the messages to the person stay the lead's.
    async fn record_joint(
        &self,
        b: &QueueRow,
        outcome: Option<BookingStatus>,
        raw: &str,
    ) -> Result<Outcome, DeskError> {
        let Some(outcome) = outcome.filter(|o| o.is_outcome()) else {
            return Ok(Outcome::ChooseOutcome);
        };
        if !self.started(b) {
            return Ok(Outcome::NotStarted);
        }
        let reason = reason(raw);
        let action = format!("booking-joint-{outcome}");
        let found = self
            .host
            .store()
            .staff_joint_outcome(
                &b.id,
                outcome,
                reason.as_deref(),
                &self.entry(
                    &action,
                    Some(&b.id),
                    b.person_id.as_deref(),
                    reason.as_deref(),
                ),
                self.now,
            )
            .await?;
        Ok(done_or_unchanged(found))
    }

    /// Acts on a waiting request of the account's scope.
    pub async fn act_on_request(
        &self,
        id: &str,
        action: RequestAction<'_>,
    ) -> Result<Outcome, DeskError> {
        let r = self.request(id).await?;
        match action {
            RequestAction::Close { reason: raw } => {
                let Some(reason) = reason(raw) else {
                    return Ok(Outcome::ReasonRequired);
                };
                let detail = format!("{}: {reason}", r.id);
                let outcome = self
                    .host
                    .store()
                    .staff_close_request(
                        &r.id,
                        &self.entry(
                            "request-closed",
                            None,
                            r.person_id.as_deref(),
                            Some(&detail),
                        ),
                        None,
                        self.now,
                    )
                    .await?;
                Ok(done_or_unchanged(outcome))
            }
            RequestAction::Book { slot: key } => {
                let Some(person) = r.person_id.as_deref().filter(|_| r.status == "open") else {
                    return Ok(Outcome::Unchanged);
                };
                let t = self.territory_of(&r.territory)?;
                let offer = match self.free_offer(t, key, None).await? {
                    Ok(offer) => offer,
                    Err(outcome) => return Ok(outcome),
                };
                // Reminders only for a person who agreed to them.
                let reminders = self
                    .host
                    .store()
                    .consents_of(person)
                    .await?
                    .into_iter()
                    .rev()
                    .find(|(scope, _)| scope == "reminders")
                    .is_some_and(|(_, granted)| granted);
                let request_key = format!("request:{}", r.id);
                let booked = self
                    .host
                    .book(BookRequest {
                        territory: t,
                        person_id: person,
                        request_key: &request_key,
                        offer: &offer,
                        parcours: r.parcours.as_deref().and_then(Parcours::parse),
                        lead: r.lead.as_deref().and_then(Body::parse),
                        urgent: r.urgent,
                        reminders,
                        closes: Some(RequestBooked {
                            request_id: &r.id,
                            actor: &self.account.id,
                        }),
                        now: self.now,
                    })
                    .await?;
                Ok(match booked {
                    Booked::Booked(row) => Outcome::Booked(row.id),
                    Booked::Taken => Outcome::SlotTaken,
                    Booked::RequestClosed => Outcome::Unchanged,
                })
            }
            RequestAction::CalledBack { note } => self.called_back(None, Some(&r), note).await,
            RequestAction::Name { name } => {
                self.note_name(r.person_id.as_deref(), None, name).await
            }
        }
    }

    fn territory_of(&self, id: &str) -> Result<&Territory, DeskError> {
        self.host
            .catalog()
            .territory(Some(id))
            .ok_or(DeskError::NotFound)
    }

    /// The free slot `key` as an offer, in the format wanted if the slot allows it; an
    /// outcome instead when it is unknown, outside the account's scope, or taken.
    async fn free_offer(
        &self,
        t: &Territory,
        key: &str,
        wanted: Option<Format>,
    ) -> Result<Result<Offer, Outcome>, DeskError> {
        let Some((partner, _)) = t.site(key.split('/').next().unwrap_or("")) else {
            return Ok(Err(Outcome::SlotUnknown));
        };
        // An advisor hands work to their own partner only; nobody hands it outside their
        // scope.
        if !self.scope().allows(&t.id, &partner.id, None) {
            return Ok(Err(Outcome::SlotUnknown));
        }
        let slots = self.host.free_slots(&t.id, &partner.id, self.now).await?;
        // The chosen start may have a free seat other than the one listed.
        let Some(slot) = slots.into_iter().find(|s| s.key == key) else {
            return Ok(Err(Outcome::SlotTaken));
        };
        let site = t.site(&slot.site).map(|(_, s)| s);
        Ok(Ok(Offer {
            format: format_for(partner, site, &slot, wanted),
            keys: vec![slot.key],
            partner: partner.id.clone(),
            site: slot.site,
            with_partner: None,
            with_site: None,
            appointment: slot.appointment,
            start: slot.start,
            end: slot.end,
        }))
    }

    /// The message to a person about their booking, in their language, for their channel.
    async fn notice(
        &self,
        b: &QueueRow,
        id: &str,
        start: i64,
        site: &str,
    ) -> Result<Option<Notice>, DeskError> {
        let Some(person) = &b.person_id else {
            return Ok(None);
        };
        Ok(self
            .host
            .notice(person, &b.territory, id, start, site, &b.reference)
            .await?)
    }

    async fn set_status(
        &self,
        b: &QueueRow,
        status: BookingStatus,
        reason: Option<&str>,
        notice: Option<&str>,
    ) -> Result<Outcome, DeskError> {
        if !b.status.is_active() {
            return Ok(Outcome::Unchanged);
        }
        let mut notice = match notice {
            Some(n) => self.notice(b, n, b.starts_at, &b.site).await?,
            None => None,
        };
        // A cancellation or a no-show can be undone until the person is told.
        if matches!(status, BookingStatus::Cancelled | BookingStatus::NoShow) {
            if let Some(n) = notice.as_mut() {
                n.after = UNDO_WINDOW;
            }
        }
        let action = format!("booking-{status}");
        let outcome = self
            .host
            .store()
            .staff_set_status(
                &b.id,
                status,
                reason,
                &self.entry(&action, Some(&b.id), b.person_id.as_deref(), reason),
                notice.as_ref(),
                self.now,
            )
            .await?;
        Ok(done_or_unchanged(outcome))
    }

    async fn move_booking(
        &self,
        b: &QueueRow,
        key: &str,
        reason: &str,
    ) -> Result<Outcome, DeskError> {
        if !b.status.is_active() {
            return Ok(Outcome::Unchanged);
        }
        let t = self.territory_of(&b.territory)?;
        let offer = match self.free_offer(t, key, Format::parse(&b.format)).await? {
            Ok(offer) => offer,
            Err(outcome) => return Ok(outcome),
        };
        let notice = self
            .notice(b, "staff-notice-moved", offer.start, &offer.site)
            .await?;
        let detail = format!(
            "{} -> {} {}: {reason}",
            b.partner,
            offer.partner,
            when(offer.start)
        );
        let outcome = self
            .host
            .store()
            .staff_move(
                &b.id,
                &offer,
                reason,
                &self.entry(
                    "booking-moved",
                    Some(&b.id),
                    b.person_id.as_deref(),
                    Some(&detail),
                ),
                notice.as_ref(),
                self.now,
            )
            .await?;
        Ok(match outcome {
            ActionOutcome::Done if self.scope().allows(&b.territory, &offer.partner, None) => {
                Outcome::Done
            }
            ActionOutcome::Done => Outcome::HandedOver,
            ActionOutcome::Taken => Outcome::SlotTaken,
            ActionOutcome::Unchanged => Outcome::Unchanged,
        })
    }
}

fn done_or_unchanged(outcome: ActionOutcome) -> Outcome {
    if outcome == ActionOutcome::Done {
        Outcome::Done
    } else {
        Outcome::Unchanged
    }
}
