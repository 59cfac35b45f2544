//! The HTTP handlers' shared state, and the part of it each channel's webhook reads.

use std::sync::Arc;

use axum::extract::FromRef;

use super::sms::{SmsConfig, SmsState};
use super::telegram::{TelegramState, TelegramWebhook};
use crate::app::Host;

/// Shared state of the HTTP handlers.
#[derive(Debug, Clone)]
pub struct AppState {
    pub host: Arc<Host>,
    /// The SMS channel, when configured.
    pub sms: Option<Arc<SmsConfig>>,
    /// The Telegram webhook, when Telegram runs in webhook mode.
    pub telegram: Option<Arc<TelegramWebhook>>,
}

impl FromRef<AppState> for SmsState {
    fn from_ref(s: &AppState) -> Self {
        Self {
            host: s.host.clone(),
            config: s.sms.clone(),
        }
    }
}

impl FromRef<AppState> for TelegramState {
    fn from_ref(s: &AppState) -> Self {
        Self {
            host: s.host.clone(),
            hook: s.telegram.clone(),
        }
    }
}
