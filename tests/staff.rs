//! The staff dashboard over HTTP, route by route, on SQLite and PostgreSQL: what each answers,
//! what it stored and what it audited; the cross-partner 404s, the CSRF failures, the login
//! rules, the exports and the simulator.

mod support;

use support::browser::{Browser, PASSWORD, account, phc};

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

use tremplin::app::{Host, HostConfig};
use tremplin::booking::slots::site_slots;
use tremplin::core::ManualClock;
use tremplin::core::{BookingStatus, Channel, ConvKey, OutboxKind};
use tremplin::engine::Value;
use tremplin::storage::Store;
use tremplin::storage::bookings::WaitingRequest;
use tremplin::storage::staff::{AuditFilter, QueueFilter, Role, StatusFilter};
use tremplin::transcript::T0;
use tremplin::web::staff::{self, Staff, StaffConfig, auth};

/// The dashboard's configured public address: every link starts with it.
const PUBLIC_URL: &str = "https://tremplin.example.org";

struct Env {
    app: Router,
    clock: Arc<ManualClock>,
}

fn env(store: Store) -> Env {
    env_with(store, HostConfig::default()).0
}

/// The dashboard over a host with these settings, and the host (to talk to it as a person).
fn env_with(store: Store, config: HostConfig) -> (Env, Arc<Host>) {
    let clock = Arc::new(ManualClock::new(T0));
    let host = Arc::new(Host::new(store, support::catalog(), config, clock.clone()).expect("host"));
    let app = staff::router(Staff::new(
        host.clone(),
        StaffConfig {
            insecure_http: false,
            clock: clock.clone(),
            public_url: Some(PUBLIC_URL.into()),
        },
    ));
    (Env { app, clock }, host)
}

/// A person who consented (store, share, maybe sensitive), with one ordinary and one
/// sensitive answer.
async fn person(store: &Store, name: &str, locale: &str, share: bool, sensitive: bool) -> String {
    person_coded(store, name, locale, (share, sensitive), &["code:1"], &[]).await
}

/// [`person`], whose ordinary answer has these codes.
async fn person_coded(
    store: &Store,
    name: &str,
    locale: &str,
    consents: (bool, bool),
    codes: &[&str],
    more: &[(&str, Value)],
) -> String {
    support::booking::consented_person(store, name, locale, consents, codes, more).await
}

/// Books the `n`-th free slot of a partner's first site for a person; the booking's id and
/// reference.
async fn book(
    store: &Store,
    person: &str,
    partner: &str,
    n: usize,
    urgent: bool,
) -> (String, String) {
    let reference = format!("R{}{}", &partner[..3].to_uppercase(), n);
    let id = support::booking::book(store, person, partner, n, &reference, urgent).await;
    (id, reference)
}

/// An urgent request of a person to be called back by the CD37 on the social parcours.
/// A request waiting for a call back from reception; returns its id.
async fn request_for(
    store: &Store,
    person: &str,
    partner: &str,
    parcours: tremplin::core::Parcours,
    lead: Option<tremplin::core::Body>,
    urgent: bool,
) -> String {
    store
        .add_waiting_request(&WaitingRequest {
            person_id: person,
            territory: "indre-et-loire",
            partner,
            parcours: Some(parcours),
            lead,
            urgent,
            now: T0,
        })
        .await
        .unwrap();
    store
        .staff_requests(&Default::default(), None, false, 10)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.person_id.as_deref() == Some(person))
        .expect("request")
        .id
}

async fn urgent_request(store: &Store, person: &str) -> String {
    request_for(
        store,
        person,
        "cd37",
        tremplin::core::Parcours::Social,
        None,
        true,
    )
    .await
}

/// A waiting request for a person; returns its id.
async fn waiting_request(store: &Store, person: &str) -> String {
    request_for(
        store,
        person,
        "mission-locale-touraine",
        tremplin::core::Parcours::Emploi,
        Some(tremplin::core::Body::MissionLocale),
        false,
    )
    .await
}

async fn audited(store: &Store, action: &str) -> usize {
    store
        .audit_entries(
            &AuditFilter {
                action: Some(action.into()),
                ..AuditFilter::default()
            },
            1000,
        )
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn login_rules() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        account(&store, "a@x.fr", Role::Reception, None).await;
        let mut b = Browser::new(&e.app);
        let p = b.get("/staff").await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{name}");
        assert_eq!(p.location(), "/staff/login");
        // Generic error for a wrong password and an unknown account alike.
        let wrong = b.login("a@x.fr", "wrong password!!").await;
        let unknown = b.login("nobody@x.fr", PASSWORD).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
        assert!(wrong.body.contains("Adresse ou mot de passe incorrect"));
        assert!(unknown.body.contains("Adresse ou mot de passe incorrect"));
        assert_eq!(audited(&store, "login-failed").await, 1, "{name}");
        // The login form needs its token.
        let mut fresh = Browser::new(&e.app);
        let p = fresh
            .post(
                "/staff/login",
                &[("no-csrf", ""), ("email", "a@x.fr"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        // Success: a __Host- cookie, Secure, HttpOnly, SameSite=Strict.
        let p = b.login("a@x.fr", PASSWORD).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        let set: Vec<String> = p
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        let session = set
            .iter()
            .find(|c| c.starts_with("__Host-tremplin_staff="))
            .expect("session cookie");
        for attr in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
            assert!(session.contains(attr), "{session}");
        }
        let first = b.cookies["__Host-tremplin_staff"].clone();
        assert_eq!(b.get("/staff").await.status, StatusCode::OK);
        // Logging in again rotates the session id; the old one is dead.
        b.login("a@x.fr", PASSWORD).await;
        let second = b.cookies["__Host-tremplin_staff"].clone();
        assert_ne!(first, second);
        let mut old = Browser::new(&e.app);
        old.cookies
            .insert("__Host-tremplin_staff".into(), first.clone());
        assert_eq!(old.get("/staff").await.status, StatusCode::SEE_OTHER);
        // Logout needs the token, then ends the session.
        b.get("/staff").await;
        let p = b.post("/staff/logout", &[("csrf", "nope")]).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        let p = b.post("/staff/logout", &[]).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        assert_eq!(b.get("/staff").await.status, StatusCode::SEE_OTHER);
        assert_eq!(audited(&store, "login").await, 2);
        assert_eq!(audited(&store, "logout").await, 1);
    }
}

#[tokio::test]
async fn throttling_per_account_and_per_address() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        account(&store, "a@x.fr", Role::Reception, None).await;
        account(&store, "b@x.fr", Role::Reception, None).await;
        let mut b = Browser::new(&e.app);
        for _ in 0..auth::ACCOUNT_FAILURES {
            b.login("a@x.fr", "not the password").await;
        }
        // Locked: even the right password gets the same generic answer.
        let p = b.login("a@x.fr", PASSWORD).await;
        assert_eq!(p.status, StatusCode::UNAUTHORIZED, "{name}");
        // Another account from the same address still works.
        assert_eq!(b.login_status("b@x.fr").await, StatusCode::SEE_OTHER);
        // After the lock, it opens again.
        e.clock.advance(auth::ACCOUNT_LOCK + 1);
        assert_eq!(b.login_status("a@x.fr").await, StatusCode::SEE_OTHER);
        // Too many failures from one address block it for every account.
        for _ in 0..auth::IP_FAILURES {
            b.login("nobody@x.fr", "x").await;
        }
        assert_eq!(b.login_status("b@x.fr").await, StatusCode::UNAUTHORIZED);
        e.clock.advance(auth::IP_WINDOW + 1);
        assert_eq!(b.login_status("b@x.fr").await, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn idle_and_absolute_timeouts() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        account(&store, "a@x.fr", Role::Reception, None).await;
        let mut b = Browser::logged_in(&e.app, "a@x.fr").await;
        e.clock.advance(auth::IDLE_TIMEOUT - 60);
        assert_eq!(b.get("/staff").await.status, StatusCode::OK, "{name}");
        e.clock.advance(auth::IDLE_TIMEOUT + 1);
        assert_eq!(b.get("/staff").await.status, StatusCode::SEE_OTHER);
        let mut b = Browser::logged_in(&e.app, "a@x.fr").await;
        let mut elapsed = 0;
        while elapsed + 20 * 60 <= auth::ABSOLUTE_TIMEOUT {
            e.clock.advance(20 * 60);
            elapsed += 20 * 60;
            assert_eq!(b.get("/staff").await.status, StatusCode::OK);
        }
        e.clock.advance(20 * 60);
        assert_eq!(b.get("/staff").await.status, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn security_headers_and_no_store() {
    let (_, store) = support::stores().await.remove(0);
    let e = env(store.clone());
    account(&store, "a@x.fr", Role::Admin, None).await;
    let mut b = Browser::logged_in(&e.app, "a@x.fr").await;
    let p1 = person(&store, "p1", "fr", true, false).await;
    let (id, _) = book(&store, &p1, "cd37", 0, false).await;
    for path in ["/staff", &format!("/staff/bookings/{id}"), "/staff/login"] {
        let p = b.get(path).await;
        let h = |n: header::HeaderName| p.headers.get(n).unwrap().to_str().unwrap().to_string();
        let csp = h(header::CONTENT_SECURITY_POLICY);
        assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("script-src"));
        assert_eq!(h(header::X_FRAME_OPTIONS), "DENY");
        assert_eq!(h(header::CACHE_CONTROL), "no-store");
        assert_eq!(h(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert!(!p.body.contains("<script"));
    }
}

/// Every route about a booking, request, person, site or admin page answers 404 outside the
/// account's scope.
#[tokio::test]
async fn outside_the_scope_is_404_on_every_route() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        account(&store, "ft@x.fr", Role::Advisor, Some("france-travail-37")).await;
        account(&store, "acc@x.fr", Role::Reception, None).await;
        let p1 = person(&store, "p1", "fr", true, true).await;
        let (theirs, _) = book(&store, &p1, "cd37", 0, false).await;
        let p2 = person(&store, "p2-mine", "fr", true, true).await;
        let (mine, _) = book(&store, &p2, "france-travail-37", 0, false).await;
        let req = urgent_request(&store, &p1).await;
        let cd37_site = "mds-tours-nord";
        let mut b = Browser::logged_in(&e.app, "ft@x.fr").await;
        // Their own booking is fine.
        assert_eq!(
            b.get(&format!("/staff/bookings/{mine}")).await.status,
            StatusCode::OK,
            "{name}"
        );
        assert_eq!(
            b.get(&format!("/staff/people/{p2}/export.json"))
                .await
                .status,
            StatusCode::OK
        );
        let gets = [
            format!("/staff/bookings/{theirs}"),
            format!("/staff/requests/{req}"),
            format!("/staff/people/{p1}/export.json"),
            format!("/staff/slots?site={cd37_site}"),
            "/staff/audit".to_string(),
            "/staff/accounts".to_string(),
            "/staff/bookings/does-not-exist".to_string(),
        ];
        for path in &gets {
            let p = b.get(path).await;
            assert_eq!(p.status, StatusCode::NOT_FOUND, "{name} GET {path}");
        }
        b.get("/staff").await;
        let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
            (format!("/staff/bookings/{theirs}/contact"), vec![]),
            (format!("/staff/bookings/{theirs}/confirm"), vec![]),
            (
                format!("/staff/bookings/{theirs}/cancel"),
                vec![("reason", "x")],
            ),
            (
                format!("/staff/bookings/{theirs}/outcome"),
                vec![("outcome", "seen")],
            ),
            (
                format!("/staff/bookings/{theirs}/reassign"),
                vec![("reason", "x"), ("slot", "x")],
            ),
            (format!("/staff/requests/{req}/contact"), vec![]),
            (
                format!("/staff/requests/{req}/close"),
                vec![("reason", "x")],
            ),
            (
                format!("/staff/slots/{cd37_site}/add"),
                vec![("kind", "closure")],
            ),
            (
                format!("/staff/slots/{cd37_site}/remove"),
                vec![("kind", "extra")],
            ),
            (
                "/staff/accounts".to_string(),
                vec![("email", "z@x.fr"), ("role", "admin")],
            ),
        ];
        for (path, fields) in &posts {
            let p = b.post(path, fields).await;
            assert_eq!(p.status, StatusCode::NOT_FOUND, "{name} POST {path}");
        }
        // Nothing changed, nothing about the other partner's person was audited.
        assert_eq!(
            store.staff_booking(&theirs).await.unwrap().unwrap().status,
            BookingStatus::Pending
        );
        let about_p1 = store
            .audit_entries(
                &AuditFilter {
                    person_id: Some(p1.clone()),
                    ..AuditFilter::default()
                },
                100,
            )
            .await
            .unwrap();
        assert!(about_p1.is_empty(), "{name}: {about_p1:?}");
        // The queue shows their partner only.
        let q = b.get("/staff?status=all").await;
        assert!(
            q.body.contains("RFRA0") && !q.body.contains("RCD30"),
            "{name}"
        );
        // Reception sees the whole territory, but not the admin pages.
        let mut r = Browser::logged_in(&e.app, "acc@x.fr").await;
        assert_eq!(
            r.get(&format!("/staff/bookings/{theirs}")).await.status,
            StatusCode::OK
        );
        assert_eq!(
            r.get(&format!("/staff/requests/{req}")).await.status,
            StatusCode::OK
        );
        assert_eq!(r.get("/staff/audit").await.status, StatusCode::NOT_FOUND);
        assert_eq!(r.get("/staff/accounts").await.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn csrf_failures_change_nothing() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        account(&store, "a@x.fr", Role::Admin, None).await;
        let p1 = person(&store, "p1", "fr", true, true).await;
        let (id, _) = book(&store, &p1, "cd37", 0, false).await;
        let mut b = Browser::logged_in(&e.app, "a@x.fr").await;
        let before_outbox = store.outbox_of(&p1).await.unwrap().len();
        let before_audit = store
            .audit_entries(&AuditFilter::default(), 1000)
            .await
            .unwrap()
            .len();
        for path in [
            format!("/staff/bookings/{id}/confirm"),
            format!("/staff/bookings/{id}/cancel"),
            format!("/staff/bookings/{id}/contact"),
            "/staff/accounts".to_string(),
            "/staff/locale".to_string(),
            "/staff/simulator".to_string(),
            "/staff/slots/mds-tours-nord/add".to_string(),
        ] {
            for token in [None, Some("forged")] {
                let fields: Vec<(&str, &str)> = match token {
                    None => vec![
                        ("no-csrf", ""),
                        ("reason", "x"),
                        ("email", "q@x.fr"),
                        ("role", "admin"),
                    ],
                    Some(t) => vec![
                        ("csrf", t),
                        ("reason", "x"),
                        ("email", "q@x.fr"),
                        ("role", "admin"),
                    ],
                };
                let p = b.post(&path, &fields).await;
                assert_eq!(p.status, StatusCode::FORBIDDEN, "{name} {path}");
            }
        }
        assert_eq!(
            store.staff_booking(&id).await.unwrap().unwrap().status,
            BookingStatus::Pending
        );
        assert_eq!(store.outbox_of(&p1).await.unwrap().len(), before_outbox);
        assert_eq!(
            store
                .audit_entries(&AuditFilter::default(), 1000)
                .await
                .unwrap()
                .len(),
            before_audit
        );
        assert!(store.staff_by_email("q@x.fr").await.unwrap().is_none());
    }
}

#[tokio::test]
async fn the_queue_puts_urgent_and_waiting_first_and_filters() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        account(&store, "a@x.fr", Role::Reception, None).await;
        let p1 = person(&store, "p1", "fr", true, false).await;
        let p2 = person(&store, "p22", "fr", true, false).await;
        let p3 = person(&store, "p333", "fr", true, false).await;
        let (_, r1) = book(&store, &p1, "cd37", 0, false).await;
        let (_, r2) = book(&store, &p2, "cd37", 1, true).await;
        let (id3, r3) = book(&store, &p3, "france-travail-37", 2, false).await;
        store
            .staff_set_status(
                &id3,
                BookingStatus::Confirmed,
                None,
                &tremplin::storage::staff::AuditEntry {
                    actor: "t",
                    action: "t",
                    booking_id: None,
                    person_id: None,
                    detail: None,
                },
                None,
                T0,
            )
            .await
            .unwrap();
        urgent_request(&store, &p1).await;
        let mut b = Browser::logged_in(&e.app, "a@x.fr").await;
        let q = b.get("/staff").await;
        assert_eq!(q.status, StatusCode::OK, "{name}");
        let at = |r: &str| q.body.find(r).unwrap_or_else(|| panic!("{r} in queue"));
        // Waiting requests before bookings; the urgent booking before the others; new before
        // confirmed.
        assert!(q.body.find("/staff/requests/").unwrap() < at(&r2));
        assert!(at(&r2) < at(&r1) && at(&r1) < at(&r3));
        assert!(q.body.contains("À confirmer") && q.body.contains("En attente de rappel"));
        let f = b.get("/staff?partner=france-travail-37").await;
        assert!(f.body.contains(&r3) && !f.body.contains(&r1));
        let f = b.get("/staff?status=confirmed").await;
        assert!(f.body.contains(&r3) && !f.body.contains(&r2));
        let f = b.get(&format!("/staff?q={}", r1.to_lowercase())).await;
        assert!(f.body.contains(&r1) && !f.body.contains(&r2));
        let f = b.get("/staff?parcours=emploi").await;
        assert!(!f.body.contains(&r1));
        let day = tremplin::web::staff::layout::day(
            store.staff_booking(&id3).await.unwrap().unwrap().starts_at,
        );
        let f = b.get(&format!("/staff?date={day}")).await;
        assert!(f.body.contains(&r3) && !f.body.contains(&r1));
        assert_eq!(
            b.get("/staff?date=tomorrow").await.status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            b.get("/staff?status=nonsense").await.status,
            StatusCode::BAD_REQUEST
        );
        let counts = store.staff_counts(&Default::default()).await.unwrap();
        let counts: BTreeMap<String, i64> = counts.into_iter().collect();
        assert_eq!(counts["pending"], 2);
        assert_eq!(counts["confirmed"], 1);
        assert_eq!(counts["waiting"], 1);
        // A total taken from the counts is the one counted.
        for status in [
            StatusFilter::Active,
            StatusFilter::All,
            StatusFilter::Only(BookingStatus::Pending),
            StatusFilter::Only(BookingStatus::Cancelled),
        ] {
            let f = QueueFilter {
                status,
                ..QueueFilter::default()
            };
            let (_, counted) = store
                .staff_queue(&Default::default(), &f, 10, 0)
                .await
                .unwrap();
            let (_, total, _) = store
                .staff_queue_page(&Default::default(), &f, 10, 0)
                .await
                .unwrap();
            assert_eq!(total, counted, "{status:?}");
        }
    }
}

#[tokio::test]
async fn a_booking_shows_what_was_consented_and_audits_every_view() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        account(&store, "a@x.fr", Role::Reception, None).await;
        let shared = person(&store, "shared", "fr", true, false).await;
        let all = person(&store, "everything", "fr", true, true).await;
        let none = person(&store, "nothing", "fr", false, false).await;
        let (b1, _) = book(&store, &shared, "cd37", 0, false).await;
        let (b2, _) = book(&store, &all, "cd37", 1, false).await;
        let (b3, _) = book(&store, &none, "cd37", 2, false).await;
        let mut b = Browser::logged_in(&e.app, "a@x.fr").await;
        let p = b.get(&format!("/staff/bookings/{b1}")).await;
        assert_eq!(p.status, StatusCode::OK, "{name}");
        assert!(p.body.contains("code:1") && !p.body.contains("secret:2"));
        assert!(p.body.contains("Orientation proposée"));
        // The contact is masked until asked for.
        let address = store.person_contact(&shared).await.unwrap().unwrap();
        assert!(!p.body.contains(&address));
        let p = b.get(&format!("/staff/bookings/{b2}")).await;
        assert!(p.body.contains("code:1") && p.body.contains("secret:2"));
        let p = b.get(&format!("/staff/bookings/{b3}")).await;
        assert!(!p.body.contains("code:1") && p.body.contains("pas accepté"));
        assert_eq!(audited(&store, "view-booking").await, 3);
        let p = b.post(&format!("/staff/bookings/{b1}/contact"), &[]).await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.body.contains(&address));
        let views = store
            .audit_entries(
                &AuditFilter {
                    action: Some("view-contact".into()),
                    ..AuditFilter::default()
                },
                10,
            )
            .await
            .unwrap();
        assert_eq!(views.len(), 1);
        assert_eq!(views[0].person_id.as_deref(), Some(shared.as_str()));
        assert_eq!(views[0].booking_id.as_deref(), Some(b1.as_str()));
        assert!(
            !views[0]
                .detail
                .clone()
                .unwrap_or_default()
                .contains(&address)
        );
    }
}

#[tokio::test]
async fn actions_change_the_booking_and_tell_the_person_in_their_language() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        let admin = account(&store, "a@x.fr", Role::Reception, None).await;
        let en = person(&store, "english", "en", true, false).await;
        let uk = person(&store, "ukrainian", "uk", true, false).await;
        let (b1, r1) = book(&store, &en, "cd37", 0, false).await;
        let (b2, _) = book(&store, &uk, "cd37", 1, false).await;
        let mut b = Browser::logged_in(&e.app, "a@x.fr").await;
        b.get(&format!("/staff/bookings/{b1}")).await;
        // Confirm.
        let p = b.post(&format!("/staff/bookings/{b1}/confirm"), &[]).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{name}");
        assert_eq!(
            store.staff_booking(&b1).await.unwrap().unwrap().status,
            BookingStatus::Confirmed
        );
        let texts = support::texts(&store, &en).await;
        assert_eq!(texts.len(), 1);
        assert!(
            texts[0].starts_with("Your appointment is confirmed") && texts[0].contains(&r1),
            "{texts:?}"
        );
        let history = store.booking_history(&b1).await.unwrap();
        assert_eq!(history.last().unwrap().1, admin);
        assert_eq!(audited(&store, "booking-confirmed").await, 1);
        // Confirming twice changes nothing and says so.
        b.post_to(
            &format!("/staff/bookings/{b1}/confirm"),
            &[],
            "staff-unchanged",
        )
        .await;
        // Cancel needs a reason: spaces are none. The page says so beside the form, the
        // field marked and described, and opens at the form.
        let refused = b
            .refused(
                &format!("/staff/bookings/{b2}/cancel"),
                &[("reason", "  ")],
                "Indiquez un motif.",
            )
            .await;
        assert!(refused.body.contains("id=\"cancel-error\""));
        assert!(refused.body.contains(
            "aria-invalid=\"true\" aria-describedby=\"cancel-reason-note cancel-error\""
        ));
        assert!(refused.body.contains("action=\"/staff/bookings/"));
        assert!(refused.body.contains("/cancel#cancel\""));
        assert_eq!(
            store.staff_booking(&b2).await.unwrap().unwrap().status,
            BookingStatus::Pending
        );
        // Move it: a real free slot from the page, with a reason.
        let page = b
            .get(&format!("/staff/bookings/{b2}?partner=france-travail-37"))
            .await;
        let slot = offered_slots(&page.body).swap_remove(19);
        let refused = b
            .refused(
                &format!("/staff/bookings/{b2}/reassign"),
                &[("slot", &slot), ("reason", "")],
                "Indiquez un motif.",
            )
            .await;
        assert!(refused.body.contains("id=\"move-error\""));
        b.post_to(
            &format!("/staff/bookings/{b2}/reassign"),
            &[("slot", &slot), ("reason", "closer to home")],
            "staff-done",
        )
        .await;
        let moved = store.staff_booking(&b2).await.unwrap().unwrap();
        assert_eq!(moved.partner, "france-travail-37");
        assert!(slot.contains(&moved.starts_at.to_string()));
        let texts = support::texts(&store, &uk).await;
        assert!(texts[0].starts_with("Вашу зустріч перенесено"), "{texts:?}");
        // The reminder moved with the appointment.
        let reminder = store
            .outbox_of(&uk)
            .await
            .unwrap()
            .into_iter()
            .find(|(k, _, _)| *k == OutboxKind::Reminder)
            .unwrap();
        assert_eq!(reminder.2, moved.starts_at - 86_400);
        // A slot taken meanwhile is refused, what was typed kept.
        let refused = b
            .refused(
                &format!("/staff/bookings/{b1}/reassign"),
                &[("slot", &slot), ("reason", "nearer")],
                "plus libre",
            )
            .await;
        assert!(refused.body.contains("value=\"nearer\""));
        // How it went is recorded once the appointment has started, not before.
        b.refused(
            &format!("/staff/bookings/{b2}/outcome"),
            &[("outcome", "no-show"), ("confirmed", "yes")],
            "pas encore commencé",
        )
        .await;
        assert_eq!(
            store.staff_booking(&b2).await.unwrap().unwrap().status,
            BookingStatus::Pending
        );
        let later = moved
            .starts_at
            .max(store.staff_booking(&b1).await.unwrap().unwrap().starts_at);
        e.clock.advance(later - T0 + 60);
        let mut b = Browser::logged_in(&e.app, "a@x.fr").await;
        b.get(&format!("/staff/bookings/{b2}")).await;
        // No-show asks first and tells the person (10 minutes later); seen does not.
        b.post_confirmed(
            &format!("/staff/bookings/{b2}/outcome"),
            &[("outcome", "no-show")],
            "staff-done-undo",
        )
        .await;
        assert_eq!(
            store
                .outbox_of(&uk)
                .await
                .unwrap()
                .iter()
                .filter(|(k, _, _)| *k == OutboxKind::Text)
                .count(),
            2
        );
        let p = b
            .post(
                &format!("/staff/bookings/{b1}/outcome"),
                &[("outcome", "seen")],
            )
            .await;
        assert!(p.location().contains("staff-done"));
        assert_eq!(
            store
                .outbox_of(&en)
                .await
                .unwrap()
                .iter()
                .filter(|(k, _, _)| *k == OutboxKind::Text)
                .count(),
            1
        );
        assert_eq!(
            store.staff_booking(&b1).await.unwrap().unwrap().status,
            BookingStatus::Seen
        );
        // Cancelling a finished booking is refused as unchanged.
        b.post_to(
            &format!("/staff/bookings/{b1}/cancel"),
            &[("reason", "x"), ("confirmed", "yes")],
            "staff-unchanged",
        )
        .await;
        // The page shows the history and the messages.
        let page = b.get(&format!("/staff/bookings/{b2}")).await;
        assert!(
            page.body.contains("closer to home") && page.body.contains("Вашу зустріч перенесено")
        );
    }
}

#[tokio::test]
async fn cancelling_frees_the_slot_and_drops_reminders() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        account(&store, "a@x.fr", Role::Admin, None).await;
        let p1 = person(&store, "p1", "fr", true, false).await;
        let (b1, _) = book(&store, &p1, "cd37", 0, false).await;
        let mut b = Browser::logged_in(&e.app, "a@x.fr").await;
        b.get(&format!("/staff/bookings/{b1}")).await;
        let path = format!("/staff/bookings/{b1}/cancel");
        b.post_confirmed(&path, &[("reason", "closed that day")], "staff-done-undo")
            .await;
        // The person is told in 10 minutes, unless undone; the slot is free meanwhile.
        let outbox = store.outbox_of(&p1).await.unwrap();
        let told = outbox
            .iter()
            .find(|(k, t, _)| *k == OutboxKind::Text && t.contains("a été annulé"))
            .expect("the cancellation waits in the outbox");
        assert_eq!(told.2, T0 + tremplin::app::staff::UNDO_WINDOW, "{name}");
        assert!(store.taken_slot_keys(0, i64::MAX).await.unwrap().is_empty());
        // Undone within the window: the booking and its slot are back, the message withdrawn,
        // the reminders kept.
        e.clock.advance(300);
        let page = b.get(&format!("/staff/bookings/{b1}")).await;
        assert!(page.body.contains("id=\"undo-button\""), "{name}");
        b.post_to(&format!("/staff/bookings/{b1}/undo"), &[], "staff-undone")
            .await;
        assert_eq!(
            store.staff_booking(&b1).await.unwrap().unwrap().status,
            BookingStatus::Pending
        );
        let outbox = store.outbox_of(&p1).await.unwrap();
        assert!(
            outbox.iter().all(|(k, _, _)| *k != OutboxKind::Text),
            "{name}"
        );
        assert!(outbox.iter().any(|(k, _, _)| *k == OutboxKind::Reminder));
        assert_eq!(store.taken_slot_keys(0, i64::MAX).await.unwrap().len(), 1);
        assert_eq!(audited(&store, "booking-undo-cancelled").await, 1);
        // Cancelled again, and not undone in time: too late, the person is told.
        b.post_confirmed(&path, &[("reason", "closed that day")], "staff-done-undo")
            .await;
        e.clock.advance(tremplin::app::staff::UNDO_WINDOW);
        b.get(&format!("/staff/bookings/{b1}")).await;
        b.refused(&format!("/staff/bookings/{b1}/undo"), &[], "Trop tard")
            .await;
        assert_eq!(
            store.staff_booking(&b1).await.unwrap().unwrap().status,
            BookingStatus::Cancelled
        );
        assert!(store.taken_slot_keys(0, i64::MAX).await.unwrap().is_empty());
        let audit = store
            .audit_entries(
                &AuditFilter {
                    action: Some("booking-cancelled".into()),
                    ..Default::default()
                },
                10,
            )
            .await
            .unwrap();
        assert_eq!(audit.len(), 2);
        assert_eq!(audit[0].detail.as_deref(), Some("closed that day"));
    }
}

#[tokio::test]
async fn exports_stay_in_scope_and_neutralise_formulas() {
    assert_eq!(
        tremplin::web::staff::export::csv_cell("=SUM(A1)"),
        "\"'=SUM(A1)\""
    );
    assert_eq!(tremplin::web::staff::export::csv_cell("+33"), "\"'+33\"");
    assert_eq!(tremplin::web::staff::export::csv_cell("-1"), "\"'-1\"");
    assert_eq!(tremplin::web::staff::export::csv_cell("@x"), "\"'@x\"");
    assert_eq!(tremplin::web::staff::export::csv_cell("a\"b"), "\"a\"\"b\"");
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        account(&store, "ft@x.fr", Role::Advisor, Some("france-travail-37")).await;
        let p1 = person(&store, "p1", "fr", true, true).await;
        let p2 = person(&store, "p22", "fr", true, true).await;
        let (_, r1) = book(&store, &p1, "cd37", 0, false).await;
        let (_, r2) = book(&store, &p2, "france-travail-37", 0, false).await;
        let mut b = Browser::logged_in(&e.app, "ft@x.fr").await;
        let csv = b.get("/staff/export/bookings.csv?status=all").await;
        assert_eq!(csv.status, StatusCode::OK, "{name}");
        assert!(
            csv.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        assert!(csv.body.contains(&r2) && !csv.body.contains(&r1));
        assert_eq!(csv.body.lines().count(), 2);
        assert_eq!(audited(&store, "export-csv").await, 1);
        let json = b.get(&format!("/staff/people/{p2}/export.json")).await;
        assert_eq!(json.status, StatusCode::OK);
        let v: serde_json::Value = serde_json::from_str(&json.body).unwrap();
        assert_eq!(v["answers"].as_array().unwrap().len(), 2);
        assert_eq!(v["bookings"][0]["reference"], r2.as_str());
        assert_eq!(v["consents"].as_array().unwrap().len(), 3);
        assert!(v["person"]["address"].as_str().unwrap().starts_with('+'));
        assert_eq!(audited(&store, "export-person").await, 1);
        assert_eq!(
            b.get(&format!("/staff/people/{p1}/export.json"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn slots_openings_one_offs_and_closures() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        account(&store, "cd@x.fr", Role::Advisor, Some("cd37")).await;
        let mut b = Browser::logged_in(&e.app, "cd@x.fr").await;
        let page = b.get("/staff/slots?site=mds-tours-nord").await;
        assert_eq!(page.status, StatusCode::OK, "{name}");
        assert!(page.body.contains("Charge des semaines"));
        let add = "/staff/slots/mds-tours-nord/add";
        b.post_to(
            add,
            &[
                ("kind", "opening"),
                ("day-sat", "1"),
                ("from", "09:00"),
                ("to", "11:00"),
                ("appointment", "premier-rdv"),
                ("seats", "2"),
            ],
            "staff-saved",
        )
        .await;
        b.post_to(
            add,
            &[
                ("kind", "opening"),
                ("from", "11:00"),
                ("to", "09:00"),
                ("appointment", "premier-rdv"),
            ],
            "staff-invalid",
        )
        .await;
        b.post_to(
            add,
            &[
                ("kind", "extra"),
                ("date", "2026-01-20"),
                ("time", "17:00"),
                ("appointment", "premier-rdv"),
                ("seats", "1"),
            ],
            "staff-saved",
        )
        .await;
        b.post_to(
            add,
            &[
                ("kind", "closure"),
                ("from", "2026-01-21"),
                ("to", "2026-01-22"),
                ("reason", "formation"),
            ],
            "staff-saved",
        )
        .await;
        let changes = store.opening_changes(Some("mds-tours-nord")).await.unwrap();
        assert_eq!(changes.len(), 1);
        let catalog = support::catalog();
        let (partner, site) = catalog
            .territory(None)
            .unwrap()
            .site("mds-tours-nord")
            .unwrap();
        let eff = tremplin::booking::openings::effective_site(site, &changes);
        assert_eq!(eff.openings.len(), site.openings.len() + 1);
        // Saturdays now have slots (two seats).
        let sat = site_slots(partner, &eff, T0 + 4 * 86_400, T0 + 6 * 86_400, &[], &[]);
        assert!(!sat.is_empty());
        // Switching off a pattern of the file, then restoring it.
        b.post_to(
            "/staff/slots/mds-tours-nord/remove",
            &[("kind", "file-opening"), ("index", "0")],
            "staff-saved",
        )
        .await;
        let changes = store.opening_changes(Some("mds-tours-nord")).await.unwrap();
        let eff = tremplin::booking::openings::effective_site(site, &changes);
        assert_eq!(eff.openings.len(), site.openings.len());
        let removal = changes
            .iter()
            .find(|c| c.op == tremplin::core::OpeningOp::Remove)
            .unwrap();
        b.post_to(
            "/staff/slots/mds-tours-nord/remove",
            &[("kind", "change"), ("id", &removal.id)],
            "staff-saved",
        )
        .await;
        let page = b.get("/staff/slots?site=mds-tours-nord").await;
        assert!(page.body.contains("formation") && page.body.contains("2026-01-20 17:00"));
        let extras = store.site_extras("mds-tours-nord", 0).await.unwrap();
        b.post_to(
            "/staff/slots/mds-tours-nord/remove",
            &[("kind", "extra"), ("id", &extras[0].id)],
            "staff-saved",
        )
        .await;
        assert!(
            store
                .site_extras("mds-tours-nord", 0)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(audited(&store, "opening").await >= 3);
        assert!(audited(&store, "slots").await >= 3);
    }
}

#[tokio::test]
async fn accounts_setup_links_and_disabling() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        account(&store, "admin@x.fr", Role::Admin, None).await;
        let mut admin = Browser::logged_in(&e.app, "admin@x.fr").await;
        admin.get("/staff/accounts").await;
        let p = admin
            .post(
                "/staff/accounts",
                &[
                    ("email", "New@X.fr"),
                    ("role", "advisor"),
                    ("partner", "cd37"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::OK, "{name}");
        let at = p.body.find("/staff/setup/").expect("setup link");
        let link = p.body[at..].split('<').next().unwrap().to_string();
        let p = admin
            .post(
                "/staff/accounts",
                &[
                    ("email", "new@x.fr"),
                    ("role", "advisor"),
                    ("partner", "cd37"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::CONFLICT);
        let p = admin
            .post(
                "/staff/accounts",
                &[("email", "x@x.fr"), ("role", "advisor")],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        // The new person sets a password through the link.
        let mut new = Browser::new(&e.app);
        assert_eq!(new.get(&link).await.status, StatusCode::OK);
        let p = new
            .post(&link, &[("password", "short"), ("confirm", "short")])
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        let long = "une phrase de passe vraiment longue";
        let p = new
            .post(&link, &[("password", long), ("confirm", long)])
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        assert_eq!(new.get("/staff").await.status, StatusCode::OK);
        // The link works once.
        assert_eq!(
            Browser::new(&e.app).get(&link).await.status,
            StatusCode::NOT_FOUND
        );
        let account = store.staff_by_email("new@x.fr").await.unwrap().unwrap();
        assert_eq!(account.partner.as_deref(), Some("cd37"));
        assert!(
            account
                .password_hash
                .unwrap()
                .starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
        );
        // Disabling ends the sessions.
        admin.get("/staff/accounts").await;
        let p = admin
            .post(
                &format!("/staff/accounts/{}/active", account.id),
                &[("active", "0")],
            )
            .await;
        assert_eq!(p.status, StatusCode::OK);
        assert_eq!(new.get("/staff").await.status, StatusCode::SEE_OTHER);
        let mut again = Browser::new(&e.app);
        assert_eq!(
            again.login("new@x.fr", long).await.status,
            StatusCode::UNAUTHORIZED
        );
        // The audit log lists it, filtered by action.
        let p = admin.get("/staff/audit?action=account-disabled").await;
        assert!(p.body.contains("account-disabled") && !p.body.contains(">login<"));
        // Changing one's password: the current one is needed.
        admin.get("/staff/password").await;
        let p = admin
            .post(
                "/staff/password",
                &[("current", "wrong"), ("password", long), ("confirm", long)],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        let p = admin
            .post(
                "/staff/password",
                &[("current", PASSWORD), ("password", long), ("confirm", long)],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        assert_eq!(admin.get("/staff").await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn the_simulator_stores_nothing() {
    let (_, store) = support::stores().await.remove(0);
    let e = env(store.clone());
    account(&store, "a@x.fr", Role::Advisor, Some("cd37")).await;
    let mut b = Browser::logged_in(&e.app, "a@x.fr").await;
    let before = store.counts().await.unwrap();
    b.get("/staff/simulator").await;
    let p = b
        .post(
            "/staff/simulator",
            &[("action", "start"), ("lang", "en"), ("surface", "telegram")],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let page = b.get("/staff/simulator").await;
    assert!(page.body.contains("bubble bot"));
    assert!(
        page.body.contains("name=\"button\""),
        "Telegram shows buttons"
    );
    let p = b
        .post("/staff/simulator", &[("action", "say"), ("text", "1")])
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let page = b.get("/staff/simulator").await;
    assert!(page.body.contains("bubble me"));
    let p = b
        .post(
            "/staff/simulator",
            &[("action", "start"), ("lang", "ar"), ("surface", "sms")],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let page = b.get("/staff/simulator").await;
    assert!(page.body.contains("class=\"sms\"") && !page.body.contains("name=\"button\""));
    assert_eq!(store.counts().await.unwrap(), before);
}

#[test]
fn staff_messages_are_required_in_french_and_english_only() {
    use tremplin::i18n::{LocaleSource, Locales};
    let src = |tag: &str, files: &[(&str, &str)]| LocaleSource {
        tag: tag.into(),
        files: files
            .iter()
            .map(|(n, t)| ((*n).into(), format!("locales/{tag}/{n}"), (*t).into()))
            .collect(),
    };
    let ok = Locales::from_sources(vec![
        src("fr", &[("a.ftl", "a = A\n"), ("staff.ftl", "s = S\n")]),
        src("en", &[("a.ftl", "a = A\n"), ("staff.ftl", "s = S\n")]),
        src("es", &[("a.ftl", "a = A\n")]),
    ]);
    assert!(ok.is_ok());
    let missing = Locales::from_sources(vec![
        src("fr", &[("a.ftl", "a = A\n"), ("staff.ftl", "s = S\n")]),
        src("en", &[("a.ftl", "a = A\n")]),
    ])
    .expect_err("en must have staff.ftl");
    let text = missing.to_string();
    assert!(
        text.contains("locales/en/staff.ftl") && text.contains("'s' missing"),
        "{text}"
    );
}

#[test]
fn passwords_are_argon2id_and_checked() {
    assert!(auth::verify_password(PASSWORD, Some(&phc())));
    assert!(!auth::verify_password("something else", Some(&phc())));
    assert!(!auth::verify_password(PASSWORD, None));
    assert_eq!(
        auth::password_problem("short", "short"),
        Some("staff-password-too-short")
    );
    assert_eq!(auth::password_problem("twelve chars", "twelve chars"), None);
    assert_eq!(
        auth::password_problem("twelve chars", "twelve charz"),
        Some("staff-password-mismatch")
    );
    assert_ne!(auth::new_token(), auth::new_token());
    assert_eq!(auth::new_token().len(), 43);
}

#[tokio::test]
async fn reception_books_a_slot_for_a_waiting_request() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        account(&store, "a@x.fr", Role::Reception, None).await;
        let p1 = person(&store, "waiting", "pt", true, false).await;
        let req = waiting_request(&store, &p1).await;
        let mut b = Browser::logged_in(&e.app, "a@x.fr").await;
        let page = b.get(&format!("/staff/requests/{req}")).await;
        assert_eq!(page.status, StatusCode::OK, "{name}");
        let slot = offered_slots(&page.body).swap_remove(2);
        let p = b
            .post(&format!("/staff/requests/{req}/book"), &[("slot", &slot)])
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        let id = p.booking();
        let booking = store.staff_booking(&id).await.unwrap().unwrap();
        assert_eq!(booking.partner, "mission-locale-touraine");
        assert_eq!(booking.person_id.as_deref(), Some(p1.as_str()));
        assert_eq!(
            store.staff_request(&req).await.unwrap().unwrap().status,
            "closed"
        );
        let texts = support::texts(&store, &p1).await;
        assert!(
            texts[0].starts_with("A sua marcação está confirmada"),
            "{texts:?}"
        );
        assert_eq!(audited(&store, "request-booked").await, 1);
        // Booking again from a closed request changes nothing.
        b.post_to(
            &format!("/staff/requests/{req}/book"),
            &[("slot", &slot)],
            "staff-unchanged",
        )
        .await;
    }
}

#[test]
fn staff_add_prints_a_one_time_setup_link() {
    let dir = std::env::temp_dir().join(format!("tremplin-staff-{}", tremplin::storage::new_id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}", dir.join("t.db").display());
    let command = |args: &[&str]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_tremplin"));
        c.args(["--db", &db])
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("TREMPLIN_PUBLIC_URL")
            // Where the service listens says nothing of the address people reach it at.
            .env("TREMPLIN_BIND", "0.0.0.0:9090");
        c
    };
    // Without a public address no link can be made: nothing is created, and it says why.
    let out = command(&[
        "staff",
        "add",
        "--email",
        "conseil@example.org",
        "--role",
        "reception",
    ])
    .output()
    .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("TREMPLIN_PUBLIC_URL"), "{stderr}");
    let run = |args: &[&str]| {
        command(args)
            .env("TREMPLIN_PUBLIC_URL", "https://configured.example.org")
            .output()
            .expect("runs")
    };
    let out = run(&[
        "staff",
        "add",
        "--email",
        "Conseil@Example.org",
        "--role",
        "advisor",
        "--partner",
        "france-travail-37",
        "--base-url",
        "https://tremplin.example.org/",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("conseil@example.org (advisor)"), "{stdout}");
    assert!(
        stdout.contains("https://tremplin.example.org/staff/setup/"),
        "{stdout}"
    );
    // From the configuration when no --base-url is given.
    let out = run(&[
        "staff",
        "add",
        "--email",
        "accueil@example.org",
        "--role",
        "reception",
    ]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("https://configured.example.org/staff/setup/")
            && !stdout.contains("9090")
            && !stdout.contains("127.0.0.1"),
        "{stdout}"
    );
    // The same address twice, an unknown role, an advisor without partner, an unknown partner.
    let again = run(&[
        "staff",
        "add",
        "--email",
        "conseil@example.org",
        "--role",
        "reception",
    ]);
    assert!(!again.status.success());
    let add_x = |rest: &[&'static str]| {
        let mut args = vec!["staff", "add", "--email", "x@example.org", "--role"];
        args.extend_from_slice(rest);
        args
    };
    for args in [
        add_x(&["boss"]),
        add_x(&["advisor"]),
        add_x(&["advisor", "--partner", "nope"]),
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn english_escaping_and_the_first_admin() {
    let (_, store) = support::stores().await.remove(0);
    // The first start on an empty database creates one admin, once.
    let catalog = support::catalog();
    staff::first_run_admin(&store, &catalog, None, Some(PUBLIC_URL))
        .await
        .unwrap();
    staff::first_run_admin(&store, &catalog, None, Some(PUBLIC_URL))
        .await
        .unwrap();
    let accounts = store.staff_accounts().await.unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].role, Role::Admin);
    assert!(accounts[0].password_hash.is_none());
    let e = env(store.clone());
    account(&store, "a@x.fr", Role::Reception, None).await;
    let p1 = person(&store, "p1", "fr", true, false).await;
    let (id, _) = book(&store, &p1, "cd37", 0, false).await;
    let mut b = Browser::logged_in(&e.app, "a@x.fr").await;
    // English on request, kept with the account.
    let p = b.post("/staff/locale", &[("lang", "en")]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let q = b.get("/staff").await;
    assert!(q.body.contains("<html lang=\"en\"") && q.body.contains("Appointment queue"));
    // Whatever staff type is shown as text, never as markup.
    b.get(&format!("/staff/bookings/{id}")).await;
    b.post(
        &format!("/staff/bookings/{id}/cancel"),
        &[
            ("reason", "<script>alert(1)</script>"),
            ("confirmed", "yes"),
        ],
    )
    .await;
    let page = b.get(&format!("/staff/bookings/{id}")).await;
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.body.contains("<script>"));
}

/// The free slots a page offers, as the values of its radio buttons, soonest first.
fn offered_slots(page: &str) -> Vec<String> {
    let mut slots: Vec<String> = page
        .split("name=\"slot\" value=\"")
        .skip(1)
        .filter_map(|o| o.split('"').next())
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect();
    assert!(!slots.is_empty(), "slots");
    // A key is `site/appointment/start/seat`.
    slots.sort_by_key(|k| k.split('/').nth(2).and_then(|t| t.parse::<i64>().ok()));
    slots
}

/// A booking reception makes for a waiting request sends reminders at the distances the
/// service is configured with, as a booking from the chat does.
#[tokio::test]
async fn a_staff_booking_uses_the_configured_reminders() {
    for (name, store) in support::stores().await {
        let config = HostConfig {
            reminders: vec![72, 3],
            ..HostConfig::default()
        };
        let (e, host) = env_with(store.clone(), config);
        account(&store, "a@x.fr", Role::Reception, None).await;
        let k = ConvKey::new(Channel::Sms, "+33600000072");
        for (i, a) in support::TO_OFFERS.iter().enumerate() {
            support::say(&host, &k, Some(a), Some(&format!("r{i}"))).await;
        }
        let person = store.find_person(&k).await.unwrap().expect("consented").id;
        let consents = store.consents_of(&person).await.unwrap();
        assert!(
            consents.contains(&("reminders".to_string(), true)),
            "{name}: {consents:?}"
        );
        let req = waiting_request(&store, &person).await;
        let mut b = Browser::logged_in(&e.app, "a@x.fr").await;
        let page = b.get(&format!("/staff/requests/{req}")).await;
        // The latest slot offered, far enough ahead for both reminders.
        let slot = offered_slots(&page.body).pop().expect("a free slot");
        let id = b
            .post(&format!("/staff/requests/{req}/book"), &[("slot", &slot)])
            .await
            .booking();
        let start = store.staff_booking(&id).await.unwrap().unwrap().starts_at;
        assert!(
            start - 72 * 3600 > T0,
            "{name}: the slot is too soon to test"
        );
        let mut reminders: Vec<i64> = store
            .outbox_of(&person)
            .await
            .unwrap()
            .into_iter()
            .filter(|(kind, _, _)| *kind == tremplin::core::OutboxKind::Reminder)
            .map(|(_, _, at)| at)
            .collect();
        reminders.sort_unstable();
        assert_eq!(
            reminders,
            vec![start - 72 * 3600, start - 3 * 3600],
            "{name}: reminders at the configured 72 h and 3 h"
        );
    }
}

/// A database that fails while reception books a slot is told as a failure (nothing saved),
/// never as "this slot is no longer free"; the request stays open.
#[tokio::test]
async fn a_storage_failure_while_staff_book_is_a_failure_not_a_taken_slot() {
    for (name, store, url) in support::stores_with_urls().await {
        let e = env(store.clone());
        account(&store, "a@x.fr", Role::Reception, None).await;
        let p1 = person(&store, "failing", "fr", true, false).await;
        let req = waiting_request(&store, &p1).await;
        let mut b = Browser::logged_in(&e.app, "a@x.fr").await;
        let page = b.get(&format!("/staff/requests/{req}")).await;
        let slot = offered_slots(&page.body).remove(0);
        support::fail_inserts(&url, "booking_slots").await;
        let p = b
            .post(&format!("/staff/requests/{req}/book"), &[("slot", &slot)])
            .await;
        assert_eq!(
            p.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{name}: {}",
            p.location()
        );
        assert!(p.body.contains("rien n'a été enregistré"), "{name}");
        assert_eq!(
            store.staff_request(&req).await.unwrap().unwrap().status,
            "open",
            "{name}"
        );
    }
}

/// A joint appointment led by France Travail with the Département: the Département's
/// advisor sees it and records its own outcome, but every action that moves, reassigns,
/// confirms or cancels it is the lead's, reception's or an admin's.
#[tokio::test]
async fn the_second_partner_of_a_joint_appointment_records_only_its_own_outcome() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        let cd = account(&store, "cd@x.fr", Role::Advisor, Some("cd37")).await;
        account(&store, "ft@x.fr", Role::Advisor, Some("france-travail-37")).await;
        account(&store, "accueil@x.fr", Role::Reception, None).await;
        let p1 = person(&store, "joint", "fr", true, false).await;
        let id = support::booking::book_joint(
            &store,
            &p1,
            "france-travail-37",
            Some("cd37"),
            0,
            "RJOINT",
            false,
        )
        .await;
        let path = format!("/staff/bookings/{id}");
        let mut reception = Browser::logged_in(&e.app, "accueil@x.fr").await;
        let cd_slots = offered_slots(&reception.get(&format!("{path}?partner=cd37")).await.body);
        let mut second = Browser::logged_in(&e.app, "cd@x.fr").await;
        let page = second.get(&path).await;
        assert_eq!(
            page.status,
            StatusCode::OK,
            "{name}: the second partner sees it"
        );
        assert!(page.body.contains("id=\"joint-second\""), "{name}");
        for lead_only in ["/confirm#", "/cancel#", "/reassign#"] {
            assert!(
                !page.body.contains(lead_only),
                "{name}: {lead_only} offered"
            );
        }
        // Every action of the lead is refused, and changes nothing.
        for (action, fields) in [
            ("confirm", vec![]),
            ("cancel", vec![("reason", "plus besoin")]),
            (
                "reassign",
                vec![("slot", cd_slots[0].as_str()), ("reason", "chez nous")],
            ),
        ] {
            second
                .act_on(&path, action, &fields, "staff-lead-only")
                .await;
            let b = store.staff_booking(&id).await.unwrap().unwrap();
            assert_eq!(b.status, BookingStatus::Pending, "{name}: {action}");
            assert_eq!(b.partner, "france-travail-37", "{name}: {action}");
            assert_eq!(b.with_partner.as_deref(), Some("cd37"), "{name}: {action}");
        }
        assert!(
            support::texts(&store, &p1).await.is_empty(),
            "{name}: nobody told"
        );
        let mut lead = Browser::logged_in(&e.app, "ft@x.fr").await;
        assert_eq!(lead.get(&path).await.status, StatusCode::OK, "{name}");
        // Its own outcome: in the history in its name; the status stays the lead's.
        // Not before the appointment has started.
        second.get(&path).await;
        second
            .refused(
                &format!("{path}/outcome"),
                &[("outcome", "no-show")],
                "pas encore commencé",
            )
            .await;
        let starts = store.staff_booking(&id).await.unwrap().unwrap().starts_at;
        e.clock.advance(starts - T0 + 60);
        let mut second = Browser::logged_in(&e.app, "cd@x.fr").await;
        let mut reception = Browser::logged_in(&e.app, "accueil@x.fr").await;
        let mut lead = Browser::logged_in(&e.app, "ft@x.fr").await;
        second.get(&path).await;
        second
            .refused(
                &format!("{path}/outcome"),
                &[("outcome", "bogus")],
                "Choisissez ce qui s'est passé.",
            )
            .await;
        second
            .post_to(
                &format!("{path}/outcome"),
                &[("outcome", "no-show"), ("reason", "absent chez nous")],
                "staff-done",
            )
            .await;
        let b = store.staff_booking(&id).await.unwrap().unwrap();
        assert_eq!(b.status, BookingStatus::Pending, "{name}");
        let history = store.booking_history(&id).await.unwrap();
        assert!(
            history
                .iter()
                .any(|(_, actor, status, _)| actor == &cd && status == "no-show"),
            "{name}: {history:?}"
        );
        assert_eq!(audited(&store, "booking-joint-no-show").await, 1, "{name}");
        assert!(support::texts(&store, &p1).await.is_empty(), "{name}");
        // The lead and reception act.
        lead.act_on(&path, "confirm", &[], "staff-done").await;
        reception
            .act_on(
                &path,
                "cancel",
                &[("reason", "la personne a trouvé"), ("confirmed", "yes")],
                "staff-done",
            )
            .await;
        let b = store.staff_booking(&id).await.unwrap().unwrap();
        assert_eq!(b.status, BookingStatus::Cancelled, "{name}");
        // Cancelled: nothing more to record.
        second
            .act_on(&path, "outcome", &[("outcome", "seen")], "staff-unchanged")
            .await;
    }
}

/// Setup links start with the configured public address, whatever the request's `Host`
/// says; without one the accounts page says no link can be made and creates nothing.
/// Every dashboard answer carries HSTS unless served over plain http.
#[tokio::test]
async fn links_come_from_the_configuration_and_https_is_strict() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        account(&store, "admin@x.fr", Role::Admin, None).await;
        let mut admin = Browser::logged_in(&e.app, "admin@x.fr").await;
        let page = admin.get("/staff/accounts").await;
        assert!(!page.body.contains("no-public-url"), "{name}");
        let form = format!(
            "csrf={}&email=evil%40x.fr&role=reception&partner=",
            admin.csrf
        );
        let req = Request::post("/staff/accounts")
            .header(header::HOST, "evil.example")
            .header("x-forwarded-host", "evil.example")
            .header(header::COOKIE, admin.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form))
            .unwrap();
        let p = admin.send(req).await;
        assert_eq!(p.status, StatusCode::OK, "{name}");
        assert!(!p.body.contains("evil.example"), "{name}");
        assert!(
            p.body.contains(&format!("{PUBLIC_URL}/staff/setup/")),
            "{name}"
        );
        // HSTS on every answer: a page, the login form, a 404.
        for path in ["/staff/accounts", "/staff/login", "/staff/bookings/nope"] {
            let p = admin.get(path).await;
            assert_eq!(
                p.headers
                    .get(header::STRICT_TRANSPORT_SECURITY)
                    .and_then(|v| v.to_str().ok()),
                Some("max-age=31536000"),
                "{name}: {path}"
            );
        }

        // No public address: no link, no account, and the page says why.
        let clock = Arc::new(ManualClock::new(T0));
        let host = Arc::new(
            Host::new(
                store.clone(),
                support::catalog(),
                HostConfig::default(),
                clock.clone(),
            )
            .expect("host"),
        );
        let bare = Env {
            app: staff::router(Staff::new(
                host,
                StaffConfig {
                    insecure_http: true,
                    clock,
                    public_url: None,
                },
            )),
            clock: Arc::new(ManualClock::new(T0)),
        };
        let mut admin = Browser::new(&bare.app);
        admin.get("/staff/login").await;
        let p = admin
            .post(
                "/staff/login",
                &[("email", "admin@x.fr"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{name}");
        let page = admin.get("/staff/accounts").await;
        assert!(page.body.contains("id=\"no-public-url\""), "{name}");
        assert!(
            page.headers
                .get(header::STRICT_TRANSPORT_SECURITY)
                .is_none()
        );
        let before = store.staff_accounts().await.unwrap().len();
        let p = admin
            .post(
                "/staff/accounts",
                &[("email", "new@x.fr"), ("role", "reception")],
            )
            .await;
        assert_eq!(p.status, StatusCode::SERVICE_UNAVAILABLE, "{name}");
        assert!(p.body.contains("TREMPLIN_PUBLIC_URL") && !p.body.contains("/staff/setup/"));
        assert_eq!(
            store.staff_accounts().await.unwrap().len(),
            before,
            "{name}"
        );
        let other = store.staff_by_email("evil@x.fr").await.unwrap().unwrap();
        admin.get("/staff/accounts").await;
        let p = admin
            .post(
                &format!("/staff/accounts/{}/active", other.id),
                &[("reset", "1")],
            )
            .await;
        assert_eq!(p.status, StatusCode::SERVICE_UNAVAILABLE, "{name}");
        assert!(!p.body.contains("/staff/setup/"), "{name}");
        // The first start without a public address creates no admin it could not link to.
        let (_, empty) = support::stores().await.remove(0);
        staff::first_run_admin(&empty, &support::catalog(), None, None)
            .await
            .unwrap();
        assert!(empty.staff_accounts().await.unwrap().is_empty(), "{name}");
    }
}

/// The current-password check of a password change is limited like a login: each attempt
/// counted before the check, the account locked after five in a row, guesses sent at once
/// all counted, and the right one among them refused.
#[tokio::test]
async fn guessing_the_current_password_is_limited_like_a_login() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        account(&store, "a@x.fr", Role::Reception, None).await;
        let mut b = Browser::logged_in(&e.app, "a@x.fr").await;
        b.get("/staff/password").await;
        let new = "une toute nouvelle phrase de passe";
        let change = |current: &str| {
            format!(
                "csrf={}&current={}&password={}&confirm={}",
                b.csrf,
                form_urlencoded::byte_serialize(current.as_bytes()).collect::<String>(),
                form_urlencoded::byte_serialize(new.as_bytes()).collect::<String>(),
                form_urlencoded::byte_serialize(new.as_bytes()).collect::<String>(),
            )
        };
        let request = |body: String| {
            Request::post("/staff/password")
                .header(header::COOKIE, b.cookie_header())
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap()
        };
        let mut sent = Vec::new();
        for i in 0..30 {
            sent.push(request(change(&format!("guess number {i}"))));
        }
        sent.push(request(change(PASSWORD)));
        // All at once, the right one last.
        let tasks: Vec<_> = sent
            .into_iter()
            .map(|r| tokio::spawn(e.app.clone().oneshot(r)))
            .collect();
        let mut answers = Vec::new();
        for t in tasks {
            answers.push(t.await.unwrap());
        }
        let right = answers.last().unwrap().as_ref().unwrap();
        assert_eq!(
            right.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: the right one refused"
        );
        for a in &answers {
            assert_eq!(
                a.as_ref().unwrap().status(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "{name}"
            );
        }
        let account = store.staff_by_email("a@x.fr").await.unwrap().unwrap();
        assert_eq!(account.failed_logins, 31, "{name}: every attempt counted");
        assert!(account.locked_until.is_some(), "{name}: locked");
        assert_eq!(
            account.password_hash.as_deref(),
            Some(phc().as_str()),
            "{name}"
        );
        // Locked: the right one alone is refused too, and says why.
        let p = b
            .post(
                "/staff/password",
                &[("current", PASSWORD), ("password", new), ("confirm", new)],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(
            p.body.contains("Trop d&#39;essais") || p.body.contains("Trop d'essais"),
            "{name}"
        );
        // After the lock, it works again.
        e.clock.advance(auth::ACCOUNT_LOCK + 1);
        let mut b = Browser::logged_in(&e.app, "a@x.fr").await;
        b.get("/staff/password").await;
        let p = b
            .post(
                "/staff/password",
                &[("current", PASSWORD), ("password", new), ("confirm", new)],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{name}");
    }
}

/// Reception sees which urgent situation a person told, with the number to call, calls them
/// back (time and note, audited), filters the urgent cases not called back yet, and finds a
/// person by their phone number in any format, compared through the keyed hash.
#[tokio::test]
async fn urgent_cases_are_called_back_and_people_found_by_phone() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        account(&store, "accueil@x.fr", Role::Reception, None).await;
        let p1 = person_coded(&store, "p1", "fr", (true, false), &["urgent:suicide"], &[]).await;
        let p2 = person(&store, "p22", "fr", true, false).await;
        let (b1, r1) = book(&store, &p1, "cd37", 0, true).await;
        let (_, r2) = book(&store, &p2, "cd37", 1, false).await;
        let request = urgent_request(&store, &p2).await;
        let unshared = person_coded(
            &store,
            "p4444",
            "fr",
            (false, false),
            &["urgent:suicide"],
            &[],
        )
        .await;
        book(&store, &unshared, "cd37", 2, true).await;
        let mut b = Browser::logged_in(&e.app, "accueil@x.fr").await;
        let q = b.get("/staff").await;
        assert!(q.body.contains("Idées suicidaires, 3114"), "{name}");
        // Only what the person shared: without that consent, "Urgent" and no more.
        assert_eq!(q.body.matches("Idées suicidaires").count(), 1, "{name}");
        let uncalled = b.get("/staff?urgent=uncalled").await;
        assert!(uncalled.body.contains(&r1) && !uncalled.body.contains(&r2));
        assert!(
            uncalled
                .body
                .contains(&format!("/staff/requests/{request}"))
        );
        // Called back: a note is needed; then the time, the history and the audit say it.
        let path = format!("/staff/bookings/{b1}");
        let page = b.get(&path).await;
        assert!(page.body.contains("id=\"called-back-button\""), "{name}");
        b.refused(
            &format!("{path}/called-back"),
            &[("note", "   ")],
            "Écrivez une note",
        )
        .await;
        b.post_to(
            &format!("{path}/called-back"),
            &[("note", "rappelée, rendez-vous maintenu")],
            "staff-done",
        )
        .await;
        let page = b.get(&path).await;
        assert!(page.body.contains("id=\"called-back-at\""), "{name}");
        assert!(page.body.contains("rappelée, rendez-vous maintenu"));
        assert_eq!(audited(&store, "called-back").await, 1);
        b.get(&format!("/staff/requests/{request}")).await;
        b.post_to(
            &format!("/staff/requests/{request}/called-back"),
            &[("note", "hébergée ce soir")],
            "staff-done",
        )
        .await;
        let uncalled = b.get("/staff?urgent=uncalled").await;
        assert!(!uncalled.body.contains(&r1), "{name}");
        assert!(
            !uncalled
                .body
                .contains(&format!("/staff/requests/{request}"))
        );
        // Found by phone, whatever the format; the number is in no URL kept and no audit line.
        for typed in ["06 12 34 00 74", "+33612340074", "0033 6.12.34.00.74"] {
            let found = b.post("/staff", &[("q", typed)]).await;
            assert_eq!(found.status, StatusCode::OK, "{name}");
            assert!(!found.body.contains("q=06") && !found.body.contains("q=%2B33"));
            assert!(found.body.contains(&r1), "{name}: {typed}");
            assert!(!found.body.contains(&r2), "{name}: {typed}");
        }
        let searches = store
            .audit_entries(
                &AuditFilter {
                    action: Some("search-phone".into()),
                    ..Default::default()
                },
                10,
            )
            .await
            .unwrap();
        assert_eq!(searches.len(), 3);
        assert!(
            searches
                .iter()
                .all(|a| !a.detail.clone().unwrap_or_default().contains("612"))
        );
        // Today's and tomorrow's lists, in the order of the appointments, with weekdays.
        let starts = store.staff_booking(&b1).await.unwrap().unwrap().starts_at;
        let day = tremplin::web::staff::layout::day(starts);
        let tomorrow = b.get("/staff?view=tomorrow").await;
        assert!(
            tomorrow.body.contains("Demain") && tomorrow.body.contains("mardi"),
            "{name}"
        );
        let on_day = b.get(&format!("/staff?date={day}")).await;
        assert!(on_day.body.contains(&r1), "{name}");
        // The password page is a page of the logged-in dashboard.
        let password = b.get("/staff/password").await;
        assert!(password.body.contains("Changer votre mot de passe"));
        assert!(password.body.contains("/staff/logout"));
    }
}

/// Moving a booking is one page: the free slots by place and day, those that suit what the
/// person said (here: afternoons) first and marked.
#[tokio::test]
async fn the_slots_that_suit_the_person_come_first() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        account(&store, "accueil@x.fr", Role::Reception, None).await;
        let afternoons = Value::Options(vec!["afternoon".into()]);
        let p1 = person_coded(
            &store,
            "p1",
            "fr",
            (true, false),
            &["code:1"],
            &[("times", afternoons)],
        )
        .await;
        let (b1, _) = book(&store, &p1, "cd37", 0, false).await;
        let mut b = Browser::logged_in(&e.app, "accueil@x.fr").await;
        let page = b.get(&format!("/staff/bookings/{b1}")).await;
        let fitting = page
            .body
            .find("Qui conviennent à la personne")
            .expect("fitting first");
        let others = page.body.find("Autres créneaux").expect("then the others");
        assert!(fitting < others, "{name}");
        let hour = |part: &str| {
            let key = part.split('"').next().unwrap();
            let start: i64 = key.split('/').nth(2).unwrap().parse().unwrap();
            tremplin::web::staff::layout::when(start)[11..13]
                .parse::<u32>()
                .unwrap()
        };
        let first = &page.body[fitting..others];
        assert!(first.contains("convient"));
        assert!(
            first
                .split("name=\"slot\" value=\"")
                .skip(1)
                .all(|s| hour(s) >= 12),
            "{name}: afternoons first"
        );
        assert!(
            page.body[others..]
                .split("name=\"slot\" value=\"")
                .skip(1)
                .any(|s| hour(s) < 12)
        );
    }
}

/// Reception sorts the list by a column (the filters kept, the sorted column said so), finds
/// a person by the name it noted (sealed, compared through keyed hashes, never in a link),
/// reads the person's words beside their French version, and sees the interpreter the person
/// asked for in the day's list and first in the slots of the move.
#[tokio::test]
async fn sorting_names_french_versions_and_needs() {
    for (name, store, url) in support::stores_with_urls().await {
        let e = env(store.clone());
        account(&store, "accueil@x.fr", Role::Reception, None).await;
        let words = Value::Text("أحتاج مساعدة في السكن".into());
        let p1 = person_coded(
            &store,
            "p1",
            "ar",
            (true, false),
            &["besoin:interprete"],
            &[("comment", words)],
        )
        .await;
        let p2 = person(&store, "p22", "fr", true, false).await;
        let (b1, r1) = book(&store, &p1, "cd37", 0, false).await;
        let (_, r2) = book(&store, &p2, "cd37", 5, false).await;
        let mut b = Browser::logged_in(&e.app, "accueil@x.fr").await;

        // Sorted by a column, either way; the header says which, and its links keep filters.
        let by_time = b.get("/staff?status=all&sort=when").await;
        assert!(
            by_time.body.find(&r1).unwrap() < by_time.body.find(&r2).unwrap(),
            "{name}"
        );
        assert!(by_time.body.contains("aria-sort=\"ascending\""), "{name}");
        assert!(
            by_time
                .body
                .contains("href=\"/staff?status=all&amp;sort=-when\""),
            "{name}"
        );
        let latest = b.get("/staff?status=all&sort=-when").await;
        assert!(
            latest.body.find(&r2).unwrap() < latest.body.find(&r1).unwrap(),
            "{name}"
        );
        assert!(latest.body.contains("aria-sort=\"descending\""), "{name}");
        assert_eq!(
            b.get("/staff?sort=nonsense").await.status,
            StatusCode::BAD_REQUEST
        );

        // A name noted, then found by any of its words, folded; sealed at rest.
        let path = format!("/staff/bookings/{b1}");
        b.post_to(
            &format!("{path}/name"),
            &[("name", " Aminata   Diallo-Sané ")],
            "staff-done",
        )
        .await;
        assert_eq!(
            store.person_name(&p1).await.unwrap().as_deref(),
            Some("Aminata Diallo-Sané")
        );
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        let (sealed, keys): (String, String) =
            sqlx::query_as("SELECT name, name_keys FROM people WHERE id = $1")
                .bind(&p1)
                .fetch_one(&pool)
                .await
                .unwrap();
        assert!(
            sealed.starts_with("v1.") && !sealed.contains("Diallo"),
            "{name}"
        );
        assert!(!keys.to_lowercase().contains("diallo"), "{name}");
        for typed in ["diallo", "SANE", "aminata diallo sané"] {
            let found = b.post("/staff", &[("q", typed)]).await;
            assert_eq!(found.status, StatusCode::OK, "{name}");
            assert!(found.body.contains(&r1), "{name}: {typed}");
            assert!(!found.body.contains(&r2), "{name}: {typed}");
            assert!(!found.body.to_lowercase().contains("q=diallo"), "{name}");
            assert!(!found.body.contains("q=SANE") && !found.body.contains("q=aminata"));
        }
        let nobody = b.post("/staff", &[("q", "Dupont Martin")]).await;
        assert!(!nobody.body.contains(&r1) && !nobody.body.contains(&r2));
        let searches = store
            .audit_entries(
                &AuditFilter {
                    action: Some("search-name".into()),
                    ..Default::default()
                },
                10,
            )
            .await
            .unwrap();
        assert_eq!(searches.len(), 4, "{name}");
        assert!(searches.iter().all(|a| {
            let d = a.detail.clone().unwrap_or_default().to_lowercase();
            !d.contains("diallo") && !d.contains("dupont")
        }));
        assert_eq!(audited(&store, "note-name").await, 1);
        // The person's copy of their data has it.
        let export = b.get(&format!("/staff/people/{p1}/export.json")).await;
        assert!(
            export.body.contains("Aminata Diallo-Sané"),
            "{name}: {}",
            export.body
        );
        // A reference is still a reference.
        let by_reference = b.post("/staff", &[("q", &r2)]).await;
        assert!(by_reference.body.contains(&r2) && !by_reference.body.contains(&r1));

        // The person's words marked with their language, the French version beside; so is
        // each message sent to them.
        b.post_to(&format!("{path}/confirm"), &[], "staff-done")
            .await;
        let page = b.get(&path).await;
        let told = page.body.find("id=\"messages\"").expect("the messages");
        let told = &page.body[told..];
        assert!(told.contains("<span dir=\"auto\" lang=\"ar\">"), "{name}");
        assert!(told.contains("En français :"), "{name}");
        assert!(
            told.contains("<span class=\"french\" lang=\"fr\">Votre rendez-vous est confirmé"),
            "{name}"
        );
        assert!(page.body.contains("Aminata Diallo-Sané"), "{name}");
        assert!(
            page.body
                .contains("<span dir=\"auto\" lang=\"ar\">أحتاج مساعدة في السكن</span>"),
            "{name}"
        );
        assert!(page.body.contains("Ses propres mots, en arabe"), "{name}");
        assert!(page.body.contains("Lu par la personne, en arabe"), "{name}");
        assert!(
            page.body
                .contains("lang=\"ar\" dir=\"auto\">العربية</span> (arabe)")
        );

        // The interpreter asked for: on the move page, the slots of the sites that arrange
        // one first; in the day's list (and so its print).
        assert!(page.body.contains("Interprète en arabe"), "{name}");
        let fitting = page.body.find("Qui conviennent à la personne").unwrap();
        let others = page.body.find("Autres créneaux").unwrap();
        let sites = |part: &str| -> Vec<String> {
            part.split("name=\"slot\" value=\"")
                .skip(1)
                .map(|s| s.split('/').next().unwrap().to_string())
                .collect()
        };
        let first = sites(&page.body[fitting..others]);
        assert!(!first.is_empty(), "{name}");
        assert!(
            first
                .iter()
                .all(|s| s == "mds-tours-nord" || s == "mds-tours-sud"),
            "{name}: {first:?}"
        );
        assert!(
            sites(&page.body[others..])
                .iter()
                .any(|s| s == "mds-chinon" || s == "mds-loches-amboise"),
            "{name}"
        );
        let starts = store.staff_booking(&b1).await.unwrap().unwrap().starts_at;
        let day = tremplin::web::staff::layout::day(starts);
        let on_day = b.get(&format!("/staff?date={day}")).await;
        assert!(on_day.body.contains("Interprète en arabe"), "{name}");
        assert!(on_day.body.contains("aria-sort=\"ascending\""), "{name}");

        // Forgotten when blanked.
        b.post_to(&format!("{path}/name"), &[("name", "  ")], "staff-done")
            .await;
        assert_eq!(store.person_name(&p1).await.unwrap(), None);
        let gone = b.post("/staff", &[("q", "diallo")]).await;
        assert!(!gone.body.contains(&r1), "{name}");
    }
}
