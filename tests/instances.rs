//! Several instances on one database: leases that die with their holder and runs of periodic
//! jobs (on SQLite and PostgreSQL), the conversation lock
//! across two pools, and two `tremplin serve` processes on one PostgreSQL answering 100 SMS
//! conversations whose turns alternate between them, some messages delivered to both: the
//! end state is the one a single instance reaches, nothing is lost, doubled, sent twice or
//! double-booked. A third process shows that a second Telegram poller refuses to start.

mod support;

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use support::serve::{Serve, held_slots, queue_text, scripts, wait_for_outbox};
use support::twilio::Mock;
use tremplin::core::{Channel, ConvKey};
use tremplin::storage::held::Taken;
use tremplin::storage::{PoolConfig, Store};
use tremplin::transcript::T0;

#[tokio::test]
async fn a_held_lease_has_one_live_holder_and_dies_with_it() {
    for (name, store) in support::file_stores().await {
        let Taken::Held(a) = store.take_lease("job", "a").await.unwrap() else {
            panic!("{name}: a free lease")
        };
        match store.take_lease("job", "b").await.unwrap() {
            Taken::Elsewhere(who) => assert_eq!(who.as_deref(), Some("a"), "{name}"),
            Taken::Held(_) => panic!("{name}: held twice"),
        }
        // Another lease is another lock.
        let Taken::Held(other) = store.take_lease("other", "b").await.unwrap() else {
            panic!("{name}: another lease")
        };
        // Given back: free at once.
        a.release().await;
        let Taken::Held(b) = store.take_lease("job", "b").await.unwrap() else {
            panic!("{name}: given back")
        };
        // Dropped without a word, as by a process that ends: free again (on PostgreSQL as
        // soon as the server sees its connection closed).
        drop(b);
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        loop {
            match store.take_lease("job", "c").await.unwrap() {
                Taken::Held(c) => {
                    c.release().await;
                    break;
                }
                Taken::Elsewhere(_) => {
                    assert!(std::time::Instant::now() < deadline, "{name}: never freed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
        other.release().await;
    }
}

#[tokio::test]
async fn a_periodic_job_runs_once_per_period_whoever_asks() {
    for (name, store) in support::stores().await {
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
    for (name, store) in support::file_stores().await {
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
    let Some(url) = support::postgres_url() else {
        eprintln!("TEST_POSTGRES_URL is not set: skipping the PostgreSQL instances test");
        return None;
    };
    Some(support::fresh_schema(&url).await)
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

/// An instance on `database`, one of several (or the only one, for `instances` `one`).
fn serve(database: &str, provider: &str, instances: &str) -> Serve {
    Serve::new(database, provider)
        .env("TREMPLIN_INSTANCES", instances)
        .env("TREMPLIN_DB_POOL", "6")
}

/// Posts one signed SMS to an instance; returns the TwiML.
async fn sms(client: &reqwest::Client, base: &str, from: &str, sid: &str, body: &str) -> String {
    support::serve::sms(client, base, from, sid, body)
        .await
        .expect("request")
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
    let provider = Mock::start().await;

    // The reference: one instance, every turn delivered once.
    let single = serve(&reference, &provider.url, "one")
        .start("single")
        .await;
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
    provider.clear();

    // Two instances, turns alternating, some messages delivered to both at once.
    let several = serve(&shared, &provider.url, "several");
    let a = several.start("a").await;
    let b = several.start("b").await;
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
    assert!(held_slots(&pool).await > 0);

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
    let provider_before = provider.accepted().len();
    let mut expected_bodies = HashSet::new();
    for (i, person) in ids.iter().enumerate() {
        for k in 0..3 {
            let body = format!("message {i}-{k}");
            queue_text(&pool, person, &body, now).await;
            expected_bodies.insert(body);
        }
    }
    wait_for_outbox(&pool, Duration::from_secs(180), String::new).await;
    let bodies: Vec<String> = provider.accepted()[provider_before..]
        .iter()
        .map(|s| s.body().to_string())
        .collect();
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
    let Taken::Held(held) = store
        .take_lease("telegram-polling", "elsewhere")
        .await
        .unwrap()
    else {
        panic!("the polling lease is free")
    };
    let out = several
        .command(support::free_port())
        .env("TELEGRAM_BOT_TOKEN", "123456:instances")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("long polling already runs on another instance (elsewhere)")
            && err.contains("TELEGRAM_WEBHOOK_URL"),
        "{err}"
    );
    held.release().await;
    store.close().await;

    // SIGTERM: both stop cleanly.
    for mut s in [a, b] {
        let code = s.terminate();
        assert!(code.success(), "{code}:\n{}", s.log());
    }
    pool.close().await;
}

#[tokio::test]
async fn the_pre_consent_state_is_shared_without_answers() {
    for (name, store) in support::stores().await {
        let (a, _) = support::host(store.clone());
        let (b, _) = support::host(store.clone());
        let (a, b) = (
            a.with_several_instances(true),
            b.with_several_instances(true),
        );
        let key = ConvKey::new(Channel::Sms, "+33698765432");
        let first = support::say(&a, &key, Some("Bonjour"), Some("SMp1")).await;
        let second = support::say(&b, &key, Some("1"), Some("SMp2")).await;
        assert_ne!(first.text, second.text, "{name}");
        // Delivered again, to the other instance: the same reply, nothing done twice.
        let again = support::say(&a, &key, Some("1"), Some("SMp2")).await;
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
        let cells = store.text_cells("pre_consent").await.unwrap();
        assert!(
            cells.iter().any(|c| c.starts_with("v1."))
                && !cells.iter().any(|c| c.contains("language")),
            "{name}: the shared state is sealed: {cells:?}"
        );
        let v: serde_json::Value = serde_json::from_str(&state).unwrap();
        let answers = v["session"]["answers"].as_object().unwrap();
        assert!(
            answers.keys().all(|k| k == "language"),
            "{name}: only the language before consent: {answers:?}"
        );
        assert_eq!(store.counts().await.unwrap().people, 0, "{name}");
        // Consent, on the other instance: the person is stored, the shared state is gone.
        support::say(&b, &key, Some("oui"), Some("SMp3")).await;
        assert_eq!(store.counts().await.unwrap().people, 1, "{name}");
        assert_eq!(store.pre_consent_count().await.unwrap(), 0, "{name}");
        let s = a.session_of(&key).await.unwrap().unwrap();
        assert_eq!(s.step, "consent_sensitive", "{name}");
        assert!(s.answers.contains_key("language"), "{name}");
        // Silent conversations are swept.
        let other = ConvKey::new(Channel::Sms, "+33698765433");
        support::say(&a, &other, Some("Bonjour"), Some("SMq1")).await;
        assert_eq!(store.pre_consent_count().await.unwrap(), 1, "{name}");
        assert_eq!(store.sweep_pre_consent(T0).await.unwrap(), 0, "{name}");
        assert_eq!(store.sweep_pre_consent(T0 + 1).await.unwrap(), 1, "{name}");
    }
}
