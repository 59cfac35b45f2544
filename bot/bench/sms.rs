//! `tremplin bench sms`: whole SMS webhook turns over loopback HTTP (signature check, flood
//! control, dedupe, session, engine, commit, TwiML), with many people answering at once, beside
//! two baselines served by the same process in the same run: a bare handler that parses the same
//! form and answers TwiML, and one that also does a single durable insert.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::post;

use super::{SCRIPTS, median};
use crate::app::{Host, HostConfig};
use crate::catalog::Catalog;
use crate::channels::sms::{signature, twiml};
use crate::core::SystemClock;
use crate::storage::Store;
use crate::web::sms::SmsConfig;
use crate::web::{AppState, app};

const TOKEN: &str = "bench-auth-token";

/// What was measured, medians over the runs.
#[derive(Debug, Clone)]
pub struct SmsFigures {
    pub connections: usize,
    pub people: usize,
    pub turns_per_run: usize,
    pub turn: Rate,
    pub bare: Rate,
    pub insert: Rate,
}

/// Requests per second and latency percentiles of one kind of request.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rate {
    pub per_sec: f64,
    pub p50: Duration,
    pub p99: Duration,
}

/// Runs the benchmark on the database at `url` (fresh people every run).
pub async fn sms(
    catalog: Arc<Catalog>,
    url: &str,
    connections: usize,
    people: usize,
    runs: usize,
) -> anyhow::Result<SmsFigures> {
    let store = super::open_store(url).await?;
    store.bench_prepare().await?;
    let host = Arc::new(Host::new(
        store.clone(),
        catalog,
        HostConfig::default(),
        Arc::new(SystemClock),
    )?);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let base = format!("http://{addr}");
    // People here answer as soon as they read the reply: every answer would be part of a
    // burst and its reply would wait for the burst to end, so bursts are off.
    let cfg = Arc::new(SmsConfig {
        auth_token: TOKEN.into(),
        webhook_url: format!("{base}/sms/twilio"),
        status_url: format!("{base}/sms/status"),
        gsm7: crate::channels::sms::Gsm7::Auto,
        bursts: crate::web::sms::Bursts::default(),
        burst_ms: 0,
        stop_words: crate::channels::sms::StopWords::default(),
    });
    let baselines = Router::new()
        .route("/bare", post(bare))
        .route("/insert", post(insert))
        .with_state(store.clone());
    let router = app(AppState {
        host: host.clone(),
        sms: Some(cfg),
        telegram: None,
    })
    .merge(baselines);
    let server = tokio::spawn(async move { axum::serve(listener, router).await });

    let load = Load::new(people, connections)?;
    let mut turns = Vec::new();
    let mut bares = Vec::new();
    let mut inserts = Vec::new();
    // A short warm-up fills the connection pools.
    load.warm(&[&base], "/bare", 999).await?;
    // Fresh numbers in every run and every invocation (a database may be reused).
    let seed = (std::process::id() as usize % 90) * 10;
    for run in 0..runs.clamp(1, 3) {
        let tag = seed + run * 3;
        bares.push(load.run(&[&base], "/bare", tag).await?);
        inserts.push(load.run(&[&base], "/insert", tag + 1).await?);
        turns.push(load.run(&[&base], "/sms/twilio", tag + 2).await?);
    }
    server.abort();
    store.close().await;
    Ok(SmsFigures {
        connections,
        people,
        turns_per_run: people * load.script.len(),
        turn: median_rate(turns),
        bare: median_rate(bares),
        insert: median_rate(inserts),
    })
}

/// The load a benchmark sends: one HTTP client, and people who each answer the first French
/// script, from a greeting to the end, `connections` requests in flight.
struct Load {
    client: reqwest::Client,
    script: Vec<&'static str>,
    people: usize,
    connections: usize,
}

impl Load {
    fn new(people: usize, connections: usize) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(connections)
            .timeout(Duration::from_secs(60))
            .build()?;
        let script = std::iter::once("Bonjour")
            .chain(SCRIPTS[0].1.iter().copied())
            .collect();
        Ok(Self {
            client,
            script,
            people,
            connections,
        })
    }

    /// Every person's whole script to `path` of the bases, numbers tagged `tag`.
    async fn run(&self, bases: &[&str], path: &str, tag: usize) -> anyhow::Result<Rate> {
        let (people, connections) = (self.people, self.connections);
        drive(
            &self.client,
            bases,
            path,
            tag,
            people,
            &self.script,
            connections,
        )
        .await
    }

    /// A short warm-up: as many people as connections, to fill the pools.
    async fn warm(&self, bases: &[&str], path: &str, tag: usize) -> anyhow::Result<Rate> {
        let n = self.connections;
        drive(&self.client, bases, path, tag, n, &self.script, n).await
    }
}

fn median_rate(v: Vec<Rate>) -> Rate {
    Rate {
        per_sec: median(v.iter().map(|r| r.per_sec).collect()),
        p50: Duration::from_secs_f64(median(v.iter().map(|r| r.p50.as_secs_f64()).collect())),
        p99: Duration::from_secs_f64(median(v.iter().map(|r| r.p99.as_secs_f64()).collect())),
    }
}

/// `people` people each send the whole script to `path`, `connections` requests in flight;
/// with several bases (instances), a person's turns alternate between them.
async fn drive(
    client: &reqwest::Client,
    bases: &[&str],
    path: &str,
    tag: usize,
    people: usize,
    script: &[&str],
    connections: usize,
) -> anyhow::Result<Rate> {
    let next = Arc::new(AtomicUsize::new(0));
    let script: Arc<Vec<String>> = Arc::new(script.iter().map(|s| (*s).to_string()).collect());
    let urls: Arc<Vec<String>> = Arc::new(bases.iter().map(|b| format!("{b}{path}")).collect());
    let signed_url = format!("{}/sms/twilio", bases[0]);
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..connections {
        let (client, next, script, urls, signed_url) = (
            client.clone(),
            next.clone(),
            script.clone(),
            urls.clone(),
            signed_url.clone(),
        );
        let path = path.to_string();
        tasks.spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let who = next.fetch_add(1, Ordering::Relaxed);
                if who >= people {
                    break;
                }
                let from = format!("+336{:03}{:05}", tag % 1000, who);
                for (i, body) in script.iter().enumerate() {
                    let params = vec![
                        ("AccountSid".to_string(), "ACbench".to_string()),
                        ("Body".to_string(), body.clone()),
                        ("From".to_string(), from.clone()),
                        ("MessageSid".to_string(), format!("SM{tag}x{who}x{i}")),
                        ("NumMedia".to_string(), "0".to_string()),
                        ("To".to_string(), "+33700000000".to_string()),
                    ];
                    let sig = signature(TOKEN, &signed_url, &params);
                    let form: String = form_urlencoded::Serializer::new(String::new())
                        .extend_pairs(&params)
                        .finish();
                    let t = Instant::now();
                    let res = client
                        .post(&urls[(who + i) % urls.len()])
                        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .header("X-Twilio-Signature", sig)
                        .body(form)
                        .send()
                        .await?;
                    let status = res.status();
                    let text = res.text().await?;
                    latencies.push(t.elapsed());
                    anyhow::ensure!(
                        status.is_success() && text.contains("<Message>"),
                        "{path} answered {status} without a message"
                    );
                }
            }
            anyhow::Ok(latencies)
        });
    }
    let mut all = Vec::new();
    while let Some(r) = tasks.join_next().await {
        all.extend(r??);
    }
    let elapsed = start.elapsed();
    all.sort();
    let pick = |q: f64| {
        all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Ok(Rate {
        per_sec: all.len() as f64 / elapsed.as_secs_f64(),
        p50: pick(0.50),
        p99: pick(0.99),
    })
}

fn form_body(body: &[u8]) -> Option<(String, String)> {
    let mut text = None;
    let mut sid = None;
    for (k, v) in form_urlencoded::parse(body) {
        match &*k {
            "Body" => text = Some(v.into_owned()),
            "MessageSid" => sid = Some(v.into_owned()),
            _ => {}
        }
    }
    Some((text?, sid?))
}

fn xml(text: &str) -> impl IntoResponse + use<> {
    (
        [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
        twiml(&[text]),
    )
}

/// Baseline: parse the form, answer TwiML.
async fn bare(body: Bytes) -> axum::response::Response {
    match form_body(&body) {
        Some((text, _)) => xml(&text).into_response(),
        None => axum::http::StatusCode::BAD_REQUEST.into_response(),
    }
}

/// Baseline: parse the form, one durable insert, answer TwiML.
async fn insert(State(store): State<Store>, body: Bytes) -> axum::response::Response {
    let Some((text, sid)) = form_body(&body) else {
        return axum::http::StatusCode::BAD_REQUEST.into_response();
    };
    match store.bench_insert(&sid).await {
        Ok(()) => xml(&text).into_response(),
        Err(_) => axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// The head of a figures table: what was measured with how much load, `(people, turns per
/// run, connections)`, then the columns, the name in `width` columns.
fn print_head(
    what: &str,
    (people, turns, connections): (usize, usize, usize),
    width: usize,
    ratio: &str,
) {
    let messages = turns / people.max(1);
    println!("{what}: {people} people x {messages} messages, {connections} connections");
    println!(
        "{:<width$} {:>12} {:>10} {:>10} {ratio:>16}",
        "benchmark", "median", "p50", "p99"
    );
}

/// One line of a figures table: the name in `width` columns, the rate, p50, p99, and a ratio.
fn print_row(width: usize, name: &str, r: &Rate, ratio: &str) {
    println!(
        "{name:<width$} {:>10.0}/s {:>8.2}ms {:>8.2}ms {ratio:>16}",
        r.per_sec,
        r.p50.as_secs_f64() * 1e3,
        r.p99.as_secs_f64() * 1e3,
    );
}

/// Prints the figures as a table with the ratios.
pub fn print(f: &SmsFigures) {
    let what = "SMS webhook over loopback HTTP";
    let load = (f.people, f.turns_per_run, f.connections);
    print_head(what, load, 34, "turn ratio");
    let row = |name: &str, r: &Rate, ratio: Option<f64>| {
        print_row(
            34,
            name,
            r,
            &ratio.map_or_else(|| "-".to_string(), |x| format!("{x:.2}")),
        );
    };
    row("sms turn (full)", &f.turn, None);
    row(
        "baseline: bare form + TwiML",
        &f.bare,
        Some(f.turn.per_sec / f.bare.per_sec),
    );
    row(
        "baseline: form + 1 durable insert",
        &f.insert,
        Some(f.turn.per_sec / f.insert.per_sec),
    );
    println!(
        "target: turn/insert ratio >= 1.00 ({}), p99 < 20 ms ({})",
        if f.turn.per_sec >= f.insert.per_sec {
            "met"
        } else {
            "NOT met"
        },
        if f.turn.p99 < Duration::from_millis(20) {
            "met"
        } else {
            "NOT met"
        }
    );
}

/// The SMS turn on one database served by one and by two instances.
#[derive(Debug, Clone)]
pub struct InstancesFigures {
    pub connections: usize,
    pub people: usize,
    pub turns_per_run: usize,
    /// Baseline: parse the form, one durable insert, on the same database.
    pub insert: Rate,
    /// One instance that knows it is alone (no lock in the database, pre-consent in memory).
    pub alone: Rate,
    /// One instance in several-instances mode (conversation lock, shared pre-consent state).
    pub one: Rate,
    /// Two instances, each person's turns alternating between them.
    pub two: Rate,
}

/// One in-process instance: its own store (pool) and host, served on its own port.
async fn instance(
    catalog: Arc<Catalog>,
    url: &str,
    several: bool,
    listener: tokio::net::TcpListener,
    webhook_url: String,
) -> anyhow::Result<(Store, tokio::task::JoinHandle<std::io::Result<()>>)> {
    let store = super::open_store(url).await?;
    store.bench_prepare().await?;
    let host = Arc::new(
        Host::new(
            store.clone(),
            catalog,
            HostConfig::default(),
            Arc::new(SystemClock),
        )?
        .with_several_instances(several),
    );
    let cfg = Arc::new(SmsConfig {
        auth_token: TOKEN.into(),
        status_url: webhook_url.replace("/sms/twilio", "/sms/status"),
        webhook_url,
        gsm7: crate::channels::sms::Gsm7::Auto,
        bursts: crate::web::sms::Bursts::default(),
        burst_ms: 0,
        stop_words: crate::channels::sms::StopWords::default(),
    });
    let router = app(AppState {
        host,
        sms: Some(cfg),
        telegram: None,
    })
    .merge(
        Router::new()
            .route("/insert", post(insert))
            .with_state(store.clone()),
    );
    Ok((
        store,
        tokio::spawn(async move { axum::serve(listener, router).await }),
    ))
}

/// Runs the SMS turn on `url` (PostgreSQL) with one and with two instances. The instances
/// are in-process servers, each with its own pool and host, as two processes would have;
/// they share this machine's cores, so the figure is the cost of sharing the database
/// (locks, shared state), not the gain of a second machine.
pub async fn instances(
    catalog: Arc<Catalog>,
    url: &str,
    connections: usize,
    people: usize,
    runs: usize,
) -> anyhow::Result<InstancesFigures> {
    let mut listeners = Vec::new();
    for _ in 0..3 {
        listeners.push(tokio::net::TcpListener::bind("127.0.0.1:0").await?);
    }
    let bases: Vec<String> = listeners
        .iter()
        .map(|l| l.local_addr().map(|a| format!("http://{a}")))
        .collect::<Result<_, _>>()?;
    let mut listeners = listeners.into_iter();
    let mut next_listener = || listeners.next().expect("three listeners");
    // The alone instance, then the pair; the pair's public URL is the first one's.
    let (alone_store, alone) = instance(
        catalog.clone(),
        url,
        false,
        next_listener(),
        format!("{}/sms/twilio", bases[0]),
    )
    .await?;
    let shared_url = format!("{}/sms/twilio", bases[1]);
    let (a_store, a) = instance(
        catalog.clone(),
        url,
        true,
        next_listener(),
        shared_url.clone(),
    )
    .await?;
    let (b_store, b) = instance(catalog, url, true, next_listener(), shared_url).await?;

    let load = Load::new(people, connections)?;
    let (alone_base, a_base, b_base) = (bases[0].as_str(), bases[1].as_str(), bases[2].as_str());
    // Numbers apart from those of the single-instance benchmark run by the same process.
    let seed = ((std::process::id() as usize % 90) * 10 + 500) % 1000;
    // Warm-up: every pool filled.
    for (k, base) in [alone_base, a_base, b_base].into_iter().enumerate() {
        load.warm(&[base], "/insert", seed + 20 + k).await?;
    }
    let (mut inserts, mut alones, mut ones, mut twos) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs.clamp(1, 3) {
        let tag = seed + run * 4;
        inserts.push(load.run(&[a_base], "/insert", tag).await?);
        alones.push(load.run(&[alone_base], "/sms/twilio", tag + 1).await?);
        ones.push(load.run(&[a_base], "/sms/twilio", tag + 2).await?);
        twos.push(load.run(&[a_base, b_base], "/sms/twilio", tag + 3).await?);
    }
    for server in [alone, a, b] {
        server.abort();
    }
    for store in [alone_store, a_store, b_store] {
        store.close().await;
    }
    Ok(InstancesFigures {
        connections,
        people,
        turns_per_run: people * load.script.len(),
        insert: median_rate(inserts),
        alone: median_rate(alones),
        one: median_rate(ones),
        two: median_rate(twos),
    })
}

/// Prints the instances figures with their ratios to the insert baseline.
pub fn print_instances(f: &InstancesFigures) {
    let what = "SMS webhook on one database, one and two instances (in-process, one pool each)";
    let load = (f.people, f.turns_per_run, f.connections);
    print_head(what, load, 44, "/ insert");
    let row = |name: &str, r: &Rate| {
        let ratio = r.per_sec / f.insert.per_sec.max(f64::MIN_POSITIVE);
        print_row(44, name, r, &format!("{ratio:.2}"));
    };
    row("baseline: form + 1 durable insert", &f.insert);
    row("sms turn, one instance alone", &f.alone);
    row("sms turn, one instance (several mode)", &f.one);
    row("sms turn, two instances alternating", &f.two);
    println!(
        "two instances / one (several mode): {:.2}; several mode / alone: {:.2}",
        f.two.per_sec / f.one.per_sec.max(f64::MIN_POSITIVE),
        f.one.per_sec / f.alone.per_sec.max(f64::MIN_POSITIVE)
    );
}
