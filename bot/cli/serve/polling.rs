//! Telegram allows one long-polling client per bot: the instance that holds the
//! `telegram-polling` lease polls, renews it, and gives it back when it stops; any other
//! refuses to start and says why.

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;

use tremplin::app::Host;
use tremplin::config::Settings;
use tremplin::web::telegram::Started;

/// The lease's name.
const LEASE: &str = "telegram-polling";
/// The lease's length in seconds; it is renewed every third of it.
const LEASE_SECONDS: i64 = 60;

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

/// Takes the lease, or fails naming the instance that holds it.
pub async fn take(host: &Host, instance: &str, several: bool) -> anyhow::Result<()> {
    let now = host.now();
    if !host
        .store()
        .try_lease(LEASE, instance, now, LEASE_SECONDS)
        .await?
    {
        let holder = host.store().lease_holder(LEASE, now).await?;
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
    Ok(())
}

/// Renews the lease; when another instance has taken it, polling stops here.
pub fn keep(host: Arc<Host>, instance: String, telegram: Arc<Started>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs((LEASE_SECONDS / 3) as u64));
        loop {
            tick.tick().await;
            match host
                .store()
                .try_lease(LEASE, &instance, host.now(), LEASE_SECONDS)
                .await
            {
                Ok(true) => {}
                Ok(false) => {
                    tracing::error!(
                        "Telegram polling lease taken by another instance: polling stops here"
                    );
                    telegram.stop();
                    break;
                }
                Err(e) => tracing::warn!(error = %e, "Telegram polling lease"),
            }
        }
    })
}

/// Gives the lease back, so that another instance may poll at once.
pub async fn release(host: &Host, instance: &str) {
    let _ = host.store().release_lease(LEASE, instance).await;
}
