//! The `tremplin` command: chat, check, migrate, serve, bench.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use tremplin::catalog::Catalog;
use tremplin::channels::console::{self, ChatOptions};
use tremplin::config::Settings;
use tremplin::conversation::{Host, SystemClock};
use tremplin::storage::Store;
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
        /// Which benchmark: engine, sms, booking (or all).
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
    let store = Store::open(&settings.database_url, settings.pool())
        .await
        .context("opening the database")?;
    Ok(Ok(Host::new(
        store,
        Arc::new(catalog),
        settings.host(),
        Arc::new(SystemClock),
    )?))
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
            let host = match open_host(&settings).await? {
                Ok(h) => Arc::new(h),
                Err(code) => return Ok(code),
            };
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
            let outbox = {
                let mut worker = tremplin::notify::OutboxWorker::new(
                    host.store().clone(),
                    host.shared_catalog(),
                );
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
                tokio::spawn(async move {
                    let mut tick = tokio::time::interval(Duration::from_secs(15));
                    loop {
                        tick.tick().await;
                        if let Err(e) = worker.run_once(chrono::Utc::now().timestamp()).await {
                            tracing::warn!(error = %e, "outbox worker");
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
                    Some(c)
                }
                Err(why) => {
                    tracing::warn!("SMS channel off: {why}");
                    None
                }
            };
            axum::serve(
                listener,
                web::app_with_staff(
                    AppState {
                        host: host.clone(),
                        sms,
                    },
                    web::staff::StaffConfig {
                        insecure_http: settings.staff_insecure_http,
                        ..Default::default()
                    },
                )
                .into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("serving")?;
            sweeper.abort();
            outbox.abort();
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
            let store = Store::open(&settings.database_url, settings.pool())
                .await
                .context("opening the database")?;
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
            if !matches!(which.as_str(), "all" | "engine" | "booking" | "sms") {
                eprintln!("unknown benchmark '{which}': try engine, sms or booking");
                return Ok(ExitCode::from(2));
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
                let f = tremplin::bench::sms::sms(catalog, &url, 32, 256, runs).await?;
                tremplin::bench::sms::print(&f);
            }
            if matches!(which.as_str(), "all" | "booking") {
                let territories =
                    tremplin::booking::territory::load_dir(&dialogues.join("territories"))
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
