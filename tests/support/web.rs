//! The web app's state as the tests run it: the SMS channel on, and the Telegram channel in
//! webhook mode over a local mock of the Bot API.

use std::sync::Arc;

use tremplin::app::Host;
use tremplin::bench::telegram_mock::MockApi;
use tremplin::channels::telegram::{Telegram, TelegramConfig};
use tremplin::storage::Store;
use tremplin::web::AppState;
use tremplin::web::telegram::TelegramWebhook;

use super::twilio::PUBLIC;

/// The Telegram bot's token in the tests.
pub const BOT_TOKEN: &str = "123456:TEST-token";
/// The secret Telegram sends with each update to the webhook.
pub const SECRET: &str = "s3cret-Token_for-tests";

/// The webhook's public URL.
pub fn hook_url() -> String {
    format!("{PUBLIC}/telegram/hook")
}

/// The Telegram channel's settings over a mock Bot API, without Telegram's rate limits.
pub fn telegram_config(api: &MockApi) -> TelegramConfig {
    let mut config = TelegramConfig::new(BOT_TOKEN, Some(&api.url));
    config.limits = None;
    config
}

/// The webhook of a Telegram channel, with [`SECRET`].
pub fn webhook(channel: Arc<Telegram>) -> Arc<TelegramWebhook> {
    Arc::new(TelegramWebhook::new(channel, &hook_url(), SECRET.into()).expect("webhook"))
}

/// The state of the whole app over a store: SMS on, Telegram's webhook on over a mock Bot API
/// (kept alive by the caller).
pub async fn state(store: Store) -> (AppState, MockApi) {
    let api = MockApi::start().await.expect("mock Bot API");
    let (host, _) = super::host(store);
    let host: Arc<Host> = Arc::new(host);
    let channel =
        Arc::new(Telegram::new(host.clone(), &telegram_config(&api)).expect("Telegram channel"));
    let state = AppState {
        host,
        sms: Some(super::twilio::config()),
        telegram: Some(webhook(channel)),
    };
    (state, api)
}
