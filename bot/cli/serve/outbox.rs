//! The outbox worker as `serve` runs it: the senders of the channels that are configured, a
//! round every `TREMPLIN_OUTBOX_INTERVAL` seconds, and a stop that lets the batch being sent
//! finish. What is sent, and when, is the worker's (`notify`).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use tremplin::app::Host;
use tremplin::channels::sms::RestSender;
use tremplin::config::Settings;
use tremplin::metrics::{self, ErrorKind};
use tremplin::notify::OutboxWorker;
use tremplin::notify::france_travail::FtConfig;
use tremplin::notify::invitations::InvitationWorker;
use tremplin::notify::partners::PartnerWorker;
use tremplin::web::telegram::Started;

/// The running worker.
#[derive(Debug)]
pub struct Outbox {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Outbox {
    /// Starts the worker with a sender for Telegram (when it runs), SMS and WhatsApp (when the
    /// provider account and their numbers are set). Every instance drains the outbox: claims
    /// are leased rows, skipped when locked.
    pub fn start(
        host: Arc<Host>,
        settings: &Settings,
        telegram: Option<&Started>,
    ) -> anyhow::Result<Self> {
        let mut worker = OutboxWorker::new(host.clone());
        let schedule = host.config().invitations.clone();
        // The link is offered only where a bot answers it.
        let bot = settings
            .telegram_bot_username
            .clone()
            .filter(|_| telegram.is_some());
        if settings.telegram_bot_username.is_some() && bot.is_none() {
            tracing::warn!(
                "TELEGRAM_BOT_USERNAME is set but Telegram is off: invitations offer no Telegram link"
            );
        }
        let mut invitations = InvitationWorker::new(host.clone(), schedule).with_telegram_bot(bot);
        if let Some(t) = telegram {
            worker = worker.with_sender("telegram", t.sender());
        }
        if let (Some(sid), Some(token)) =
            (&settings.twilio_account_sid, &settings.twilio_auth_token)
        {
            let numbers = [
                ("sms", &settings.twilio_from, false),
                ("whatsapp", &settings.twilio_whatsapp_from, true),
            ];
            for (channel, from, whatsapp) in numbers {
                if let Some(from) = from {
                    let mut sender =
                        RestSender::new(&settings.twilio_api_url, sid, token, from, whatsapp)?;
                    // Every message asks for its delivery status, signed like the webhook.
                    if let Some(public) = settings.public_url.as_deref().filter(|u| !u.is_empty()) {
                        sender = sender.with_status_callback(public);
                    }
                    let sender: Arc<dyn tremplin::notify::Sender> = Arc::new(sender);
                    invitations = invitations.with_sender(channel, sender.clone());
                    worker = worker.with_sender(channel, sender);
                    metrics::dependency_configured(metrics::Dependency::SmsProvider);
                }
            }
        } else {
            tracing::warn!("outbound SMS off: TWILIO_ACCOUNT_SID or TWILIO_AUTH_TOKEN is not set");
        }
        let interval = Duration::from_secs(settings.outbox_interval.max(1));
        let (stop, mut stopped) = watch::channel(false);
        let ft = france_travail(settings)
            .map(tremplin::notify::france_travail::FranceTravail::new)
            .transpose()?;
        let partners = Arc::new(PartnerWorker::new(
            host.clone(),
            settings.webhook_secret.clone(),
            ft,
        )?);
        // Partners' systems hear of a change within a fraction of a second, never on the
        // person's turn.
        let partners = tokio::spawn(partners.run(Duration::from_millis(100), stop.subscribe()));
        let invitations = tokio::spawn(invitation_rounds(
            Arc::new(invitations),
            host.clone(),
            interval,
            stop.subscribe(),
        ));
        let task = tokio::spawn(async move {
            let mut tick = tokio::time::interval(interval);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = stopped.changed() => break,
                }
                match worker.run_once(host.now()).await {
                    Ok(n) => metrics::record_sent(n),
                    Err(e) => {
                        tracing::warn!(error = %e, "outbox worker");
                        metrics::record_error(ErrorKind::Outbox);
                    }
                }
                if *stopped.borrow() {
                    break;
                }
            }
        });
        let task = tokio::spawn(async move {
            let _ = task.await;
            let _ = invitations.await;
            let _ = partners.await;
        });
        Ok(Self { stop, task })
    }

    /// Lets the batch being sent finish, within the grace time, and stops the worker.
    pub async fn finish(self, grace: Duration) {
        let _ = self.stop.send(true);
        if tokio::time::timeout(grace, self.task).await.is_err() {
            tracing::warn!("the outbox batch did not finish within the grace time");
        }
    }
}

/// The invitation sender's rounds: at most a round's worth of messages at the provider's pace,
/// then a pause; a stop ends the round after the message being sent.
async fn invitation_rounds(
    worker: Arc<InvitationWorker>,
    host: Arc<Host>,
    interval: Duration,
    mut stopped: watch::Receiver<bool>,
) {
    let per_round = (worker.schedule().rate * interval.as_secs_f64())
        .ceil()
        .max(1.0) as i64;
    // A stop ends the round after the message being sent.
    let flag = worker.stopper();
    let mut asked = stopped.clone();
    tokio::spawn(async move {
        let _ = asked.changed().await;
        flag.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    let mut tick = tokio::time::interval(interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stopped.changed() => break,
        }
        // A round is never cut: a message sent is always recorded before the stop.
        match worker.run_once(host.now(), per_round).await {
            Ok(r) => metrics::record_sent(r.sent),
            Err(e) => {
                tracing::warn!(error = %e, "invitation sender");
                metrics::record_error(ErrorKind::Outbox);
            }
        }
        if *stopped.borrow() {
            break;
        }
    }
}

/// France Travail's API settings, when all of them are set.
pub fn france_travail(settings: &Settings) -> Option<FtConfig> {
    let set = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
    Some(FtConfig {
        token_url: set(&settings.france_travail_token_url)?,
        client_id: set(&settings.france_travail_client_id)?,
        client_secret: set(&settings.france_travail_client_secret)?,
        api_url: set(&settings.france_travail_api_url)?,
        scope: settings.france_travail_scope.clone(),
    })
}
