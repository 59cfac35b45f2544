//! Slots, search and booking: daylight-saving weeks and public holidays, closures and
//! one-off slots, the site for a commune, joint appointments, no double booking ever (50
//! people on one slot, on SQLite and PostgreSQL), cancellation with history, erasure, and a
//! calendar file that any iCalendar reader understands.

mod support;

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use tremplin::booking::slots::{Closure, ExtraSlot, site_slots};
use tremplin::booking::territory::{self, Format, PartnerKind, Territory};
use tremplin::booking::{self, Offer, SearchContext, Wish};
use tremplin::orientation::Body;
use tremplin::storage::Store;
use tremplin::storage::bookings::{BookOutcome, NewBooking};

fn territory() -> Territory {
    tremplin::catalog::load_territories(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("dialogues/territories"),
    )
    .unwrap_or_else(|p| panic!("{p}"))
    .remove(0)
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .timestamp()
}

fn site(
    t: &Territory,
    id: &str,
) -> (
    tremplin::booking::territory::Partner,
    tremplin::booking::territory::Site,
) {
    let (p, s) = t.site(id).unwrap();
    (p.clone(), s.clone())
}

#[test]
fn the_demo_territory_is_valid_and_a_second_file_needs_no_code() {
    let t = territory();
    assert!(t.demo);
    for kind in [
        PartnerKind::ConseilDepartemental,
        PartnerKind::FranceTravail,
        PartnerKind::MissionLocale,
        PartnerKind::CapEmploi,
        PartnerKind::Caf,
        PartnerKind::Ccas,
        PartnerKind::Association,
    ] {
        assert!(t.partners_of(kind).next().is_some(), "{kind:?}");
    }
    let other = r#"
spec_version = 1
id = "loir-et-cher"
name = "Loir-et-Cher (41) - démonstration"
demo = true
[[partner]]
id = "ft41"
kind = "france_travail"
name = "France Travail"
[[partner.appointment]]
id = "rdv"
duration = 30
formats = ["phone"]
[[partner.site]]
id = "ft-blois"
name = "Agence de Blois (démo)"
address = "1 rue Fictive, 41000 Blois"
postcode = "41000"
covers = ["41*"]
formats = ["phone"]
[[partner.site.opening]]
days = ["mon"]
from = "09:00"
to = "10:00"
appointment = "rdv"
[[partner]]
id = "ml41"
kind = "mission_locale"
name = "Mission Locale"
[[partner]]
id = "ce41"
kind = "cap_emploi"
name = "Cap emploi 41"
[[partner]]
id = "cd41"
kind = "conseil_departemental"
name = "Département"
"#;
    let t2 = territory::parse("loir-et-cher.toml", other).expect("second territory");
    let wish = Wish {
        lead: Some(Body::FranceTravail),
        postcode: Some("41000".into()),
        ..Wish::default()
    };
    let taken = HashSet::new();
    let ctx = SearchContext {
        now: utc(2026, 1, 5, 8, 0),
        taken: &taken,
        closures: &[],
        extras: &[],
    };
    let offers = booking::search(&t2, &wish, &ctx, 0, 3);
    assert_eq!(offers.len(), 3);
    assert_eq!(offers[0].format, Format::Phone);
    let bad = territory::parse(
        "broken.toml",
        "spec_version = 1\nid = \"x\"\nname = \"x\"\n",
    )
    .unwrap_err();
    assert_eq!(bad.len(), 4, "every missing lead body is reported: {bad:?}");
}

#[test]
fn daylight_saving_changes_the_utc_instant_not_the_local_hour() {
    let t = territory();
    let (p, s) = site(&t, "ft-tours-nord");
    // Daylight saving starts on Sunday 29 March 2026.
    let slots = site_slots(
        &p,
        &s,
        utc(2026, 3, 27, 0, 0),
        utc(2026, 3, 31, 0, 0),
        &[],
        &[],
    );
    let friday: Vec<i64> = slots
        .iter()
        .map(|x| x.start)
        .filter(|x| *x < utc(2026, 3, 28, 0, 0))
        .collect();
    let monday: Vec<i64> = slots
        .iter()
        .map(|x| x.start)
        .filter(|x| *x > utc(2026, 3, 29, 0, 0))
        .collect();
    assert_eq!(
        friday[0],
        utc(2026, 3, 27, 8, 0),
        "09:00 in Paris is 08:00 UTC in winter"
    );
    assert_eq!(
        monday[0],
        utc(2026, 3, 30, 7, 0),
        "09:00 in Paris is 07:00 UTC in summer"
    );
    assert_eq!(
        friday.len(),
        monday.len(),
        "the same number of slots either side of the change"
    );
    // And back in October (25 October 2026).
    let slots = site_slots(
        &p,
        &s,
        utc(2026, 10, 23, 0, 0),
        utc(2026, 10, 27, 0, 0),
        &[],
        &[],
    );
    assert_eq!(slots[0].start, utc(2026, 10, 23, 7, 0));
    assert_eq!(
        slots.last().unwrap().start,
        utc(2026, 10, 26, 10, 15),
        "Monday 11:15 in Paris, winter again"
    );
}

#[test]
fn public_holidays_are_closed() {
    let t = territory();
    let (p, s) = site(&t, "ft-tours-nord");
    for (y, m, d) in [
        (2026, 4, 6),
        (2026, 5, 14),
        (2026, 5, 25),
        (2026, 7, 14),
        (2026, 11, 11),
        (2027, 1, 1),
    ] {
        let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let start = Paris
            .from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap())
            .unwrap()
            .timestamp();
        let slots = site_slots(&p, &s, start, start + 86_400, &[], &[]);
        assert!(slots.is_empty(), "{day} is a public holiday");
    }
    let tuesday = Paris
        .with_ymd_and_hms(2026, 4, 7, 0, 0, 0)
        .unwrap()
        .timestamp();
    assert_eq!(
        site_slots(&p, &s, tuesday, tuesday + 86_400, &[], &[]).len(),
        4,
        "the day after Easter Monday is open"
    );
}

#[test]
fn closures_remove_slots_and_staff_can_open_more() {
    let t = territory();
    let (p, s) = site(&t, "ft-tours-nord");
    let day = Paris
        .with_ymd_and_hms(2026, 2, 3, 0, 0, 0)
        .unwrap()
        .timestamp();
    let all = site_slots(&p, &s, day, day + 86_400, &[], &[]);
    assert_eq!(all.len(), 4);
    let closure = Closure {
        site: s.id.clone(),
        start: all[1].start,
        end: all[2].end,
    };
    assert_eq!(
        site_slots(&p, &s, day, day + 86_400, &[closure], &[]).len(),
        2
    );
    let extra = ExtraSlot {
        site: s.id.clone(),
        appointment: "premier-rdv".into(),
        start: Paris
            .with_ymd_and_hms(2026, 2, 3, 14, 0, 0)
            .unwrap()
            .timestamp(),
        seats: 2,
    };
    assert_eq!(
        site_slots(&p, &s, day, day + 86_400, &[], &[extra]).len(),
        6
    );
}

#[test]
fn search_uses_the_site_of_the_commune_and_the_persons_constraints() {
    let t = territory();
    let taken = HashSet::new();
    let now = utc(2026, 1, 5, 8, 0);
    let ctx = SearchContext {
        now,
        taken: &taken,
        closures: &[],
        extras: &[],
    };
    let wish = Wish {
        lead: Some(Body::FranceTravail),
        postcode: Some("37500".into()),
        formats: vec![Format::Phone],
        mornings: true,
        ..Wish::default()
    };
    let offers = booking::search(&t, &wish, &ctx, 0, 3);
    assert_eq!(offers.len(), 3);
    assert!(
        offers
            .iter()
            .all(|o| o.site == "ft-chinon" && o.format == Format::Phone)
    );
    assert!(
        offers[0].start >= now + 20 * 3600,
        "at least the notice period ahead"
    );
    assert!(
        offers.windows(2).all(|w| w[0].start < w[1].start),
        "earliest first"
    );
    let afternoons = Wish {
        lead: Some(Body::FranceTravail),
        postcode: Some("37200".into()),
        afternoons: true,
        ..Wish::default()
    };
    for o in booking::search(&t, &afternoons, &ctx, 0, 3) {
        let local = Paris.timestamp_opt(o.start, 0).unwrap();
        assert!(chrono::Timelike::hour(&local) >= 12, "{local}");
    }
    // "Other dates" pages on.
    let page2 = booking::search(&t, &wish, &ctx, 3, 3);
    assert!(page2[0].start > offers[2].start);
    // A taken slot is not offered.
    let taken: HashSet<String> = offers[0].keys.iter().cloned().collect();
    let ctx = SearchContext {
        now,
        taken: &taken,
        closures: &[],
        extras: &[],
    };
    assert_ne!(
        booking::search(&t, &wish, &ctx, 0, 1)[0].start,
        offers[0].start
    );
}

#[test]
fn a_joint_appointment_holds_a_slot_of_each_partner() {
    let t = territory();
    let taken = HashSet::new();
    let ctx = SearchContext {
        now: utc(2026, 1, 5, 8, 0),
        taken: &taken,
        closures: &[],
        extras: &[],
    };
    let wish = Wish {
        lead: Some(Body::FranceTravail),
        with: Some(Body::ConseilDepartemental),
        postcode: Some("37000".into()),
        ..Wish::default()
    };
    let offers = booking::search(&t, &wish, &ctx, 0, 3);
    assert_eq!(offers.len(), 3);
    for o in &offers {
        assert_eq!(o.keys.len(), 2);
        assert_eq!(o.with_partner.as_deref(), Some("cd37"));
        assert!(o.keys[1].starts_with("mds-tours-nord/"), "{:?}", o.keys);
    }
}

/// The first offer on Monday 5 January 2026 at 08:00, and that instant.
fn monday_offer() -> (i64, Offer) {
    let now = utc(2026, 1, 5, 8, 0);
    (now, offer_at(&territory(), now))
}

/// No slot is held and no message waits: what a cancelled or erased booking leaves.
async fn nothing_held(store: &Store, name: &str) {
    assert!(
        store.taken_slot_keys(0, i64::MAX).await.unwrap().is_empty(),
        "{name}: a slot is still held"
    );
    assert_eq!(
        store.counts().await.unwrap().outbox,
        0,
        "{name}: a reminder is left"
    );
}

fn offer_at(t: &Territory, start_day: i64) -> Offer {
    let taken = HashSet::new();
    let ctx = SearchContext {
        now: start_day,
        taken: &taken,
        closures: &[],
        extras: &[],
    };
    let wish = Wish {
        lead: Some(Body::MissionLocale),
        postcode: Some("37000".into()),
        ..Wish::default()
    };
    booking::search(t, &wish, &ctx, 0, 1).remove(0)
}

/// A booking request in Indre-et-Loire at `now`, without parcours, lead or reminders.
fn request<'a>(
    person: &'a str,
    request_key: &'a str,
    offer: &'a Offer,
    reference: &str,
    now: i64,
) -> NewBooking<'a> {
    let reference = reference.to_string();
    NewBooking::plain("indre-et-loire", person, request_key, offer, reference, now)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_people_on_one_slot_make_exactly_one_booking() {
    let t = territory();
    let offer = offer_at(&t, utc(2026, 1, 5, 8, 0));
    for (name, store) in support::file_stores().await {
        let mut people = Vec::new();
        for i in 0..50 {
            people.push(support::person(&store, &format!("p{i}")).await);
        }
        let mut tasks = Vec::new();
        for (i, person) in people.into_iter().enumerate() {
            let store = store.clone();
            let offer = offer.clone();
            let tid = t.id.clone();
            tasks.push(tokio::spawn(async move {
                store
                    .book(NewBooking {
                        territory: &tid,
                        parcours: Some(tremplin::core::Parcours::Emploi),
                        lead: Some(tremplin::core::Body::MissionLocale),
                        ..request(
                            &person,
                            &format!("{person}:1"),
                            &offer,
                            &booking::reference([i as u8; 16]),
                            utc(2026, 1, 5, 8, 0),
                        )
                    })
                    .await
            }));
        }
        let mut booked = 0;
        let mut lost = 0;
        for task in tasks {
            match task
                .await
                .unwrap()
                .unwrap_or_else(|e| panic!("{name}: {e}"))
            {
                BookOutcome::Booked(_) => booked += 1,
                BookOutcome::Taken => lost += 1,
                other => panic!("{name}: {other:?}"),
            }
        }
        assert_eq!((booked, lost), (1, 49), "{name}");
        let held = store.taken_slot_keys(0, i64::MAX).await.unwrap();
        assert_eq!(
            held,
            offer.keys.iter().cloned().collect::<HashSet<_>>(),
            "{name}"
        );
    }
}

#[tokio::test]
async fn cancelling_frees_the_slot_keeps_the_history_and_replays_find_the_same_booking() {
    let (now, offer) = monday_offer();
    for (name, store) in support::stores().await {
        let person = support::person(&store, "c").await;
        let new = |reference: &str| NewBooking {
            reminders: vec![(offer.start - 48 * 3600, 48), (offer.start - 24 * 3600, 24)],
            ..request(&person, "c:7", &offer, reference, now)
        };
        let BookOutcome::Booked(b) = store.book(new("AAAAAA")).await.unwrap() else {
            panic!("{name}: booked")
        };
        assert_eq!(b.status, tremplin::core::BookingStatus::Pending);
        // The same request again (a replayed message) finds the same booking.
        let BookOutcome::Booked(again) = store.book(new("BBBBBB")).await.unwrap() else {
            panic!("{name}")
        };
        assert_eq!(again.id, b.id);
        assert_eq!(
            store.counts().await.unwrap().outbox,
            2,
            "{name}: two reminders"
        );
        assert!(
            store
                .set_booking_status(
                    &b.id,
                    tremplin::core::BookingStatus::Cancelled,
                    "person",
                    Some("ne peut pas venir"),
                    now + 60
                )
                .await
                .unwrap()
        );
        // The slot is free again; reminders of a cancelled appointment are dropped.
        nothing_held(&store, name).await;
        let history = store.booking_history(&b.id).await.unwrap();
        assert_eq!(
            history.iter().map(|h| h.2.as_str()).collect::<Vec<_>>(),
            vec!["pending", "cancelled"],
            "{name}"
        );
        assert_eq!(history[1].3.as_deref(), Some("ne peut pas venir"));
        // Someone else can now take it.
        let other = support::person(&store, "d").await;
        let b2 = request(&other, "d:1", &offer, "CCCCCC", now);
        assert!(
            matches!(store.book(b2).await.unwrap(), BookOutcome::Booked(_)),
            "{name}"
        );
    }
}

#[tokio::test]
async fn erasure_cancels_a_future_booking_and_keeps_past_ones_anonymous() {
    let (now, offer) = monday_offer();
    for (name, store) in support::stores().await {
        let person = support::person(&store, "e").await;
        let b = NewBooking {
            reminders: vec![(offer.start - 24 * 3600, 24)],
            ..request(&person, "e:1", &offer, "EEEEEE", now)
        };
        let BookOutcome::Booked(row) = store.book(b).await.unwrap() else {
            panic!()
        };
        store.erase_person(&person, None, now + 10).await.unwrap();
        let after = store
            .booking(&row.id)
            .await
            .unwrap()
            .expect("the booking stays as an anonymous count");
        assert_eq!(after.person_id, None, "{name}");
        assert_eq!(
            after.status,
            tremplin::core::BookingStatus::Cancelled,
            "{name}"
        );
        nothing_held(&store, name).await;
    }
}

#[test]
fn the_calendar_file_parses_and_has_the_right_instants() {
    let start = utc(2026, 3, 30, 7, 0); // 09:00 in Paris, summer time
    let end = start + 45 * 60;
    let made = start - 3 * 86_400;
    let ics = booking::calendar(
        "abc@tremplin",
        "Rendez-vous France Travail, Mission Locale; accueil",
        "1 allée Fictive, Tours",
        "Référence JEE35N",
        (start, end),
        made,
    );
    // Every text value is escaped as RFC 5545 says (commas and semicolons behind a backslash),
    // and the file is stamped when it is made, not when the appointment starts.
    let texts: Vec<&str> = ics
        .lines()
        .filter(|l| {
            ["NAME;VALUE=TEXT:", "SUMMARY:", "X-WR-CALNAME:"]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .collect();
    assert_eq!(texts.len(), 3, "{ics}");
    for line in texts {
        let value = line.split_once(':').unwrap().1;
        assert!(value.contains("\\,") && value.contains("\\;"), "{line}");
        assert!(!value.contains("\\\\"), "escaped twice: {line}");
    }
    assert!(ics.contains("DTSTAMP:20260327T070000Z"), "{ics}");
    let cal: icalendar::Calendar = ics.parse().expect("parses");
    let event = cal.components.iter().find_map(|c| match c {
        icalendar::CalendarComponent::Event(e) => Some(e.clone()),
        _ => None,
    });
    let event = event.expect("an event");
    use icalendar::Component;
    assert_eq!(
        event.get_summary(),
        Some("Rendez-vous France Travail, Mission Locale; accueil")
    );
    let to_utc = |d: icalendar::DatePerhapsTime| match d {
        icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::WithTimezone {
            date_time,
            tzid,
        }) => {
            assert_eq!(tzid, "Europe/Paris");
            Paris
                .from_local_datetime(&date_time)
                .single()
                .unwrap()
                .timestamp()
        }
        other => panic!("expected a time in Europe/Paris, got {other:?}"),
    };
    assert_eq!(to_utc(event.get_start().unwrap()), start);
    assert_eq!(to_utc(event.get_end().unwrap()), end);
    assert!(
        ics.contains("BEGIN:VTIMEZONE") && ics.contains("TZID:Europe/Paris"),
        "the zone's rules travel with the file"
    );
    let _ = Arc::new(());
}

use support::TO_OFFERS;

/// The answers up to the message that offers slots, the place and format said above them.
const TO_THE_OFFER: &[&str] = TO_OFFERS.split_last().expect("answers").1;

/// Staff switch every opening pattern of a site off, as on the dashboard.
async fn switch_off_openings(host: &tremplin::app::Host, site: &str, patterns: usize) {
    use tremplin::booking::openings::OpeningChange;
    for i in 0..patterns {
        host.store()
            .add_opening_change(
                &OpeningChange {
                    id: String::new(),
                    site: site.to_string(),
                    op: tremplin::core::OpeningOp::Remove,
                    file_index: Some(i as i64),
                    days: Vec::new(),
                    from: String::new(),
                    to: String::new(),
                    appointment: String::new(),
                    seats: 0,
                },
                "test",
                tremplin::transcript::T0,
            )
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn opening_patterns_switched_off_on_the_dashboard_are_no_longer_offered() {
    for (name, store) in support::stores().await {
        let (host, _) = support::host(store);
        let first = support::key("before");
        let mut offers = String::new();
        for (i, a) in TO_THE_OFFER.iter().enumerate() {
            offers = support::say(&host, &first, Some(a), Some(&format!("b{i}")))
                .await
                .text;
        }
        let t = territory();
        let (_, site) = t
            .partners
            .iter()
            .flat_map(|p| p.sites.iter().map(move |s| (p, s)))
            .find(|(_, s)| offers.contains(&s.name))
            .unwrap_or_else(|| panic!("{name}: no site named in {offers}"));
        switch_off_openings(&host, &site.id, site.openings.len()).await;
        let second = support::key("after");
        let mut again = String::new();
        for (i, a) in TO_THE_OFFER.iter().enumerate() {
            again = support::say(&host, &second, Some(a), Some(&format!("a{i}")))
                .await
                .text;
        }
        assert!(
            !again.contains(&site.name),
            "{name}: {} is still offered: {again}",
            site.name
        );
    }
}

/// The simulator searches slots in the same availability as the chat: after staff switched
/// opening patterns off, both offer the same slots, and neither the switched-off ones.
#[tokio::test]
async fn the_simulator_offers_what_the_chat_offers_after_an_opening_change() {
    use tremplin::engine::Input;
    use tremplin::i18n::render::Surface;
    for (name, store) in support::stores().await {
        let (host, _) = support::host(store);
        let mut before = String::new();
        for (i, a) in TO_THE_OFFER.iter().enumerate() {
            before = support::say(
                &host,
                &support::key("chat-1"),
                Some(a),
                Some(&format!("c{i}")),
            )
            .await
            .text;
        }
        let t = territory();
        let site = t
            .partners
            .iter()
            .flat_map(|p| p.sites.iter())
            .find(|s| before.contains(&s.name))
            .unwrap_or_else(|| panic!("{name}: no site named in {before}"));
        switch_off_openings(&host, &site.id, site.openings.len()).await;
        let mut chat = String::new();
        for (i, a) in TO_THE_OFFER.iter().enumerate() {
            chat = support::say(
                &host,
                &support::key("chat-2"),
                Some(a),
                Some(&format!("d{i}")),
            )
            .await
            .text;
        }
        let mut session = None;
        let mut simulated = String::new();
        for a in TO_THE_OFFER {
            let sim = host
                .simulate(
                    session.take(),
                    "fr",
                    Input::Text((*a).to_string()),
                    Surface::Plain,
                )
                .await
                .unwrap();
            session = Some(sim.session);
            simulated = sim.reply.text;
        }
        assert!(!chat.contains(&site.name), "{name}: {chat}");
        assert_ne!(before, chat, "{name}: the change made no difference");
        assert_eq!(simulated, chat, "{name}: the simulator offers other slots");
    }
}

/// A database that fails while a slot is booked is a failure the person is told as such, never
/// "this slot was just taken"; nothing is booked.
#[tokio::test]
async fn a_storage_failure_during_booking_is_a_failure_not_a_taken_slot() {
    for (name, store, url) in support::stores_with_urls().await {
        let (host, _) = support::host(store.clone());
        let k = support::key("failing");
        for (i, a) in TO_OFFERS.iter().enumerate() {
            support::say(&host, &k, Some(a), Some(&format!("f{i}"))).await;
        }
        // Holding the slot fails, and not for a conflict.
        support::fail_inserts(&url, "booking_slots").await;
        let inbound = tremplin::app::Inbound {
            key: k.clone(),
            input: tremplin::engine::Input::Text("1".into()),
            external_id: Some("f-book".into()),
            language_hint: None,
            language_guess: None,
        };
        let turn = host
            .handle(inbound, tremplin::i18n::render::Surface::Plain)
            .await;
        assert!(
            matches!(turn, Err(tremplin::app::HostError::Storage(_))),
            "{name}: {turn:?}"
        );
        let person = store.find_person(&k).await.unwrap().unwrap();
        assert!(
            store.active_booking(&person.id, 0).await.unwrap().is_none(),
            "{name}"
        );
    }
}
