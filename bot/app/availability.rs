//! Availability: the one slot window, and the free slots in it with the territory's file as
//! staff changed it (opening patterns switched off or added, one-off slots, closures). The
//! chat's offers, the simulator's and the dashboard's free slots all come from here.

use std::borrow::Cow;
use std::collections::HashSet;

use super::{Host, HostError};
use crate::booking::openings::effective_territory;
use crate::booking::slots::{Closure, ExtraSlot, Slot, site_slots};
use crate::booking::territory::Territory;
use crate::booking::{self, SearchContext, Wish};
use crate::engine::OfferView;

/// The end of the window in which slots are offered: the territory's weeks ahead (at least
/// one), and the rest of the last day.
#[must_use]
pub fn window_end(t: &Territory, now: i64) -> i64 {
    now + i64::from(t.weeks_ahead.max(1)) * 7 * 86_400 + 86_400
}

/// What is held, closed or added in the window, and the territory with staff's openings.
struct Open<'t> {
    territory: Cow<'t, Territory>,
    taken: HashSet<String>,
    closures: Vec<Closure>,
    extras: Vec<ExtraSlot>,
    until: i64,
}

/// Offers with the names people read, in their locale.
fn offer_views(t: &Territory, locale: &str, offers: Vec<booking::Offer>) -> Vec<OfferView> {
    offers
        .into_iter()
        .map(|offer| OfferView {
            place: t
                .site(&offer.site)
                .map(|(_, s)| s.name_in(locale).to_string())
                .unwrap_or_default(),
            with_place: offer
                .with_site
                .as_deref()
                .and_then(|w| t.site(w))
                .map(|(p, _)| p.name_in(locale).to_string()),
            offer,
        })
        .collect()
}

/// The first offers for a wish in the territory's file as it is, nothing taken, closed or
/// added (what a typical diagnostic is offered, for the SMS budget).
#[must_use]
pub fn offers_in_file(
    t: &Territory,
    locale: &str,
    wish: &Wish,
    skip: u32,
    now: i64,
) -> Vec<OfferView> {
    let taken = HashSet::new();
    let ctx = SearchContext {
        now,
        taken: &taken,
        closures: &[],
        extras: &[],
    };
    offer_views(t, locale, booking::search(t, wish, &ctx, skip as usize, 3))
}

impl Host {
    /// The territory as staff changed it, with what is taken in the slot window.
    async fn open<'t>(&self, t: &'t Territory, now: i64) -> Result<Open<'t>, HostError> {
        let until = window_end(t, now);
        let taken = self.store.taken_slot_keys(now, until).await?;
        let closures = self.store.closures(now, until).await?;
        let extras = self.store.extra_slots(now, until).await?;
        // Opening patterns switched off or added by staff on the dashboard.
        let changes = self.store.opening_changes(None).await?;
        let territory = if changes.is_empty() {
            Cow::Borrowed(t)
        } else {
            Cow::Owned(effective_territory(t, &changes))
        };
        Ok(Open {
            territory,
            taken,
            closures,
            extras,
            until,
        })
    }

    /// Free offers for a wish, with the names people read.
    pub(super) async fn offers(
        &self,
        t: &Territory,
        locale: &str,
        wish: &Wish,
        skip: u32,
        now: i64,
    ) -> Result<Vec<OfferView>, HostError> {
        let open = self.open(t, now).await?;
        let t = open.territory.as_ref();
        let ctx = SearchContext {
            now,
            taken: &open.taken,
            closures: &open.closures,
            extras: &open.extras,
        };
        Ok(offer_views(
            t,
            locale,
            booking::search(t, wish, &ctx, skip as usize, 3),
        ))
    }

    /// The free slots of a partner, for staff who book or move an appointment: one seat per
    /// start and site, soonest first.
    pub async fn free_slots(
        &self,
        territory: &str,
        partner: &str,
        now: i64,
    ) -> Result<Vec<Slot>, HostError> {
        let t = self
            .catalog
            .territory(Some(territory))
            .ok_or_else(|| HostError::NoTerritory(territory.to_string()))?;
        let open = self.open(t, now).await?;
        let Some(p) = open.territory.partner(partner) else {
            return Ok(Vec::new());
        };
        let mut out: Vec<Slot> = p
            .sites
            .iter()
            .flat_map(|site| site_slots(p, site, now, open.until, &open.closures, &open.extras))
            .filter(|s| !open.taken.contains(&s.key))
            .collect();
        out.sort_by(|a, b| (a.start, &a.key).cmp(&(b.start, &b.key)));
        out.dedup_by(|a, b| a.start == b.start && a.site == b.site);
        Ok(out)
    }
}
