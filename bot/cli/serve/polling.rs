//! Telegram allows one long-polling client per bot: the process that holds the
//! `telegram-polling` lease polls, and any other refuses to start and says why. The lease
//! dies with its holder (see `storage::held`): a killed `serve` started again polls at once.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::task::JoinHandle;

use tremplin::app::Host;
use tremplin::config::Settings;
use tremplin::storage::held::{HeldLease, Taken};
use tremplin::web::telegram::Started;

/// The lease's name.
const LEASE: &str = "telegram-polling";
/// How often the lease is checked (on PostgreSQL: its connection is alive).
const CHECK_EVERY: Duration = Duration::from_secs(10);

/// Whether Telegram runs in long polling: a bot token and no webhook URL.
#[must_use]
pub fn wanted(settings: &Settings) -> bool {
    settings
        .telegram_bot_token
        .as_deref()
        .is_some_and(|t| !t.is_empty())
        && settings
            .telegram_webhook_url
            .as_deref()
            .is_none_or(str::is_empty)
}

/// The lease, held by this process while it polls.
pub type Lease = Arc<Mutex<Option<HeldLease>>>;

/// Takes the lease, or fails naming the process that holds it.
pub async fn take(host: &Host, instance: &str, several: bool) -> anyhow::Result<Lease> {
    let lease = match host.store().take_lease(LEASE, instance).await? {
        Taken::Held(lease) => lease,
        Taken::Elsewhere(holder) => anyhow::bail!(
            "Telegram long polling already runs on another instance ({}) and Telegram \
             allows one poller per bot: with several instances, set TELEGRAM_WEBHOOK_URL \
             on every instance (webhook mode)",
            holder.as_deref().unwrap_or("unknown")
        ),
    };
    if several {
        tracing::warn!(
            "Telegram in long polling: only this instance answers Telegram; with several \
             instances, set TELEGRAM_WEBHOOK_URL"
        );
    }
    Ok(Arc::new(Mutex::new(Some(lease))))
}

/// Checks the lease now and then; when another process has taken it (this one lost its
/// database connection meanwhile), polling stops here.
pub fn keep(host: Arc<Host>, lease: Lease, telegram: Arc<Started>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(CHECK_EVERY);
        loop {
            tick.tick().await;
            let mut held = lease.lock().await;
            let Some(l) = held.as_mut() else { break };
            match l.still_held(host.store()).await {
                Ok(true) => {}
                Ok(false) => {
                    tracing::error!(
                        "Telegram polling lease taken by another instance: polling stops here"
                    );
                    telegram.stop();
                    *held = None;
                    break;
                }
                Err(e) => tracing::warn!(error = %e, "Telegram polling lease"),
            }
        }
    })
}

/// Gives the lease back, so that another instance may poll at once.
pub async fn release(lease: &Lease) {
    if let Some(l) = lease.lock().await.take() {
        l.release().await;
    }
}
