//! The staff dashboard in a real browser: headless Chromium driven over WebDriver
//! (chromedriver, through fantoccini). Log in, open the queue, open a booking, confirm it, move
//! another, and see the people told through the outbox. Skipped when Chromium or chromedriver
//! is not installed, except in CI (`CI=true`), where that is a failure.

mod support;

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use support::booking::book;
use tremplin::storage::staff::Role;
use tremplin::transcript::T0;
use tremplin::web::staff::{self, Staff, StaffConfig, auth};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
const PASSWORD: &str = "a long passphrase for the browser";

/// A chromedriver process, stopped when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts chromedriver and opens a session of headless Chromium in French.
async fn browser() -> (Driver, Client) {
    let port = support::free_port();
    let driver = Driver(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {"binary": CHROMIUM, "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--lang=fr",
            "--window-size=1280,1000",
        ]}
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!("an object")
    };
    let mut builder = ClientBuilder::new(HttpConnector::new());
    builder.capabilities(capabilities);
    let url = format!("http://127.0.0.1:{port}");
    // chromedriver takes a moment to listen.
    for attempt in 0.. {
        match builder.connect(&url).await {
            Ok(client) => return (driver, client),
            Err(e) => assert!(attempt < 100, "chromedriver did not start: {e}"),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    unreachable!()
}

/// What the tests do in the browser, each step a success.
trait Steps {
    async fn type_in(&self, css: &str, text: &str);
    async fn click_on(&self, css: &str);
    /// Waits for the page the browser is loading to satisfy `ok` (a click that submits a
    /// form may return before the next page is there); returns the page.
    async fn page_where(&self, what: &str, ok: impl Fn(&str, &str) -> bool) -> String;
}

impl Steps for Client {
    async fn type_in(&self, css: &str, text: &str) {
        let field = self.find(Locator::Css(css)).await.expect(css);
        field.send_keys(text).await.expect(css);
    }

    async fn click_on(&self, css: &str) {
        self.find(Locator::Css(css))
            .await
            .expect(css)
            .click()
            .await
            .expect(css);
    }

    async fn page_where(&self, what: &str, ok: impl Fn(&str, &str) -> bool) -> String {
        let mut last = String::new();
        for _ in 0..200 {
            let url = self.current_url().await.expect("url");
            last = self.source().await.expect("source");
            if ok(url.as_str(), &last) {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the page never showed {what}: {last}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reception_confirms_and_moves_bookings_in_a_real_browser() {
    if let Some(missing) = [CHROMEDRIVER, CHROMIUM]
        .into_iter()
        .find(|p| !std::path::Path::new(p).exists())
    {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "CI=true but {missing} is missing: the browser tests would be skipped"
        );
        eprintln!("skipped: {missing} is not installed");
        return;
    }
    // The dashboard, on plain http on localhost (the documented flag), over a fresh store.
    let (_, store) = support::stores().await.remove(0);
    let (host, clock) = support::host(store.clone());
    let site = support::serve_router(staff::router(Staff::new(
        Arc::new(host),
        StaffConfig {
            insecure_http: true,
            clock,
            public_url: None,
        },
    )))
    .await;

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
        .add_person(&support::key("browser-fr"), "fr", T0)
        .await
        .unwrap();
    let es = store
        .add_person(&support::key("browser-es"), "es", T0)
        .await
        .unwrap();
    let first = book(&store, &fr, "france-travail-37", 0, "BRWSR1", false).await;
    let second = book(&store, &es, "france-travail-37", 1, "BRWSR2", false).await;

    let (_driver, b) = browser().await;
    // Log in.
    b.goto(&format!("{site}/staff")).await.expect("goto");
    b.page_where("the login page", |url, _| url.ends_with("/staff/login"))
        .await;
    b.type_in("#email", "accueil@example.org").await;
    b.type_in("#password", PASSWORD).await;
    b.click_on("button[type=submit]").await;
    // The queue lists both bookings.
    let queue = b
        .page_where("the queue", |url, _| url.ends_with("/staff"))
        .await;
    assert!(queue.contains("File des rendez-vous"));
    assert!(queue.contains("BRWSR1") && queue.contains("BRWSR2"));
    // Open the first booking from the queue and confirm it.
    b.find(Locator::LinkText("BRWSR1"))
        .await
        .expect("the link")
        .click()
        .await
        .expect("click");
    let path = format!("/staff/bookings/{first}");
    let page = b
        .page_where("the booking", |url, _| url.ends_with(&path))
        .await;
    assert!(page.contains("id=\"status\">Nouveau"));
    b.click_on("#confirm").await;
    let page = b
        .page_where("the confirmed booking", |_, page| {
            page.contains("id=\"status\">Confirmé")
        })
        .await;
    assert!(page.contains("Votre rendez-vous est confirmé"));
    // Move the second one to another slot, with a reason.
    b.goto(&format!("{site}/staff/bookings/{second}"))
        .await
        .expect("goto");
    b.type_in("#move-reason", "plus proche du domicile").await;
    b.click_on("#reassign").await;
    let page = b
        .page_where("the moved booking", |_, page| page.contains("C'est fait"))
        .await;
    assert!(page.contains("plus proche du domicile"));
    // Each person is told on their channel, in their language, through the outbox.
    let fr_texts = support::texts(&store, &fr).await;
    let es_texts = support::texts(&store, &es).await;
    assert_eq!(fr_texts.len(), 1);
    assert!(fr_texts[0].starts_with("Votre rendez-vous est confirmé"));
    assert_eq!(es_texts.len(), 1);
    assert!(
        es_texts[0].starts_with("Su cita ha cambiado"),
        "{es_texts:?}"
    );
    assert_eq!(
        store.staff_booking(&first).await.unwrap().unwrap().status,
        tremplin::core::BookingStatus::Confirmed
    );
    // Log out.
    b.click_on(".who form[action='/staff/logout'] button").await;
    b.page_where("the login page", |url, _| url.ends_with("/staff/login"))
        .await;
    let _ = b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_statistics_page_draws_its_charts_and_tables_in_a_real_browser() {
    if let Some(missing) = [CHROMEDRIVER, CHROMIUM]
        .into_iter()
        .find(|p| !std::path::Path::new(p).exists())
    {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "CI=true but {missing} is missing: the browser tests would be skipped"
        );
        eprintln!("skipped: {missing} is not installed");
        return;
    }
    let (_, store) = support::stores().await.remove(0);
    tremplin::bench::stats::generate(&store, &support::catalog(), 3_000, 1_500, T0)
        .await
        .expect("generated data");
    let (host, clock) = support::host(store.clone());
    let site = support::serve_router(staff::router(Staff::new(
        Arc::new(host),
        StaffConfig {
            insecure_http: true,
            clock,
            public_url: None,
        },
    )))
    .await;
    auth::create_account(
        &store,
        "stats@example.org",
        Role::Reception,
        Some("indre-et-loire"),
        None,
        "system",
        T0,
    )
    .await
    .unwrap();
    let account = store
        .staff_by_email("stats@example.org")
        .await
        .unwrap()
        .unwrap();
    store
        .set_staff_password(&account.id, &auth::hash_password(PASSWORD).unwrap(), T0)
        .await
        .unwrap();

    let (_driver, b) = browser().await;
    b.goto(&format!("{site}/staff/login")).await.expect("goto");
    b.type_in("#email", "stats@example.org").await;
    b.type_in("#password", PASSWORD).await;
    b.click_on("button[type=submit]").await;
    b.page_where("the queue", |url, _| url.ends_with("/staff"))
        .await;
    // The menu leads to the page; the last 3 months are chosen in the form.
    b.find(Locator::LinkText("Statistiques"))
        .await
        .expect("the menu entry")
        .click()
        .await
        .expect("click");
    b.page_where("the statistics", |url, _| url.ends_with("/staff/stats"))
        .await;
    b.find(Locator::Css("#period option[value=quarter]"))
        .await
        .expect("the period")
        .click()
        .await
        .expect("click");
    b.click_on("form.filters button[type=submit]").await;
    let page = b
        .page_where("the last 3 months", |url, _| url.contains("period=quarter"))
        .await;
    // Every chart is drawn and followed by its table and its CSV link.
    let charts = b.find_all(Locator::Css("section.chart")).await.unwrap();
    assert_eq!(charts.len(), tremplin::app::staff::CHARTS.len());
    for chart in &charts {
        let svg = chart
            .find(Locator::Css("svg[role=img]"))
            .await
            .expect("a chart");
        let bars = svg.find_all(Locator::Css("rect")).await.unwrap();
        let texts = svg.find_all(Locator::Css("text")).await.unwrap();
        assert!(!texts.is_empty(), "labels and axis");
        let caption = chart
            .find(Locator::Css("table caption"))
            .await
            .expect("a caption");
        let title = chart
            .find(Locator::Css("h2"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(caption.text().await.unwrap(), title);
        assert!(
            !chart
                .find_all(Locator::Css("tbody th[scope=row]"))
                .await
                .unwrap()
                .is_empty(),
            "{title}: rows"
        );
        assert!(
            !bars.is_empty() || title.contains("rappel"),
            "{title}: bars"
        );
        chart
            .find(Locator::Css("a[href^='/staff/stats.csv?chart=']"))
            .await
            .expect("the CSV link");
    }
    assert!(page.contains("Parcours des personnes, par semaine"));
    assert!(page.contains("Semaine du"));
    // The whole page, for a person to look at.
    b.set_window_size(1280, 9000).await.expect("window size");
    let png = b.screenshot().await.expect("screenshot");
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("staff-stats.png");
    std::fs::write(&path, png).expect("the screenshot");
    eprintln!("screenshot: {}", path.display());
    let _ = b.close().await;
}
