//! The background jobs of `serve`: forgetting silent pre-consent conversations (in memory,
//! and in the shared table on one instance), the daily retention purge on one instance, and
//! keeping this instance's share of the data key's lease.
//! What each job removes is decided by the host and storage; this file only schedules.

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;

use tremplin::app::Host;
use tremplin::config::Settings;
use tremplin::core::SystemClock;
use tremplin::storage::leases::spawn_periodic;

/// The jobs running beside the server, stopped together.
#[derive(Debug)]
pub struct Jobs(Vec<JoinHandle<()>>);

impl Jobs {
    /// Starts the sweeps and the retention purge.
    pub fn start(host: &Arc<Host>, settings: &Settings, instance: &str, several: bool) -> Self {
        let mut jobs = Self(Vec::new());
        // This instance's memory, every minute.
        let memory = host.clone();
        jobs.add(tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                memory.sweep_memory();
            }
        }));
        // The shared pre-consent table: one instance a minute forgets the silent ones.
        if several {
            let idle = settings.idle_timeout;
            jobs.add(spawn_periodic(
                host.store().clone(),
                Arc::new(SystemClock),
                "sweep-pre-consent",
                instance.to_string(),
                Duration::from_secs(60),
                Duration::from_secs(60),
                move |store, now| async move {
                    store.sweep_pre_consent(now - idle).await.map(|_| ())
                },
            ));
        }
        // The retention purge, once a day on one instance (checked every hour).
        let keep = settings.retention();
        jobs.add(spawn_periodic(
            host.store().clone(),
            Arc::new(SystemClock),
            "retention-purge",
            instance.to_string(),
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
        ));
        // The data key's lease, lost with a database connection, is taken again; taken by a
        // key rotation meanwhile (or the data sealed with another key since), this instance
        // stops rather than seal with the old key.
        let store = host.store().clone();
        jobs.add(tokio::spawn(async move {
            let mut tick = tokio::time::interval(crate::cli::open::KEY_CHECK_EVERY);
            loop {
                tick.tick().await;
                match crate::cli::open::key_still_ours(&store).await {
                    Ok(true) => {}
                    Ok(false) => {
                        tracing::error!(
                            "the data key was rotated on this database: this instance stops, as it holds the old key"
                        );
                        std::process::exit(1);
                    }
                    Err(e) => tracing::warn!(error = %e, "the data key's lease"),
                }
            }
        }));
        jobs
    }

    /// Adds a job to stop with the others.
    pub fn add(&mut self, job: JoinHandle<()>) {
        self.0.push(job);
    }

    /// Stops every job.
    pub fn abort(self) {
        for job in self.0 {
            job.abort();
        }
    }
}
