//! Bookings made straight in the store, for the tests of what staff do with them.

use tremplin::booking::Offer;
use tremplin::booking::slots::site_slots;
use tremplin::booking::territory::Format;
use tremplin::core::{Body, Parcours};
use tremplin::storage::Store;
use tremplin::storage::bookings::{BookOutcome, NewBooking};
use tremplin::transcript::T0;

/// Books for a person the `n`-th free slot (counting every seventh) of a partner's first site
/// in Indre-et-Loire, from the day after [`T0`], under `reference`, with a reminder the day
/// before; the booking's id.
pub async fn book(
    store: &Store,
    person: &str,
    partner: &str,
    n: usize,
    reference: &str,
    urgent: bool,
) -> String {
    book_joint(store, person, partner, None, n, reference, urgent).await
}

/// The same, a joint appointment when `with` names a second partner (at its first site).
pub async fn book_joint(
    store: &Store,
    person: &str,
    partner: &str,
    with: Option<&str>,
    n: usize,
    reference: &str,
    urgent: bool,
) -> String {
    let catalog = super::catalog();
    let t = catalog.territory(None).unwrap();
    let p = t.partner(partner).unwrap();
    let site = &p.sites[0];
    let slots = site_slots(p, site, T0 + 86_400, T0 + 20 * 86_400, &[], &[]);
    let s = &slots[n * 7];
    let offer = Offer {
        keys: vec![s.key.clone()],
        partner: partner.into(),
        site: site.id.clone(),
        with_partner: with.map(str::to_string),
        with_site: with.map(|w| t.partner(w).unwrap().sites[0].id.clone()),
        appointment: s.appointment.clone(),
        format: Format::OnSite,
        start: s.start,
        end: s.end,
    };
    let out = store
        .book(NewBooking {
            territory: "indre-et-loire",
            person_id: person,
            request_key: &format!("{person}:{n}:{partner}"),
            offer: &offer,
            reference: reference.into(),
            parcours: Some(Parcours::Global),
            lead: Some(Body::ConseilDepartemental),
            urgent,
            now: T0,
            reminders: vec![(s.start - 86_400, 24)],
            closes: None,
        })
        .await
        .unwrap();
    match out {
        BookOutcome::Booked(b) => b.id,
        other => panic!("not booked: {other:?}"),
    }
}
