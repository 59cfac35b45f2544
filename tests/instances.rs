//! Several instances on one database: leases (on SQLite and PostgreSQL), the conversation lock
//! across two pools, and two `tremplin serve` processes on one PostgreSQL answering 100 SMS
//! conversations whose turns alternate between them, some messages delivered to both: the
//! end state is the one a single instance reaches, nothing is lost, doubled, sent twice or
//! double-booked. A third process shows that a second Telegram poller refuses to start.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tremplin::channels::sms::signature;
use tremplin::core::{Channel, ConvKey};
use tremplin::storage::{PoolConfig, Store};
use tremplin::transcript::T0;

const TOKEN: &str = "instances-auth-token";
const PUBLIC: &str = "https://tremplin.example.org";

#[tokio::test]
async fn leases_are_held_by_one_holder_at_a_time() {
    for (name, store) in common::stores().await {
        assert!(store.try_lease("job", "a", T0, 60).await.unwrap(), "{name}");
        assert!(
            !store.try_lease("job", "b", T0 + 10, 60).await.unwrap(),
            "{name}"
        );
        // Renewal by the holder.
        assert!(
            store.try_lease("job", "a", T0 + 30, 60).await.unwrap(),
            "{name}"
        );
        assert!(
            !store.try_lease("job", "b", T0 + 80, 60).await.unwrap(),
            "{name}"
        );
        let h = store.lease_holder("job", T0 + 80).await.unwrap().unwrap();
        assert_eq!((h.holder.as_str(), h.until), ("a", T0 + 90), "{name}");
        // Expired: anyone takes it.
        assert!(
            store.try_lease("job", "b", T0 + 90, 60).await.unwrap(),
            "{name}"
        );
        assert!(
            !store.try_lease("job", "a", T0 + 100, 60).await.unwrap(),
            "{name}"
        );
        // Given back: free at once.
        store.release_lease("job", "b").await.unwrap();
        assert!(store.lease_holder("job", T0 + 100).await.unwrap().is_none());
        assert!(
            store.try_lease("job", "a", T0 + 101, 60).await.unwrap(),
            "{name}"
        );
        // Giving back a lease one does not hold changes nothing.
        store.release_lease("job", "b").await.unwrap();
        assert!(
            !store.try_lease("job", "b", T0 + 102, 60).await.unwrap(),
            "{name}"
        );
    }
}

#[tokio::test]
async fn a_periodic_job_runs_once_per_period_whoever_asks() {
    for (name, store) in common::stores().await {
        let mut won = 0;
        for holder in ["a", "b", "c", "a"] {
            won += usize::from(store.claim_run("purge", holder, T0, 86_400).await.unwrap());
        }
        assert_eq!(won, 1, "{name}");
        // The winner does not run it again within the period either.
        assert!(
            !store
                .claim_run("purge", "a", T0 + 3_600, 86_400)
                .await
                .unwrap()
        );
        let mut won = 0;
        for holder in ["b", "c", "a"] {
            won += usize::from(
                store
                    .claim_run("purge", holder, T0 + 86_400, 86_400)
                    .await
                    .unwrap(),
            );
        }
        assert_eq!(won, 1, "{name}: the next day, once again");
    }
}

#[tokio::test]
async fn claims_race_between_many_callers_and_one_wins() {
    for (name, store) in common::file_stores().await {
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..16 {
            let store = store.clone();
            tasks.spawn(async move {
                store
                    .claim_run("daily", &format!("i{i}"), T0, 86_400)
                    .await
                    .unwrap()
            });
        }
        let mut won = 0;
        while let Some(r) = tasks.join_next().await {
            won += usize::from(r.unwrap());
        }
        assert_eq!(won, 1, "{name}");
    }
}

/// A fresh PostgreSQL schema: its URL, or `None` (skipped locally, a failure in CI).
async fn postgres_schema() -> Option<String> {
    use sqlx::Executor;
    let url = match std::env::var("TEST_POSTGRES_URL") {
        Ok(u) if !u.is_empty() => u,
        _ => {
            assert!(
                std::env::var("CI").map_or(true, |v| v != "true"),
                "CI=true but TEST_POSTGRES_URL is not set: the instances test would be skipped"
            );
            eprintln!("TEST_POSTGRES_URL is not set: skipping the PostgreSQL instances test");
            return None;
        }
    };
    sqlx::any::install_default_drivers();
    let schema = format!("i_{}", tremplin::storage::new_id());
    let admin = sqlx::AnyPool::connect(&url)
        .await
        .expect("connect to TEST_POSTGRES_URL");
    admin
        .execute(format!("CREATE SCHEMA {schema}").as_str())
        .await
        .expect("create schema");
    admin.close().await;
    let sep = if url.contains('?') { '&' } else { '?' };
    Some(format!("{url}{sep}options=-csearch_path%3D{schema}"))
}

#[tokio::test]
async fn one_conversation_is_locked_across_two_pools() {
    let Some(url) = postgres_schema().await else {
        return;
    };
    let a = Store::open(&url, PoolConfig::default()).await.unwrap();
    let b = Store::open(&url, PoolConfig::default()).await.unwrap();
    let key = ConvKey::new(Channel::Sms, "+33612345678");
    let other = ConvKey::new(Channel::Sms, "+33612345679");
    let held = a.lock_conversation(&key).await.unwrap();
    // Another conversation is not held up.
    b.lock_conversation(&other).await.unwrap().release().await;
    let got = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let waiter = {
        let (b, key, got) = (b.clone(), key.clone(), got.clone());
        tokio::spawn(async move {
            let l = b.lock_conversation(&key).await.unwrap();
            got.store(true, std::sync::atomic::Ordering::SeqCst);
            l.release().await;
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !got.load(std::sync::atomic::Ordering::SeqCst),
        "the second instance waits while the first holds the conversation"
    );
    held.release().await;
    waiter.await.unwrap();
    assert!(got.load(std::sync::atomic::Ordering::SeqCst));
    // A lock dropped without release (a cancelled request) is freed too.
    drop(a.lock_conversation(&key).await.unwrap());
    b.lock_conversation(&key).await.unwrap().release().await;
}

/// A free local port.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A `tremplin serve` process, killed when dropped.
struct Server {
    child: Child,
    base: String,
    log: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve_command(database: &str, port: u16, provider: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tremplin"));
    cmd.arg("serve")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("DATABASE_URL", database)
        // Every instance seals and finds data with the same key.
        .env(
            "TREMPLIN_DATA_KEY",
            "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
        )
        .env_remove("TREMPLIN_DATA_KEY_FILE")
        .env("TREMPLIN_BIND", format!("127.0.0.1:{port}"))
        .env("TREMPLIN_INSTANCES", "several")
        .env("TWILIO_AUTH_TOKEN", TOKEN)
        .env("TREMPLIN_PUBLIC_URL", PUBLIC)
        .env("TWILIO_ACCOUNT_SID", "ACinstances")
        .env("TWILIO_FROM", "+33700000000")
        .env("TWILIO_API_URL", provider)
        .env("TREMPLIN_SMS_BURST_MS", "0")
        .env("TREMPLIN_OUTBOX_INTERVAL", "1")
        .env("TREMPLIN_DB_POOL", "6")
        .env("RUST_LOG", "warn")
        .env_remove("TELEGRAM_BOT_TOKEN")
        .env_remove("TELEGRAM_WEBHOOK_URL")
        .stdin(Stdio::null());
    cmd
}

async fn start(database: &str, provider: &str, name: &str, instances: &str) -> Server {
    let port = free_port();
    let log = std::env::temp_dir().join(format!(
        "tremplin-instance-{name}-{}.log",
        tremplin::storage::new_id()
    ));
    let child = serve_command(database, port, provider)
        .env("TREMPLIN_INSTANCES", instances)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .expect("start tremplin serve");
    let mut server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
        log,
    };
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!(
                "tremplin serve ({name}) stopped with {status}:\n{}",
                std::fs::read_to_string(&server.log).unwrap_or_default()
            );
        }
        if let Ok(r) = client.get(format!("{}/readyz", server.base)).send().await {
            if r.status().is_success() {
                break;
            }
        }
        assert!(
            Instant::now() < deadline,
            "tremplin serve ({name}) never became ready:\n{}",
            std::fs::read_to_string(&server.log).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server
}

/// The mock provider: every message it was asked to send.
#[derive(Default)]
struct Provider {
    bodies: Mutex<Vec<String>>,
}

async fn provider() -> (String, Arc<Provider>) {
    use axum::routing::post;
    async fn messages(
        axum::extract::State(p): axum::extract::State<Arc<Provider>>,
        body: axum::body::Bytes,
    ) -> (axum::http::StatusCode, &'static str) {
        let text = form_urlencoded::parse(&body)
            .find(|(k, _)| k == "Body")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        p.bodies.lock().unwrap().push(text);
        (axum::http::StatusCode::CREATED, "{\"sid\":\"SMmock\"}")
    }
    let p = Arc::new(Provider::default());
    let router = axum::Router::new()
        .route("/2010-04-01/Accounts/{sid}/Messages.json", post(messages))
        .with_state(p.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (base, p)
}

/// Posts one signed SMS to an instance; returns the TwiML.
async fn sms(client: &reqwest::Client, base: &str, from: &str, sid: &str, body: &str) -> String {
    let params: Vec<(String, String)> = [
        ("AccountSid", "ACinstances"),
        ("Body", body),
        ("From", from),
        ("MessageSid", sid),
        ("NumMedia", "0"),
        ("To", "+33700000000"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
    .collect();
    let sig = signature(TOKEN, &format!("{PUBLIC}/sms/twilio"), &params);
    let form = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&params)
        .finish();
    let res = client
        .post(format!("{base}/sms/twilio"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-twilio-signature", sig)
        .body(form)
        .send()
        .await
        .expect("request");
    let status = res.status();
    let text = res.text().await.unwrap();
    assert!(status.is_success(), "{status}: {text}");
    assert!(text.contains("<Message>"), "no reply: {text}");
    text
}

/// The scripts the conversations follow: the inputs of every golden transcript and every
/// script of the benchmark, each after a greeting.
fn scripts() -> Vec<Vec<String>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/diagnostic");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut out: Vec<Vec<String>> = files
        .iter()
        .map(|f| {
            let t = tremplin::transcript::Transcript::parse(&std::fs::read_to_string(f).unwrap())
                .unwrap();
            std::iter::once("Bonjour".to_string())
                .chain(t.inputs)
                .collect()
        })
        .collect();
    // STOP and START are the provider's keywords on SMS, not the dialogue's pause.
    out.retain(|inputs| {
        !inputs.iter().any(|i| {
            matches!(
                tremplin::channels::sms::keyword(i),
                Some(
                    tremplin::channels::sms::Keyword::Stop
                        | tremplin::channels::sms::Keyword::Start
                )
            )
        })
    });
    out.extend(tremplin::bench::SCRIPTS.iter().map(|(_, inputs)| {
        std::iter::once("Bonjour")
            .chain(inputs.iter().copied())
            .map(str::to_string)
            .collect()
    }));
    out
}

const PEOPLE: usize = 100;

/// Whether conversation `c` gets turn `t` delivered twice, to both instances at once.
fn twice(c: usize, t: usize) -> bool {
    (c * 31 + t * 7) % 11 == 0
}

/// Drives every conversation; turn `t` of conversation `c` goes to `bases[(c + t) % n]`.
/// Returns the number of deliveries made.
async fn drive(bases: Vec<String>, duplicates: bool) -> usize {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(32)
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    let scripts = Arc::new(scripts());
    let bases = Arc::new(bases);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    // One conversation at a time: with several at once, two people offered the same first
    // slot race for it and the loser is offered others, whichever instances serve them, so
    // the end state would depend on timing. The race that matters here, one message
    // delivered to both instances at once, happens inside a conversation.
    for _ in 0..1 {
        let (client, scripts, bases, next) =
            (client.clone(), scripts.clone(), bases.clone(), next.clone());
        tasks.spawn(async move {
            let mut sent = 0;
            loop {
                let c = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if c >= PEOPLE {
                    break sent;
                }
                let from = format!("+3361{c:07}");
                let script = &scripts[c % scripts.len()];
                for (t, body) in script.iter().enumerate() {
                    let sid = format!("SM{c:04}x{t:03}");
                    let base = &bases[(c + t) % bases.len()];
                    if duplicates && bases.len() > 1 && twice(c, t) {
                        let other = &bases[(c + t + 1) % bases.len()];
                        let (x, y) = tokio::join!(
                            sms(&client, base, &from, &sid, body),
                            sms(&client, other, &from, &sid, body)
                        );
                        assert_eq!(x, y, "a redelivery gets the same reply");
                        // And a late third delivery too.
                        let z = sms(&client, base, &from, &sid, body).await;
                        assert_eq!(x, z);
                        sent += 3;
                    } else {
                        sms(&client, base, &from, &sid, body).await;
                        sent += 1;
                    }
                }
            }
        });
    }
    let mut sent = 0;
    while let Some(r) = tasks.join_next().await {
        sent += r.unwrap();
    }
    sent
}

/// What a run leaves in the database, summed over people (the same scripts give the same
/// figures whatever the order of the turns).
#[derive(Debug, PartialEq, Eq)]
struct EndState {
    people: i64,
    sessions: BTreeMap<(String, String), i64>,
    answers: BTreeMap<String, i64>,
    consents: BTreeMap<(String, i64), i64>,
    bookings: BTreeMap<String, i64>,
    inbound: i64,
    pre_consent: i64,
}

async fn end_state(pool: &sqlx::AnyPool) -> EndState {
    let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people")
        .fetch_one(pool)
        .await
        .unwrap();
    let sessions: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT step, status, COUNT(*) FROM sessions GROUP BY step, status")
            .fetch_all(pool)
            .await
            .unwrap();
    let answers: Vec<(String, i64)> =
        sqlx::query_as("SELECT step, COUNT(*) FROM answers GROUP BY step")
            .fetch_all(pool)
            .await
            .unwrap();
    let consents: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT scope, granted, COUNT(*) FROM consents GROUP BY scope, granted")
            .fetch_all(pool)
            .await
            .unwrap();
    let bookings: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM bookings GROUP BY status")
            .fetch_all(pool)
            .await
            .unwrap();
    let inbound: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inbound")
        .fetch_one(pool)
        .await
        .unwrap();
    let pre_consent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pre_consent")
        .fetch_one(pool)
        .await
        .unwrap();
    EndState {
        people,
        sessions: sessions.into_iter().map(|(a, b, n)| ((a, b), n)).collect(),
        answers: answers.into_iter().collect(),
        consents: consents.into_iter().map(|(a, b, n)| ((a, b), n)).collect(),
        bookings: bookings.into_iter().collect(),
        inbound,
        pre_consent,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_serve_processes_on_one_postgresql() {
    let Some(shared) = postgres_schema().await else {
        return;
    };
    let reference = postgres_schema().await.expect("second schema");
    let (provider_url, provider) = provider().await;

    // The reference: one instance, every turn delivered once.
    let single = start(&reference, &provider_url, "single", "one").await;
    drive(vec![single.base.clone()], false).await;
    drop(single);
    let ref_pool = sqlx::AnyPool::connect(&reference).await.unwrap();
    let expected = end_state(&ref_pool).await;
    ref_pool.close().await;
    assert!(expected.people > 0);
    assert!(
        !expected.bookings.is_empty(),
        "the scripts book appointments: {expected:?}"
    );
    provider.bodies.lock().unwrap().clear();

    // Two instances, turns alternating, some messages delivered to both at once.
    let a = start(&shared, &provider_url, "a", "several").await;
    let b = start(&shared, &provider_url, "b", "several").await;
    let deliveries = drive(vec![a.base.clone(), b.base.clone()], true).await;
    let turns: usize = (0..PEOPLE)
        .map(|c| scripts()[c % scripts().len()].len())
        .sum();
    assert!(
        deliveries > turns,
        "some messages were delivered more than once"
    );

    let pool = sqlx::AnyPool::connect(&shared).await.unwrap();
    let mut got = end_state(&pool).await;
    // Those who refused stay where they are, without any answer, in the shared table (the
    // single instance keeps them in its memory).
    assert_eq!(
        got.pre_consent,
        PEOPLE as i64 - got.people,
        "pre-consent state only for those who did not consent"
    );
    got.pre_consent = expected.pre_consent;
    assert_eq!(got, expected, "two instances end where one does");

    // No slot held by two active bookings.
    let (active, distinct): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(DISTINCT slot_key) FROM booking_slots WHERE active = 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(active, distinct, "a slot was double-booked");
    assert!(active > 0);

    // The outbox, drained by both instances: every message sent once.
    let now = chrono::Utc::now().timestamp();
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM people ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap();
    let before_sent: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL")
            .fetch_one(&pool)
            .await
            .unwrap();
    let provider_before = provider.bodies.lock().unwrap().len();
    let mut expected_bodies = HashSet::new();
    for (i, person) in ids.iter().enumerate() {
        for k in 0..3 {
            let body = format!("message {i}-{k}");
            sqlx::query(
                "INSERT INTO outbox (id, person_id, channel, kind, payload, created_at, not_before) \
                 VALUES ($1, $2, 'sms', 'text', $3, $4, $4)",
            )
            .bind(tremplin::storage::new_id())
            .bind(person.as_str())
            .bind(body.as_str())
            .bind(now)
            .execute(&pool)
            .await
            .unwrap();
            expected_bodies.insert(body);
        }
    }
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let due: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND kind = 'text'",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        if due == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{due} messages still waiting in the outbox"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let bodies: Vec<String> = provider.bodies.lock().unwrap()[provider_before..].to_vec();
    let texts: Vec<&String> = bodies
        .iter()
        .filter(|b| b.starts_with("message "))
        .collect();
    let unique: HashSet<&String> = texts.iter().copied().collect();
    assert_eq!(unique.len(), texts.len(), "a message was sent twice");
    assert_eq!(
        unique.len(),
        expected_bodies.len(),
        "every message was sent"
    );
    let after_sent: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(after_sent >= before_sent + expected_bodies.len() as i64);

    // Both instances count their turns; the figures carry no number.
    let client = reqwest::Client::new();
    let mut counted = 0u64;
    for s in [&a, &b] {
        let text = client
            .get(format!("{}/metrics", s.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!text.contains("+3361"), "a phone number in the metrics");
        counted += text
            .lines()
            .find(|l| l.starts_with("tremplin_turns_total{channel=\"sms\"}"))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap();
    }
    assert_eq!(counted as usize, deliveries, "every delivery was one turn");

    // A second Telegram poller refuses to start, and says why.
    let store = Store::open(&shared, PoolConfig::default()).await.unwrap();
    assert!(
        store
            .try_lease("telegram-polling", "elsewhere", now, 600)
            .await
            .unwrap()
    );
    let out = serve_command(&shared, free_port(), &provider_url)
        .env("TELEGRAM_BOT_TOKEN", "123456:instances")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("long polling already runs") && err.contains("TELEGRAM_WEBHOOK_URL"),
        "{err}"
    );
    store.close().await;

    // SIGTERM: both stop cleanly.
    for mut s in [a, b] {
        let pid = s.child.id().to_string();
        let status = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(status.success());
        let code = s.child.wait().unwrap();
        assert!(
            code.success(),
            "{code}:\n{}",
            std::fs::read_to_string(&s.log).unwrap_or_default()
        );
    }
    pool.close().await;
}

#[tokio::test]
async fn the_pre_consent_state_is_shared_without_answers() {
    for (name, store) in common::stores().await {
        let (a, _) = common::host(store.clone());
        let (b, _) = common::host(store.clone());
        let (a, b) = (
            a.with_several_instances(true),
            b.with_several_instances(true),
        );
        let key = ConvKey::new(Channel::Sms, "+33698765432");
        let first = common::say(&a, &key, Some("Bonjour"), Some("SMp1")).await;
        let second = common::say(&b, &key, Some("1"), Some("SMp2")).await;
        assert_ne!(first.text, second.text, "{name}");
        // Delivered again, to the other instance: the same reply, nothing done twice.
        let again = common::say(&a, &key, Some("1"), Some("SMp2")).await;
        assert!(again.duplicate, "{name}");
        assert_eq!(again.text, second.text, "{name}");
        assert_eq!(
            a.unconsented() + b.unconsented(),
            0,
            "{name}: not in memory"
        );
        let state = store
            .pre_consent(&key)
            .await
            .unwrap()
            .expect("shared state");
        assert!(!state.contains("+33698765432"), "{name}: no address");
        let v: serde_json::Value = serde_json::from_str(&state).unwrap();
        let answers = v["session"]["answers"].as_object().unwrap();
        assert!(
            answers.keys().all(|k| k == "language"),
            "{name}: only the language before consent: {answers:?}"
        );
        assert_eq!(store.counts().await.unwrap().people, 0, "{name}");
        // Consent, on the other instance: the person is stored, the shared state is gone.
        common::say(&b, &key, Some("oui"), Some("SMp3")).await;
        assert_eq!(store.counts().await.unwrap().people, 1, "{name}");
        assert_eq!(store.pre_consent_count().await.unwrap(), 0, "{name}");
        let s = a.session_of(&key).await.unwrap().unwrap();
        assert_eq!(s.step, "consent_sensitive", "{name}");
        assert!(s.answers.contains_key("language"), "{name}");
        // Silent conversations are swept.
        let other = ConvKey::new(Channel::Sms, "+33698765433");
        common::say(&a, &other, Some("Bonjour"), Some("SMq1")).await;
        assert_eq!(store.pre_consent_count().await.unwrap(), 1, "{name}");
        assert_eq!(store.sweep_pre_consent(T0).await.unwrap(), 0, "{name}");
        assert_eq!(store.sweep_pre_consent(T0 + 1).await.unwrap(), 1, "{name}");
    }
}
