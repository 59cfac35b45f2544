//! The staff dashboard in a real browser: headless Chromium driven over WebDriver
//! (chromedriver, through fantoccini), walked as a reception agent's morning, each page looked
//! at on a phone, a tablet and a desktop (screenshots in the tests' scratch directory, no
//! sideways scrolling, axe-core's rules). Skipped when Chromium or chromedriver is not
//! installed, and axe-core not run when npm cannot fetch it, except in CI (`CI=true`), where
//! either is a failure.

mod support;

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use support::booking::book;
use tremplin::storage::bookings::WaitingRequest;
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

/// A command of the Chrome DevTools protocol, sent through chromedriver (to print-preview a
/// page).
#[derive(Debug)]
struct Cdp(&'static str, serde_json::Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = json!({"cmd": self.0, "params": self.1});
        (axum::http::Method::POST, Some(body.to_string()))
    }
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

/// The widths every page is looked at: a phone, a tablet, a desktop.
const WIDTHS: [u32; 3] = [375, 768, 1280];

/// The axe-core version the pages are checked with (from npm).
const AXE: &str = "axe-core@4.14.1";

/// axe-core's script: from `AXE_CORE_JS`, or installed from npm under the tests' scratch
/// directory; `None` (then the pages are not checked by it) only outside CI when npm cannot
/// fetch it.
fn axe_script() -> Option<String> {
    let path = std::env::var("AXE_CORE_JS").map_or_else(
        |_| {
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join("axe/node_modules/axe-core/axe.min.js")
        },
        std::path::PathBuf::from,
    );
    if !path.exists() {
        let prefix = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("axe");
        let _ = std::fs::create_dir_all(&prefix);
        let _ = Command::new("npm")
            .args([
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
            ])
            .arg(&prefix)
            .arg(AXE)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    match std::fs::read_to_string(&path) {
        Ok(script) => Some(script),
        Err(e) => {
            assert!(
                std::env::var("CI").map_or(true, |v| v != "true"),
                "CI=true but axe-core could not be read from {}: {e}",
                path.display()
            );
            eprintln!("axe-core not checked: {e}");
            None
        }
    }
}

/// What the pages looked like: each page at each width, the widths that overflowed and the
/// accessibility violations found.
#[derive(Default)]
struct Survey {
    axe: Option<String>,
    looked: usize,
    overflows: Vec<String>,
    violations: Vec<String>,
}

impl Survey {
    /// Looks at the page open in the browser at every width: a screenshot (in the tests'
    /// scratch directory), no horizontal scrolling, and axe-core's rules.
    async fn look(&mut self, b: &Client, name: &str) {
        let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
        let _ = std::fs::create_dir_all(&shots);
        for width in WIDTHS {
            b.set_window_size(width, 900).await.expect("resize");
            let fits = b
                .execute(
                    "return [document.documentElement.scrollWidth, window.innerWidth];",
                    vec![],
                )
                .await
                .expect("widths");
            let (scroll, inner) = (fits[0].as_i64().unwrap_or(0), fits[1].as_i64().unwrap_or(0));
            if scroll > inner {
                self.overflows
                    .push(format!("{name} at {width}: {scroll} > {inner}"));
            }
            let png = b.screenshot().await.expect("screenshot");
            std::fs::write(shots.join(format!("{name}-{width}.png")), png).expect("write");
            if let Some(axe) = &self.axe {
                b.execute(&format!("{axe}\nreturn true;"), vec![])
                    .await
                    .expect("axe loads");
                let found = b
                    .execute_async(
                        "const done = arguments[arguments.length - 1];\
                         axe.run(document, {resultTypes: ['violations']}).then(r => done(\
                           r.violations.map(v => v.id + ' (' + v.impact + '): ' +\
                             v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))),\
                           e => done(['axe failed: ' + e]));",
                        vec![],
                    )
                    .await
                    .expect("axe runs");
                for v in found.as_array().into_iter().flatten() {
                    self.violations
                        .push(format!("{name} at {width}: {}", v.as_str().unwrap_or("?")));
                }
            }
            self.looked += 1;
        }
        b.set_window_size(1280, 1000).await.expect("resize");
    }
}

/// A reception agent's morning: today's list, an urgent case called back, a confirmation, a
/// move, a no-show refused before the appointment then recorded after it and undone, the
/// day's list to print; each page looked at on a phone, a tablet and a desktop, without
/// sideways scrolling and without an axe-core violation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reception_morning_in_a_real_browser() {
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
    let mut survey = Survey {
        axe: axe_script(),
        ..Survey::default()
    };
    // The dashboard, on plain http on localhost (the documented flag), over a fresh store.
    let (_, store) = support::stores().await.remove(0);
    let (host, clock) = support::host(store.clone());
    let site = support::serve_router(staff::router(Staff::new(
        Arc::new(host),
        StaffConfig {
            insecure_http: true,
            clock: clock.clone(),
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
    let ar = told_person(&store, "browser-ar", "ar").await;
    auth::create_account(
        &store,
        "admin@example.org",
        Role::Admin,
        None,
        None,
        "system",
        T0,
    )
    .await
    .unwrap();
    let admin = store
        .staff_by_email("admin@example.org")
        .await
        .unwrap()
        .unwrap();
    store
        .set_staff_password(&admin.id, &auth::hash_password(PASSWORD).unwrap(), T0)
        .await
        .unwrap();
    let waiting = store
        .add_person(&support::key("browser-waiting"), "uk", T0)
        .await
        .unwrap();
    store
        .add_waiting_request(&WaitingRequest {
            person_id: &waiting,
            territory: "indre-et-loire",
            partner: "cd37",
            parcours: Some(tremplin::core::Parcours::Social),
            lead: None,
            urgent: true,
            now: T0,
        })
        .await
        .unwrap();
    let first = book(&store, &fr, "france-travail-37", 0, "BRWSR1", false).await;
    let second = book(&store, &es, "france-travail-37", 1, "BRWSR2", false).await;
    let urgent = book(&store, &ar, "cd37", 0, "BRWSR3", true).await;
    // The morning of the first appointment, ten minutes before it.
    let starts = store
        .staff_booking(&first)
        .await
        .unwrap()
        .unwrap()
        .starts_at;
    clock.advance(starts - T0 - 600);

    let (_driver, b) = browser().await;
    // Log in.
    b.goto(&format!("{site}/staff")).await.expect("goto");
    b.page_where("the login page", |url, _| url.ends_with("/staff/login"))
        .await;
    survey.look(&b, "login").await;
    b.type_in("#email", "accueil@example.org").await;
    b.type_in("#password", PASSWORD).await;
    b.click_on("button[type=submit]").await;
    let queue = b
        .page_where("the queue", |url, _| url.ends_with("/staff"))
        .await;
    assert!(queue.contains("File des rendez-vous"));
    assert!(queue.contains("BRWSR1") && queue.contains("BRWSR2"));
    survey.look(&b, "queue").await;
    // Sorted by reference, the other way: the header says so.
    b.click_on("th a.sort[href*='sort=reference']").await;
    let sorted = b
        .page_where("the queue by reference", |url, _| {
            url.contains("sort=reference")
        })
        .await;
    assert!(sorted.contains("aria-sort=\"ascending\""));
    b.click_on("th[aria-sort] a.sort").await;
    let sorted = b
        .page_where("the queue by reference, the other way", |url, _| {
            url.contains("sort=-reference")
        })
        .await;
    assert!(sorted.find("BRWSR3").unwrap() < sorted.find("BRWSR1").unwrap());
    survey.look(&b, "sorted").await;
    // Today's list: the appointments of the day, in their order, the day in words.
    b.find(Locator::LinkText("Aujourd'hui"))
        .await
        .expect("today")
        .click()
        .await
        .expect("click");
    let today = b
        .page_where("today's list", |url, _| url.ends_with("view=today"))
        .await;
    assert!(today.contains("BRWSR1") && today.contains("BRWSR3"));
    assert!(today.contains("Urgent"));
    survey.look(&b, "today").await;
    // The urgent case: called back, with a note.
    b.find(Locator::LinkText("BRWSR3"))
        .await
        .expect("the urgent one")
        .click()
        .await
        .expect("click");
    b.page_where("the urgent booking", |_, page| {
        page.contains("id=\"called-back-note\"")
    })
    .await;
    survey.look(&b, "urgent").await;
    b.type_in("#called-back-note", "rappelée, rendez-vous maintenu")
        .await;
    b.click_on("#called-back-button").await;
    b.page_where("the call back recorded", |_, page| {
        page.contains("id=\"called-back-at\"")
    })
    .await;
    let called = store.staff_booking(&urgent).await.unwrap().unwrap();
    assert!(called.called_back_at.is_some());
    // Her words in Arabic with their French version beside; her name noted, then found.
    let page = b.source().await.expect("source");
    assert!(page.contains("Ses propres mots, en arabe"));
    assert!(page.contains("Lu par la personne, en arabe"));
    assert!(page.contains("Interprète en arabe"));
    b.type_in("#name", "Aminata Diallo").await;
    b.click_on("#name-button").await;
    b.page_where("the name noted", |_, page| {
        page.contains("value=\"Aminata Diallo\"")
    })
    .await;
    survey.look(&b, "named").await;
    b.goto(&format!("{site}/staff")).await.expect("goto");
    b.page_where("the queue", |_, page| page.contains("id=\"q\""))
        .await;
    b.type_in("#q", "diallo").await;
    b.click_on("form.filters button[type=submit]").await;
    let found = b
        .page_where("found by name", |_, page| {
            page.contains("BRWSR3") && !page.contains("BRWSR1")
        })
        .await;
    assert!(
        !b.current_url()
            .await
            .expect("url")
            .as_str()
            .contains("diallo")
    );
    assert!(!found.contains("q=diallo"));
    survey.look(&b, "search-name").await;
    // Confirm the first booking.
    b.goto(&format!("{site}/staff/bookings/{first}"))
        .await
        .expect("goto");
    let page = b
        .page_where("the booking", |_, page| page.contains("id=\"confirm\""))
        .await;
    assert!(page.contains("id=\"status\">À confirmer"));
    // Before the appointment, how it went cannot be recorded yet.
    assert!(page.contains("id=\"outcome-later\"") && !page.contains("id=\"outcome-seen\""));
    survey.look(&b, "booking").await;
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
    b.page_where("the second booking", |_, page| {
        page.contains("id=\"move-reason\"")
    })
    .await;
    // One step: the free slots on the page, by place and day; pick one.
    b.click_on("input[name=slot]").await;
    b.type_in("#move-reason", "plus proche du domicile").await;
    b.click_on("#reassign").await;
    let page = b
        .page_where("the moved booking", |_, page| page.contains("C'est fait"))
        .await;
    assert!(page.contains("plus proche du domicile"));
    survey.look(&b, "moved").await;
    // The appointment has started and the person is not there: no-show, asked first, then
    // undone (the person had only been late).
    clock.advance(11 * 60);
    b.goto(&format!("{site}/staff/bookings/{first}"))
        .await
        .expect("goto");
    b.page_where("the outcome form", |_, page| {
        page.contains("id=\"outcome-no-show\"")
    })
    .await;
    b.click_on("#outcome-no-show").await;
    b.click_on("#outcome-button").await;
    b.page_where("the question", |_, page| page.contains("id=\"ask-yes\""))
        .await;
    survey.look(&b, "ask").await;
    b.click_on("#ask-yes").await;
    let page = b
        .page_where("the no-show", |_, page| page.contains("id=\"undo-button\""))
        .await;
    assert!(page.contains("id=\"status\">Absente ou absent"));
    survey.look(&b, "undo").await;
    b.click_on("#undo-button").await;
    let page = b
        .page_where("the undone no-show", |_, page| page.contains("défait"))
        .await;
    assert!(page.contains("id=\"status\">Confirmé"));
    // She came after all.
    b.click_on("#outcome-seen").await;
    b.click_on("#outcome-button").await;
    b.page_where("the outcome", |_, page| {
        page.contains("id=\"status\">Venue")
    })
    .await;
    // The day's list, as printed: the print styles keep the list and drop the rest.
    b.goto(&format!("{site}/staff?view=today"))
        .await
        .expect("goto");
    b.page_where("today's list", |_, page| page.contains("BRWSR1"))
        .await;
    b.issue_cmd(Cdp("Emulation.setEmulatedMedia", json!({"media": "print"})))
        .await
        .expect("print media");
    let shown = b
        .execute(
            "const shown = s => [...document.querySelectorAll(s)]\
               .some(e => getComputedStyle(e).display !== 'none');\
             return [shown('header'), shown('form'), shown('.diag'), shown('table.bookings td'), \
               [...document.querySelectorAll('.needs')].some(e => getComputedStyle(e).display !== 'none' \
                 && e.textContent.includes('Interprète en arabe'))];",
            vec![],
        )
        .await
        .expect("print styles");
    assert_eq!(
        shown,
        json!([false, false, false, true, true]),
        "printed: the day's list only, with the interpreter asked for, without menus, forms or diagnostic"
    );
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::write(
        shots.join("today-print.png"),
        b.screenshot().await.expect("screenshot"),
    )
    .expect("write");
    b.issue_cmd(Cdp("Emulation.setEmulatedMedia", json!({"media": ""})))
        .await
        .expect("screen media");
    // Every other page of the dashboard.
    for (name, path) in [
        ("slots", "/staff/slots".to_string()),
        ("simulator", "/staff/simulator".to_string()),
        ("password", "/staff/password".to_string()),
        ("feeds", "/staff/feeds".to_string()),
        ("week", "/staff?view=week".to_string()),
        ("request-moved", format!("/staff/bookings/{second}")),
    ] {
        b.goto(&format!("{site}{path}")).await.expect("goto");
        b.page_where(name, |_, page| page.contains("</main>")).await;
        survey.look(&b, name).await;
    }
    // Each person is told on their channel, in their language, through the outbox; the
    // withdrawn no-show message never leaves.
    let fr_texts = support::texts(&store, &fr).await;
    let es_texts = support::texts(&store, &es).await;
    assert_eq!(fr_texts.len(), 1, "{fr_texts:?}");
    assert!(fr_texts[0].starts_with("Votre rendez-vous est confirmé"));
    assert_eq!(es_texts.len(), 1);
    assert!(
        es_texts[0].starts_with("Su cita ha cambiado"),
        "{es_texts:?}"
    );
    assert_eq!(
        store.staff_booking(&first).await.unwrap().unwrap().status,
        tremplin::core::BookingStatus::Seen
    );
    // Log out.
    b.click_on(".who form[action='/staff/logout'] button").await;
    b.page_where("the login page", |url, _| url.ends_with("/staff/login"))
        .await;
    // The admin's pages, and a request waiting for a call back.
    b.type_in("#email", "admin@example.org").await;
    b.type_in("#password", PASSWORD).await;
    b.click_on("button[type=submit]").await;
    b.page_where("the queue", |url, _| url.ends_with("/staff"))
        .await;
    b.click_on("a[href^='/staff/requests/']").await;
    b.page_where("the request", |_, page| {
        page.contains("id=\"close-reason\"")
    })
    .await;
    survey.look(&b, "request").await;
    for (name, path) in [
        ("accounts", "/staff/accounts"),
        ("partners", "/staff/partners"),
        ("audit", "/staff/audit"),
    ] {
        b.goto(&format!("{site}{path}")).await.expect("goto");
        b.page_where(name, |_, page| page.contains("</main>")).await;
        survey.look(&b, name).await;
    }
    let audit = b.source().await.expect("source");
    assert!(audit.contains("Rappel noté") && audit.contains("Absence défaite"));
    let _ = b.close().await;
    eprintln!(
        "looked at {} page widths; axe-core {}; {} overflow(s), {} violation(s)",
        survey.looked,
        if survey.axe.is_some() {
            "run"
        } else {
            "not run"
        },
        survey.overflows.len(),
        survey.violations.len()
    );
    assert!(survey.overflows.is_empty(), "{:#?}", survey.overflows);
    assert!(survey.violations.is_empty(), "{:#?}", survey.violations);
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
    // Where people stop: the question's words, the step's id on a second line.
    let first = b
        .find(Locator::Css("#chart-steps ~ table tbody th[scope=row]"))
        .await
        .expect("a step's row");
    let id = first
        .find(Locator::Css("small"))
        .await
        .expect("the step's id")
        .text()
        .await
        .unwrap();
    let words = first.text().await.unwrap();
    assert!(
        words.len() > id.len() + 3 && words.ends_with(&id),
        "{words:?} / {id:?}"
    );
    // No invitation is sent yet: the delays say so.
    assert!(page.contains("Aucune invitation envoyée sur la période"));
    // The top of the page (the README's picture), then the whole page, for a person to look at.
    b.set_window_size(1100, 1250).await.expect("window size");
    let png = b.screenshot().await.expect("screenshot");
    let top = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("staff-stats-top.png");
    std::fs::write(&top, png).expect("the screenshot");
    eprintln!("screenshot: {}", top.display());
    b.set_window_size(1280, 9000).await.expect("window size");
    let png = b.screenshot().await.expect("screenshot");
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("staff-stats.png");
    std::fs::write(&path, png).expect("the screenshot");
    eprintln!("screenshot: {}", path.display());
    let _ = b.close().await;
}

/// A person in `locale` who consented to store and share their answers, and said they need an
/// interpreter and wrote a few words of their own.
async fn told_person(store: &tremplin::storage::Store, name: &str, locale: &str) -> String {
    use tremplin::engine::{Answer, Value, now_at};
    use tremplin::storage::{ConsentRecord, TurnWrite};
    let catalog = support::catalog();
    let engine = support::diagnostic(&catalog);
    let session = engine.new_session(locale, now_at(T0));
    let answer = |value: Value, codes: &[&str]| Answer {
        value,
        codes: codes.iter().map(|c| (*c).to_string()).collect(),
        sensitive: false,
        at: T0,
    };
    let access = answer(
        Value::Options(vec!["interpreter".into()]),
        &["besoin:interprete"],
    );
    let comment = answer(Value::Text("أحتاج مساعدة في السكن".into()), &[]);
    let consent = |scope: &'static str| ConsentRecord {
        scope,
        granted: true,
        text_id: "x".into(),
        text_locale: locale.into(),
        text_sha256: "0".into(),
    };
    let key = support::key(name);
    let id = tremplin::storage::new_id();
    store
        .write_turn(TurnWrite {
            answers: vec![("access", Some(&access)), ("comment", Some(&comment))],
            consents: vec![consent("store"), consent("share")],
            ..TurnWrite::new_person(&key, &id, T0, &session)
        })
        .await
        .unwrap();
    id
}
