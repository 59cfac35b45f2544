//! Local services for the person (data·inclusion): found around the turn that closes the
//! diagnostic and added to its reply, and found again for staff from the stored barriers.
//! Nothing of it is stored about the person. The candidates come from the services a territory
//! imported (`tremplin services import`), the data·inclusion API when it is configured
//! (through a cache, never waited on longer than a small budget), or, when nothing was
//! imported and no API is set, the territory's own file (the demo's). The choice itself is
//! [`crate::services`]'s, pure.

pub(super) mod api;
pub(super) mod config;

use std::collections::BTreeMap;
use std::time::Duration;

use super::Host;
use crate::engine::{Answer, Arg, Event, Msg};
use crate::i18n::render::{Surface, render};
use crate::i18n::segments::{segments, to_gsm7};
use crate::services::{self, Candidate, MAX_PROPOSED, Nearness, Proposed};
pub use config::ServicesConfig;

/// The most SMS segments the services add to the closing reply: fewer services are said
/// where more would take it over.
pub const SERVICES_SMS_SEGMENTS: usize = 2;

/// The longest SMS body sent (the provider's limit).
pub const SMS_MAX_CHARS: usize = 1_600;

/// How long the staff page waits for the API (the closing turn usually filled the cache).
pub const STAFF_BUDGET: Duration = Duration::from_millis(1_500);

impl Host {
    /// The services proposed for these answers: none without a barrier rated strong or
    /// medium, or without a place. The API is awaited at most `budget`; a source that fails
    /// leaves the others.
    pub async fn services_for(
        &self,
        answers: &BTreeMap<String, Answer>,
        budget: Duration,
    ) -> Vec<Proposed> {
        let dir = &self.services;
        if !dir.config.imported && !dir.config.territory_file && dir.api.is_none() {
            return Vec::new();
        }
        let Some((barriers, place)) = self.services_query(answers) else {
            return Vec::new();
        };
        let imported = if dir.config.imported {
            self.store
                .services_near(place.insee.as_deref(), &place.departement)
                .await
        } else {
            Ok(Vec::new())
        };
        let mut candidates: Vec<Candidate> = match imported {
            Ok(list) => list
                .into_iter()
                .map(|service| Candidate {
                    service,
                    distance: None,
                })
                .collect(),
            Err(e) => {
                tracing::warn!(error = %e, "local services: the imported ones could not be read");
                Vec::new()
            }
        };
        if let (Some(api), Some(insee)) = (&dir.api, &place.insee) {
            candidates.extend(
                api.search(insee, services::thematiques(&barriers), budget)
                    .await,
            );
        } else if dir.api.is_none()
            && dir.config.territory_file
            && candidates.is_empty()
            && !self.store.holds_services().await.unwrap_or(true)
        {
            if let Some(t) = self.territory() {
                candidates.extend(self.catalog.services_of(&t.id).iter().map(|s| Candidate {
                    service: s.clone(),
                    distance: None,
                }));
            }
        }
        services::propose(&candidates, &barriers, &place, MAX_PROPOSED)
    }

    /// Starts the API's search for these answers' barriers and commune, if any, without
    /// waiting: the closing turn then finds it in the cache.
    pub(crate) fn prefetch_services(&self, answers: &BTreeMap<String, Answer>) {
        let Some(api) = &self.services.api else {
            return;
        };
        if let Some((
            barriers,
            services::Place {
                insee: Some(insee), ..
            },
        )) = self.services_query(answers)
        {
            api.prefetch(&insee, services::thematiques(&barriers));
        }
    }

    /// The barriers and the place a search needs, when the answers give both.
    fn services_query(
        &self,
        answers: &BTreeMap<String, Answer>,
    ) -> Option<(Vec<services::Barrier>, services::Place)> {
        let barriers = services::barriers(answers);
        if barriers.is_empty() {
            return None;
        }
        let dialogue = self.catalog.dialogue(&self.config.dialogue)?;
        Some((barriers, services::place(answers, &dialogue.communes)?))
    }

    /// The services as said to the person after `before` (the rest of the reply), in their
    /// language; by SMS as many as fit [`SERVICES_SMS_SEGMENTS`] more segments and
    /// [`SMS_MAX_CHARS`] in all (none may fit).
    #[must_use]
    pub fn services_text(
        &self,
        locale: &str,
        proposed: &[Proposed],
        surface: Surface,
        before: &str,
    ) -> Option<String> {
        for n in (1..=proposed.len()).rev() {
            let mut events = vec![Event::Say(Msg::new("services-intro"))];
            events.extend(proposed[..n].iter().map(|p| Event::Say(item(p))));
            let text = render(&self.catalog.locales, locale, &events, surface).text;
            if surface != Surface::Sms {
                return Some(text);
            }
            let whole = format!("{before}\n{text}");
            if whole.chars().count() <= SMS_MAX_CHARS
                && sms_segments(&whole) <= sms_segments(before) + SERVICES_SMS_SEGMENTS
            {
                return Some(text);
            }
        }
        None
    }
}

/// One service as said: its name, where (its commune, or from a distance) and how to reach it.
fn item(p: &Proposed) -> Msg {
    let s = &p.service;
    let place: Arg = match (p.nearness, &s.commune) {
        (Nearness::Remote, _) => Msg::new("services-remote").into(),
        (_, Some(commune)) => commune.clone().into(),
        (_, None) => Msg::new("services-nearby").into(),
    };
    let contact = s.phone.as_ref().or(s.email.as_ref()).or(s.link.as_ref());
    match contact {
        Some(c) => Msg::new("services-item")
            .arg("name", s.name.clone())
            .arg("place", place)
            .arg("contact", c.clone()),
        None => Msg::new("services-item-bare")
            .arg("name", s.name.clone())
            .arg("place", place),
    }
}

/// The segments a text takes as SMS at best: as it is, or transliterated to GSM-7.
fn sms_segments(text: &str) -> usize {
    segments(text).1.min(segments(&to_gsm7(text)).1)
}
