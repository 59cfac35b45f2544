//! `tremplin serve`: the service. Start-up and the order of things are here; the background
//! jobs are in `jobs.rs`, the outbox worker in `outbox.rs`, the lease of the one Telegram
//! poller in `polling.rs`, and serving until a stop signal in `shutdown.rs`.

mod jobs;
mod outbox;
mod polling;
mod shutdown;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::Args;

use tremplin::config::{Settings, redact_url};
use tremplin::storage::leases::instance_name;
use tremplin::web::{self, AppState};

/// Runs the service.
#[derive(Debug, Args)]
pub struct Serve {
    /// Address to listen on.
    #[arg(long, env = "TREMPLIN_BIND", default_value = "127.0.0.1:8080")]
    bind: String,
}

impl Serve {
    /// Listens at once, then starts the host (once the database has this version's
    /// migrations: applied here, or by `tremplin migrate` while `/readyz` says they are
    /// pending), its jobs and the channels; on SIGTERM or Ctrl-C, stops accepting, lets turns
    /// and the outbox batch finish within the grace time, and ends.
    pub async fn run(self, settings: &Settings) -> anyhow::Result<ExitCode> {
        let instance = instance_name();
        let catalog = super::open::catalog(settings)?;
        let store = super::open::connect(settings).await?;
        // One `serve` per SQLite file: a second one would answer the same people from
        // another memory. Held until the process ends, however it ends.
        let _only = match settings.sqlite_file() {
            Some(file) => Some(only_serve(&file)?),
            None => None,
        };
        let schema = super::open::schema(settings, &store).await?;

        // Listening from here: `/healthz` answers, `/readyz` says what the start waits for.
        let listener = tokio::net::TcpListener::bind(&self.bind)
            .await
            .with_context(|| format!("binding {}", self.bind))?;
        tracing::info!(address = %listener.local_addr()?, "tremplin is listening");
        let starting = web::starting::Starting::default();
        let grace = Duration::from_secs(settings.shutdown_timeout.max(1));
        let mut serving = tokio::spawn(shutdown::serve_until_signal(
            listener,
            starting.router(),
            grace,
        ));
        if !schema.pending.is_empty() {
            tracing::warn!(
                "{}; not ready until it has run",
                super::open::pending_message(&schema)
            );
            starting.waiting_for(PENDING);
            if !migrated_meanwhile(&store, &mut serving).await? {
                store.close().await;
                tracing::info!("stopped");
                return Ok(ExitCode::SUCCESS);
            }
            tracing::info!("the database is migrated: starting");
            starting.waiting_for("starting");
        }

        let store = super::open::keyed(settings, store, true).await?;
        let host = super::open::host_of(settings, catalog, store)?;
        // What was stored before the statistics' counts existed is counted once.
        if let Some(done) = host.backfill_counts().await? {
            tracing::info!(
                conversations = done.conversations,
                bookings = done.bookings,
                requests = done.requests,
                "statistics: what was stored before the counts existed is now counted"
            );
        }
        let several = settings.several_instances(host.store().backend());
        tracing::info!(
            instance = %instance,
            several_instances = several,
            "database {}",
            redact_url(&settings.database_url)
        );
        let host = Arc::new(host.with_several_instances(several));
        let mut jobs = jobs::Jobs::start(&host, settings, &instance, several);

        let lease = if polling::wanted(settings) {
            Some(polling::take(&host, &instance, several).await?)
        } else {
            None
        };
        let telegram = web::telegram::start(host.clone(), settings)
            .await?
            .map(Arc::new);
        if let (Some(l), Some(t)) = (&lease, &telegram) {
            jobs.add(polling::keep(host.clone(), l.clone(), t.clone()));
        }
        host.configure_partner_endpoints(
            settings.webhook_url.as_deref().filter(|u| !u.is_empty()),
            outbox::france_travail(settings)
                .map(|c| c.api_url)
                .as_deref(),
        )
        .await?;
        let outbox = outbox::Outbox::start(host.clone(), settings, telegram.as_deref())?;

        web::staff::first_run_admin(
            host.store(),
            host.catalog(),
            settings.territory.as_deref(),
            settings.public_url.as_deref(),
        )
        .await?;
        starting.ready(web::app_with_staff(
            AppState {
                host: host.clone(),
                sms: sms_channel(settings),
                telegram: telegram.as_ref().and_then(|t| t.webhook.clone()),
            },
            web::staff::StaffConfig {
                insecure_http: settings.staff_insecure_http,
                public_url: settings.public_url.clone(),
                ..Default::default()
            },
        ));
        let deadline = serving.await??;

        jobs.abort();
        if let Some(t) = &telegram {
            t.stop();
        }
        if let Some(l) = &lease {
            polling::release(l).await;
        }
        outbox
            .finish(deadline.saturating_duration_since(Instant::now()))
            .await;
        host.store().close().await;
        tracing::info!("stopped");
        Ok(ExitCode::SUCCESS)
    }
}

/// What `/readyz` says while this version's migrations wait for `tremplin migrate`.
const PENDING: &str = "migrations pending: run tremplin migrate";

/// How often a `serve` waiting for `tremplin migrate` looks again.
const RECHECK: Duration = Duration::from_secs(2);

/// Waits until the database has every migration of this version (someone ran `tremplin
/// migrate`); false when a stop signal ended the server first. A newer version's contract
/// migration applied meanwhile stops the start.
async fn migrated_meanwhile(
    store: &tremplin::storage::Store,
    serving: &mut tokio::task::JoinHandle<anyhow::Result<Instant>>,
) -> anyhow::Result<bool> {
    loop {
        tokio::select! {
            r = &mut *serving => {
                r??;
                return Ok(false);
            }
            () = tokio::time::sleep(RECHECK) => {}
        }
        match store.schema().await {
            Ok(s) => {
                if let Some(why) = s.too_old_message() {
                    anyhow::bail!(why);
                }
                if s.pending.is_empty() {
                    return Ok(true);
                }
            }
            Err(e) => tracing::warn!(error = %e, "reading the database's migrations"),
        }
    }
}

/// Locks the SQLite database file for this process (an advisory lock the system drops when the
/// process dies, however it dies); a second `serve` on the same file stops with a message.
fn only_serve(file: &std::path::Path) -> anyhow::Result<std::fs::File> {
    let f = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
    match fs4::FileExt::try_lock(&f) {
        Ok(()) => Ok(f),
        Err(fs4::TryLockError::WouldBlock) => {
            eprintln!(
                "Another `tremplin serve` already runs on {}: stop it first (one service per SQLite database; several instances need PostgreSQL).",
                file.display()
            );
            Err(super::Explained(ExitCode::FAILURE).into())
        }
        Err(fs4::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("locking {}", file.display()))
        }
    }
}

/// The SMS channel's settings, or `None` (and why, in the log) when it is off.
fn sms_channel(settings: &Settings) -> Option<Arc<web::sms::SmsConfig>> {
    match web::sms::config_from(
        settings.twilio_auth_token.as_deref(),
        settings.public_url.as_deref(),
        settings.sms_gsm7,
    ) {
        Ok(c) => {
            tracing::info!(webhook = %c.webhook_url, "SMS channel on");
            let mut c = (*c).clone();
            c.burst_ms = settings.sms_burst_ms;
            c.stop_words = settings.sms_stop_words.clone();
            Some(Arc::new(c))
        }
        Err(why) => {
            tracing::warn!("SMS channel off: {why}");
            None
        }
    }
}
