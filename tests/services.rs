//! Local services at the end of the diagnostic (data·inclusion): the demo file's services for
//! the person's strongest barriers, in their language; the import (bad entries refused with
//! their index and why, a second import changing nothing) on both databases; the API through a
//! local mock (token and query checked), its cache, and an API down, slow or answering garbage,
//! which never holds the closing message back; and a whole diagnostic through `tremplin chat`.

mod support;

use support::browser::{Browser, account};

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use tremplin::app::{Host, HostConfig, Inbound, Reply, ServicesConfig};
use tremplin::core::ManualClock;
use tremplin::engine::Input;
use tremplin::i18n::render::Surface;
use tremplin::services::schema;
use tremplin::storage::Store;
use tremplin::transcript::T0;

/// In English (the app's language), in Tours (37000): mobility (no licence) and childcare
/// (no childcare for a child under 3), both strong, to a booking.
const EN_MOBILITY_CHILDCARE: &[&str] = &[
    "Hello", "1", "1", "1", "34", "37000", "3", "2", "5", "1", "2", "3", "1", "1", "1", "4",
    "1, 2", "2", "3", "1", "1", "1", "1", "1", "5", "skip", "1", "1",
];

/// In French, in Tours: no barrier at all, to a booking.
const FR_NO_BARRIER: &[&str] = &[
    "Bonjour", "1", "oui", "oui", "oui", "34", "37000", "3", "2", "5", "1", "2", "3", "1", "1",
    "1", "4", "9", "2", "1", "1", "5", "passer", "oui", "1",
];

/// In French, in Tours: mobility rated medium, housing (rent) strong, to a booking.
const FR_MEDIUM_MOBILITY_STRONG_HOUSING: &[&str] = &[
    "Bonjour", "1", "oui", "oui", "oui", "34", "37000", "3", "2", "5", "1", "2", "3", "1", "1",
    "1", "4", "1, 4", "2", "3", "2", "4", "1", "1", "1", "5", "passer", "oui", "1",
];

fn host(store: Store, services: ServicesConfig) -> Host {
    let config = HostConfig {
        services,
        ..HostConfig::default()
    };
    Host::new(
        store,
        support::catalog(),
        config,
        Arc::new(ManualClock::new(T0)),
    )
    .expect("host")
}

fn demo() -> ServicesConfig {
    ServicesConfig {
        imported: true,
        territory_file: true,
        ..ServicesConfig::default()
    }
}

/// Runs the answers in the conversation `name`; the last reply and how long it took.
async fn run(
    host: &Host,
    name: &str,
    answers: &[&str],
    app_language: Option<&str>,
) -> (Reply, Duration) {
    let key = support::key(name);
    let mut last = None;
    for (i, a) in answers.iter().enumerate() {
        let started = Instant::now();
        let reply = host
            .handle(
                Inbound {
                    key: key.clone(),
                    input: if i == 0 {
                        Input::Start
                    } else {
                        Input::Text((*a).to_string())
                    },
                    external_id: Some(format!("{name}-{i}")),
                    language_hint: app_language.map(str::to_string),
                    language_guess: None,
                },
                Surface::Plain,
            )
            .await
            .expect("turn");
        last = Some((reply, started.elapsed()));
    }
    last.expect("a reply")
}

/// The services proposed to a conversation, found again from its stored answers (what staff
/// see).
async fn proposed(host: &Host, name: &str) -> Vec<tremplin::services::Proposed> {
    let session = host.session_of(&support::key(name)).await.unwrap().unwrap();
    host.services_for(&session.answers, Duration::from_millis(100))
        .await
}

/// The service lines of a closing reply, after its introduction.
fn service_lines<'a>(reply: &'a str, intro: &str) -> Vec<&'a str> {
    let Some(at) = reply.find(intro) else {
        return Vec::new();
    };
    reply[at..]
        .lines()
        .skip(1)
        .filter(|l| l.starts_with("• "))
        .collect()
}

/// The service lines of a closing reply, each checked to hold its expected text, in order.
fn expect_services<'a>(reply: &'a str, intro: &str, expected: &[&str]) -> Vec<&'a str> {
    let lines = service_lines(reply, intro);
    assert_eq!(lines.len(), expected.len(), "{reply}");
    for (line, want) in lines.iter().zip(expected) {
        assert!(line.contains(want), "{want:?} not in {lines:?}");
    }
    lines
}

#[tokio::test]
async fn strong_mobility_and_childcare_in_tours_get_those_services_in_english() {
    let host = host(support::memory_store().await, demo());
    let (reply, _) = run(&host, "en", EN_MOBILITY_CHILDCARE, Some("en")).await;
    assert!(
        reply.effects.contains(&tremplin::engine::Effect::Ended),
        "{}",
        reply.text
    );
    expect_services(
        &reply.text,
        "Near you, these services can also help you now:",
        &[
            "Auto-école sociale (démo), Tours: 01 99 00 37",
            "Crèche pour parents en insertion (démo), Tours",
            "Garage solidaire (démo), Joué-lès-Tours",
        ],
    );
    assert!(!reply.text.contains("Près de chez vous"));
    // The same list, found again from the stored answers (what staff see).
    let again = proposed(&host, "en").await;
    let barriers: Vec<&str> = again.iter().map(|p| p.barrier.as_str()).collect();
    assert_eq!(barriers, ["mobility", "childcare", "mobility"]);
    assert!(again.iter().all(|p| p.service.name.contains("(démo)")));
}

#[tokio::test]
async fn no_barrier_no_services_and_medium_after_strong() {
    let host = host(support::memory_store().await, demo());
    let (reply, _) = run(&host, "none", FR_NO_BARRIER, None).await;
    assert!(
        reply.effects.contains(&tremplin::engine::Effect::Ended),
        "{}",
        reply.text
    );
    assert!(!reply.text.contains("Près de chez vous"), "{}", reply.text);

    let (reply, _) = run(&host, "medium", FR_MEDIUM_MOBILITY_STRONG_HOUSING, None).await;
    expect_services(
        &reply.text,
        "Près de chez vous, ces services peuvent aussi vous aider",
        &[
            "Point logement (démo), Tours",
            "Auto-école sociale (démo), Tours",
            "Aide aux difficultés de logement (démo), Joué-lès-Tours",
        ],
    );
    let p = proposed(&host, "medium").await;
    let order: Vec<(&str, &str)> = p
        .iter()
        .map(|p| (p.barrier.as_str(), p.strength.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("housing", "strong"),
            ("mobility", "medium"),
            ("housing", "strong")
        ]
    );
}

#[tokio::test]
async fn the_closing_sms_stays_within_its_budget() {
    let host = host(support::memory_store().await, demo());
    let (reply, _) = run(&host, "sms-like", EN_MOBILITY_CHILDCARE, Some("en")).await;
    let list = proposed(&host, "sms-like").await;
    let before = reply.text.split("\nNear you").next().unwrap();
    let sms = host
        .services_text("en", &list, Surface::Sms, before)
        .expect("at least one service fits");
    let whole = format!("{before}\n{sms}");
    let segments =
        |t: &str| tremplin::i18n::segments::segments(&tremplin::i18n::segments::to_gsm7(t)).1;
    assert!(whole.chars().count() <= tremplin::app::SMS_MAX_CHARS);
    assert!(segments(&whole) <= segments(before) + tremplin::app::SERVICES_SMS_SEGMENTS);
    // Arabic: the names are data, each line reads right to left.
    let ar = host
        .services_text("ar", &list, Surface::Plain, "")
        .expect("in Arabic");
    assert!(
        ar.lines().skip(1).all(|l| l.starts_with('\u{200F}')),
        "{ar:?}"
    );
}

const FILE: &str = r#"[
  {"id": "garage", "source": "dora", "nom": "Garage solidaire de test", "thematiques": ["mobilite--entretenir-reparer-son-vehicule"],
   "code_insee": "37261", "commune": "Tours", "code_postal": "37000", "modes_accueil": ["en-presentiel"], "telephone": "01 99 00 00 01"},
  {"id": "sans-nom", "source": "dora", "thematiques": ["mobilite"], "code_insee": "37261"},
  {"id": "bad-insee", "source": "dora", "nom": "X", "thematiques": ["mobilite"], "code_insee": "Tours"},
  {"id": "bad-mode", "source": "dora", "nom": "Y", "thematiques": ["numerique"], "code_insee": "37261", "modes_accueil": ["par-pigeon"]},
  {"id": "creche", "source": "dora", "nom": "Crèche de test", "thematiques": ["famille--garde-denfants"],
   "code_insee": "37122", "commune": "Joué-lès-Tours", "modes_accueil": ["en-presentiel"], "courriel": "creche@example.org"},
  42
]"#;

#[tokio::test]
async fn an_import_refuses_bad_entries_with_reasons_and_a_second_changes_nothing() {
    let read = schema::read_file(FILE).expect("a list");
    let refused: Vec<String> = read.refused.iter().map(ToString::to_string).collect();
    assert_eq!(read.services.len(), 2);
    assert_eq!(refused.len(), 4, "{refused:?}");
    assert!(
        refused[0].starts_with("entry 1 (id \"sans-nom\"): no `nom`"),
        "{refused:?}"
    );
    assert!(refused[1].contains("entry 2") && refused[1].contains("code_insee"));
    assert!(refused[2].contains("entry 3") && refused[2].contains("modes_accueil"));
    assert!(refused[3].starts_with("entry 5: not an object"));
    for (name, store) in support::stores().await {
        let first = store.upsert_services(&read.services, T0).await.unwrap();
        assert_eq!(
            (first.added, first.updated, first.unchanged),
            (2, 0, 0),
            "{name}"
        );
        let again = store
            .upsert_services(&read.services, T0 + 60)
            .await
            .unwrap();
        assert_eq!(
            (again.added, again.updated, again.unchanged),
            (0, 0, 2),
            "{name}"
        );
        let mut changed = read.services.clone();
        changed[0].phone = Some("01 99 00 00 02".into());
        let third = store.upsert_services(&changed, T0 + 120).await.unwrap();
        assert_eq!(
            (third.added, third.updated, third.unchanged),
            (0, 1, 1),
            "{name}"
        );
        assert_eq!(store.count_services().await.unwrap(), 2, "{name}");
        let near = store.services_near(Some("37261"), "37").await.unwrap();
        assert_eq!(near.len(), 2, "{name}: the commune's and the département's");
        assert!(
            store
                .services_near(Some("41018"), "41")
                .await
                .unwrap()
                .is_empty(),
            "{name}"
        );
        // Imported services replace the territory's own file.
        let host = host(store.clone(), demo());
        let (reply, _) = run(
            &host,
            &format!("imported-{name}"),
            EN_MOBILITY_CHILDCARE,
            Some("en"),
        )
        .await;
        expect_services(
            &reply.text,
            "Near you",
            &[
                "Garage solidaire de test, Tours: 01 99 00 00 02",
                "Crèche de test, Joué-lès-Tours: creche@example.org",
            ],
        );
    }
}

/// What the mock API saw and how it answers.
#[derive(Clone)]
struct Mock {
    calls: Arc<AtomicUsize>,
    answer: &'static str,
    delay: Duration,
}

async fn search(
    State(m): State<Mock>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> impl IntoResponse {
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer s3cret") {
        return (StatusCode::UNAUTHORIZED, "no").into_response();
    }
    let has = |k: &str, v: &str| query.iter().any(|(a, b)| a == k && b == v);
    if !(has("code_commune", "37261")
        && has("thematiques", "mobilite")
        && has("thematiques", "famille--garde-denfants"))
    {
        return (StatusCode::BAD_REQUEST, "bad query").into_response();
    }
    m.calls.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(m.delay).await;
    m.answer.into_response()
}

const API_ANSWER: &str = r#"{"items": [
  {"service": {"id": "api-car", "source": "mobilic", "nom": "Location solidaire (API)", "thematiques": ["mobilite--louer-un-vehicule"],
    "code_insee": "37261", "commune": "Tours", "modes_accueil": ["en-presentiel"], "telephone": "01 99 00 11 11"}, "distance": 1.2},
  {"service": {"id": "api-nanny", "source": "dora", "nom": "Garde d'urgence (API)", "thematiques": ["famille--garde-denfants"],
    "code_insee": "37261", "commune": "Tours", "modes_accueil": ["en-presentiel"], "telephone": "01 99 00 11 12"}, "distance": 0.4},
  {"service": {"id": "broken"}, "distance": 0.1}
], "total": 3, "page": 1, "size": 30}"#;

async fn mock(answer: &'static str, delay: Duration) -> (String, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let state = Mock {
        calls: calls.clone(),
        answer,
        delay,
    };
    let router = axum::Router::new()
        .route("/api/v1/search/services", get(search))
        .with_state(state);
    (support::serve_router(router).await, calls)
}

fn api(url: String) -> ServicesConfig {
    ServicesConfig {
        api_url: Some(url),
        token: Some("s3cret".into()),
        imported: true,
        territory_file: true,
        turn_budget: Duration::from_millis(300),
        api_timeout: Duration::from_secs(2),
        ..ServicesConfig::default()
    }
}

#[tokio::test]
async fn the_api_is_asked_once_for_a_commune_and_its_barriers() {
    let (url, calls) = mock(API_ANSWER, Duration::ZERO).await;
    let host = host(support::memory_store().await, api(url));
    let (reply, _) = run(&host, "first", EN_MOBILITY_CHILDCARE, Some("en")).await;
    let lines = expect_services(
        &reply.text,
        "Near you",
        &[
            "Location solidaire (API), Tours: 01 99 00 11 11",
            "Garde d'urgence (API), Tours",
        ],
    );
    assert!(
        lines.iter().all(|l| !l.contains("(démo)")),
        "with an API, no demo file"
    );
    let (second, _) = run(&host, "second", EN_MOBILITY_CHILDCARE, Some("en")).await;
    assert_eq!(service_lines(&second.text, "Near you"), lines);
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "the second person's search came from the cache"
    );
}

#[tokio::test]
async fn an_api_down_slow_or_talking_garbage_never_holds_the_closing_message_back() {
    let nobody = format!("http://127.0.0.1:{}", support::free_port());
    let (slow, _) = mock(API_ANSWER, Duration::from_secs(10)).await;
    let (garbage, _) = mock("<html>maintenance</html>", Duration::ZERO).await;
    let (wrong_token, _) = mock(API_ANSWER, Duration::ZERO).await;
    let mut cases = vec![
        ("down", api(nobody)),
        ("slow", api(slow)),
        ("garbage", api(garbage)),
    ];
    let mut refused = api(wrong_token);
    refused.token = Some("wrong".into());
    cases.push(("refused", refused));
    for (what, config) in cases {
        let host = host(support::memory_store().await, config);
        let (reply, took) = run(&host, what, EN_MOBILITY_CHILDCARE, Some("en")).await;
        assert!(
            reply.effects.contains(&tremplin::engine::Effect::Ended),
            "{what}: {}",
            reply.text
        );
        assert!(
            reply.text.contains("Thank you, and see you soon!"),
            "{what}"
        );
        assert!(!reply.text.contains("Near you"), "{what}: {}", reply.text);
        assert!(
            took < Duration::from_millis(1_500),
            "{what}: the closing turn took {took:?}"
        );
    }
}

#[test]
fn import_command_and_a_whole_chat_show_the_services() {
    let dir = std::env::temp_dir().join(format!("tremplin-services-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let bin = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_tremplin"));
        c.current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("DATABASE_URL")
            .env_remove("DATA_INCLUSION_API_URL")
            .env_remove("DATA_INCLUSION_TOKEN")
            .env_remove("TREMPLIN_DIALOGUES")
            .env_remove("TREMPLIN_LOCALES");
        c
    };
    // The demo, as a new user meets it: nothing imported, no API.
    let db = format!("sqlite://{}", dir.join("chat.db").display());
    let mut child = bin()
        .args(["chat", "--lang", "en", "--db", &db])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let script = EN_MOBILITY_CHILDCARE[1..].join("\n") + "\n";
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), script.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(
            "Near you, these services can also help you now:\n• Auto-école sociale (démo), Tours"
        ),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let file = dir.join("services.json");
    std::fs::write(&file, FILE).unwrap();
    let db = format!("sqlite://{}", dir.join("import.db").display());
    let import = || {
        bin()
            .args(["services", "import", file.to_str().unwrap(), "--db", &db])
            .output()
            .unwrap()
    };
    let first = import();
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert_eq!(
        first.status.code(),
        Some(1),
        "a refused entry fails the import"
    );
    assert!(
        stderr.contains("refused entry 1 (id \"sans-nom\"): no `nom`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("refused entry 5: not an object"),
        "{stderr}"
    );
    assert!(
        String::from_utf8_lossy(&first.stdout)
            .contains("6 services read: 2 added, 0 updated, 0 unchanged, 4 refused")
    );
    let again = import();
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("0 added, 0 updated, 2 unchanged"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn staff_see_the_same_services_on_the_persons_page() {
    for (name, store) in support::stores().await {
        let clock = Arc::new(ManualClock::new(T0));
        let config = HostConfig {
            services: demo(),
            ..HostConfig::default()
        };
        let host = Arc::new(
            Host::new(store.clone(), support::catalog(), config, clock.clone()).expect("host"),
        );
        let (reply, _) = run(&host, "staff", EN_MOBILITY_CHILDCARE, Some("en")).await;
        let person = support::person_id(&host, &support::key("staff")).await;
        let booking = store
            .active_booking(&person, T0)
            .await
            .unwrap()
            .expect("booked");
        let app = tremplin::web::staff::router(tremplin::web::staff::Staff::new(
            host.clone(),
            tremplin::web::staff::StaffConfig {
                insecure_http: false,
                clock,
                public_url: Some("https://tremplin.example.org".into()),
            },
        ));
        account(
            &store,
            "a@x.fr",
            tremplin::storage::staff::Role::Reception,
            None,
        )
        .await;
        let mut b = Browser::logged_in(&app, "a@x.fr").await;
        let page = b.get(&format!("/staff/bookings/{}", booking.id)).await;
        assert_eq!(page.status, StatusCode::OK, "{name}");
        assert!(
            page.body
                .contains("Services proposés près de chez la personne"),
            "{name}: {}",
            page.body
        );
        // The same services as the person read, in the same order.
        let mut at = 0;
        for line in service_lines(&reply.text, "Near you") {
            let service = line.trim_start_matches("• ").split(", ").next().unwrap();
            let found = page.body[at..].find(&service.replace('\'', "&#39;"));
            assert!(
                found.is_some(),
                "{name}: {service} not on the page after {at}"
            );
            at += found.unwrap();
        }
        assert!(page.body.contains("Mobilité") && page.body.contains("frein fort"));
    }
}
