//! The staff dashboard in a real browser: headless Chromium driven over WebDriver
//! (chromedriver). Log in, open the queue, open a booking, confirm it, move another, and see
//! the people told through the outbox. Skipped when chromedriver is not installed, except in
//! CI (`CI=true`), where that is a failure.

mod common;

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use tremplin::app::{Host, HostConfig};
use tremplin::booking::Offer;
use tremplin::booking::slots::site_slots;
use tremplin::booking::territory::Format;
use tremplin::core::{BookingStatus, ManualClock, OutboxKind};
use tremplin::storage::Store;
use tremplin::storage::bookings::{BookOutcome, NewBooking};
use tremplin::storage::staff::Role;
use tremplin::transcript::T0;
use tremplin::web::staff::{self, Staff, StaffConfig, auth};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const PASSWORD: &str = "a long passphrase for the browser";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process, stopped when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A WebDriver session.
struct Browser {
    http: reqwest::Client,
    base: String,
}

impl Browser {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("webdriver reachable");
        let v: Value = res.json().await.expect("webdriver json");
        assert!(
            v["value"].get("error").is_none(),
            "webdriver {path}: {}",
            v["value"]
        );
        v["value"].clone()
    }

    async fn go(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await;
    }

    async fn find(&self, css: &str) -> String {
        let v = self
            .call(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        v[ELEMENT].as_str().expect("element id").to_string()
    }

    async fn type_in(&self, css: &str, text: &str) {
        let id = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        )
        .await;
    }

    async fn click(&self, css: &str) {
        let id = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/click"),
            Some(json!({})),
        )
        .await;
    }

    async fn click_link(&self, text: &str) {
        let v = self
            .call(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "link text", "value": text})),
            )
            .await;
        let id = v[ELEMENT].as_str().expect("link").to_string();
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/click"),
            Some(json!({})),
        )
        .await;
    }

    async fn url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Waits for the page the browser is loading to satisfy `ok` (a click that submits a
    /// form may return before the next page is there); returns the page.
    async fn page_where(&self, what: &str, ok: impl Fn(&str, &str) -> bool) -> String {
        let mut last = String::new();
        for _ in 0..200 {
            let url = self.url().await;
            last = self.source().await;
            if ok(&url, &last) {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the page never showed {what}: {last}");
    }

    async fn source(&self) -> String {
        self.call(reqwest::Method::GET, "/source", None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("addr")
        .port()
}

async fn book(store: &Store, person: &str, partner: &str, n: usize, reference: &str) -> String {
    let catalog = common::catalog();
    let t = catalog.territory(None).unwrap();
    let p = t.partner(partner).unwrap();
    let site = &p.sites[0];
    let slots = site_slots(p, site, T0 + 86_400, T0 + 20 * 86_400, &[], &[]);
    let s = &slots[n * 7];
    let offer = Offer {
        keys: vec![s.key.clone()],
        partner: partner.into(),
        site: site.id.clone(),
        with_partner: None,
        with_site: None,
        appointment: s.appointment.clone(),
        format: Format::OnSite,
        start: s.start,
        end: s.end,
    };
    match store
        .book(NewBooking {
            territory: "indre-et-loire",
            person_id: person,
            request_key: reference,
            offer: &offer,
            reference: reference.into(),
            parcours: Some(tremplin::core::Parcours::Emploi),
            lead: Some(tremplin::core::Body::FranceTravail),
            urgent: false,
            now: T0,
            reminders: Vec::new(),
            closes: None,
        })
        .await
        .unwrap()
    {
        BookOutcome::Booked(b) => b.id,
        other => panic!("not booked: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reception_confirms_and_moves_bookings_in_a_real_browser() {
    if !std::path::Path::new(CHROMEDRIVER).exists() {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "CI=true but {CHROMEDRIVER} is missing: the browser tests would be skipped"
        );
        eprintln!("skipped: {CHROMEDRIVER} is not installed");
        return;
    }
    // The dashboard, on plain http on localhost (the documented flag), over a fresh store.
    let (_, store) = common::stores().await.remove(0);
    let clock = Arc::new(ManualClock::new(T0));
    let host = Host::new(
        store.clone(),
        common::catalog(),
        HostConfig::default(),
        clock.clone(),
    )
    .expect("host");
    let app = staff::router(Staff::new(
        Arc::new(host),
        StaffConfig {
            insecure_http: true,
            clock,
        },
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let site = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    auth::create_account(
        &store,
        "accueil@example.org",
        Role::Reception,
        Some("indre-et-loire"),
        None,
        "system",
        T0,
    )
    .await
    .unwrap();
    let account = store
        .staff_by_email("accueil@example.org")
        .await
        .unwrap()
        .unwrap();
    store
        .set_staff_password(&account.id, &auth::hash_password(PASSWORD).unwrap(), T0)
        .await
        .unwrap();
    let fr = store
        .add_person(&common::key("browser-fr"), "fr", T0)
        .await
        .unwrap();
    let es = store
        .add_person(&common::key("browser-es"), "es", T0)
        .await
        .unwrap();
    let first = book(&store, &fr, "france-travail-37", 0, "BRWSR1").await;
    let second = book(&store, &es, "france-travail-37", 1, "BRWSR2").await;

    let port = free_port();
    let _driver = Driver(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let http = reqwest::Client::new();
    let driver = format!("http://127.0.0.1:{port}");
    let mut ready = false;
    for _ in 0..100 {
        if let Ok(r) = http.get(format!("{driver}/status")).send().await {
            if r.status().is_success() {
                ready = true;
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "chromedriver did not start");
    let mut args = vec![
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--lang=fr",
    ];
    args.push("--window-size=1280,1000");
    let created: Value = http
        .post(format!("{driver}/session"))
        .json(&json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}
        }}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session = created["value"]["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("no session: {created}"))
        .to_string();
    let b = Browser {
        http: http.clone(),
        base: format!("{driver}/session/{session}"),
    };

    // Log in.
    b.go(&format!("{site}/staff")).await;
    b.page_where("the login page", |url, _| url.ends_with("/staff/login"))
        .await;
    b.type_in("#email", "accueil@example.org").await;
    b.type_in("#password", PASSWORD).await;
    b.click("button[type=submit]").await;
    // The queue lists both bookings.
    let queue = b
        .page_where("the queue", |url, _| url.ends_with("/staff"))
        .await;
    assert!(queue.contains("File des rendez-vous"));
    assert!(queue.contains("BRWSR1") && queue.contains("BRWSR2"));
    // Open the first booking from the queue and confirm it.
    b.click_link("BRWSR1").await;
    let path = format!("/staff/bookings/{first}");
    let page = b
        .page_where("the booking", |url, _| url.ends_with(&path))
        .await;
    assert!(page.contains("id=\"status\">Nouveau"));
    b.click("#confirm").await;
    let page = b
        .page_where("the confirmed booking", |_, page| {
            page.contains("id=\"status\">Confirmé")
        })
        .await;
    assert!(page.contains("Votre rendez-vous est confirmé"));
    // Move the second one to another slot, with a reason.
    b.go(&format!("{site}/staff/bookings/{second}")).await;
    b.type_in("#move-reason", "plus proche du domicile").await;
    b.click("#reassign").await;
    let page = b
        .page_where("the moved booking", |_, page| page.contains("C'est fait"))
        .await;
    assert!(page.contains("plus proche du domicile"));
    // Each person is told on their channel, in their language, through the outbox.
    let texts = |rows: Vec<(OutboxKind, String, i64)>| -> Vec<String> {
        rows.into_iter()
            .filter(|(k, _, _)| *k == OutboxKind::Text)
            .map(|(_, t, _)| t)
            .collect()
    };
    let fr_texts = texts(store.outbox_of(&fr).await.unwrap());
    let es_texts = texts(store.outbox_of(&es).await.unwrap());
    assert_eq!(fr_texts.len(), 1);
    assert!(fr_texts[0].starts_with("Votre rendez-vous est confirmé"));
    assert_eq!(es_texts.len(), 1);
    assert!(
        es_texts[0].starts_with("Su cita ha cambiado"),
        "{es_texts:?}"
    );
    assert_eq!(
        store.staff_booking(&first).await.unwrap().unwrap().status,
        BookingStatus::Confirmed
    );
    // Log out.
    b.click(".who form[action='/staff/logout'] button").await;
    b.page_where("the login page", |url, _| url.ends_with("/staff/login"))
        .await;
    let _ = http
        .delete(format!("{driver}/session/{session}"))
        .send()
        .await;
    server.abort();
}
