//! `tremplin bench`: measures performance against baselines run at the same time. The
//! benchmarks are the `bench` module's; this file picks them and their databases.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use clap::Args;

use tremplin::bench;
use tremplin::catalog::Catalog;
use tremplin::config::{Settings, redact_url};

/// Measures performance against baselines run at the same time.
#[derive(Debug, Args)]
pub struct Bench {
    /// Which benchmark: engine, sms, telegram, booking, queue, stats, memory (or all); `bot-api`
    /// runs the mock Telegram Bot API alone, to measure `serve` in webhook mode from outside.
    #[arg(default_value = "all")]
    which: String,
    /// Runs per figure; the median is printed.
    #[arg(long, default_value_t = 7)]
    runs: usize,
    /// Where `bench bot-api` listens.
    #[arg(long, default_value = "127.0.0.1:18181")]
    listen: String,
    /// Database for the storage benchmarks (default: a fresh SQLite file in a temporary folder,
    /// removed at the end).
    #[arg(long = "database", env = "DATABASE_URL")]
    database: Option<String>,
    /// `queue`: bookings without a person, instead of each with its own person and answers.
    #[arg(long)]
    no_people: bool,
}

/// The benchmarks, in the order `all` runs them.
const NAMES: [&str; 7] = [
    "memory", "engine", "sms", "telegram", "queue", "stats", "booking",
];

impl Bench {
    /// Runs the chosen benchmark, or all of them, and prints each figure; the temporary
    /// folder of their databases is removed however they end.
    pub async fn run(self, settings: &Settings) -> anyhow::Result<ExitCode> {
        let result = self.run_chosen(settings).await;
        let _ = std::fs::remove_dir_all(scratch_dir());
        result
    }

    async fn run_chosen(&self, settings: &Settings) -> anyhow::Result<ExitCode> {
        if self.which == "bot-api" {
            // Not a benchmark: the local Bot API of the Telegram benchmark, in a process of
            // its own, for measuring `serve` in webhook mode from outside; it prints the calls
            // it got to each method when it stops.
            let api = bench::telegram_mock::MockApi::start_counting(&self.listen).await?;
            println!(
                "a mock Telegram Bot API at {} (TELEGRAM_API_URL); Ctrl-C stops it",
                api.url
            );
            tokio::signal::ctrl_c().await?;
            for (method, n) in api.counts() {
                println!("{method} {n}");
            }
            return Ok(ExitCode::SUCCESS);
        }
        if self.which != "all" && !NAMES.contains(&self.which.as_str()) {
            eprintln!(
                "unknown benchmark '{}': try engine, sms, telegram, booking, queue, stats or memory (or bot-api)",
                self.which
            );
            return Ok(ExitCode::from(2));
        }
        let runs = self.runs;
        // Memory first, while the process holds nothing else.
        if self.wants("memory") {
            let (catalog, url) = self.prepare(settings, "memory")?;
            let f = bench::memory::memory(catalog, &url, 100_000, 10_000).await?;
            bench::memory::print(&f);
        }
        if self.wants("engine") {
            let f = bench::engine(
                &settings.dialogues,
                &settings.locales,
                runs,
                Duration::from_millis(300),
            )?;
            bench::print_engine(&f);
        }
        if self.wants("sms") {
            let (catalog, url) = self.prepare(settings, "sms")?;
            let f = bench::sms::sms(catalog.clone(), &url, 32, 256, runs).await?;
            bench::sms::print(&f);
            if url.starts_with("postgres") {
                let f = bench::sms::instances(catalog, &url, 32, 256, runs).await?;
                bench::sms::print_instances(&f);
            }
        }
        if self.wants("telegram") {
            let (catalog, url) = self.prepare(settings, "telegram")?;
            let f = bench::telegram::telegram(catalog, &url, 200, runs.min(5)).await?;
            bench::telegram::print(&f);
        }
        if self.wants("queue") {
            let (catalog, url) = self.prepare(settings, "queue")?;
            // TREMPLIN_DATA_KEY, if given, seals the people, so that `serve` can read the
            // database the benchmark leaves (`--database`).
            let key = match &settings.data_key {
                Some(text) => Some(
                    tremplin::storage::vault::DataKey::parse(text).context("TREMPLIN_DATA_KEY")?,
                ),
                None => None,
            };
            let f = bench::queue::queue(catalog, &url, key, (10_000, !self.no_people), 300).await?;
            bench::queue::print(&f);
        }
        if self.wants("stats") {
            let (catalog, url) = self.prepare(settings, "stats")?;
            let f = bench::stats::stats(
                catalog,
                &url,
                &settings.dialogues,
                &settings.locales,
                100_000,
                50_000,
                500,
            )
            .await?;
            bench::stats::print(&f);
        }
        if self.wants("booking") {
            let territories =
                tremplin::catalog::load_territories(&settings.dialogues.join("territories"))
                    .map_err(|p| anyhow::anyhow!("{p}"))?;
            let url = self.database("booking")?;
            println!("booking benchmark on {}", redact_url(&url));
            let f = bench::booking(&territories[0], &url, 1000, 200, runs.min(5)).await?;
            bench::print_booking(&f);
        }
        Ok(ExitCode::SUCCESS)
    }

    fn wants(&self, name: &str) -> bool {
        self.which == "all" || self.which == name
    }

    /// The checked content and the database of a benchmark that runs conversations, said
    /// before it starts.
    fn prepare(&self, settings: &Settings, name: &str) -> anyhow::Result<(Arc<Catalog>, String)> {
        let catalog = Arc::new(super::open::catalog(settings)?);
        let url = self.database(name)?;
        println!("{name} benchmark on {}", redact_url(&url));
        Ok((catalog, url))
    }

    /// The benchmark's database: the one given, or a fresh SQLite file in a temporary folder.
    fn database(&self, name: &str) -> anyhow::Result<String> {
        if let Some(u) = &self.database {
            return Ok(u.clone());
        }
        let dir = scratch_dir();
        std::fs::create_dir_all(&dir)?;
        Ok(format!(
            "sqlite://{}",
            dir.join(format!("{name}.db")).display()
        ))
    }
}

/// The temporary folder of the benchmarks' own databases.
fn scratch_dir() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("tremplin-bench-{}", std::process::id()))
}
