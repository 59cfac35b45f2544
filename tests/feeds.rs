//! Calendar feeds over HTTP, on SQLite and PostgreSQL: made on the dashboard, read at their
//! address by a calendar client and parsed by an iCalendar parser other than the one that
//! writes them; each booking's event follows its changes (a growing SEQUENCE, its status, its
//! new time), a cancelled one stays 30 days as cancelled, renewing or revoking kills the old
//! address, a partner's advisor sees only their partner's bookings, and the person's name
//! shows only when they agreed to share with partners. The token reaches no log.

mod support;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use support::browser::{Browser, Page, account};
use tower::ServiceExt;

use tremplin::app::{Host, HostConfig};
use tremplin::core::ManualClock;
use tremplin::storage::Store;
use tremplin::storage::staff::{AuditFilter, Role};
use tremplin::transcript::T0;
use tremplin::web::AppState;
use tremplin::web::staff::StaffConfig;

const PUBLIC_URL: &str = "https://tremplin.example.org";
const DAY: i64 = 86_400;

struct Env {
    app: Router,
    clock: Arc<ManualClock>,
    host: Arc<Host>,
}

/// The whole service (dashboard and feeds) over a store, on a manual clock.
fn env(store: Store) -> Env {
    let clock = Arc::new(ManualClock::new(T0));
    let host = Arc::new(
        Host::new(
            store,
            support::catalog(),
            HostConfig::default(),
            clock.clone(),
        )
        .expect("host"),
    );
    let state = AppState {
        host: host.clone(),
        sms: None,
        telegram: None,
    };
    let app = tremplin::web::app_with_staff(
        state,
        StaffConfig {
            insecure_http: false,
            clock: clock.clone(),
            public_url: Some(PUBLIC_URL.into()),
        },
    );
    Env { app, clock, host }
}

/// A person who talked to the bot up to their consents: to keep their answers, their
/// sensitive answers, and to share with partners (`share`) or not. Their id.
async fn person(host: &Host, name: &str, share: bool) -> String {
    let key = support::key(name);
    let answers = [
        "Bonjour",
        "1",
        "oui",
        "oui",
        if share { "oui" } else { "non" },
    ];
    for (i, a) in answers.iter().enumerate() {
        support::say(host, &key, Some(a), Some(&format!("{name}{i}"))).await;
    }
    support::person_id(host, &key).await
}

/// One event as a calendar reads it.
#[derive(Debug, Clone)]
struct Event {
    props: BTreeMap<String, String>,
    tzid: Option<String>,
}

impl Event {
    fn get(&self, name: &str) -> &str {
        self.props.get(name).map_or("", String::as_str)
    }
    fn sequence(&self) -> u32 {
        self.get("SEQUENCE").parse().expect("a sequence")
    }
    /// Every text of the event, as one string.
    fn all(&self) -> String {
        self.props.values().cloned().collect::<Vec<_>>().join("\n")
    }
}

/// The text value of a property, unescaped (RFC 5545, 3.3.11).
fn unescape(v: &str) -> String {
    v.replace("\\n", "\n")
        .replace("\\N", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
}

/// The events of a feed, by UID, parsed by `ical`.
fn parse(text: &str) -> BTreeMap<String, Event> {
    let calendars: Vec<_> = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("not iCalendar: {e}\n{text}"));
    assert_eq!(calendars.len(), 1, "{text}");
    let cal = &calendars[0];
    assert!(
        cal.properties
            .iter()
            .any(|p| p.name == "VERSION" && p.value.as_deref() == Some("2.0"))
    );
    let mut out = BTreeMap::new();
    for e in &cal.events {
        let mut props = BTreeMap::new();
        let mut tzid = None;
        for p in &e.properties {
            if p.name == "DTSTART" {
                tzid = p.params.as_ref().and_then(|ps| {
                    ps.iter()
                        .find(|(k, _)| k == "TZID")
                        .map(|(_, v)| v.join(","))
                });
            }
            props.insert(p.name.clone(), unescape(p.value.as_deref().unwrap_or("")));
        }
        let event = Event { props, tzid };
        out.insert(event.get("UID").to_string(), event);
    }
    out
}

/// Gets an address without a session, as a calendar client does.
async fn fetch(app: &Router, path: &str, etag: Option<&str>) -> Page {
    let mut req = Request::get(path);
    if let Some(t) = etag {
        req = req.header(header::IF_NONE_MATCH, t);
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 4 << 20)
        .await
        .unwrap();
    Page {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).expect("UTF-8"),
    }
}

/// Reads a feed: 200, as iCalendar; its events and ETag.
async fn read(app: &Router, path: &str) -> (BTreeMap<String, Event>, String) {
    let p = fetch(app, path, None).await;
    assert_eq!(p.status, StatusCode::OK, "{path}: {}", p.body);
    assert_eq!(
        p.headers[header::CONTENT_TYPE],
        "text/calendar; charset=utf-8"
    );
    let etag = p.headers[header::ETAG].to_str().unwrap().to_string();
    (parse(&p.body), etag)
}

/// The address a page shows once (`#feed-link`), as a path.
fn link_of(page: &Page) -> String {
    let at = page
        .body
        .find("id=\"feed-link\">")
        .unwrap_or_else(|| panic!("no link: {}", page.body))
        + 15;
    let link = page.body[at..].split('<').next().unwrap();
    assert!(
        link.starts_with(PUBLIC_URL) && link.ends_with(".ics"),
        "{link}"
    );
    link[PUBLIC_URL.len()..].to_string()
}

/// The first feed id in a page's renew forms.
fn feed_id(page: &Page) -> String {
    let at = page.body.find("action=\"/staff/feeds/").expect("a feed") + 21;
    page.body[at..].split('/').next().unwrap().to_string()
}

async fn audited(store: &Store, action: &str) -> Vec<Option<String>> {
    let f = AuditFilter {
        action: Some(action.into()),
        ..Default::default()
    };
    store
        .audit_entries(&f, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.detail)
        .collect()
}

fn uid(booking: &str) -> String {
    format!("{booking}@tremplin")
}

#[tokio::test]
async fn an_advisors_feed_follows_its_bookings() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        let ft = account(&store, "ft@x.fr", Role::Advisor, Some("france-travail-37")).await;
        account(
            &store,
            "ml@x.fr",
            Role::Advisor,
            Some("mission-locale-touraine"),
        )
        .await;
        account(&store, "r@x.fr", Role::Reception, None).await;
        let shared = person(&e.host, "jeanne", true).await;
        let private = person(&e.host, "paul", false).await;
        let ft_id = "france-travail-37";
        let a = support::booking::book(&store, &shared, ft_id, 0, "FTA234", false).await;
        let b = support::booking::book(&store, &private, ft_id, 1, "FTB234", false).await;
        let joint =
            support::booking::book_joint(&store, &private, "cd37", Some(ft_id), 2, "CDJ234", false)
                .await;
        let ml = support::booking::book(
            &store,
            &shared,
            "mission-locale-touraine",
            0,
            "MLA234",
            false,
        )
        .await;
        // Reception notes both names.
        let mut desk = Browser::logged_in(&e.app, "r@x.fr").await;
        for (booking, who) in [(&a, "Jeanne Martin"), (&b, "Paul Durand")] {
            desk.act_on(
                &format!("/staff/bookings/{booking}"),
                "name",
                &[("name", who)],
                "",
            )
            .await;
        }

        // The advisor makes their feed on the dashboard: the address is shown once.
        let mut adv = Browser::logged_in(&e.app, "ft@x.fr").await;
        let page = adv.get("/staff/feeds").await;
        assert_eq!(page.status, StatusCode::OK, "{name}");
        assert!(
            page.body.contains(&format!("value=\"account:{ft}\"")),
            "{name}"
        );
        assert!(
            !page.body.contains("site:"),
            "{name}: only admins make a site's feed"
        );
        let made = adv
            .post("/staff/feeds", &[("owner", &format!("account:{ft}"))])
            .await;
        assert_eq!(made.status, StatusCode::OK, "{name}: {}", made.body);
        let path = link_of(&made);
        let again = adv.get("/staff/feeds").await;
        assert!(
            !again.body.contains(&path),
            "{name}: the address is shown once"
        );
        assert!(again.body.contains("Jamais lu"), "{name}");
        let feed = feed_id(&again);
        // A second feed for the same account is refused: renew it instead.
        let twice = adv
            .post("/staff/feeds", &[("owner", &format!("account:{ft}"))])
            .await;
        assert_eq!(twice.status, StatusCode::CONFLICT, "{name}");

        // A calendar reads it: its partner's bookings, lead or joint, and no other.
        let (events, etag) = read(&e.app, &path).await;
        let keys: Vec<&String> = events.keys().collect();
        assert_eq!(events.len(), 3, "{name}: {keys:?}");
        for booking in [&a, &b, &joint] {
            assert!(events.contains_key(&uid(booking)), "{name}: {keys:?}");
        }
        assert!(!events.contains_key(&uid(&ml)), "{name}");
        let ea = &events[&uid(&a)];
        assert!(
            ea.get("SUMMARY")
                .starts_with("RDV tremplin FTA234 — Jeanne Martin — Agence France Travail"),
            "{name}: {}",
            ea.get("SUMMARY")
        );
        assert!(
            ea.get("LOCATION").contains("1 allée Fictive, 37200 Tours"),
            "{name}"
        );
        assert!(
            ea.get("DESCRIPTION").contains("Référence : FTA234"),
            "{name}"
        );
        assert!(
            ea.get("DESCRIPTION").contains("Format : sur place"),
            "{name}"
        );
        assert_eq!(ea.get("STATUS"), "TENTATIVE", "{name}");
        assert_eq!(ea.sequence(), 0, "{name}");
        assert_eq!(ea.tzid.as_deref(), Some("Europe/Paris"), "{name}");
        assert!(!ea.get("DTSTAMP").is_empty() && !ea.get("LAST-MODIFIED").is_empty());
        // No name without the consent to share.
        let eb = &events[&uid(&b)];
        assert!(
            eb.get("SUMMARY")
                .starts_with("RDV tremplin FTB234 — Agence"),
            "{name}"
        );
        assert!(
            !eb.all().contains("Paul") && !eb.all().contains("Durand"),
            "{name}"
        );
        // The joint appointment names the other partner's place.
        let ej = &events[&uid(&joint)];
        assert!(
            ej.get("DESCRIPTION").contains(
                "Rendez-vous commun : Maison départementale de la solidarité Tours Nord (démo) \
                 et Agence France Travail Tours Deux-Lions (démo)"
            ),
            "{name}: {}",
            ej.get("DESCRIPTION")
        );
        assert!(
            ej.get("LOCATION").contains("Maison départementale"),
            "{name}"
        );
        // Unchanged: 304 to a client that sends the ETag back.
        let same = fetch(&e.app, &path, Some(&etag)).await;
        assert_eq!(same.status, StatusCode::NOT_MODIFIED, "{name}");
        assert!(same.body.is_empty());
        // The dashboard says when it was last read.
        assert!(
            !adv.get("/staff/feeds").await.body.contains("Jamais lu"),
            "{name}"
        );

        // Confirmed: a higher sequence, CONFIRMED, a new ETag.
        desk.act_on(
            &format!("/staff/bookings/{a}"),
            "confirm",
            &[],
            "staff-done",
        )
        .await;
        let (events, etag2) = read(&e.app, &path).await;
        assert_ne!(etag, etag2, "{name}");
        assert_eq!(events[&uid(&a)].get("STATUS"), "CONFIRMED", "{name}");
        assert_eq!(events[&uid(&a)].sequence(), 1, "{name}");
        assert_eq!(
            fetch(&e.app, &path, Some(&etag)).await.status,
            StatusCode::OK
        );

        // Moved: its new time, a higher sequence, the same UID.
        let before = events[&uid(&b)].clone();
        let page = desk.get(&format!("/staff/bookings/{b}")).await;
        let slot = page
            .body
            .split("name=\"slot\" value=\"")
            .skip(1)
            .filter_map(|o| o.split('"').next())
            .nth(10)
            .expect("a free slot")
            .to_string();
        desk.post_to(
            &format!("/staff/bookings/{b}/reassign"),
            &[("slot", &slot), ("reason", "plus près")],
            "staff-done",
        )
        .await;
        let (events, _) = read(&e.app, &path).await;
        let moved = &events[&uid(&b)];
        assert!(moved.sequence() > before.sequence(), "{name}");
        assert_ne!(moved.get("DTSTART"), before.get("DTSTART"), "{name}");
        assert!(
            !moved.all().contains("plus près"),
            "{name}: no reason in the feed"
        );

        // Cancelled: kept as CANCELLED with a higher sequence, for 30 days.
        desk.get(&format!("/staff/bookings/{a}")).await;
        desk.post_confirmed(
            &format!("/staff/bookings/{a}/cancel"),
            &[("reason", "fermeture")],
            "staff-done-undo",
        )
        .await;
        let (events, _) = read(&e.app, &path).await;
        assert_eq!(events[&uid(&a)].get("STATUS"), "CANCELLED", "{name}");
        assert_eq!(events[&uid(&a)].sequence(), 2, "{name}");

        // Another partner's advisor: their own feed, without these bookings; this feed is
        // not theirs to renew or revoke (404).
        let mut other = Browser::logged_in(&e.app, "ml@x.fr").await;
        let page = other.get("/staff/feeds").await;
        assert!(!page.body.contains(&feed), "{name}");
        for action in ["renew", "revoke"] {
            let p = other
                .post(&format!("/staff/feeds/{feed}/{action}"), &[])
                .await;
            assert_eq!(p.status, StatusCode::NOT_FOUND, "{name}: {action}");
        }
        let p = other
            .post("/staff/feeds", &[("owner", &format!("account:{ft}"))])
            .await;
        assert_eq!(p.status, StatusCode::NOT_FOUND, "{name}");
        let p = other
            .post(
                "/staff/feeds",
                &[("owner", "site:indre-et-loire/ft-tours-deux-lions")],
            )
            .await;
        assert_eq!(p.status, StatusCode::NOT_FOUND, "{name}");
        let mine = other.get("/staff/feeds").await;
        let ml_account = store.staff_by_email("ml@x.fr").await.unwrap().unwrap().id;
        let made = other
            .post(
                "/staff/feeds",
                &[("owner", &format!("account:{ml_account}"))],
            )
            .await;
        assert_eq!(mine.status, StatusCode::OK);
        let (theirs, _) = read(&e.app, &link_of(&made)).await;
        assert_eq!(theirs.keys().collect::<Vec<_>>(), vec![&uid(&ml)], "{name}");

        // 29 days on, the cancelled one is still there; 31 days on, it is gone.
        e.clock.advance(29 * DAY);
        let (events, _) = read(&e.app, &path).await;
        assert_eq!(events[&uid(&a)].get("STATUS"), "CANCELLED", "{name}");
        e.clock.advance(2 * DAY);
        let (events, _) = read(&e.app, &path).await;
        assert!(!events.contains_key(&uid(&a)), "{name}");
        assert!(
            events.contains_key(&uid(&b)),
            "{name}: the last 30 days stay"
        );

        // Renewing: a new address, the old one dead at once; revoking: dead too.
        let mut adv = Browser::logged_in(&e.app, "ft@x.fr").await;
        adv.get("/staff/feeds").await;
        let renewed = adv.post(&format!("/staff/feeds/{feed}/renew"), &[]).await;
        assert_eq!(renewed.status, StatusCode::OK, "{name}");
        let new_path = link_of(&renewed);
        assert_ne!(new_path, path);
        let dead = fetch(&e.app, &path, None).await;
        assert_eq!(dead.status, StatusCode::NOT_FOUND, "{name}");
        assert_eq!(dead.body, "not found\n");
        read(&e.app, &new_path).await;
        let revoked = adv.post(&format!("/staff/feeds/{feed}/revoke"), &[]).await;
        assert_eq!(revoked.status, StatusCode::OK, "{name}");
        assert_eq!(
            fetch(&e.app, &new_path, None).await.status,
            StatusCode::NOT_FOUND,
            "{name}"
        );
        // Each change is audited, naming whose feed, never its token.
        for action in ["feed-created", "feed-renewed", "feed-revoked"] {
            let lines = audited(&store, action).await;
            assert!(!lines.is_empty(), "{name}: {action}");
            for d in lines.iter().flatten() {
                assert!(!path.contains(d.as_str()) && !new_path.contains(d.as_str()));
                assert!(d.starts_with("account "), "{name}: {d}");
            }
        }
        assert_eq!(audited(&store, "feed-created").await.len(), 2, "{name}");
    }
}

#[tokio::test]
async fn a_sites_feed_and_erasure() {
    for (name, store) in support::stores().await {
        let e = env(store.clone());
        account(&store, "admin@x.fr", Role::Admin, None).await;
        let ml_account = account(
            &store,
            "ml@x.fr",
            Role::Advisor,
            Some("mission-locale-touraine"),
        )
        .await;
        let shared = person(&e.host, "jeanne", true).await;
        let other = person(&e.host, "lea", true).await;
        let ft_id = "france-travail-37";
        let a = support::booking::book(&store, &shared, ft_id, 0, "FTA234", false).await;
        let joint =
            support::booking::book_joint(&store, &shared, "cd37", Some(ft_id), 1, "CDJ234", false)
                .await;
        let elsewhere = support::booking::book(&store, &other, "cd37", 2, "CDX234", false).await;
        let mut admin = Browser::logged_in(&e.app, "admin@x.fr").await;
        admin
            .act_on(
                &format!("/staff/bookings/{a}"),
                "name",
                &[("name", "Jeanne Martin")],
                "",
            )
            .await;

        // An admin makes the feed of France Travail's first site: its bookings, as lead or
        // joint site.
        let page = admin.get("/staff/feeds").await;
        let owner = "site:indre-et-loire/ft-tours-deux-lions";
        assert!(page.body.contains(owner), "{name}");
        assert!(
            page.body.contains(&format!("account:{ml_account}")),
            "{name}"
        );
        let made = admin.post("/staff/feeds", &[("owner", owner)]).await;
        let path = link_of(&made);
        let site_feed = feed_id(&admin.get("/staff/feeds").await);
        let (events, _) = read(&e.app, &path).await;
        assert!(events.contains_key(&uid(&a)), "{name}");
        assert!(events.contains_key(&uid(&joint)), "{name}");
        assert!(!events.contains_key(&uid(&elsewhere)), "{name}");
        assert!(
            events[&uid(&a)].get("SUMMARY").contains("Jeanne Martin"),
            "{name}"
        );
        let listed = admin.get("/staff/feeds").await;
        assert!(
            listed
                .body
                .contains("Agence France Travail Tours Deux-Lions"),
            "{name}"
        );
        assert_eq!(
            audited(&store, "feed-created").await,
            [Some("site ft-tours-deux-lions".to_string())]
        );

        // A person who stops sharing with partners: their name leaves the feed.
        let lea = support::booking::book(&store, &other, ft_id, 3, "FTL234", false).await;
        admin
            .act_on(
                &format!("/staff/bookings/{lea}"),
                "name",
                &[("name", "Léa Petit")],
                "",
            )
            .await;
        let (events, _) = read(&e.app, &path).await;
        assert!(
            events[&uid(&lea)].get("SUMMARY").contains("Léa Petit"),
            "{name}"
        );
        support::say(
            &e.host,
            &support::key("lea"),
            Some("ne plus partager"),
            Some("stop"),
        )
        .await;
        let (events, _) = read(&e.app, &path).await;
        assert!(!events[&uid(&lea)].all().contains("Léa"), "{name}");
        assert!(
            events[&uid(&a)].get("SUMMARY").contains("Jeanne Martin"),
            "{name}"
        );

        // The person erases their data: the future appointments are cancelled, and the
        // feed shows no name any more.
        store.erase_person(&shared, None, T0).await.unwrap();
        let (events, _) = read(&e.app, &path).await;
        for booking in [&a, &joint] {
            let ev = &events[&uid(booking)];
            assert_eq!(ev.get("STATUS"), "CANCELLED", "{name}");
            assert!(ev.sequence() >= 1, "{name}");
            assert!(!ev.all().contains("Jeanne"), "{name}: {}", ev.all());
        }

        // An account turned off: its feed stops answering.
        let mut ml = Browser::logged_in(&e.app, "ml@x.fr").await;
        ml.get("/staff/feeds").await;
        let made = ml
            .post(
                "/staff/feeds",
                &[("owner", &format!("account:{ml_account}"))],
            )
            .await;
        let ml_path = link_of(&made);
        read(&e.app, &ml_path).await;
        admin.get("/staff/accounts").await;
        admin
            .post(
                &format!("/staff/accounts/{ml_account}/active"),
                &[("active", "0")],
            )
            .await;
        assert_eq!(
            fetch(&e.app, &ml_path, None).await.status,
            StatusCode::NOT_FOUND
        );
        // What is not a feed's address is a bare 404 too.
        for bad in [
            "/calendar/x.ics",
            "/calendar/nothing",
            &path.replace(".ics", "A.ics"),
        ] {
            let p = fetch(&e.app, bad, None).await;
            assert_eq!(p.status, StatusCode::NOT_FOUND, "{name}: {bad}");
        }
        // Without the CSRF token nothing is made, renewed or revoked.
        for action in ["renew", "revoke"] {
            let p = admin
                .post(
                    &format!("/staff/feeds/{site_feed}/{action}"),
                    &[("csrf", "x")],
                )
                .await;
            assert_eq!(p.status, StatusCode::FORBIDDEN, "{name}: {action}");
        }
        read(&e.app, &path).await;
        let p = admin
            .post(
                "/staff/feeds",
                &[("owner", "site:indre-et-loire/mds-chinon"), ("csrf", "x")],
            )
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{name}");
    }
}

/// Whatever happens to a feed's address, its token is in no log line, no metric, no audit
/// line, and only its keyed hash is stored.
#[tokio::test]
async fn the_token_is_never_logged_or_stored() {
    let logs = support::logs::Captured::default();
    let _guard = logs.install();
    for (name, store, url) in support::stores_with_urls().await {
        let e = env(store.clone());
        let id = account(&store, "ft@x.fr", Role::Advisor, Some("france-travail-37")).await;
        let mut adv = Browser::logged_in(&e.app, "ft@x.fr").await;
        adv.get("/staff/feeds").await;
        let made = adv
            .post("/staff/feeds", &[("owner", &format!("account:{id}"))])
            .await;
        let path = link_of(&made);
        let token = path
            .trim_start_matches("/calendar/")
            .trim_end_matches(".ics")
            .to_string();
        assert_eq!(token.len(), 43, "{name}: 256 bits");
        read(&e.app, &path).await;
        let stored = support::query_strings(&url, "SELECT token_key FROM calendar_feeds").await;
        assert_eq!(stored.len(), 1, "{name}");
        for s in &stored {
            assert!(s.starts_with("k1.") && !s.contains(&token), "{name}: {s}");
        }
        // A database that fails: the feed answers 503, the log says why without the token.
        support::execute(&url, "DROP TABLE booking_events").await;
        let p = fetch(&e.app, &path, None).await;
        assert_eq!(p.status, StatusCode::SERVICE_UNAVAILABLE, "{name}");
        assert!(!p.body.contains(&token));
        let feed = feed_id(&adv.get("/staff/feeds").await);
        adv.post(&format!("/staff/feeds/{feed}/revoke"), &[]).await;
        fetch(&e.app, &path, None).await;
        let metrics = fetch(&e.app, "/metrics", None).await;
        let captured = logs.text();
        assert!(
            captured.contains("calendar feed: storage"),
            "{name}: {captured}"
        );
        for (what, text) in [("logs", &captured), ("metrics", &metrics.body)] {
            assert!(!text.contains(&token), "{name}: the token in the {what}");
        }
        for action in ["feed-created", "feed-revoked"] {
            for d in audited(&store, action).await.into_iter().flatten() {
                assert!(!d.contains(&token), "{name}");
            }
        }
    }
}
