//! A dependency that cannot be reached never stops the service: `tremplin serve` started while
//! the Telegram Bot API is down answers `/healthz`, serves the SMS webhook, says `telegram
//! degraded` in `/readyz` and counts the failures in `/metrics`; when the Bot API comes back,
//! Telegram works without a restart. Only a token the Bot API refuses stops the start, and the
//! message says so. The same in webhook mode: `setWebhook` is tried again until the Bot API
//! accepts it, while the webhook route, the SMS webhook and the dashboard serve. An SMS
//! provider whose REST API answers 503 is `degraded` the same way, and `ok` again at its first
//! answer.

mod support;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use support::serve::{Serve, database, queue_text, scripts, sms, store_of};
use support::twilio::{Answer, Mock};
use tremplin::bench::telegram_mock::{self as mock, MockApi};
use tremplin::core::{Channel, ConvKey};

async fn get(client: &reqwest::Client, url: &str) -> (u16, String) {
    let r = client.get(url).send().await.expect("GET");
    (r.status().as_u16(), r.text().await.expect("body"))
}

/// The failures of a dependency counted in `/metrics`.
fn failures(metrics: &str, dependency: &str) -> u64 {
    let prefix = format!("tremplin_dependency_failures_total{{dependency=\"{dependency}\"}} ");
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {prefix} in:\n{metrics}"))
}

#[tokio::test]
async fn serve_starts_without_the_bot_api_and_picks_telegram_up_when_it_comes_back() {
    let url = database("sqlite").await;
    let provider = Mock::start().await;
    // An address where nothing listens yet: every call is a network error.
    let address = format!("127.0.0.1:{}", support::free_port());
    let serve = Serve::new(&url, &provider.url)
        .env("TELEGRAM_BOT_TOKEN", "123456:degraded")
        .env("TELEGRAM_API_URL", &format!("http://{address}"));
    let started = Instant::now();
    let server = serve.start("degraded").await;
    let ready_after = started.elapsed();
    let client = reqwest::Client::new();

    assert_eq!(
        get(&client, &format!("{}/healthz", server.base)).await.0,
        200
    );
    let (status, ready) = get(&client, &format!("{}/readyz", server.base)).await;
    assert_eq!(status, 200, "{ready}");
    assert!(ready.contains("telegram degraded"), "{ready}");
    assert!(ready.contains("sms_provider ok"), "{ready}");
    let reply = sms(
        &client,
        &server.base,
        "+33611111111",
        "SMdegraded1",
        "Bonjour",
    )
    .await;
    assert!(
        reply.is_some(),
        "the SMS webhook answers:\n{}",
        server.log()
    );
    let (_, metrics) = get(&client, &format!("{}/metrics", server.base)).await;
    assert!(failures(&metrics, "telegram") >= 1, "{metrics}");
    assert!(
        metrics.contains("tremplin_dependency_up{dependency=\"telegram\"} 0"),
        "{metrics}"
    );

    // The Bot API comes back where it was: polling starts and a person gets an answer.
    let api = MockApi::start_on(&address).await.expect("mock Bot API");
    let back = Instant::now();
    assert!(
        api.wait_count("getUpdates", 1, Duration::from_secs(45))
            .await,
        "never polled:\n{}",
        server.log()
    );
    let polling_after = back.elapsed();
    assert_eq!(api.count("getMe"), 1, "getMe once it answers");
    assert!(api.count("setMyCommands") >= 1, "the commands menu is set");
    api.push(mock::text(42_001, "Bonjour", "fr"));
    assert!(
        api.wait_until(Duration::from_secs(20), |calls| calls
            .iter()
            .any(|c| c.method == "sendMessage" && c.chat() == Some(42_001)))
            .await,
        "no Telegram reply:\n{}",
        server.log()
    );
    let (_, ready) = get(&client, &format!("{}/readyz", server.base)).await;
    assert!(ready.contains("telegram ok"), "{ready}");
    eprintln!(
        "ready without the Bot API after {} ms; polling {} ms after it came back",
        ready_after.as_millis(),
        polling_after.as_millis()
    );

    // Down again while polling: degraded, counted, and back once it answers.
    let before = failures(
        &get(&client, &format!("{}/metrics", server.base)).await.1,
        "telegram",
    );
    api.answer_all(Some(StatusCode::BAD_GATEWAY));
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, ready) = get(&client, &format!("{}/readyz", server.base)).await;
        if ready.contains("telegram degraded") {
            break;
        }
        assert!(Instant::now() < deadline, "never degraded: {ready}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let after = failures(
        &get(&client, &format!("{}/metrics", server.base)).await.1,
        "telegram",
    );
    assert!(after > before, "{before} -> {after}");
    assert!(
        sms(&client, &server.base, "+33611111111", "SMdegraded2", "1")
            .await
            .is_some()
    );
    api.answer_all(None);
    let polls = api.count("getUpdates");
    assert!(
        api.wait_count("getUpdates", polls + 1, Duration::from_secs(60))
            .await,
        "polling did not resume:\n{}",
        server.log()
    );
    drop(server);
}

/// The webhook the tests give `serve` in webhook mode: Telegram would push to it; nothing
/// calls it but the test.
const WEBHOOK_URL: &str = "https://bot.example.org/telegram/hook-degraded";
const WEBHOOK_SECRET: &str = "degraded-secret_1";

/// Posts a Telegram update to the webhook route with the secret; the status.
async fn push_update(client: &reqwest::Client, base: &str, update: &serde_json::Value) -> u16 {
    client
        .post(format!("{base}/telegram/hook-degraded"))
        .header("x-telegram-bot-api-secret-token", WEBHOOK_SECRET)
        .json(update)
        .send()
        .await
        .expect("POST an update")
        .status()
        .as_u16()
}

#[tokio::test]
async fn in_webhook_mode_a_bot_api_down_at_start_degrades_telegram_only_until_it_answers() {
    let url = database("sqlite").await;
    let provider = Mock::start().await;
    let api = MockApi::start().await.expect("mock Bot API");
    // Up, but every call answers 503: a Bot API outage, not a refused token.
    api.answer_all(Some(StatusCode::SERVICE_UNAVAILABLE));
    let serve = Serve::new(&url, &provider.url)
        .env("TELEGRAM_BOT_TOKEN", "123456:webhook-degraded")
        .env("TELEGRAM_API_URL", &api.url)
        .env("TELEGRAM_WEBHOOK_URL", WEBHOOK_URL)
        .env("TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET);
    let started = Instant::now();
    let server = serve.start("webhook-degraded").await;
    let ready_after = started.elapsed();
    let client = reqwest::Client::new();

    assert_eq!(
        get(&client, &format!("{}/healthz", server.base)).await.0,
        200
    );
    let (status, ready) = get(&client, &format!("{}/readyz", server.base)).await;
    assert_eq!(status, 200, "{ready}");
    assert!(ready.contains("telegram degraded"), "{ready}");
    let reply = sms(&client, &server.base, "+33644444444", "SMhook1", "Bonjour").await;
    assert!(
        reply.is_some(),
        "the SMS webhook answers:\n{}",
        server.log()
    );
    let (status, login) = get(&client, &format!("{}/staff/login", server.base)).await;
    assert_eq!(status, 200, "the dashboard answers: {login}");
    let (_, metrics) = get(&client, &format!("{}/metrics", server.base)).await;
    assert!(failures(&metrics, "telegram") >= 1, "{metrics}");
    assert_eq!(
        api.count("setWebhook"),
        0,
        "nothing accepted while it is down"
    );

    // The Bot API answers again: the webhook is registered, with its secret, and a person
    // who writes through it gets an answer; no restart.
    api.answer_all(None);
    let back = Instant::now();
    assert!(
        api.wait_count("setWebhook", 1, Duration::from_secs(60))
            .await,
        "the webhook was never registered:\n{}",
        server.log()
    );
    let registered_after = back.elapsed();
    // Sent as a form: its fields as text.
    let set = api.calls_to("setWebhook")[0].body.to_string();
    assert!(
        set.contains(WEBHOOK_URL) && set.contains(WEBHOOK_SECRET),
        "{set}"
    );
    assert_eq!(api.count("getUpdates"), 0, "webhook mode never polls");
    let mut update = mock::text(43_001, "Bonjour", "fr");
    update["update_id"] = serde_json::json!(api.next_update_id());
    assert_eq!(push_update(&client, &server.base, &update).await, 200);
    assert!(
        api.wait_until(Duration::from_secs(20), |calls| calls
            .iter()
            .any(|c| c.method == "sendMessage" && c.chat() == Some(43_001)))
            .await,
        "no Telegram reply:\n{}",
        server.log()
    );
    wait_ready_line(&client, &server.base, "telegram ok").await;
    eprintln!(
        "webhook mode: ready without the Bot API after {} ms; webhook registered {} ms after it came back",
        ready_after.as_millis(),
        registered_after.as_millis()
    );
    drop(server);
}

#[tokio::test]
async fn a_refused_token_stops_the_start_and_says_so() {
    let url = database("sqlite").await;
    let provider = Mock::start().await;
    let api = MockApi::start().await.expect("mock Bot API");
    for (status, said) in [
        (StatusCode::UNAUTHORIZED, "Unauthorized"),
        (StatusCode::NOT_FOUND, "Not Found"),
    ] {
        api.answer_all(Some(status));
        let serve = Serve::new(&url, &provider.url)
            .env("TELEGRAM_BOT_TOKEN", "123456:refused")
            .env("TELEGRAM_API_URL", &api.url);
        let (started, stderr) = serve.run_to_end().await;
        assert!(!started, "{status}: started:\n{stderr}");
        assert!(
            stderr.contains("refused the bot token") && stderr.contains("TELEGRAM_BOT_TOKEN"),
            "{status}: {stderr}"
        );
        assert!(!stderr.contains("could not be reached"), "{said}: {stderr}");
    }
}

/// Waits until `/readyz` shows `line`.
async fn wait_ready_line(client: &reqwest::Client, base: &str, line: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, ready) = get(client, &format!("{base}/readyz")).await;
        if ready.contains(line) {
            assert_eq!(status, 200, "{ready}");
            return;
        }
        assert!(Instant::now() < deadline, "never {line}: {ready}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A person who consented through the SMS webhook of the server at `base` (the longest
/// script's first 8 messages), then a text queued for them in the outbox: the script, a pool on
/// the database and the person's id.
async fn consented_with_a_text(
    base: &str,
    url: &str,
    number: &str,
    sids: &str,
) -> (Vec<String>, sqlx::AnyPool, String) {
    let client = reqwest::Client::new();
    let script = scripts()
        .into_iter()
        .max_by_key(Vec::len)
        .expect("a script");
    for (turn, text) in script.iter().enumerate().take(8) {
        sms(&client, base, number, &format!("{sids}{turn}"), text)
            .await
            .expect("a reply");
    }
    let store = store_of(url).await;
    let person = store
        .find_person(&ConvKey::new(Channel::Sms, number.to_string()))
        .await
        .expect("read")
        .expect("the person consented");
    store.close().await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.expect("connect");
    let now = chrono::Utc::now().timestamp();
    queue_text(
        &pool,
        person.id.as_str(),
        "Votre rendez-vous est demain.",
        now,
    )
    .await;
    (script, pool, person.id)
}

#[tokio::test]
async fn an_sms_provider_out_of_order_degrades_outbound_sms_only() {
    let url = database("sqlite").await;
    let down = Arc::new(AtomicBool::new(true));
    let flag = down.clone();
    let provider = Mock::with(move |_, _| {
        if flag.load(Ordering::SeqCst) {
            Answer::Refuse(StatusCode::SERVICE_UNAVAILABLE, "{}")
        } else {
            Answer::Accept
        }
    })
    .await;
    let server = Serve::new(&url, &provider.url).start("sms-degraded").await;
    let client = reqwest::Client::new();
    let number = "+33633333333";
    let (script, pool, person) = consented_with_a_text(&server.base, &url, number, "SMout").await;
    let now = chrono::Utc::now().timestamp();
    wait_ready_line(&client, &server.base, "sms_provider degraded").await;
    let (_, metrics) = get(&client, &format!("{}/metrics", server.base)).await;
    assert!(failures(&metrics, "sms_provider") >= 1, "{metrics}");
    // Inbound SMS is not the provider's REST API: the webhook still answers.
    let next = &script[8];
    assert!(
        sms(&client, &server.base, number, "SMout8", next)
            .await
            .is_some()
    );

    down.store(false, Ordering::SeqCst);
    queue_text(&pool, person.as_str(), "Un message de l'accueil.", now).await;
    wait_ready_line(&client, &server.base, "sms_provider ok").await;
    let accepted = provider.accepted();
    let sent = accepted
        .iter()
        .find(|m| m.body().contains("accueil"))
        .expect("sent once the provider answers");
    // It asked for its delivery status, which the service takes signed and only signed.
    let status_url = format!("{}{}", support::twilio::PUBLIC, support::twilio::STATUS);
    assert_eq!(sent.field("StatusCallback"), status_url);
    let callbacks = provider.take_callbacks();
    assert!(!callbacks.is_empty());
    for (token, expected) in [("forged", 403), (support::twilio::TOKEN, 204)] {
        for c in &callbacks {
            let body = support::twilio::form(&c.form);
            let signature = support::twilio::sign_for(token, &c.url, body.as_bytes());
            let res = client
                .post(format!("{}{}", server.base, support::twilio::STATUS))
                .header("content-type", support::twilio::FORM)
                .header("x-twilio-signature", signature)
                .body(body)
                .send()
                .await
                .expect("status callback");
            assert_eq!(res.status().as_u16(), expected, "{token}");
        }
    }
    pool.close().await;
    drop(server);
}

/// The retries of a failing part wait longer and longer up to a cap, and never in step: two
/// sources of randomness give two waits, each within a quarter above the doubled base.
#[test]
fn retries_back_off_exponentially_up_to_a_cap_with_jitter() {
    use tremplin::core::{Entropy, SystemEntropy, backoff};
    let first = Duration::from_secs(1);
    let cap = Duration::from_secs(30);
    let mut figures = Vec::new();
    for failures in 0..8_u32 {
        let base = (first * 2_u32.pow(failures)).min(cap);
        let waits: Vec<Duration> = (0..50)
            .map(|_| backoff(first, cap, failures, SystemEntropy.bytes()))
            .collect();
        for w in &waits {
            assert!(*w >= base && *w <= base + base / 4, "{failures}: {w:?}");
        }
        let distinct: std::collections::BTreeSet<_> = waits.iter().collect();
        assert!(distinct.len() > 1, "{failures}: no jitter: {waits:?}");
        figures.push(format!("{:.2}", waits[0].as_secs_f64()));
    }
    assert_eq!(
        backoff(first, cap, 3, [0; 16]),
        Duration::from_secs(8),
        "the same bytes, the same wait"
    );
    // The outbox: 60 s after the first failed try, doubling up to 64 minutes.
    let counted = tremplin::core::CountingEntropy::default();
    for (attempts, base) in [(1, 60), (2, 120), (7, 3840), (50, 3840)] {
        let wait = tremplin::notify::retry_wait(attempts, counted.bytes());
        assert!(
            (base..=base + base / 4).contains(&wait),
            "{attempts}: {wait}"
        );
    }
    eprintln!(
        "Bot API waits after 0..8 failures: {} s",
        figures.join(", ")
    );
}

/// A provider that never answers does not hold the stop: SIGTERM with a send in flight ends
/// `serve` within `TREMPLIN_SHUTDOWN_TIMEOUT` in all, and the message stays in the outbox for
/// the next start.
#[tokio::test]
async fn sigterm_with_a_send_hanging_on_the_provider_stops_within_the_timeout() {
    let url = database("sqlite").await;
    let provider = Mock::with(|_, _| Answer::Hang).await;
    let mut server = Serve::new(&url, &provider.url)
        .env("TREMPLIN_SHUTDOWN_TIMEOUT", "2")
        .start("sigterm-slow-provider")
        .await;
    let number = "+33644444444";
    let (_, pool, _) = consented_with_a_text(&server.base, &url, number, "SMhang").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while provider.received().is_empty() {
        assert!(Instant::now() < deadline, "the send never started");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let asked = Instant::now();
    let status = server.terminate();
    let took = asked.elapsed();
    eprintln!("stopped in {took:?} with a send hanging, for a shutdown timeout of 2 s");
    assert!(status.success() || status.code().is_some(), "{status}");
    assert!(
        took < Duration::from_millis(3_500),
        "stopped in {took:?}, for a shutdown timeout of 2 s"
    );
    let (pending,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(pending, 1, "the message waits for the next start");
}
