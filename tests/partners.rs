//! Partners' systems, through a partner's webhook receiver on 127.0.0.1, on SQLite and
//! PostgreSQL: a booking and each of its changes delivered signed, in order, in
//! rdv-service-public's envelope; the person's part only with their consent to share;
//! nothing written while no endpoint is on; a receiver that fails, redirects, is slow or says
//! it is gone; an erasure told by ids only; two workers delivering each event once.

mod support;

use std::sync::Arc;
use std::time::Duration;

use support::booking::set_status;
use support::receiver::{Got, Receiver};

use tremplin::app::Host;
use tremplin::app::partners::DueDelivery;
use tremplin::core::{BookingStatus, Clock, ManualClock};
use tremplin::engine::Value;
use tremplin::notify::partners::PartnerWorker;
use tremplin::storage::Store;
use tremplin::storage::partners::NewEndpoint;
use tremplin::transcript::T0;

const SECRET: &str = "whsec_test_secret";

/// Adds an endpoint for `partner` (or every partner) taking every event.
async fn endpoint(store: &Store, id: &str, url: &str, partner: Option<&str>) {
    store
        .add_partner_endpoint(&NewEndpoint {
            id,
            partner,
            url,
            secret: SECRET,
            events: "*",
            created_by: "admin",
            now: T0,
        })
        .await
        .unwrap();
}

fn worker(host: &Arc<Host>) -> Arc<PartnerWorker> {
    Arc::new(PartnerWorker::new(host.clone(), None, None).unwrap())
}

/// Claims and tries every delivery due now, once each; what was claimed.
async fn deliver_due(host: &Arc<Host>, w: &PartnerWorker) -> Vec<DueDelivery> {
    let due = host
        .partner_deliveries_due(100, &[], &Default::default())
        .await
        .unwrap();
    for d in &due {
        w.deliver(d).await.unwrap();
    }
    due
}

async fn count(store: &Store, table: &str) -> i64 {
    let (events, deliveries) = store.partner_rows().await.unwrap();
    if table == "partner_events" {
        events
    } else {
        deliveries
    }
}

fn setup(store: Store) -> (Arc<Host>, Arc<ManualClock>) {
    let (host, clock) = support::host(store);
    (Arc::new(host), clock)
}

#[tokio::test]
async fn a_booking_and_its_changes_reach_the_partner_signed_and_in_order() {
    for (name, store) in support::stores().await {
        let (receiver, url) = Receiver::start().await;
        endpoint(&store, "ep-cd", &url, Some("cd37")).await;
        endpoint(&store, "ep-ml", &url, Some("mission-locale-touraine")).await;
        let (host, clock) = setup(store.clone());
        let w = worker(&host);
        let shared = support::booking::consented_person(
            &store,
            "ana",
            "fr",
            (true, false),
            &["frein:mobilite:fort"],
            &[],
        )
        .await;
        let kept = support::booking::consented_person(
            &store,
            "bob-who-keeps-it",
            "fr",
            (false, false),
            &["frein:mobilite:fort"],
            &[],
        )
        .await;
        let b1 = support::booking::book(&store, &shared, "cd37", 0, "REF1", false).await;
        let b2 = support::booking::book(&store, &kept, "cd37", 1, "REF2", true).await;
        clock.advance(60);
        set_status(&store, &b1, BookingStatus::Confirmed, T0 + 60).await;
        set_status(&store, &b1, BookingStatus::Seen, T0 + 60).await;
        // Only the Département's endpoint takes them: three for one, one for the other.
        let log = store.partner_delivery_log("ep-cd", 10).await.unwrap();
        assert_eq!(
            count(&store, "partner_deliveries").await,
            4,
            "{name}: {log:?}"
        );
        // One at a time per booking: the first claim takes each booking's first event only.
        let first = deliver_due(&host, &w).await;
        assert_eq!(first.len(), 2, "{name}");
        deliver_due(&host, &w).await;
        deliver_due(&host, &w).await;
        assert!(deliver_due(&host, &w).await.is_empty(), "{name}");
        let got = receiver.got();
        let log = store.partner_delivery_log("ep-cd", 10).await.unwrap();
        assert_eq!(got.len(), 4, "{name}: {log:?}");
        let of =
            |id: &str| -> Vec<&Got> { got.iter().filter(|g| g.json["data"]["id"] == id).collect() };
        let one = of(&b1);
        let names: Vec<String> = one.iter().map(|g| g.name()).collect();
        assert_eq!(
            names,
            ["Booking.created", "Booking.updated", "Booking.updated"]
        );
        let statuses: Vec<&str> = one
            .iter()
            .map(|g| g.json["data"]["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses, ["pending", "confirmed", "seen"], "{name}");
        assert_eq!(one[2].json["data"]["rdv_status"], "seen");
        for g in &got {
            assert!(g.signed_with(SECRET), "{name}: {}", g.body);
            assert!(!g.signed_with("another secret"));
            assert_eq!(g.header("content-type"), "application/json");
            let meta = &g.json["meta"];
            assert!(meta["webhook_reason"].is_null());
            assert!(meta["timestamp"].as_str().unwrap().ends_with('Z'));
            assert_eq!(meta["delivery_id"].as_str().unwrap().len(), 36);
            assert_eq!(g.header("x-tremplin-delivery"), meta["delivery_id"]);
            let data = &g.json["data"];
            assert_eq!(data["partner"]["id"], "cd37");
            assert_eq!(data["partner"]["kind"], "conseil_departemental");
            assert!(data["site"]["name"].as_str().is_some_and(|n| !n.is_empty()));
            assert_eq!(data["parcours"], "socio_pro");
            assert_eq!(data["location_type"], "public_office");
            assert!(data["duration_in_min"].as_i64().unwrap() > 0);
        }
        // The person's part only with their consent to share.
        let data = &one[0].json["data"];
        assert!(
            data["person"]["contact"]["address"]
                .as_str()
                .unwrap()
                .starts_with("+33")
        );
        let codes = data["diagnostic"]["codes"].as_array().unwrap();
        assert!(codes.iter().any(|c| c == "frein:mobilite:fort"), "{name}");
        assert!(
            !codes.iter().any(|c| c == "secret:2"),
            "sensitive codes need their consent"
        );
        let other = of(&b2);
        assert_eq!(other[0].json["data"]["urgent"], true);
        assert!(other[0].json["data"]["diagnostic"].is_null(), "{name}");
        assert!(other[0].json["data"]["person"]["contact"].is_null());
        assert!(!other[0].body.contains("+33"), "{name}: {}", other[0].body);
        // A delivery's id is the same on every try, and differs between endpoints.
        assert_ne!(
            one[0].header("x-tremplin-delivery"),
            one[1].header("x-tremplin-delivery")
        );
    }
}

#[tokio::test]
async fn nothing_is_written_while_no_endpoint_is_on() {
    for (name, store) in support::stores().await {
        let person =
            support::booking::consented_person(&store, "cy", "fr", (true, true), &[], &[]).await;
        let id = support::booking::book(&store, &person, "cd37", 0, "REF3", false).await;
        set_status(&store, &id, BookingStatus::Confirmed, T0 + 5).await;
        assert_eq!(count(&store, "partner_events").await, 0, "{name}");
        // Turned off, an endpoint gets nothing more, and loses what it had not received.
        let (receiver, url) = Receiver::start().await;
        endpoint(&store, "ep", &url, None).await;
        set_status(&store, &id, BookingStatus::Seen, T0 + 6).await;
        assert_eq!(count(&store, "partner_deliveries").await, 1, "{name}");
        store
            .set_partner_endpoint_active("ep", false, Some("staff"), T0 + 7)
            .await
            .unwrap();
        set_status(&store, &id, BookingStatus::NoShow, T0 + 8).await;
        let (host, _) = setup(store.clone());
        assert!(deliver_due(&host, &worker(&host)).await.is_empty());
        assert_eq!(receiver.calls(), 0, "{name}");
    }
}

#[tokio::test]
async fn a_receiver_that_fails_is_tried_again_later_and_one_that_is_gone_is_turned_off() {
    for (name, store) in support::stores().await {
        let (receiver, url) = Receiver::start().await;
        endpoint(&store, "ep", &url, None).await;
        let (host, clock) = setup(store.clone());
        let w = worker(&host);
        let person =
            support::booking::consented_person(&store, "dee", "fr", (true, true), &[], &[]).await;
        let id = support::booking::book(&store, &person, "cd37", 0, "REF4", false).await;
        set_status(&store, &id, BookingStatus::Confirmed, T0 + 1).await;
        // 500, then a redirect (not followed), then 200.
        receiver.answer(&[500, 302]);
        let tried = deliver_due(&host, &w).await;
        assert_eq!(tried.len(), 1);
        // Not due again at once, and the update waits behind the creation.
        assert!(deliver_due(&host, &w).await.is_empty(), "{name}");
        let log = store.partner_delivery_log("ep", 10).await.unwrap();
        let created = log.iter().find(|l| l.event == "created").unwrap();
        assert_eq!(
            (created.state.as_str(), created.last_code),
            ("pending", Some(500))
        );
        assert!(
            created.next_at >= T0 + 5,
            "{name}: backoff {}",
            created.next_at - T0
        );
        clock.advance(3600);
        assert_eq!(deliver_due(&host, &w).await.len(), 1);
        clock.advance(3600);
        assert_eq!(deliver_due(&host, &w).await.len(), 1);
        clock.advance(1);
        assert_eq!(
            deliver_due(&host, &w).await.len(),
            1,
            "{name}: then the update"
        );
        let got = receiver.got();
        let names: Vec<String> = got.iter().map(Got::name).collect();
        assert_eq!(
            names,
            [
                "Booking.created",
                "Booking.created",
                "Booking.created",
                "Booking.updated"
            ]
        );
        // The same delivery id on every try of one delivery.
        assert_eq!(
            got[0].header("x-tremplin-delivery"),
            got[2].header("x-tremplin-delivery")
        );
        // A day of failures: given up, and the next one goes.
        set_status(&store, &id, BookingStatus::Seen, clock.unix()).await;
        set_status(&store, &id, BookingStatus::NoShow, clock.unix()).await;
        receiver.answer(&[503; 40]);
        for _ in 0..40 {
            deliver_due(&host, &w).await;
            clock.advance(3600);
        }
        let log = store.partner_delivery_log("ep", 10).await.unwrap();
        assert!(log.iter().any(|l| l.state == "failed"), "{name}: {log:?}");
        assert!(log.iter().all(|l| l.state != "pending"), "{name}: {log:?}");
        // 410: the endpoint is turned off, what it had not received is dropped.
        set_status(&store, &id, BookingStatus::Excused, clock.unix()).await;
        receiver.clear();
        receiver.answer(&[410]);
        deliver_due(&host, &w).await;
        let e = store.partner_endpoint("ep").await.unwrap().unwrap();
        assert!(!e.active, "{name}");
        assert_eq!(e.off_reason.as_deref(), Some("gone"));
        set_status(&store, &id, BookingStatus::Cancelled, clock.unix()).await;
        assert!(deliver_due(&host, &w).await.is_empty(), "{name}");
    }
}

#[tokio::test]
async fn a_slow_receiver_is_cut_at_ten_seconds_and_slows_no_other() {
    let store = support::memory_store().await;
    let (slow, slow_url) = Receiver::start().await;
    let (fast, fast_url) = Receiver::start().await;
    slow.slow(Duration::from_secs(30));
    endpoint(&store, "slow", &slow_url, Some("cd37")).await;
    endpoint(&store, "fast", &fast_url, Some("france-travail-37")).await;
    let (host, _) = setup(store.clone());
    let person =
        support::booking::consented_person(&store, "eve", "fr", (true, true), &[], &[]).await;
    support::booking::book(&store, &person, "cd37", 0, "REF5", false).await;
    for n in 0..5 {
        support::booking::book(
            &store,
            &person,
            "france-travail-37",
            n,
            &format!("FT{n}"),
            false,
        )
        .await;
    }
    let w = worker(&host);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let run = tokio::spawn(w.run(Duration::from_millis(50), stopped));
    let got = fast.wait_for(5, Duration::from_secs(5)).await;
    assert_eq!(got.len(), 5, "the fast receiver waited for the slow one");
    tokio::time::sleep(Duration::from_secs(11)).await;
    let log = store.partner_delivery_log("slow", 10).await.unwrap();
    assert_eq!(log[0].state, "pending");
    assert_eq!(log[0].last_error.as_deref(), Some("timeout"), "{log:?}");
    stop.send(true).unwrap();
    run.await.unwrap();
}

#[tokio::test]
async fn an_erasure_is_told_by_ids_only() {
    for (name, store) in support::stores().await {
        let (receiver, url) = Receiver::start().await;
        endpoint(&store, "ep", &url, Some("cd37")).await;
        let (host, _) = setup(store.clone());
        let person = support::booking::consented_person(
            &store,
            "fay",
            "fr",
            (true, true),
            &[],
            &[("ft_id", Value::Text("1234567A".into()))],
        )
        .await;
        let id = support::booking::book(&store, &person, "cd37", 0, "REF6", false).await;
        store.erase_person(&person, None, T0).await.unwrap();
        let w = worker(&host);
        for _ in 0..3 {
            deliver_due(&host, &w).await;
        }
        let got = receiver.got();
        let gone = got
            .iter()
            .find(|g| g.name() == "Person.destroyed")
            .expect("told");
        assert_eq!(gone.json["meta"]["webhook_reason"], "rgpd", "{name}");
        assert_eq!(gone.json["data"]["id"], person.as_str());
        assert_eq!(gone.json["data"]["bookings"][0], id.as_str());
        // The booking's cancellation went too, and nothing of the person in any delivery
        // sent after the erasure.
        let cancelled = got
            .iter()
            .find(|g| g.json["data"]["status"] == "cancelled")
            .expect("the cancellation");
        for g in [gone, cancelled] {
            assert!(!g.body.contains("+33"), "{name}: {}", g.body);
            assert!(!g.body.contains("1234567A"), "{name}: {}", g.body);
        }
    }
}

#[tokio::test]
async fn two_workers_deliver_each_event_once() {
    for (name, store, db) in support::stores_with_urls().await {
        let (receiver, url) = Receiver::start().await;
        receiver.slow(Duration::from_millis(5));
        endpoint(&store, "ep", &url, None).await;
        let mut bookings = Vec::new();
        for n in 0..10 {
            let person = support::booking::consented_person(
                &store,
                &"p".repeat(n + 1),
                "fr",
                (true, false),
                &[],
                &[],
            )
            .await;
            let id = support::booking::book(&store, &person, "cd37", n, &format!("R{n:03}"), false)
                .await;
            set_status(&store, &id, BookingStatus::Confirmed, T0).await;
            bookings.push(id);
        }
        let events = count(&store, "partner_events").await;
        assert_eq!(events, 20, "{name}");
        // Two instances: two stores on the same database, a worker each.
        let second = Store::open(&db, tremplin::storage::PoolConfig::default())
            .await
            .unwrap();
        // Two instances, configured as such: they claim in the database.
        let h1 = Arc::new(support::host(store.clone()).0.with_several_instances(true));
        let h2 = Arc::new(support::host(second).0.with_several_instances(true));
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let r1 = tokio::spawn(worker(&h1).run(Duration::from_millis(20), stopped.clone()));
        let r2 = tokio::spawn(worker(&h2).run(Duration::from_millis(20), stopped));
        let got = receiver
            .wait_for(usize::try_from(events).unwrap(), Duration::from_secs(30))
            .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        stop.send(true).unwrap();
        r1.await.unwrap();
        r2.await.unwrap();
        let got_now = receiver.got();
        let mut ids: Vec<&str> = got_now
            .iter()
            .map(|g| g.header("x-tremplin-delivery"))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(got.len(), usize::try_from(events).unwrap(), "{name}");
        assert_eq!(got_now.len(), ids.len(), "{name}: a delivery came twice");
        // Each booking's events in order.
        for b in &bookings {
            let names: Vec<String> = got_now
                .iter()
                .filter(|g| g.json["data"]["id"] == b.as_str())
                .map(Got::name)
                .collect();
            assert_eq!(
                names.first().map(String::as_str),
                Some("Booking.created"),
                "{name}"
            );
        }
    }
}

#[test]
fn the_signature_is_hmac_sha256_of_timestamp_dot_body() {
    // The value the README's Python and shell checks compute for this secret, time and body.
    let sig =
        tremplin::notify::partners::signature("whsec_example", 1_767_225_600, b"{\"data\":{}}");
    assert_eq!(
        sig,
        "sha256=c842665217bd8422fe54b31b4694b3d6316889a7fbcce75e72b06a549c7a063c"
    );
}

#[tokio::test]
async fn invitations_are_told_where_they_stand_never_what_the_list_said() {
    for (name, store) in support::stores().await {
        let (receiver, url) = Receiver::start().await;
        endpoint(&store, "ep", &url, None).await;
        let (host, _) = setup(store.clone());
        let csv = "Téléphone;Référence;Prénom;Nom;Date de naissance;Code postal;RSA\n\
                   06 12 34 56 78;D37-001;Aminata;Diallo;01/03/1990;37000;oui\n\
                   07 11 22 33 44;D37-002;Paul;Martin;1985-11-30;37300;non\n";
        let options = tremplin::app::invitations::ImportOptions::default();
        host.import_invitations(csv.as_bytes(), &options, &mut |_, _| {})
            .await
            .unwrap();
        let w = worker(&host);
        deliver_due(&host, &w).await;
        let got = receiver.got();
        assert_eq!(got.len(), 2, "{name}");
        for g in &got {
            assert_eq!(g.name(), "Invitation.created", "{name}");
            assert_eq!(g.json["data"]["status"], "pending");
            for secret in ["Aminata", "Diallo", "1990", "612345678", "D37-00", "37000"] {
                assert!(!g.body.contains(secret), "{name}: {secret} in {}", g.body);
            }
            assert!(g.signed_with(SECRET));
        }
    }
}

/// From outside: `tremplin serve` with the catch-all webhook set, a whole diagnostic through
/// signed SMS requests up to a booking; the receiver fails the first delivery, the process is
/// killed, started again, and every event still arrives, signed, once each.
#[tokio::test]
async fn from_outside_serve_delivers_a_diagnostic_and_its_booking_across_a_crash() {
    use support::serve::{Serve, database, kinds, signal, sms};
    for kind in kinds() {
        let db = database(kind).await;
        let (provider, provider_url) = Receiver::start().await;
        let _ = provider;
        let (receiver, url) = Receiver::start().await;
        receiver.answer(&[503]);
        let serve = Serve::new(&db, provider_url.trim_end_matches("/hook"))
            .env("TREMPLIN_WEBHOOK_URL", &url)
            .env("TREMPLIN_WEBHOOK_SECRET", SECRET);
        let mut server = serve.start(&format!("partners-{kind}")).await;
        let client = reqwest::Client::new();
        // A person on the RSA who books a coordinated appointment (a golden transcript).
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/transcripts/diagnostic/fr-global-rsa.txt");
        let t = tremplin::transcript::Transcript::parse(&std::fs::read_to_string(file).unwrap())
            .unwrap();
        let from = "+33611223344";
        let inputs = std::iter::once("Bonjour").chain(t.inputs.iter().map(String::as_str));
        for (n, text) in inputs.enumerate() {
            sms(&client, &server.base, from, &format!("SMpartners{n}"), text)
                .await
                .expect("a reply");
        }
        // The first delivery failed; the process dies before it is tried again.
        let first = receiver.wait_for(1, Duration::from_secs(10)).await;
        let store = support::serve::store_of(&db).await;
        let rows = store.partner_rows().await.unwrap();
        let endpoints = store.partner_endpoints().await.unwrap();
        let counts = store.counts().await.unwrap();
        assert!(
            !first.is_empty(),
            "{kind}: nothing sent ({rows:?} {counts:?} {endpoints:?}):\n{}",
            server.log()
        );
        signal(server.pid(), "KILL");
        server.wait();
        let server = server.restart(&format!("partners-{kind}-again")).await;
        let got = receiver.wait_for(3, Duration::from_secs(30)).await;
        tokio::time::sleep(Duration::from_secs(1)).await;
        let got_all = receiver.got();
        let names: Vec<String> = got_all.iter().map(Got::name).collect();
        assert!(
            names.contains(&"Orientation.created".to_string()),
            "{kind}: {names:?}\n{}",
            server.log()
        );
        assert!(
            names.contains(&"Booking.created".to_string()),
            "{kind}: {names:?}"
        );
        assert!(got.len() >= 3, "{kind}: {names:?}");
        for g in &got_all {
            assert!(g.signed_with(SECRET), "{kind}");
        }
        // Delivered once each (the failed try aside): one 2xx per delivery id.
        let mut ids: Vec<&str> = got_all[1..]
            .iter()
            .map(|g| g.header("x-tremplin-delivery"))
            .collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "{kind}: {names:?}");
        let booking = got_all
            .iter()
            .find(|g| g.name() == "Booking.created")
            .unwrap();
        // The script's person agreed to share: their contact goes with the booking.
        let data = &booking.json["data"];
        assert!(
            data["reference"].as_str().is_some_and(|r| !r.is_empty()),
            "{kind}"
        );
        assert!(data["starts_at"].as_str().is_some_and(|t| t.ends_with('Z')));
        drop(server);
    }
}

/// A webhook without its secret, or France Travail half configured, stops the start with a
/// message naming the variable, and never prints a secret.
#[tokio::test]
async fn a_partner_setting_missing_stops_the_start_with_its_name() {
    use support::serve::Serve;
    let db = support::sqlite_file();
    let cases: [(&[(&'static str, &str)], &str); 2] = [
        (
            &[("TREMPLIN_WEBHOOK_URL", "https://partner.example.org/hook")],
            "TREMPLIN_WEBHOOK_SECRET",
        ),
        (
            &[
                ("FRANCE_TRAVAIL_CLIENT_ID", "PAR_tremplin"),
                ("FRANCE_TRAVAIL_CLIENT_SECRET", "very-secret-value"),
            ],
            "FRANCE_TRAVAIL_TOKEN_URL",
        ),
    ];
    for (env, named) in cases {
        let mut serve = Serve::new(&db, "http://127.0.0.1:9");
        for (k, v) in env {
            serve = serve.env(k, v);
        }
        let (started, stderr) = serve.run_to_end().await;
        assert!(!started, "{named}");
        assert!(stderr.contains(named), "{named}: {stderr}");
        assert!(!stderr.contains("very-secret-value"), "{stderr}");
    }
}

/// From outside, on PostgreSQL: two `tremplin serve` processes on one database both deliver;
/// every event reaches the receiver once.
#[tokio::test]
async fn from_outside_two_instances_deliver_each_event_once() {
    use support::serve::{Serve, database, sms};
    if support::postgres_url().is_none() {
        return;
    }
    let db = database("postgres").await;
    let (_provider, provider_url) = Receiver::start().await;
    let (receiver, url) = Receiver::start().await;
    receiver.slow(Duration::from_millis(20));
    let serve = Serve::new(&db, provider_url.trim_end_matches("/hook"))
        .env("TREMPLIN_INSTANCES", "several")
        .env("TREMPLIN_WEBHOOK_URL", &url)
        .env("TREMPLIN_WEBHOOK_SECRET", SECRET);
    let a = serve.start("partners-two-a").await;
    let b = serve.start("partners-two-b").await;
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/transcripts/diagnostic/fr-global-rsa.txt");
    let t =
        tremplin::transcript::Transcript::parse(&std::fs::read_to_string(file).unwrap()).unwrap();
    let client = reqwest::Client::new();
    // Four people, their turns spread over both processes.
    for p in 0..4 {
        let from = format!("+3361122330{p}");
        let inputs = std::iter::once("Bonjour").chain(t.inputs.iter().map(String::as_str));
        for (n, text) in inputs.enumerate() {
            let base = if n % 2 == 0 { &a.base } else { &b.base };
            sms(&client, base, &from, &format!("SMtwo{p}x{n}"), text)
                .await
                .expect("a reply");
        }
    }
    let store = support::serve::store_of(&db).await;
    let (events, deliveries) = store.partner_rows().await.unwrap();
    assert!(events >= 8, "{events}");
    let got = receiver
        .wait_for(
            usize::try_from(deliveries).unwrap(),
            Duration::from_secs(30),
        )
        .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let all = receiver.got();
    let mut ids: Vec<&str> = all
        .iter()
        .map(|g| g.header("x-tremplin-delivery"))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(got.len(), usize::try_from(deliveries).unwrap());
    assert_eq!(ids.len(), all.len(), "a delivery came twice");
    let names: Vec<String> = all.iter().map(Got::name).collect();
    assert_eq!(
        names.iter().filter(|n| *n == "Booking.created").count(),
        4,
        "{names:?}"
    );
}

/// Every log line while deliveries succeed, fail, are refused and turn an endpoint off: no
/// secret, no address's token, no person's number.
#[tokio::test]
async fn no_secret_and_no_person_in_the_logs() {
    let logs = support::logs::Captured::default();
    let _guard = logs.install();
    let store = support::memory_store().await;
    let (receiver, url) = Receiver::start().await;
    let url = format!("{url}?token=url-secret-4242");
    endpoint(&store, "ep", &url, None).await;
    let (host, clock) = setup(store.clone());
    let person = support::booking::consented_person(
        &store,
        "logs",
        "fr",
        (true, true),
        &[],
        &[("ft_id", Value::Text("7777777L".into()))],
    )
    .await;
    let id = support::booking::book(&store, &person, "cd37", 0, "LOG001", false).await;
    receiver.answer(&[500, 302]);
    let w = worker(&host);
    for _ in 0..3 {
        deliver_due(&host, &w).await;
        clock.advance(3600);
    }
    set_status(&store, &id, BookingStatus::Seen, clock.unix()).await;
    receiver.answer(&[410]);
    deliver_due(&host, &w).await;
    let text = logs.text();
    assert!(text.contains("410"), "the logs were captured: {text}");
    for secret in [SECRET, "url-secret-4242", "7777777L", "+3361234"] {
        assert!(!text.contains(secret), "{secret} in the logs:\n{text}");
    }
}
