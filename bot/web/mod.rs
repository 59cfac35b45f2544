//! The HTTP server: health, the SMS webhook; the staff dashboard mounts here.

pub mod sms;
pub mod staff;
pub mod telegram;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};

use crate::conversation::Host;

/// Shared state of the HTTP handlers.
#[derive(Debug, Clone)]
pub struct AppState {
    pub host: Arc<Host>,
    /// The SMS channel, when configured.
    pub sms: Option<Arc<sms::SmsConfig>>,
    /// The Telegram webhook, when Telegram runs in webhook mode.
    pub telegram: Option<Arc<telegram::TelegramWebhook>>,
}

/// The whole router, with the staff dashboard's default settings.
pub fn app(state: AppState) -> Router {
    app_with_staff(state, staff::StaffConfig::default())
}

/// The whole router, with the staff dashboard's settings.
pub fn app_with_staff(state: AppState, staff_config: staff::StaffConfig) -> Router {
    let dashboard = staff::router(staff::Staff::new(state.host.clone(), staff_config));
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/sms/twilio", post(sms::twilio))
        .route("/telegram/{path}", post(telegram::webhook))
        .layer(DefaultBodyLimit::max(64 * 1024))
        .with_state(state)
        .merge(dashboard)
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.host.store().pending_migrations().await {
        Ok(0) => (StatusCode::OK, "ready\n"),
        Ok(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "database migrations not applied: run tremplin migrate\n",
        ),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            crate::metrics::record_error(crate::metrics::ErrorKind::Database);
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n")
        }
    }
}

/// `GET /metrics`: Prometheus text format, no personal data.
async fn metrics(State(state): State<AppState>) -> impl axum::response::IntoResponse {
    let now = chrono::Utc::now().timestamp();
    let db = match crate::metrics::database_figures(state.host.store(), now).await {
        Ok(f) => Some(f),
        Err(e) => {
            tracing::warn!(error = %e, "metrics: database figures");
            crate::metrics::record_error(crate::metrics::ErrorKind::Database);
            None
        }
    };
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        crate::metrics::render(db.as_ref(), state.host.unconsented()),
    )
}
