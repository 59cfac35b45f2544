//! The HTTP server: health, the SMS webhook; the staff dashboard mounts here.

pub mod sms;
pub mod staff;

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
        .route("/sms/twilio", post(sms::twilio))
        .layer(DefaultBodyLimit::max(64 * 1024))
        .with_state(state)
        .merge(dashboard)
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.host.store().ping().await {
        Ok(()) => (StatusCode::OK, "ready\n"),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n")
        }
    }
}
