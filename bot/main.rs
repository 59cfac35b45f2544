//! The `tremplin` command: chat, check, migrate, serve, bench.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use tremplin::app::Host;
use tremplin::catalog::Catalog;
use tremplin::channels::console::{self, ChatOptions};
use tremplin::config::Settings;
use tremplin::core::SystemClock;
use tremplin::storage::Store;
use tremplin::storage::vault::DataKey;
use tremplin::web::{self, AppState};

#[derive(Debug, Parser)]
#[command(
    name = "tremplin",
    version,
    about = "Conversational intake assistant for the SPIE"
)]
struct Cli {
    #[command(flatten)]
    settings: Settings,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The diagnostic in the terminal (interactive, or one answer per line on standard input).
    Chat {
        /// Language to start in (fr, en...).
        #[arg(long)]
        lang: Option<String>,
        /// Name the conversation is kept under; the same name resumes it later.
        #[arg(long = "as", default_value = "terminal")]
        name: String,
        /// Write the conversation as a golden transcript to this file.
        #[arg(long)]
        record: Option<PathBuf>,
    },
    /// Loads every dialogue and locale and prints every problem found.
    Check,
    /// Creates or migrates the database.
    Migrate,
    /// Seals every stored address and sensitive answer with a new data key. With the key file,
    /// the file is replaced (the old key is kept beside it as `.old`); with TREMPLIN_DATA_KEY,
    /// the new key is written to `--new-key-file`, to be set as TREMPLIN_DATA_KEY.
    RotateKey {
        #[arg(long)]
        new_key_file: Option<PathBuf>,
    },
    /// Removes what is kept past its retention time (people without contact, old audit
    /// entries, old message ids and sent messages).
    Purge {
        /// Only count what would be removed.
        #[arg(long)]
        dry_run: bool,
    },
    /// Runs the service: HTTP (health, channels, dashboard).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "TREMPLIN_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
    },
    /// Staff accounts of the dashboard.
    Staff {
        #[command(subcommand)]
        action: StaffCommand,
    },
    /// Measures performance against baselines run at the same time.
    Bench {
        /// Which benchmark: engine, sms, telegram, booking, queue, memory (or all).
        #[arg(default_value = "all")]
        which: String,
        /// Runs per figure; the median is printed.
        #[arg(long, default_value_t = 7)]
        runs: usize,
        /// Database for the storage benchmarks (default: a fresh SQLite file in a temporary folder).
        #[arg(long = "database")]
        database: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum StaffCommand {
    /// Creates an account and prints its one-time setup link.
    Add {
        #[arg(long)]
        email: String,
        /// admin, reception or advisor.
        #[arg(long)]
        role: String,
        /// The partner of an advisor (an id of the territory file).
        #[arg(long)]
        partner: Option<String>,
        /// The public base URL the link starts with (default: TREMPLIN_PUBLIC_URL, or the local address).
        #[arg(long = "base-url")]
        base_url: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let default_level = match cli.command {
        Command::Serve { .. } => "info",
        _ => "warn",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_level)),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn load_catalog(settings: &Settings) -> Result<Catalog, ExitCode> {
    let dialogues = Settings::content_dir(&settings.dialogues);
    let locales = Settings::content_dir(&settings.locales);
    Catalog::load(&dialogues, &locales).map_err(|problems| {
        eprint!("{problems}");
        eprintln!(
            "{} problem(s) found; fix them and try again.",
            problems.0.len()
        );
        ExitCode::FAILURE
    })
}

/// Checks the content, opens the database and makes the host of turns; the exit code when the
/// content has problems (already printed).
async fn open_host(settings: &Settings) -> anyhow::Result<Result<Host, ExitCode>> {
    let catalog = match load_catalog(settings) {
        Ok(c) => c,
        Err(code) => return Ok(Err(code)),
    };
    let store = open_store(settings).await?;
    Ok(Ok(Host::new(
        store,
        Arc::new(catalog),
        settings.host(),
        Arc::new(SystemClock),
    )?))
}

/// `name.ext` -> `name.ext.<suffix>`.
fn beside(file: &std::path::Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}.{suffix}", file.display()))
}

/// The data key: TREMPLIN_DATA_KEY, or the key file (created for SQLite on first start).
fn data_key(settings: &Settings, create: bool) -> anyhow::Result<DataKey> {
    if let Some(text) = &settings.data_key {
        return DataKey::parse(text).context("TREMPLIN_DATA_KEY");
    }
    let Some(path) = settings.key_file() else {
        if settings.database_url.starts_with("postgres") {
            anyhow::bail!(
                "set TREMPLIN_DATA_KEY (or TREMPLIN_DATA_KEY_FILE): with PostgreSQL every instance must use the same data key"
            );
        }
        // An in-memory database: its data ends with the process, and so does its key.
        return Ok(DataKey::generate().0);
    };
    if !create && !path.exists() {
        anyhow::bail!("no data key at {}", path.display());
    }
    let (key, created) = DataKey::load_or_create(&path)?;
    if created {
        tracing::warn!(
            file = %path.display(),
            "created a new data key (readable by its owner only); back it up: without it, stored addresses and sensitive answers cannot be read"
        );
    }
    Ok(key)
}

/// Opens the database with the data key, sealing rows left in clear by an older version.
async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    let key = Arc::new(data_key(settings, true)?);
    let store = Store::open(&settings.database_url, settings.pool())
        .await
        .context("opening the database")?
        .with_key(key);
    if store.has_clear_rows().await? {
        let n = store.reseal_from(store.key()).await?;
        tracing::warn!(
            people = n.people,
            "sealed data stored in clear by an older version"
        );
    }
    Ok(store)
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let settings = cli.settings;
    match cli.command {
        Command::Check => {
            let catalog = match load_catalog(&settings) {
                Ok(c) => c,
                Err(code) => return Ok(code),
            };
            // Every French question must fit in two SMS segments, as the SMS channel sends it.
            let mut long_total = 0;
            for d in &catalog.dialogues {
                let long = tremplin::channels::sms::long_questions(
                    &catalog,
                    d,
                    tremplin::i18n::REFERENCE,
                    settings.sms_gsm7,
                    2,
                );
                for q in &long {
                    eprintln!(
                        "{}: step '{}': the question takes {} {:?} SMS segments (2 at most):\n{}\n",
                        d.id, q.step, q.segments, q.encoding, q.text
                    );
                }
                long_total += long.len();
            }
            if long_total > 0 {
                eprintln!(
                    "{long_total} question(s) take more than 2 SMS segments in French: shorten them"
                );
                return Ok(ExitCode::FAILURE);
            }
            let steps: usize = catalog.dialogues.iter().map(|d| d.steps.len()).sum();
            println!(
                "ok: {} dialogue(s), {} steps, {} locales ({})",
                catalog.dialogues.len(),
                steps,
                catalog.locales.tags().len(),
                catalog.locales.tags().join(", ")
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            let store = Store::open(&settings.database_url, settings.pool())
                .await
                .context("opening the database")?;
            store.migrate().await.context("migrating")?;
            println!("database is up to date");
            Ok(ExitCode::SUCCESS)
        }
        Command::RotateKey { new_key_file } => {
            let old = data_key(&settings, false)?;
            let (new, text) = DataKey::generate();
            // The new key is on disk before anything is sealed with it.
            let (target, replace) = match (&settings.data_key, new_key_file) {
                (_, Some(f)) => (f, false),
                (Some(_), None) => {
                    anyhow::bail!(
                        "the key comes from TREMPLIN_DATA_KEY: say where the new one goes with --new-key-file"
                    )
                }
                (None, None) => {
                    let f = settings
                        .key_file()
                        .ok_or_else(|| anyhow::anyhow!("no key file to rotate"))?;
                    (beside(&f, "new"), true)
                }
            };
            tremplin::storage::vault::write_private(&target, &format!("{text}\n"))
                .with_context(|| format!("writing {}", target.display()))?;
            let store = Store::open(&settings.database_url, settings.pool())
                .await
                .context("opening the database")?
                .with_key(Arc::new(new));
            let n = store
                .reseal_from(&old)
                .await
                .context("sealing with the new key")?;
            store.close().await;
            if replace {
                let file = settings.key_file().expect("checked above");
                std::fs::rename(&file, beside(&file, "old"))?;
                std::fs::rename(&target, &file)?;
                println!(
                    "new data key in {} (the old one is in {})",
                    file.display(),
                    beside(&file, "old").display()
                );
            } else {
                println!(
                    "new data key in {}: set TREMPLIN_DATA_KEY to it before the next start",
                    target.display()
                );
            }
            println!(
                "sealed again: {} people, {} sessions, {} sensitive answers, {} stored replies, {} opt-outs ({} older opt-outs kept as they were)",
                n.people, n.sessions, n.answers, n.inbound, n.opt_outs, n.opt_outs_kept
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Purge { dry_run } => {
            let store = open_store(&settings).await?;
            let p = store
                .purge(
                    chrono::Utc::now().timestamp(),
                    settings.retention(),
                    dry_run,
                )
                .await?;
            println!(
                "{}: {} people without contact for {} months, {} audit entries older than {} months, {} message ids and {} sent messages older than {} days",
                if dry_run { "would remove" } else { "removed" },
                p.people,
                settings.retention().people_months,
                p.audit,
                settings.retention().audit_months,
                p.inbound,
                p.sent_messages,
                settings.retention().messages_days
            );
            store.close().await;
            Ok(ExitCode::SUCCESS)
        }
        Command::Chat { lang, name, record } => {
            let host = match open_host(&settings).await? {
                Ok(h) => h,
                Err(code) => return Ok(code),
            };
            console::run(&host, ChatOptions { lang, name, record }).await?;
            host.store().close().await;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { bind } => {
            let instance = tremplin::storage::leases::instance_name();
            let host = match open_host(&settings).await? {
                Ok(h) => {
                    let several = settings.several_instances(h.store().backend());
                    tracing::info!(
                        instance = %instance,
                        several_instances = several,
                        "database {}",
                        tremplin::config::redact_url(&settings.database_url)
                    );
                    Arc::new(h.with_several_instances(several))
                }
                Err(code) => return Ok(code),
            };
            let several = settings.several_instances(host.store().backend());
            let sweeper = {
                let host = host.clone();
                tokio::spawn(async move {
                    let mut tick = tokio::time::interval(Duration::from_secs(60));
                    loop {
                        tick.tick().await;
                        host.sweep_memory();
                    }
                })
            };
            // The shared pre-consent table: one instance a minute forgets the silent ones.
            let shared_sweeper = several.then(|| {
                let idle = settings.idle_timeout;
                tremplin::storage::leases::spawn_periodic(
                    host.store().clone(),
                    Arc::new(SystemClock),
                    "sweep-pre-consent",
                    instance.clone(),
                    Duration::from_secs(60),
                    Duration::from_secs(60),
                    move |store, now| async move {
                        store.sweep_pre_consent(now - idle).await.map(|_| ())
                    },
                )
            });
            // The retention purge, once a day on one instance (checked every hour).
            let purge = {
                let keep = settings.retention();
                tremplin::storage::leases::spawn_periodic(
                    host.store().clone(),
                    Arc::new(SystemClock),
                    "retention-purge",
                    instance.clone(),
                    Duration::from_secs(86_400),
                    Duration::from_secs(3_600),
                    move |store, now| async move {
                        let p = store.purge(now, keep, false).await?;
                        tracing::info!(
                            people = p.people,
                            audit = p.audit,
                            inbound = p.inbound,
                            sent_messages = p.sent_messages,
                            "retention purge"
                        );
                        Ok(())
                    },
                )
            };
            // Telegram allows one long-polling client per bot: the instance that holds the
            // lease polls, any other refuses to start and says why.
            let polling = settings
                .telegram_bot_token
                .as_deref()
                .is_some_and(|t| !t.is_empty())
                && settings
                    .telegram_webhook_url
                    .as_deref()
                    .is_none_or(str::is_empty);
            if polling {
                let now = chrono::Utc::now().timestamp();
                if !host
                    .store()
                    .try_lease(TELEGRAM_POLLING, &instance, now, POLL_LEASE)
                    .await?
                {
                    let holder = host.store().lease_holder(TELEGRAM_POLLING, now).await?;
                    anyhow::bail!(
                        "Telegram long polling already runs on another instance ({}) and Telegram \
                         allows one poller per bot: with several instances, set TELEGRAM_WEBHOOK_URL \
                         on every instance (webhook mode)",
                        holder.map_or_else(|| "unknown".into(), |h| h.holder)
                    );
                }
                if several {
                    tracing::warn!(
                        "Telegram in long polling: only this instance answers Telegram; with several \
                         instances, set TELEGRAM_WEBHOOK_URL"
                    );
                }
            }
            let telegram = tremplin::web::telegram::start(host.clone(), &settings)
                .await?
                .map(Arc::new);
            let poll_lease = (polling && telegram.is_some()).then(|| {
                let (store, instance, t) = (
                    host.store().clone(),
                    instance.clone(),
                    telegram.clone().expect("checked"),
                );
                tokio::spawn(async move {
                    let mut tick =
                        tokio::time::interval(Duration::from_secs((POLL_LEASE / 3) as u64));
                    loop {
                        tick.tick().await;
                        let now = chrono::Utc::now().timestamp();
                        match store.try_lease(TELEGRAM_POLLING, &instance, now, POLL_LEASE).await {
                            Ok(true) => {}
                            Ok(false) => {
                                tracing::error!(
                                    "Telegram polling lease taken by another instance: polling stops here"
                                );
                                t.stop();
                                break;
                            }
                            Err(e) => tracing::warn!(error = %e, "Telegram polling lease"),
                        }
                    }
                })
            });
            let (outbox_stop, _) = tokio::sync::watch::channel(false);
            let outbox = {
                let mut worker = tremplin::notify::OutboxWorker::new(host.clone());
                if let Some(t) = &telegram {
                    worker = worker.with_sender("telegram", t.sender());
                }
                if let (Some(sid), Some(token)) =
                    (&settings.twilio_account_sid, &settings.twilio_auth_token)
                {
                    use tremplin::channels::sms::RestSender;
                    if let Some(from) = &settings.twilio_from {
                        worker = worker.with_sender(
                            "sms",
                            Arc::new(RestSender::new(
                                &settings.twilio_api_url,
                                sid,
                                token,
                                from,
                                false,
                            )?),
                        );
                    }
                    if let Some(from) = &settings.twilio_whatsapp_from {
                        worker = worker.with_sender(
                            "whatsapp",
                            Arc::new(RestSender::new(
                                &settings.twilio_api_url,
                                sid,
                                token,
                                from,
                                true,
                            )?),
                        );
                    }
                } else {
                    tracing::warn!(
                        "outbound SMS off: TWILIO_ACCOUNT_SID or TWILIO_AUTH_TOKEN is not set"
                    );
                }
                // Every instance drains the outbox (claims are leased rows, skipped when
                // locked); on shutdown the current batch finishes before the worker stops.
                let interval = Duration::from_secs(settings.outbox_interval.max(1));
                let mut stop = outbox_stop.subscribe();
                tokio::spawn(async move {
                    let mut tick = tokio::time::interval(interval);
                    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                    loop {
                        tokio::select! {
                            _ = tick.tick() => {}
                            _ = stop.changed() => break,
                        }
                        match worker.run_once(chrono::Utc::now().timestamp()).await {
                            Ok(n) => tremplin::metrics::record_sent(n),
                            Err(e) => {
                                tracing::warn!(error = %e, "outbox worker");
                                tremplin::metrics::record_error(
                                    tremplin::metrics::ErrorKind::Outbox,
                                );
                            }
                        }
                        if *stop.borrow() {
                            break;
                        }
                    }
                })
            };
            let listener = tokio::net::TcpListener::bind(&bind)
                .await
                .with_context(|| format!("binding {bind}"))?;
            tracing::info!(address = %listener.local_addr()?, "tremplin is listening");
            web::staff::first_run_admin(
                host.store(),
                host.catalog(),
                settings.territory.as_deref(),
                &settings
                    .public_url
                    .clone()
                    .unwrap_or_else(|| format!("http://{bind}")),
            )
            .await?;
            let sms = match tremplin::web::sms::config_from(
                settings.twilio_auth_token.as_deref(),
                settings.public_url.as_deref(),
                settings.sms_gsm7,
            ) {
                Ok(c) => {
                    tracing::info!(webhook = %c.webhook_url, "SMS channel on");
                    let mut c = (*c).clone();
                    c.burst_ms = settings.sms_burst_ms;
                    Some(Arc::new(c))
                }
                Err(why) => {
                    tracing::warn!("SMS channel off: {why}");
                    None
                }
            };
            let (stop_serving, mut serving_stopped) = tokio::sync::watch::channel(false);
            // Clients get a bounded time to send their request (see web::Timeouts).
            let server = web::serve(
                listener,
                web::app_with_staff(
                    AppState {
                        host: host.clone(),
                        sms,
                        telegram: telegram.as_ref().and_then(|t| t.webhook.clone()),
                    },
                    web::staff::StaffConfig {
                        insecure_http: settings.staff_insecure_http,
                        ..Default::default()
                    },
                ),
                web::Timeouts::default(),
                async move {
                    let _ = serving_stopped.wait_for(|s| *s).await;
                },
            );
            let mut server = tokio::spawn(server);
            let grace = Duration::from_secs(settings.shutdown_timeout.max(1));
            tokio::select! {
                r = &mut server => r?.context("serving")?,
                () = shutdown_signal() => {
                    // Stop accepting; in-flight requests (turns) finish, within the grace time.
                    let _ = stop_serving.send(true);
                    match tokio::time::timeout(grace, &mut server).await {
                        Ok(r) => r?.context("serving")?,
                        Err(_) => {
                            tracing::warn!("requests still running after the grace time: stopping");
                            server.abort();
                        }
                    }
                }
            }
            sweeper.abort();
            purge.abort();
            if let Some(s) = shared_sweeper {
                s.abort();
            }
            if let Some(p) = poll_lease {
                p.abort();
            }
            if let Some(t) = &telegram {
                t.stop();
                if polling {
                    let _ = host
                        .store()
                        .release_lease(TELEGRAM_POLLING, &instance)
                        .await;
                }
            }
            // The outbox worker finishes the batch it is sending, then stops.
            let _ = outbox_stop.send(true);
            if tokio::time::timeout(grace, outbox).await.is_err() {
                tracing::warn!("the outbox batch did not finish within the grace time");
            }
            host.store().close().await;
            tracing::info!("stopped");
            Ok(ExitCode::SUCCESS)
        }
        Command::Staff {
            action:
                StaffCommand::Add {
                    email,
                    role,
                    partner,
                    base_url,
                },
        } => {
            let catalog = match load_catalog(&settings) {
                Ok(c) => c,
                Err(code) => return Ok(code),
            };
            let store = open_store(&settings).await?;
            let base = base_url
                .or_else(|| settings.public_url.clone())
                .unwrap_or_else(|| "http://127.0.0.1:8080".into());
            let code = web::staff::cli_add(
                &store,
                &catalog,
                settings.territory.as_deref(),
                &email,
                &role,
                partner.as_deref(),
                &base,
            )
            .await?;
            store.close().await;
            Ok(code)
        }
        Command::Bench {
            which,
            runs,
            database,
        } => {
            let dialogues = Settings::content_dir(&settings.dialogues);
            let locales = Settings::content_dir(&settings.locales);
            if !matches!(
                which.as_str(),
                "all" | "engine" | "booking" | "sms" | "telegram" | "queue" | "memory"
            ) {
                eprintln!(
                    "unknown benchmark '{which}': try engine, sms, telegram, booking, queue or memory"
                );
                return Ok(ExitCode::from(2));
            }
            // First, while the process holds nothing else.
            if matches!(which.as_str(), "all" | "memory") {
                let catalog = match load_catalog(&settings) {
                    Ok(c) => Arc::new(c),
                    Err(code) => return Ok(code),
                };
                let url = bench_database(database.as_deref(), "memory")?;
                println!("memory benchmark on {}", tremplin::config::redact_url(&url));
                let f = tremplin::bench::memory::memory(catalog, &url, 100_000, 10_000).await?;
                tremplin::bench::memory::print(&f);
            }
            if matches!(which.as_str(), "all" | "engine") {
                let f = tremplin::bench::engine(
                    &dialogues,
                    &locales,
                    runs,
                    Duration::from_millis(300),
                )?;
                tremplin::bench::print_engine(&f);
            }
            if matches!(which.as_str(), "all" | "sms") {
                let catalog = match load_catalog(&settings) {
                    Ok(c) => Arc::new(c),
                    Err(code) => return Ok(code),
                };
                let url = bench_database(database.as_deref(), "sms")?;
                println!("sms benchmark on {}", tremplin::config::redact_url(&url));
                let f = tremplin::bench::sms::sms(catalog.clone(), &url, 32, 256, runs).await?;
                tremplin::bench::sms::print(&f);
                if url.starts_with("postgres") {
                    let f = tremplin::bench::sms::instances(catalog, &url, 32, 256, runs).await?;
                    tremplin::bench::sms::print_instances(&f);
                }
            }
            if matches!(which.as_str(), "all" | "telegram") {
                let catalog = match load_catalog(&settings) {
                    Ok(c) => Arc::new(c),
                    Err(code) => return Ok(code),
                };
                let url = bench_database(database.as_deref(), "telegram")?;
                println!(
                    "telegram benchmark on {}",
                    tremplin::config::redact_url(&url)
                );
                let f =
                    tremplin::bench::telegram::telegram(catalog, &url, 200, runs.min(5)).await?;
                tremplin::bench::telegram::print(&f);
            }
            if matches!(which.as_str(), "all" | "queue") {
                let catalog = match load_catalog(&settings) {
                    Ok(c) => Arc::new(c),
                    Err(code) => return Ok(code),
                };
                let url = bench_database(database.as_deref(), "queue")?;
                println!("queue benchmark on {}", tremplin::config::redact_url(&url));
                let f = tremplin::bench::queue::queue(catalog, &url, 10_000, 300).await?;
                tremplin::bench::queue::print(&f);
            }
            if matches!(which.as_str(), "all" | "booking") {
                let territories =
                    tremplin::catalog::load_territories(&dialogues.join("territories"))
                        .map_err(|p| anyhow::anyhow!("{p}"))?;
                let url = bench_database(database.as_deref(), "booking")?;
                println!(
                    "booking benchmark on {}",
                    tremplin::config::redact_url(&url)
                );
                let f =
                    tremplin::bench::booking(&territories[0], &url, 1000, 200, runs.min(5)).await?;
                tremplin::bench::print_booking(&f);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The lease of the one instance that long-polls Telegram, and its length in seconds.
const TELEGRAM_POLLING: &str = "telegram-polling";
const POLL_LEASE: i64 = 60;

/// The benchmark's database: the one given, or a fresh SQLite file in a temporary folder.
fn bench_database(given: Option<&str>, name: &str) -> anyhow::Result<String> {
    if let Some(u) = given {
        return Ok(u.to_string());
    }
    let dir = std::env::temp_dir().join(format!("tremplin-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(format!(
        "sqlite://{}",
        dir.join(format!("{name}.db")).display()
    ))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("shutting down");
}
