//! `tremplin bench queue`: the staff queue page with 10,000 bookings in the database, server
//! time per request (the whole router: session lookup, queries, rendering), beside two
//! baselines measured in the same run: `/healthz` through the same stack, and a bare
//! `SELECT 1` on the same pool. Server time is measured inside the server, around the
//! handler, over real HTTP on 127.0.0.1.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;

use crate::app::{Host, HostConfig};
use crate::catalog::Catalog;
use crate::core::SystemClock;
use crate::storage::staff::Role;
use crate::storage::{PoolConfig, Store};
use crate::web::staff::{self, Staff, StaffConfig, auth};

/// What the queue benchmark measured.
#[derive(Debug, Clone)]
pub struct QueueFigures {
    pub bookings: usize,
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

/// Fills a fresh database with `bookings` bookings and times `requests` queue pages.
pub async fn queue(
    catalog: Arc<Catalog>,
    url: &str,
    bookings: usize,
    requests: usize,
) -> anyhow::Result<QueueFigures> {
    let store = Store::open(url, PoolConfig::default()).await?;
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
    store
        .bench_bookings(&t.id, &partners, bookings, now)
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
        requests,
        queue_median: median(&mut q),
        queue_p90: p90(&mut q),
        healthz_median: median(&mut h),
        select_median: median(&mut s),
        page_bytes,
    })
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
        format!("queue page, {} bookings vs /healthz", f.bookings),
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
