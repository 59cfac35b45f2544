//! `tremplin bench stats`: the statistics page over 100,000 conversations and 50,000 bookings,
//! timed from outside the server: the database is filled here, `tremplin serve` is started on
//! it as a separate process, and this process requests the page over HTTP on 127.0.0.1 and
//! keeps each answer's time as the client sees it (p50, p90, p99).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::catalog::Catalog;
use crate::core::BookingStatus;
use crate::storage::bookings::BenchBooking;
use crate::storage::staff::Role;
use crate::storage::stats::{DAY, Tally, local_day};
use crate::storage::{PoolConfig, Store};
use crate::web::staff::auth;

/// What the statistics benchmark measured.
#[derive(Debug, Clone)]
pub struct StatsFigures {
    pub conversations: usize,
    pub bookings: usize,
    pub requests: usize,
    pub fill: Duration,
    pub p50: Duration,
    pub p90: Duration,
    pub p99: Duration,
    pub page_bytes: usize,
}

/// The days the generated data spreads over, back from today.
const SPREAD: i64 = 90;

/// The counts `conversations` conversations leave, as the turns count them: each started, at
/// its last step, most consented, many with a diagnostic (minutes, parcours, lead), a few
/// urgent. Summed per key before writing.
fn conversation_tallies(
    catalog: &Catalog,
    territory: &str,
    conversations: usize,
    today: i64,
) -> Vec<Tally> {
    let steps: Vec<String> = catalog
        .dialogue("diagnostic")
        .map(|d| d.steps.iter().map(|s| s.def.id.clone()).collect())
        .unwrap_or_default();
    let locales = [
        "fr", "fr", "fr", "fr", "en", "ar", "es", "pt", "ru", "tr", "uk",
    ];
    let channels = ["telegram", "sms", "sms", "whatsapp"];
    let parcours = ["emploi", "global", "social"];
    let leads = [
        "FranceTravail",
        "MissionLocale",
        "CapEmploi",
        "ConseilDepartemental",
    ];
    let mut sums: BTreeMap<Tally, i64> = BTreeMap::new();
    let mut add = |t: Tally| *sums.entry(t).or_insert(0) += 1;
    for i in 0..conversations {
        let i64i = i64::try_from(i).unwrap_or(0);
        let day = today - i64i % SPREAD;
        let base = Tally {
            day,
            territory: territory.to_string(),
            channel: channels[i % channels.len()].to_string(),
            locale: locales[(i / 3) % locales.len()].to_string(),
            delta: 0,
            ..Tally::default()
        };
        add(Tally {
            metric: "started",
            ..base.clone()
        });
        let done = i % 5 < 3;
        let step = if done || steps.is_empty() {
            "done".to_string()
        } else {
            steps[(i * 7) % steps.len()].clone()
        };
        add(Tally {
            metric: "at_step",
            detail: step,
            ..base.clone()
        });
        if i % 10 < 8 {
            add(Tally {
                metric: "consented",
                ..base.clone()
            });
        }
        if done {
            add(Tally {
                metric: "diagnosed",
                parcours: parcours[i % 3].to_string(),
                lead: leads[(i / 7) % leads.len()].to_string(),
                detail: (4 + (i64i * 13) % 50).to_string(),
                ..base.clone()
            });
        }
        if i % 31 == 0 {
            add(Tally {
                metric: "urgent",
                detail: "housing".into(),
                ..base.clone()
            });
        }
    }
    sums.into_iter()
        .map(|(t, n)| Tally { delta: n, ..t })
        .collect()
}

/// Fills a store with the counts of `conversations` conversations and with `bookings`
/// bookings of the catalog's first territory, spread over the 90 days before `now`: what the
/// benchmark and the browser test draw.
pub async fn generate(
    store: &Store,
    catalog: &Catalog,
    conversations: usize,
    bookings: usize,
    now: i64,
) -> anyhow::Result<()> {
    let t = catalog
        .territories
        .first()
        .ok_or_else(|| anyhow::anyhow!("no territory"))?;
    let today = local_day(now);
    let tallies = conversation_tallies(catalog, &t.id, conversations, today);
    for chunk in tallies.chunks(5_000) {
        store.add_tallies(chunk).await?;
    }
    let partners: Vec<(&str, &str)> = t
        .partners
        .iter()
        .filter_map(|p| p.sites.first().map(|s| (p.id.as_str(), s.id.as_str())))
        .collect();
    let statuses = [
        BookingStatus::Seen,
        BookingStatus::Seen,
        BookingStatus::NoShow,
        BookingStatus::Confirmed,
        BookingStatus::Cancelled,
        BookingStatus::Excused,
        BookingStatus::Pending,
    ];
    let all: Vec<BenchBooking<'_>> = (0..bookings)
        .map(|i| {
            let i64i = i64::try_from(i).unwrap_or(0);
            let (partner, site) = partners[i % partners.len()];
            let created = now - (i64i % SPREAD) * DAY - 3600;
            BenchBooking {
                partner,
                site,
                status: statuses[i % statuses.len()],
                channel: ["telegram", "sms", "whatsapp"][i % 3],
                locale: ["fr", "fr", "en", "ar"][i % 4],
                parcours: ["emploi", "global", "social"][i % 3],
                lead: [
                    "FranceTravail",
                    "MissionLocale",
                    "CapEmploi",
                    "ConseilDepartemental",
                ][i % 4],
                first_contact_at: created - (i64i % 9) * DAY,
                created_at: created,
                starts_at: created + (2 + i64i % 20) * DAY,
                reminded: i % 3 != 0,
            }
        })
        .collect();
    for chunk in all.chunks(5_000) {
        store.bench_stats_bookings(&t.id, chunk).await?;
    }
    Ok(())
}

/// Fills a fresh database, starts `tremplin serve` on it and times `requests` pages (the last
/// 3 months, every chart) from this process.
pub async fn stats(
    catalog: Arc<Catalog>,
    url: &str,
    dialogues: &Path,
    locales: &Path,
    conversations: usize,
    bookings: usize,
    requests: usize,
) -> anyhow::Result<StatsFigures> {
    let t0 = Instant::now();
    let store = Store::open(url, PoolConfig::default()).await?;
    let t = catalog
        .territories
        .first()
        .ok_or_else(|| anyhow::anyhow!("no territory"))?;
    let now = chrono::Utc::now().timestamp();
    generate(&store, &catalog, conversations, bookings, now).await?;
    store.bench_analyze().await?;
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
    store.close().await;
    let fill = t0.elapsed();

    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut server = Server::start(url, port, dialogues, locales)?;
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    server.wait_ready(&client, &base).await?;
    let page = format!("{base}/staff/stats?period=quarter");
    let cookie = format!("tremplin_staff={token}");
    let mut page_bytes = 0;
    for _ in 0..10 {
        let res = client
            .get(&page)
            .header(reqwest::header::COOKIE, &cookie)
            .send()
            .await?;
        anyhow::ensure!(
            res.status().is_success(),
            "the page answered {}",
            res.status()
        );
        page_bytes = res.bytes().await?.len();
    }
    let mut times = Vec::with_capacity(requests);
    for _ in 0..requests {
        let t0 = Instant::now();
        let res = client
            .get(&page)
            .header(reqwest::header::COOKIE, &cookie)
            .send()
            .await?;
        let ok = res.status().is_success();
        res.bytes().await?;
        times.push(t0.elapsed());
        anyhow::ensure!(ok, "the page failed");
    }
    drop(server);
    times.sort();
    let at = |q: usize| times[(times.len() * q / 100).min(times.len() - 1)];
    Ok(StatsFigures {
        conversations,
        bookings,
        requests,
        fill,
        p50: at(50),
        p90: at(90),
        p99: at(99),
        page_bytes,
    })
}

/// The `tremplin serve` process the benchmark measures, killed when dropped.
struct Server(Child);

impl Server {
    fn start(url: &str, port: u16, dialogues: &Path, locales: &Path) -> anyhow::Result<Self> {
        let key = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        let child = Command::new(std::env::current_exe()?)
            .arg("serve")
            .env("DATABASE_URL", url)
            .env("TREMPLIN_DATA_KEY", key)
            .env_remove("TREMPLIN_DATA_KEY_FILE")
            .env("TREMPLIN_BIND", format!("127.0.0.1:{port}"))
            .env("TREMPLIN_INSTANCES", "one")
            .env("TREMPLIN_STAFF_INSECURE_HTTP", "true")
            .env("TREMPLIN_DIALOGUES", std::path::absolute(dialogues)?)
            .env("TREMPLIN_LOCALES", std::path::absolute(locales)?)
            .env("RUST_LOG", "error")
            .env_remove("TELEGRAM_BOT_TOKEN")
            .env_remove("TELEGRAM_WEBHOOK_URL")
            .env_remove("TWILIO_AUTH_TOKEN")
            .env_remove("TWILIO_ACCOUNT_SID")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()?;
        Ok(Self(child))
    }

    async fn wait_ready(&mut self, client: &reqwest::Client, base: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            if let Some(status) = self.0.try_wait()? {
                anyhow::bail!("tremplin serve stopped with {status}");
            }
            if let Ok(r) = client.get(format!("{base}/readyz")).send().await {
                if r.status().is_success() {
                    return Ok(());
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        anyhow::bail!("tremplin serve was not ready within 120 s")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Prints the figures.
pub fn print(f: &StatsFigures) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "statistics page (last 3 months), {} conversations, {} bookings, filled in {:.1}s",
        f.conversations,
        f.bookings,
        f.fill.as_secs_f64()
    );
    println!(
        "from a client outside `tremplin serve`, {} requests: p50 {:.1}ms p90 {:.1}ms p99 {:.1}ms, {} bytes of HTML; target: p99 under 300ms",
        f.requests,
        ms(f.p50),
        ms(f.p90),
        ms(f.p99),
        f.page_bytes
    );
}
