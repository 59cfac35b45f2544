//! What a calendar client reads at a feed's address, without a login: the appointments of
//! the feed's account (its scope, as in the queue) or site, from 30 days back, each with a
//! stable UID and a sequence that grows with its history; cancelled ones kept 30 days after
//! the cancellation so that calendars remove them. Nothing about the person but their name,
//! and that only when they agreed to share their diagnostic with partners.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use super::file::shared_by;
use crate::app::{Host, HostError};
use crate::booking::ical::{self, Revision, Status};
use crate::booking::territory::Territory;
use crate::core::BookingStatus;
use crate::engine::Msg;
use crate::i18n::Isolation;
use crate::storage::staff::{FeedBooking, FeedOwner, FeedSelection};

/// Seconds a feed keeps an appointment after it ended, and a cancelled one after its
/// cancellation.
pub const FEED_KEPT: i64 = 30 * 86_400;
/// Seconds between two reads a feed asks calendar clients for.
pub const FEED_REFRESH: i64 = 15 * 60;
/// The length of a feed's token: 256 bits in URL-safe base64.
const TOKEN_LENGTH: usize = 43;

/// A feed's calendar, as a client reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedFile {
    /// The iCalendar text.
    pub text: String,
    /// A strong validator of the text (quoted), for `ETag` and `If-None-Match`.
    pub etag: String,
}

impl Host {
    /// The calendar of the feed a token opens; `None` for a token no feed has (never made,
    /// renewed, revoked) and for the feed of an account turned off.
    pub async fn calendar_feed(&self, token: &str) -> Result<Option<FeedFile>, HostError> {
        // What cannot be a token costs no query.
        if token.len() != TOKEN_LENGTH
            || !token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Ok(None);
        }
        let store = self.store();
        let Some(feed) = store.feed_by_token(&store.feed_token_key(token)).await? else {
            return Ok(None);
        };
        let now = self.now();
        let (name, locale, bookings) = match &feed.owner {
            FeedOwner::Account(id) => {
                let Some(account) = store.staff_by_id(id).await?.filter(|a| a.active) else {
                    return Ok(None);
                };
                let scope = account.scope();
                let bookings = store
                    .feed_bookings(FeedSelection::Scope(&scope), now - FEED_KEPT)
                    .await?;
                let locale = if account.locale == "en" { "en" } else { "fr" };
                (account.email, locale, bookings)
            }
            FeedOwner::Site { territory, site } => {
                let name = self
                    .catalog()
                    .territory(Some(territory))
                    .and_then(|t| t.site(site))
                    .map_or_else(|| site.clone(), |(_, s)| s.name.clone());
                let selection = FeedSelection::Site { territory, site };
                let bookings = store.feed_bookings(selection, now - FEED_KEPT).await?;
                (name, crate::i18n::REFERENCE, bookings)
            }
        };
        store.touch_feed(&feed.id, now).await?;
        let text = self.feed_text(&name, locale, &bookings).await?;
        let etag = format!("\"{:.32x}\"", Sha256::digest(text.as_bytes()));
        Ok(Some(FeedFile { text, etag }))
    }

    /// The iCalendar text of a feed's bookings, its own texts in `locale`.
    async fn feed_text(
        &self,
        name: &str,
        locale: &str,
        bookings: &[FeedBooking],
    ) -> Result<String, HostError> {
        let say = |msg: Msg| {
            self.catalog()
                .locales
                .render(locale, &msg, Isolation::Plain)
        };
        let mut ids: Vec<&str> = bookings
            .iter()
            .filter_map(|f| f.booking.person_id.as_deref())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        // A name only where the person shared with partners: the dashboard's rule.
        let names: HashMap<String, String> = self
            .store()
            .feed_people(&ids)
            .await?
            .into_iter()
            .filter(|(_, p)| shared_by(p.consents.iter().cloned()).is_some())
            .filter_map(|(id, p)| Some((id, p.name?)))
            .collect();
        let mut texts = Vec::with_capacity(bookings.len());
        for f in bookings {
            let b = &f.booking;
            let person = b.person_id.as_ref().and_then(|p| names.get(p));
            let t = self.catalog().territory(Some(&b.territory));
            texts.push(EventText::of(f, t, person.map(String::as_str), &say));
        }
        let events: Vec<ical::Event<'_>> = bookings
            .iter()
            .zip(&texts)
            .map(|(f, text)| ical::Event {
                uid: &text.uid,
                summary: &text.summary,
                location: &text.location,
                description: &text.description,
                start: f.booking.starts_at,
                end: f.booking.ends_at,
                stamp: f.changed_at,
                revision: Some(Revision {
                    sequence: u32::try_from(f.changes).unwrap_or(u32::MAX),
                    status: match f.booking.status {
                        BookingStatus::Pending => Status::Tentative,
                        BookingStatus::Cancelled => Status::Cancelled,
                        _ => Status::Confirmed,
                    },
                    created: f.booking.created_at,
                    modified: f.changed_at,
                }),
            })
            .collect();
        let title = say(Msg::new("staff-feed-name").arg("owner", name.to_string()));
        Ok(ical::calendar(&title, &events, Some(FEED_REFRESH)))
    }
}

/// The texts of one event.
struct EventText {
    uid: String,
    summary: String,
    location: String,
    description: String,
}

impl EventText {
    fn of(
        f: &FeedBooking,
        t: Option<&Territory>,
        person: Option<&str>,
        say: &dyn Fn(Msg) -> String,
    ) -> Self {
        let b = &f.booking;
        let site = t.and_then(|t| t.site(&b.site)).map(|(_, s)| s);
        let place = site.map_or_else(|| b.site.clone(), |s| s.name.clone());
        let location = match site {
            Some(s) if !s.address.is_empty() => format!("{}, {}", s.name, s.address),
            _ => place.clone(),
        };
        let summary = match person {
            Some(p) => Msg::new("staff-feed-summary-named").arg("person", p.to_string()),
            None => Msg::new("staff-feed-summary"),
        };
        let summary = say(summary
            .arg("reference", b.reference.clone())
            .arg("place", place.clone()));
        let mut lines = vec![
            say(Msg::new("staff-feed-reference").arg("reference", b.reference.clone())),
            say(Msg::new("staff-feed-format")
                .arg("format", say(Msg::new(format!("format-{}", b.format))))),
            say(Msg::new("staff-feed-status").arg(
                "status",
                say(Msg::new(format!("staff-status-{}", b.status))),
            )),
        ];
        if let Some(w) = &b.with_partner {
            // Both places, the joint one by its site's name (which names its partner).
            let with = f
                .with_site
                .as_deref()
                .and_then(|ws| t.and_then(|t| t.site(ws)))
                .map(|(_, s)| s.name.clone())
                .or_else(|| t.and_then(|t| t.partner(w)).map(|p| p.name.clone()))
                .unwrap_or_else(|| w.clone());
            let joint = Msg::new("staff-feed-joint")
                .arg("place", place.clone())
                .arg("with", with);
            lines.push(say(joint));
        }
        if let Some(p) = person {
            lines.push(say(
                Msg::new("staff-feed-person").arg("person", p.to_string())
            ));
        }
        Self {
            uid: format!("{}@tremplin", b.id),
            summary,
            location,
            description: lines.join("\n"),
        }
    }
}
