//! The server while `serve` starts: it listens at once, `/healthz` answers, `/readyz` says
//! what the start waits for (migrations pending, for instance) with a 503, and any other path
//! is a 503 until the whole service is in place; from then on every request goes to it.

use std::sync::{Arc, Mutex, OnceLock};

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Response};
use tower::ServiceExt as _;

/// Stands in front of the service until it is in place.
#[derive(Debug, Clone, Default)]
pub struct Starting(Arc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    app: OnceLock<Router>,
    waiting_for: Mutex<Option<String>>,
}

impl Starting {
    /// The router to serve from the start.
    pub fn router(&self) -> Router {
        let this = self.clone();
        Router::new().fallback(move |req: Request| {
            let this = this.clone();
            async move { this.answer(req).await }
        })
    }

    /// What the start waits for, as `/readyz` says it (one line).
    pub fn waiting_for(&self, what: &str) {
        *self.lock() = Some(what.to_string());
    }

    /// Puts the service in place: every request goes to `app` from now on.
    pub fn ready(&self, app: Router) {
        let _ = self.0.app.set(app);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        self.0
            .waiting_for
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    async fn answer(&self, req: Request) -> Response {
        if let Some(app) = self.0.app.get() {
            return match app.clone().oneshot(req).await {
                Ok(r) => r,
                Err(never) => match never {},
            };
        }
        match req.uri().path() {
            "/healthz" => "ok\n".into_response(),
            "/readyz" => {
                let what = self.lock().clone().unwrap_or_else(|| "starting".into());
                (StatusCode::SERVICE_UNAVAILABLE, format!("{what}\n")).into_response()
            }
            _ => (StatusCode::SERVICE_UNAVAILABLE, "starting\n").into_response(),
        }
    }
}
