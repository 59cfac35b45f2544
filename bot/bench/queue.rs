//! `tremplin bench queue`: the staff queue page with 10,000 bookings in the database, server
//! time per request (the whole router: session lookup, queries, rendering), beside two
//! baselines measured in the same run: `/healthz` through the same stack, and a bare
//! `SELECT 1` on the same pool. Server time is measured inside the server, around the
//! handler, over real HTTP on 127.0.0.1. Each booking has its own person, who answered the
//! diagnostic (some told a need for the appointment, the urgent ones a kind of urgency), as
//! real bookings have; or nobody, if asked.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;

use crate::app::{Host, HostConfig};
use crate::catalog::Catalog;
use crate::core::SystemClock;
use crate::dialogue::{Dialogue, Kind, Value};
use crate::engine::Answer;
use crate::storage::staff::{BenchPerson, Role};
use crate::storage::vault::DataKey;
use crate::storage::{PoolConfig, Store};
use crate::web::staff::{self, Staff, StaffConfig, auth};

/// What the queue benchmark measured.
#[derive(Debug, Clone)]
pub struct QueueFigures {
    pub bookings: usize,
    /// Whether each booking has a person with answers.
    pub people: bool,
    pub requests: usize,
    pub queue_median: Duration,
    pub queue_p90: Duration,
    pub healthz_median: Duration,
    pub select_median: Duration,
    pub page_bytes: usize,
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn p90(v: &mut [Duration]) -> Duration {
    v.sort();
    v[(v.len() * 9) / 10]
}

/// Fills a fresh database with `bookings` bookings (each with its own person if `people`;
/// sealed with `key`, or the development key) and times `requests` queue pages.
pub async fn queue(
    catalog: Arc<Catalog>,
    url: &str,
    key: Option<DataKey>,
    (bookings, people): (usize, bool),
    requests: usize,
) -> anyhow::Result<QueueFigures> {
    let mut store = Store::open(url, PoolConfig::default()).await?;
    if let Some(key) = key {
        store = store.with_key(Arc::new(key));
    }
    let t = catalog
        .territories
        .first()
        .ok_or_else(|| anyhow::anyhow!("no territory"))?;
    let partners: Vec<(String, String)> = t
        .partners
        .iter()
        .filter_map(|p| p.sites.first().map(|s| (p.id.clone(), s.id.clone())))
        .collect();
    let now = chrono::Utc::now().timestamp();
    let persons: Vec<BenchPerson> = match catalog.dialogue("diagnostic") {
        Some(d) if people => (0..bookings)
            .map(|i| bench_person(d, i, i % 97 == 0))
            .collect(),
        _ => Vec::new(),
    };
    store
        .bench_bookings(&t.id, &partners, bookings, now, &persons)
        .await?;
    let email = format!("bench-{}@localhost", crate::storage::new_id());
    auth::create_account(
        &store,
        &email,
        Role::Reception,
        Some(&t.id),
        None,
        "system",
        now,
    )
    .await?;
    let account = store
        .staff_by_email(&email)
        .await?
        .ok_or_else(|| anyhow::anyhow!("account"))?;
    let token = auth::new_token();
    store
        .open_staff_session(&auth::token_hash(&token), &account.id, "csrf", now, None)
        .await?;
    let host = Host::new(
        store.clone(),
        catalog,
        HostConfig::default(),
        Arc::new(SystemClock),
    )?;
    let times: Arc<std::sync::Mutex<Vec<(bool, Duration)>>> = Arc::default();
    let record = times.clone();
    let app = staff::router(Staff::new(Arc::new(host), StaffConfig::default()))
        .route("/healthz", axum::routing::get(|| async { "ok\n" }))
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            let record = record.clone();
            async move {
                let queue = req.uri().path() == "/staff";
                let t0 = Instant::now();
                let res: Response = next.run(req).await;
                record.lock().expect("times").push((queue, t0.elapsed()));
                res
            }
        }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let client = reqwest::Client::new();
    let cookie = format!("__Host-tremplin_staff={token}");
    let get = |path: &str| {
        client
            .get(format!("http://{addr}{path}"))
            .header(reqwest::header::COOKIE, cookie.as_str())
            .send()
    };
    // Warm up: connections, statements, caches.
    let mut page_bytes = 0;
    for _ in 0..10 {
        let res = get("/staff").await?;
        anyhow::ensure!(res.status().is_success(), "queue answered {}", res.status());
        page_bytes = res.bytes().await?.len();
        store.ping().await?;
    }
    times.lock().expect("times").clear();
    let mut s = Vec::new();
    // Interleaved, so that the three see the same machine load.
    for _ in 0..requests {
        get("/staff").await?.bytes().await?;
        get("/healthz").await?.bytes().await?;
        let t0 = Instant::now();
        store.ping().await?;
        s.push(t0.elapsed());
    }
    server.abort();
    let all = std::mem::take(&mut *times.lock().expect("times"));
    let mut q: Vec<Duration> = all.iter().filter(|(k, _)| *k).map(|(_, d)| *d).collect();
    let mut h: Vec<Duration> = all.iter().filter(|(k, _)| !*k).map(|(_, d)| *d).collect();
    store.close().await;
    Ok(QueueFigures {
        bookings,
        people: !persons.is_empty(),
        requests,
        queue_median: median(&mut q),
        queue_p90: p90(&mut q),
        healthz_median: median(&mut h),
        select_median: median(&mut s),
        page_bytes,
    })
}

/// The `i`-th person of the benchmark, as a whole diagnostic leaves them: about half of the
/// questions answered, as a path through it does (the option taken in turn), one in four who named a need for the appointment
/// keeping it, one in three sharing the sensitive answers, four in five the diagnostic; an
/// `urgent` person told the first kind of urgency the dialogue knows.
fn bench_person(d: &Dialogue, i: usize, urgent: bool) -> BenchPerson {
    let locale = ["fr", "fr", "fr", "ar", "uk", "fr", "en", "tr"][i % 8];
    let consents = [
        ("store", true),
        ("sensitive", i % 3 == 0),
        ("share", i % 5 != 4),
    ]
    .into_iter()
    .map(|(scope, granted)| (scope.to_string(), granted))
    .collect();
    let mut told_urgency = !urgent;
    let mut answers = Vec::new();
    for (k, step) in d.steps.iter().enumerate() {
        let def = &step.def;
        let telling = def
            .options
            .iter()
            .any(|o| o.urgent.is_some() || o.codes.iter().any(|c| c.starts_with("besoin:")));
        // A path through the diagnostic skips about half of its questions.
        let skipped = (i + k) % 2 == 1 && !telling;
        if skipped || def.consent.is_some() || matches!(def.kind, Kind::Info | Kind::Language) {
            continue;
        }
        let (value, mut codes) = if def.options.is_empty() {
            let value = match def.kind {
                Kind::YesNo => Value::Option(if (i + k) % 2 == 0 { "yes" } else { "no" }.into()),
                _ => Value::Text(format!("réponse {k}")),
            };
            (value, Vec::new())
        } else {
            let needs =
                |o: &&crate::dialogue::OptionDef| o.codes.iter().any(|c| c.starts_with("besoin:"));
            let urgent_option = def.options.iter().find(|o| o.urgent.is_some());
            let plain: Vec<_> = def
                .options
                .iter()
                .filter(|o| o.urgent.is_none() && (i % 4 == 0 || !needs(o)))
                .collect();
            let option = match urgent_option {
                Some(o) if !told_urgency => {
                    told_urgency = true;
                    o
                }
                _ if plain.is_empty() => continue,
                _ => plain[(i + k) % plain.len()],
            };
            let mut codes = option.codes.clone();
            if let Some(kind) = &option.urgent {
                codes.push(format!("urgent:{kind}"));
            }
            (Value::Option(option.id.clone()), codes)
        };
        codes.dedup();
        answers.push((
            def.id.clone(),
            Answer {
                value,
                codes,
                sensitive: def.sensitive,
                at: 0,
            },
        ));
    }
    BenchPerson {
        locale: locale.to_string(),
        consents,
        answers,
    }
}

/// Prints the figures.
pub fn print(f: &QueueFigures) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{:<44} {:>10} {:>10} {:>8}",
        "benchmark", "median", "baseline", "ratio"
    );
    println!(
        "{:<44} {:>8.2}ms {:>8.3}ms {:>8.1}",
        format!(
            "queue page, {} bookings{} vs /healthz",
            f.bookings,
            if f.people { " with people" } else { "" }
        ),
        ms(f.queue_median),
        ms(f.healthz_median),
        ms(f.queue_median) / ms(f.healthz_median).max(1e-6)
    );
    println!(
        "{:<44} {:>8.2}ms {:>8.3}ms {:>8.1}",
        "queue page vs SELECT 1",
        ms(f.queue_median),
        ms(f.select_median),
        ms(f.queue_median) / ms(f.select_median).max(1e-6)
    );
    println!(
        "queue page: p90 {:.2}ms over {} requests, {} bytes of HTML; target: median under 20ms",
        ms(f.queue_p90),
        f.requests,
        f.page_bytes
    );
}
