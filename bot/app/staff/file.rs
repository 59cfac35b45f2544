//! A booking or a waiting request as staff see it: found within the account's scope, the
//! person's contact (revealed on demand, audited), the diagnostic as the person shared it, the
//! history, the messages sent, and the free slots to move or book it to.

use std::collections::BTreeMap;

use super::{Desk, DeskError, QueueRow, RequestRow, Slot, StaffSummary};
use crate::app::{Delivery, Host};
use crate::booking::{Needs, Wish, fits};
use crate::engine::{Answer, stated_wish};
use crate::i18n::summary::staff_summary_in;
use crate::storage::StorageError;
use crate::storage::staff::{AnswerCodes, CodesWanted, PersonCodes};

/// The diagnostic of a person, as they shared it.
#[derive(Debug, Clone)]
pub enum Diagnostic {
    /// The person erased their data.
    Erased,
    /// The person did not agree to share it with partners.
    NotShared,
    /// No dialogue is loaded to read the answers with.
    Unreadable,
    /// What the person shared; `sensitive` says whether the sensitive answers are among it.
    Shared {
        sensitive: bool,
        summary: StaffSummary,
        /// The local services the closing message proposed, found again from the barriers.
        services: Vec<crate::services::Proposed>,
    },
}

/// The messages of a person as staff see them.
#[derive(Debug, Clone, Default)]
pub struct Messages {
    /// Oldest first, with what became of each.
    pub list: Vec<Delivery>,
    /// Since when the provider reports the number unknown or unreachable, and its code.
    pub unreachable: Option<(i64, Option<i64>)>,
    /// The language the messages are written in (the person's).
    pub locale: Option<String>,
}

/// One line of a booking's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryLine {
    pub at: i64,
    /// An account id, `person` or `system`.
    pub actor: String,
    /// The e-mail of the account that acted, when it still exists.
    pub actor_email: Option<String>,
    pub status: String,
    pub reason: Option<String>,
}

/// The partners a booking or request may go to, and the free slots of the one chosen.
#[derive(Debug, Clone)]
pub struct Picker {
    /// The partner whose slots are listed.
    pub target: String,
    /// `(id, name)` of the partners of the account's scope that have sites.
    pub partners: Vec<(String, String)>,
    /// The free slots, soonest first, each with whether it suits what the person said
    /// (formats, times of day).
    pub slots: Vec<(Slot, bool)>,
    /// Whether the person said anything the slots were matched with.
    pub stated: bool,
    /// What the person said they need at the appointment (an interpreter...).
    pub needs: Needs,
    /// The person's language, when they need an interpreter.
    pub language: Option<String>,
}

/// A case staff open from the queue (a booking, a waiting request): found in the account's
/// scope, each opening audited.
pub trait Case: Sized + Send + Sync {
    /// The audit line's action when the case is opened.
    const VIEWED: &'static str;
    fn find(desk: &Desk<'_>, id: &str) -> impl Future<Output = Result<Self, DeskError>> + Send;
    /// Where the case lives: its territory, partner and person.
    fn place(&self) -> (&str, &str, Option<&str>);
    /// Whether a slot can still be chosen for it.
    fn open(&self) -> bool;
    /// What its audit lines name: the booking, and the detail.
    fn audit_ids(&self) -> (Option<&str>, Option<&str>);
}

impl Case for QueueRow {
    const VIEWED: &'static str = "view-booking";
    async fn find(desk: &Desk<'_>, id: &str) -> Result<Self, DeskError> {
        desk.booking(id).await
    }
    fn open(&self) -> bool {
        self.status.is_active()
    }
    fn place(&self) -> (&str, &str, Option<&str>) {
        (&self.territory, &self.partner, self.person_id.as_deref())
    }
    fn audit_ids(&self) -> (Option<&str>, Option<&str>) {
        (Some(&self.id), None)
    }
}

impl Case for RequestRow {
    const VIEWED: &'static str = "view-request";
    fn open(&self) -> bool {
        self.status == "open" && self.person_id.is_some()
    }
    async fn find(desk: &Desk<'_>, id: &str) -> Result<Self, DeskError> {
        desk.request(id).await
    }
    fn audit_ids(&self) -> (Option<&str>, Option<&str>) {
        (None, Some(&self.id))
    }
    fn place(&self) -> (&str, &str, Option<&str>) {
        (&self.territory, &self.partner, self.person_id.as_deref())
    }
}

impl Desk<'_> {
    /// A booking of the account's scope.
    pub async fn booking(&self, id: &str) -> Result<QueueRow, DeskError> {
        let b = self
            .host
            .store()
            .staff_booking(id)
            .await?
            .ok_or(DeskError::NotFound)?;
        if !self
            .scope()
            .allows(&b.territory, &b.partner, b.with_partner.as_deref())
        {
            return Err(DeskError::NotFound);
        }
        Ok(b)
    }

    /// A waiting request of the account's scope.
    pub async fn request(&self, id: &str) -> Result<RequestRow, DeskError> {
        let r = self
            .host
            .store()
            .staff_request(id)
            .await?
            .ok_or(DeskError::NotFound)?;
        if !self.scope().allows(&r.territory, &r.partner, None) {
            return Err(DeskError::NotFound);
        }
        Ok(r)
    }

    /// A case of the account's scope, opened: the view is audited. With `reveal`, the
    /// person's contact address comes with it, and that is what the audit line says.
    pub async fn open_case<C: Case>(
        &self,
        id: &str,
        reveal: bool,
    ) -> Result<(C, Option<String>), DeskError> {
        let case = C::find(self, id).await?;
        let (_, _, person) = case.place();
        let (booking, detail) = case.audit_ids();
        let (action, address) = if reveal {
            ("view-contact", self.contact(person).await?)
        } else {
            (C::VIEWED, None)
        };
        self.audit(action, booking, person, detail).await?;
        Ok((case, address))
    }

    async fn contact(&self, person: Option<&str>) -> Result<Option<String>, DeskError> {
        Ok(match person {
            Some(p) => self.host.store().person_contact(p).await?,
            None => None,
        })
    }

    /// The channel and language a person talks in, without their address.
    pub async fn channel_of(
        &self,
        person: Option<&str>,
    ) -> Result<Option<(String, String)>, DeskError> {
        Ok(match person {
            Some(p) => self.host.store().person_channel(p).await?,
            None => None,
        })
    }

    /// The status changes of a booking, oldest first, with the e-mail of the accounts that
    /// made them.
    pub async fn history(&self, booking: &str) -> Result<Vec<HistoryLine>, DeskError> {
        let store = self.host.store();
        let mut emails: BTreeMap<String, Option<String>> = BTreeMap::new();
        let mut out = Vec::new();
        for (at, actor, status, reason) in store.booking_history(booking).await? {
            let email = if actor == "person" || actor == "system" {
                None
            } else if let Some(e) = emails.get(&actor) {
                e.clone()
            } else {
                let e = store.staff_by_id(&actor).await?.map(|a| a.email);
                emails.insert(actor.clone(), e.clone());
                e
            };
            out.push(HistoryLine {
                at,
                actor,
                actor_email: email,
                status,
                reason,
            });
        }
        Ok(out)
    }

    /// The messages sent or due to a person, with what became of each, and whether their
    /// number is flagged unreachable (since when, the provider's code).
    pub async fn messages(&self, person: Option<&str>) -> Result<Messages, DeskError> {
        let Some(p) = person else {
            return Ok(Messages::default());
        };
        let (list, unreachable) = self.host.deliveries(p).await?;
        let locale = self.channel_of(person).await?.map(|(_, locale)| locale);
        Ok(Messages {
            list,
            unreachable,
            locale,
        })
    }

    /// The diagnostic as shared: nothing without the sharing consent, sensitive answers only
    /// with their own consent.
    pub async fn diagnostic(&self, person: Option<&str>) -> Result<Diagnostic, DeskError> {
        let Some(person) = person else {
            return Ok(Diagnostic::Erased);
        };
        let Some(sensitive) = self.shared(person).await? else {
            return Ok(Diagnostic::NotShared);
        };
        let catalog = self.host.catalog();
        let Some(dialogue) = catalog
            .dialogue("diagnostic")
            .or_else(|| catalog.dialogues.first())
        else {
            return Ok(Diagnostic::Unreadable);
        };
        let answers = self.answers(person, sensitive).await?;
        let locale = self
            .channel_of(Some(person))
            .await?
            .map_or_else(|| crate::i18n::REFERENCE.to_string(), |(_, l)| l);
        let services = self
            .host
            .services_for(&answers, super::super::STAFF_BUDGET)
            .await;
        Ok(Diagnostic::Shared {
            sensitive,
            summary: staff_summary_in(&catalog.locales, dialogue, &answers, &locale),
            services,
        })
    }

    /// Whether a person shared their diagnostic with partners (`None` if not), and then
    /// whether its sensitive answers with it.
    async fn shared(&self, person: &str) -> Result<Option<bool>, DeskError> {
        Ok(self.host.shared(person).await?)
    }

    /// A person's stored answers, by step (the sensitive ones only if `sensitive`).
    async fn answers(
        &self,
        person: &str,
        sensitive: bool,
    ) -> Result<BTreeMap<String, Answer>, DeskError> {
        Ok(self.host.stored_answers(person, sensitive).await?)
    }

    /// What a person said they need at the appointment (an interpreter, a place reachable in
    /// a wheelchair...), from their ordinary answers: what the appointment must provide, shown
    /// with it as the slots are (see [`Desk::picker`] and [`needs_told`]).
    pub async fn needs(&self, person: Option<&str>) -> Result<Needs, DeskError> {
        Ok(self
            .told(person)
            .await?
            .as_ref()
            .map(needs_told)
            .unwrap_or_default())
    }

    /// A person's language, consents and the codes of the answers that may say a need or an
    /// urgency, if stored.
    async fn told(&self, person: Option<&str>) -> Result<Option<PersonCodes>, DeskError> {
        let Some(person) = person else {
            return Ok(None);
        };
        let wanted = CodesWanted {
            people: &[person],
            prefixes: &TOLD,
            shared: &[person],
        };
        Ok(self.host.store().people_codes(wanted).await?.remove(person))
    }

    /// What a person said about the appointments that suit them (formats, times of day),
    /// from their ordinary answers; nothing without a person or a dialogue.
    async fn stated(&self, person: Option<&str>) -> Result<Option<Wish>, DeskError> {
        let catalog = self.host.catalog();
        let (Some(person), Some(dialogue)) = (
            person,
            catalog
                .dialogue("diagnostic")
                .or_else(|| catalog.dialogues.first()),
        ) else {
            return Ok(None);
        };
        let answers = self.answers(person, false).await?;
        Ok(Some(stated_wish(dialogue, &answers).wish))
    }

    /// The kinds of urgent situation a person told (`suicide`, `no_housing_tonight`...), as
    /// the answers staff may see say them (see [`urgency_told`]).
    pub async fn urgency(&self, person: Option<&str>) -> Result<Vec<String>, DeskError> {
        Ok(self
            .told(person)
            .await?
            .as_ref()
            .map(urgency_told)
            .unwrap_or_default())
    }

    /// The partners a booking or request of a territory may go to, and the free slots of the
    /// one `asked` (if the account may hand work to it, else `current`); no slots unless
    /// `open`.
    pub async fn picker(
        &self,
        territory: &str,
        asked: Option<&str>,
        (current, person): (&str, Option<&str>),
        open: bool,
    ) -> Result<Picker, DeskError> {
        let scope = self.scope();
        let t = self.host.catalog().territory(Some(territory));
        let target = asked
            .filter(|p| scope.allows_partner(p))
            .unwrap_or(current)
            .to_string();
        let slots = match (open, t) {
            (true, Some(t)) => self.host.free_slots(&t.id, &target, self.now).await?,
            _ => Vec::new(),
        };
        let partners = t
            .map(|t| {
                t.partners
                    .iter()
                    .filter(|p| scope.allows_partner(&p.id) && !p.sites.is_empty())
                    .map(|p| (p.id.clone(), p.name.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let (wish, needs) = if slots.is_empty() {
            (None, Needs::default())
        } else {
            (self.stated(person).await?, self.needs(person).await?)
        };
        let stated = !needs.codes.is_empty()
            || wish
                .as_ref()
                .is_some_and(|w| !w.formats.is_empty() || w.mornings != w.afternoons);
        let slots = slots
            .into_iter()
            .map(|s| {
                let fits = match (&wish, t.and_then(|t| t.site(&s.site))) {
                    (Some(w), Some((p, site))) => {
                        fits(w, p, site, &s.appointment, s.start) && needs.met_at(site)
                    }
                    _ => true,
                };
                (s, fits)
            })
            .collect();
        let language = if needs.has(Needs::INTERPRETER) {
            self.channel_of(person).await?.map(|(_, locale)| locale)
        } else {
            None
        };
        Ok(Picker {
            target,
            partners,
            slots,
            stated,
            needs,
            language,
        })
    }
}

impl Host {
    /// Whether a person shared their diagnostic with partners (see [`shared_by`]).
    pub(crate) async fn shared(&self, person: &str) -> Result<Option<bool>, StorageError> {
        Ok(shared_by(self.store().consents_of(person).await?))
    }
}

/// Whether a person's consents, oldest first, share their diagnostic with partners (`None`
/// if not), and then its sensitive answers with it: the latest consent of each scope
/// counts. What staff see of a person, on the dashboard and in a calendar feed, follows
/// this one rule.
#[must_use]
pub(crate) fn shared_by(consents: impl IntoIterator<Item = (String, bool)>) -> Option<bool> {
    let latest: BTreeMap<String, bool> = consents.into_iter().collect();
    (latest.get("share") == Some(&true)).then(|| latest.get("sensitive") == Some(&true))
}

/// The prefix of the codes that name a kind of urgent situation (`urgent:suicide`).
const URGENT: &str = "urgent:";

/// The prefixes of the codes [`needs_told`] and [`urgency_told`] read: the only ordinary
/// answers the dashboard needs to read for them.
pub(crate) const TOLD: [&str; 2] = [Needs::PREFIX, URGENT];

/// What a person said they need at the appointment: the needs among the codes of their
/// ordinary answers (a sensitive answer never says one here). The queue, a booking's page
/// and the move page all follow this rule.
#[must_use]
pub(crate) fn needs_told(person: &PersonCodes) -> Needs {
    Needs::from_codes(readable(person, false).flat_map(|a| a.codes.split_whitespace()))
}

/// The kinds of urgent situation a person told (`suicide`, `no_housing_tonight`...), each
/// once, in the order of the steps, as the answers staff may see say them: those of the
/// diagnostic as shared (see [`shared_by`]); none when the person did not share it, erased
/// their data, or the answer that told it was not kept.
#[must_use]
pub(crate) fn urgency_told(person: &PersonCodes) -> Vec<String> {
    let Some(sensitive) = shared_by(person.consents.iter().cloned()) else {
        return Vec::new();
    };
    let mut kinds: Vec<String> = Vec::new();
    for code in readable(person, sensitive).flat_map(|a| a.codes.split_whitespace()) {
        if let Some(kind) = code.strip_prefix(URGENT) {
            if !kinds.iter().any(|k| k == kind) {
                kinds.push(kind.to_string());
            }
        }
    }
    kinds
}

/// A person's answers staff may read: the sensitive ones only if `sensitive`.
fn readable(person: &PersonCodes, sensitive: bool) -> impl Iterator<Item = &AnswerCodes> {
    person
        .answers
        .iter()
        .filter(move |a| sensitive || !a.sensitive)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_answers_index_keeps_what_the_queue_reads() {
        // Else every page reads each listed person's answers' rows.
        assert_eq!(super::TOLD, crate::storage::staff::TOLD_INDEXED);
    }
}
