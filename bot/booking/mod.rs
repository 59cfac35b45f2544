//! Booking a first appointment: the slot search (the lead partner's site for the person's
//! commune, the earliest slots that fit their formats and times, joint slots for a
//! coordinated appointment), references, and the calendar file (its text is `ical`'s). The
//! SQL is in `storage::bookings`.

pub mod ical;
pub mod openings;
pub mod slots;
pub mod territory;

use std::collections::HashSet;

use chrono::{TimeZone, Timelike};
use chrono_tz::Europe::Paris;
use serde::{Deserialize, Serialize};

use crate::core::Body;
use slots::{Closure, ExtraSlot, Slot, site_slots};
use territory::{Format, Partner, PartnerKind, Site, Territory};

/// What the person needs, from their diagnostic.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wish {
    pub lead: Option<Body>,
    /// A second body for a joint first appointment.
    pub with: Option<Body>,
    pub postcode: Option<String>,
    /// Formats the person can attend, in their order of preference (empty: any).
    pub formats: Vec<Format>,
    pub mornings: bool,
    pub afternoons: bool,
}

/// A slot (or a pair of slots at the same time, for a joint appointment) offered to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    /// The slot keys this offer holds.
    pub keys: Vec<String>,
    pub partner: String,
    pub site: String,
    pub with_partner: Option<String>,
    pub with_site: Option<String>,
    pub appointment: String,
    pub format: Format,
    pub start: i64,
    pub end: i64,
}

/// The site of a partner kind for a postcode: the nearest of [`candidate_sites`].
#[must_use]
pub fn pick_site<'t>(
    t: &'t Territory,
    kind: PartnerKind,
    postcode: Option<&str>,
) -> Option<(&'t Partner, &'t Site)> {
    candidate_sites(t, kind, postcode).into_iter().next()
}

fn format_for(wish: &Wish, site: &Site, partner: &Partner, appointment: &str) -> Format {
    let allowed: Vec<Format> = partner
        .appointments
        .iter()
        .find(|a| a.id == appointment)
        .map(|a| {
            a.formats
                .iter()
                .copied()
                .filter(|f| site.formats.contains(f))
                .collect()
        })
        .unwrap_or_default();
    wish.formats
        .iter()
        .copied()
        .find(|f| allowed.contains(f))
        .or_else(|| allowed.first().copied())
        .unwrap_or(Format::OnSite)
}

/// What a person said they need at the appointment: the `besoin:` codes of their answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Needs {
    /// Each need's code without its prefix (`interprete`, `accessibilite-pmr`...), in the
    /// order told.
    pub codes: Vec<String>,
}

impl Needs {
    /// The prefix of the codes that name a need for the appointment.
    pub const PREFIX: &str = "besoin:";
    /// An interpreter.
    pub const INTERPRETER: &str = "interprete";
    /// A place reachable in a wheelchair.
    pub const WHEELCHAIR: &str = "accessibilite-pmr";

    /// The needs among the codes of a person's answers.
    #[must_use]
    pub fn from_codes<'a>(codes: impl IntoIterator<Item = &'a str>) -> Self {
        let mut out = Self::default();
        for need in codes
            .into_iter()
            .filter_map(|c| c.strip_prefix(Self::PREFIX))
        {
            if !out.codes.iter().any(|n| n == need) {
                out.codes.push(need.to_string());
            }
        }
        out
    }

    /// Whether the person asked for this need.
    #[must_use]
    pub fn has(&self, need: &str) -> bool {
        self.codes.iter().any(|n| n == need)
    }

    /// Whether a site can meet these needs: reachable in a wheelchair when one is needed, an
    /// interpreter arranged there when one is needed. Other needs (hearing, sight) are met by
    /// the advisor at any site.
    #[must_use]
    pub fn met_at(&self, site: &Site) -> bool {
        (!self.has(Self::WHEELCHAIR) || site.accessible)
            && (!self.has(Self::INTERPRETER) || site.interpreting)
    }
}

/// Whether a slot of a partner's site suits what a person said: a time of day they can come
/// and, when they named formats, one the appointment takes there.
#[must_use]
pub fn fits(wish: &Wish, partner: &Partner, site: &Site, appointment: &str, start: i64) -> bool {
    let format_fits = wish.formats.is_empty()
        || partner
            .appointments
            .iter()
            .find(|a| a.id == appointment)
            .is_some_and(|a| {
                a.formats
                    .iter()
                    .any(|f| site.formats.contains(f) && wish.formats.contains(f))
            });
    format_fits && fits_time(wish, start)
}

fn fits_time(wish: &Wish, start: i64) -> bool {
    if wish.mornings == wish.afternoons {
        return true;
    }
    let hour = Paris
        .timestamp_opt(start, 0)
        .single()
        .map_or(0, |t| t.hour());
    if wish.mornings { hour < 12 } else { hour >= 12 }
}

/// Everything a search needs besides the territory.
#[derive(Debug, Clone)]
pub struct SearchContext<'a> {
    pub now: i64,
    /// Slot keys already held by an active booking.
    pub taken: &'a HashSet<String>,
    pub closures: &'a [Closure],
    pub extras: &'a [ExtraSlot],
}

/// The sites of a partner kind that serve a postcode, nearest first: those that list it, then
/// those that cover the whole area. Without a postcode, every site of the kind.
#[must_use]
pub fn candidate_sites<'t>(
    t: &'t Territory,
    kind: PartnerKind,
    postcode: Option<&str>,
) -> Vec<(&'t Partner, &'t Site)> {
    let sites: Vec<(&Partner, &Site)> = t
        .partners_of(kind)
        .flat_map(|p| p.sites.iter().map(move |s| (p, s)))
        .collect();
    let Some(pc) = postcode else { return sites };
    let mut out: Vec<(&Partner, &Site)> = sites
        .iter()
        .copied()
        .filter(|(_, s)| s.covers.iter().any(|c| c == pc))
        .collect();
    for hit in sites.iter().copied().filter(|(_, s)| s.covers(pc)) {
        if !out.iter().any(|(_, s)| s.id == hit.1.id) {
            out.push(hit);
        }
    }
    if out.is_empty() {
        out = sites;
    }
    out
}

/// The free offers for a wish, nearest site first and earliest first: `skip` of them passed
/// over, at most `count`. A farther site is offered when the nearest has nothing that fits.
#[must_use]
pub fn search(
    t: &Territory,
    wish: &Wish,
    ctx: &SearchContext<'_>,
    skip: usize,
    count: usize,
) -> Vec<Offer> {
    let Some(lead) = wish.lead else {
        return Vec::new();
    };
    let from = ctx.now + i64::from(t.notice_hours) * 3600;
    let until = ctx.now + i64::from(t.weeks_ahead) * 7 * 86_400;
    let free = |slots: Vec<Slot>| -> Vec<Slot> {
        let mut seen = HashSet::new();
        slots
            .into_iter()
            .filter(|s| !ctx.taken.contains(&s.key) && fits_time(wish, s.start))
            .filter(|s| seen.insert(s.start))
            .collect()
    };
    let joint = wish
        .with
        .filter(|w| *w != lead)
        .and_then(|w| pick_site(t, PartnerKind::for_body(w), wish.postcode.as_deref()))
        .map(|(p, s)| {
            (
                p,
                s,
                free(site_slots(p, s, from, until, ctx.closures, ctx.extras)),
            )
        });
    let mut offers = Vec::new();
    for (partner, site) in candidate_sites(t, PartnerKind::for_body(lead), wish.postcode.as_deref())
    {
        for slot in free(site_slots(
            partner,
            site,
            from,
            until,
            ctx.closures,
            ctx.extras,
        )) {
            let mut offer = Offer {
                keys: vec![slot.key.clone()],
                partner: partner.id.clone(),
                site: site.id.clone(),
                with_partner: None,
                with_site: None,
                appointment: slot.appointment.clone(),
                format: format_for(wish, site, partner, &slot.appointment),
                start: slot.start,
                end: slot.end,
            };
            if let Some((wp, ws, wslots)) = &joint {
                let Some(other) = wslots.iter().find(|s| s.start == slot.start) else {
                    continue;
                };
                offer.keys.push(other.key.clone());
                offer.with_partner = Some(wp.id.clone());
                offer.with_site = Some(ws.id.clone());
                offer.end = offer.end.max(other.end);
            }
            offers.push(offer);
            if offers.len() >= skip + count {
                return offers.into_iter().skip(skip).take(count).collect();
            }
        }
    }
    offers.into_iter().skip(skip).take(count).collect()
}

/// The reference alphabet: no 0/O, no 1/I/L, so it reads back unambiguously on the phone.
const REFERENCE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A short booking reference from random bytes (the caller draws them).
#[must_use]
pub fn reference(random: [u8; 16]) -> String {
    code(random, REFERENCE_ALPHABET, 6)
}

/// `len` characters of `alphabet` from random bytes (at most what 128 bits give).
#[must_use]
pub fn code(random: [u8; 16], alphabet: &[u8], len: usize) -> String {
    let mut n = u128::from_le_bytes(random);
    let base = alphabet.len() as u128;
    (0..len)
        .map(|_| {
            let c = alphabet[(n % base) as usize] as char;
            n /= base;
            c
        })
        .collect()
}

/// The calendar file of an appointment (RFC 5545, times in the Europe/Paris time zone), made
/// at `made_at` (its `DTSTAMP`).
#[must_use]
pub fn calendar(
    uid: &str,
    summary: &str,
    location: &str,
    description: &str,
    (start, end): (i64, i64),
    made_at: i64,
) -> String {
    let event = ical::Event {
        uid,
        summary,
        location,
        description,
        start,
        end,
        stamp: made_at,
        revision: None,
    };
    ical::calendar(summary, &[event], None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_avoid_ambiguous_characters() {
        for i in 0..200u8 {
            let r = reference([i; 16]);
            assert_eq!(r.len(), 6);
            assert!(!r.contains(['0', 'O', '1', 'I', 'L']), "{r}");
        }
    }

    #[test]
    fn needs_come_from_the_codes_and_choose_the_sites() {
        let needs = Needs::from_codes([
            "ft-besoin:3",
            "besoin:interprete",
            "besoin:accessibilite-pmr",
            "besoin:interprete",
        ]);
        assert_eq!(needs.codes, ["interprete", "accessibilite-pmr"]);
        let site = |accessible, interpreting| Site {
            id: "s".into(),
            name: "S".into(),
            address: String::new(),
            postcode: "37000".into(),
            covers: Vec::new(),
            formats: vec![Format::OnSite],
            accessible,
            interpreting,
            directions: String::new(),
            openings: Vec::new(),
            translations: std::collections::BTreeMap::new(),
        };
        assert!(needs.met_at(&site(true, true)));
        assert!(!needs.met_at(&site(true, false)));
        assert!(!needs.met_at(&site(false, true)));
        assert!(Needs::from_codes(["besoin:accessibilite-vue"]).met_at(&site(false, false)));
        assert!(Needs::default().met_at(&site(false, false)));
    }
}
