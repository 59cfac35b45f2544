//! Bookings made straight in the store, for the tests of what staff do with them.

use tremplin::booking::Offer;
use tremplin::booking::slots::site_slots;
use tremplin::booking::territory::Format;
use tremplin::core::{Body, Parcours};
use tremplin::core::{Channel, ConvKey};
use tremplin::engine::now_at;
use tremplin::engine::{Answer, Value};
use tremplin::storage::Store;
use tremplin::storage::bookings::{BookOutcome, NewBooking};
use tremplin::storage::{ConsentRecord, TurnWrite};
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

/// A person who consented to be stored (and, as told, to share their diagnostic and its
/// sensitive answers), with one ordinary answer with these codes, one sensitive answer, and
/// `more` answers.
pub async fn consented_person(
    store: &Store,
    name: &str,
    locale: &str,
    (share, sensitive): (bool, bool),
    codes: &[&str],
    more: &[(&str, Value)],
) -> String {
    let catalog = super::catalog();
    let d = catalog.dialogue("diagnostic").unwrap();
    let engine = super::diagnostic(&catalog);
    let session = engine.new_session(locale, now_at(T0));
    let plain = d
        .steps
        .iter()
        .find(|s| !s.def.sensitive && !s.def.options.is_empty() && s.def.consent.is_none())
        .unwrap();
    let touchy = d
        .steps
        .iter()
        .find(|s| s.def.sensitive && !s.def.options.is_empty())
        .unwrap();
    let a1 = Answer {
        value: Value::Option(plain.def.options[0].id.clone()),
        codes: codes.iter().map(|c| (*c).to_string()).collect(),
        sensitive: false,
        at: T0,
    };
    let a2 = Answer {
        value: Value::Option(touchy.def.options[0].id.clone()),
        codes: vec!["secret:2".into()],
        sensitive: true,
        at: T0,
    };
    let key = ConvKey::new(
        Channel::Sms,
        format!("+3361234{:04}", name.len() * 37 % 10_000),
    );
    let id = tremplin::storage::new_id();
    let consent = |scope: &'static str, granted: bool| ConsentRecord {
        scope,
        granted,
        text_id: "x".into(),
        text_locale: locale.into(),
        text_sha256: "0".into(),
    };
    let more: Vec<(&str, Answer)> = more
        .iter()
        .map(|(step, value)| {
            let answer = Answer {
                value: value.clone(),
                codes: Vec::new(),
                sensitive: false,
                at: T0,
            };
            (*step, answer)
        })
        .collect();
    let mut answers = vec![
        (plain.def.id.as_str(), Some(&a1)),
        (touchy.def.id.as_str(), Some(&a2)),
    ];
    answers.extend(more.iter().map(|(step, a)| (*step, Some(a))));
    store
        .write_turn(TurnWrite {
            answers,
            consents: vec![
                consent("store", true),
                consent("share", share),
                consent("sensitive", sensitive),
            ],
            ..TurnWrite::new_person(&key, &id, T0, &session)
        })
        .await
        .unwrap();
    id
}

/// A booking's status set from the dashboard by a staff account, at `now`.
pub async fn set_status(store: &Store, id: &str, status: tremplin::core::BookingStatus, now: i64) {
    let audit = tremplin::storage::staff::AuditEntry {
        actor: "staff-1",
        action: "status",
        booking_id: Some(id),
        person_id: None,
        detail: None,
    };
    store
        .staff_set_status(id, status, Some("r"), &audit, None, now)
        .await
        .unwrap();
}
