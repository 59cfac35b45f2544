//! The staff dashboard: reception and partners work the bookings. Server-rendered HTML (maud
//! escapes every value), no JavaScript, French by default and English, under `/staff`.
//!
//! The pages render what the application layer's [`Desk`] returns and never touch storage:
//! scope, audit and the rules of every action are its. Every page answers 404 for a booking,
//! request, person or export outside the account's scope, as for one that does not exist.
//! Every state-changing form carries the session's CSRF token.

pub mod accounts;
pub mod actions;
pub mod audit;
pub mod auth;
pub mod booking;
mod case;
pub mod export;
pub mod layout;
pub mod queue;
pub mod request;
pub mod simulator;
pub mod slots;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::app::staff::{Desk, DeskError};
use crate::app::{Host, HostError};
use crate::catalog::Catalog;
use crate::core::{Clock, SystemClock};

pub use crate::app::staff::{cli_add, first_run_admin};

/// Dashboard settings.
#[derive(Clone)]
pub struct StaffConfig {
    /// Plain http (no `Secure` cookie, no `__Host-` prefix): only for trying it on localhost.
    pub insecure_http: bool,
    /// Where `now` comes from (a manual clock in tests).
    pub clock: Arc<dyn Clock>,
}

impl Default for StaffConfig {
    fn default() -> Self {
        Self {
            insecure_http: false,
            clock: Arc::new(SystemClock),
        }
    }
}

impl std::fmt::Debug for StaffConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffConfig")
            .field("insecure_http", &self.insecure_http)
            .finish_non_exhaustive()
    }
}

/// The dashboard's shared state.
#[derive(Clone)]
pub struct Staff {
    pub host: Arc<Host>,
    pub config: StaffConfig,
    /// Simulator conversations, in memory only, by staff session.
    pub sims: Arc<simulator::Sims>,
}

impl std::fmt::Debug for Staff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Staff").finish_non_exhaustive()
    }
}

impl Staff {
    #[must_use]
    pub fn new(host: Arc<Host>, config: StaffConfig) -> Self {
        Self {
            host,
            config,
            sims: Arc::new(simulator::Sims::default()),
        }
    }

    /// The dashboard's use cases for the logged-in account of a request, now.
    #[must_use]
    pub fn desk<'a>(&'a self, ctx: &'a auth::Ctx) -> Desk<'a> {
        self.host.desk(&ctx.account, self.now())
    }

    #[must_use]
    pub fn catalog(&self) -> &Catalog {
        self.host.catalog()
    }

    #[must_use]
    pub fn now(&self) -> i64 {
        self.config.clock.unix()
    }

    /// The session cookie's name.
    #[must_use]
    pub fn cookie_name(&self) -> &'static str {
        if self.config.insecure_http {
            "tremplin_staff"
        } else {
            "__Host-tremplin_staff"
        }
    }

    /// The login form's cookie name (double-submit token before a session exists).
    #[must_use]
    pub fn login_cookie_name(&self) -> &'static str {
        if self.config.insecure_http {
            "tremplin_login"
        } else {
            "__Host-tremplin_login"
        }
    }

    /// A cookie header value with the right attributes.
    #[must_use]
    pub fn cookie(&self, name: &str, value: &str, max_age: Option<i64>) -> String {
        let secure = if self.config.insecure_http {
            ""
        } else {
            "; Secure"
        };
        let age = max_age
            .map(|a| format!("; Max-Age={a}"))
            .unwrap_or_default();
        format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{age}")
    }
}

/// A dashboard failure, answered with a precise status.
#[derive(Debug)]
pub enum StaffError {
    /// Not found, or not in the account's scope: the same answer for both.
    NotFound,
    /// The form's CSRF token is missing or wrong.
    Csrf,
    /// Bad input, with what to say.
    BadRequest(String),
    /// The application layer failed (storage down, a territory missing).
    Host(HostError),
}

impl From<HostError> for StaffError {
    fn from(e: HostError) -> Self {
        Self::Host(e)
    }
}

impl From<DeskError> for StaffError {
    fn from(e: DeskError) -> Self {
        match e {
            DeskError::NotFound => Self::NotFound,
            DeskError::Invalid(why) => Self::BadRequest(why.into()),
            DeskError::Host(e) => Self::Host(e),
        }
    }
}

impl IntoResponse for StaffError {
    fn into_response(self) -> Response {
        let (status, text) = match self {
            Self::NotFound => (StatusCode::NOT_FOUND, "Introuvable. / Not found.".to_string()),
            Self::Csrf => (
                StatusCode::FORBIDDEN,
                "Formulaire expiré : rechargez la page et recommencez. / The form has expired: reload the page and try again.".to_string(),
            ),
            Self::BadRequest(why) => (StatusCode::BAD_REQUEST, why),
            Self::Host(HostError::Storage(e)) => {
                tracing::error!(error = %e, "dashboard storage error");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "La base de données ne répond pas : rien n'a été enregistré, réessayez dans un instant. / The database does not answer: nothing was saved, try again in a moment.".to_string(),
                )
            }
            Self::Host(e) => {
                tracing::error!(error = %e, "dashboard application error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Erreur interne : rien n'a été enregistré. / Internal error: nothing was saved.".to_string(),
                )
            }
        };
        let page = layout::bare(status.as_str(), &text);
        (status, page).into_response()
    }
}

/// The dashboard's routes, under `/staff`.
pub fn router(staff: Staff) -> Router {
    Router::new()
        .route("/staff", get(queue::queue))
        .route("/staff/staff.css", get(layout::css))
        .route("/staff/login", get(auth::login_page).post(auth::login))
        .route("/staff/logout", post(auth::logout))
        .route(
            "/staff/setup/{token}",
            get(auth::setup_page).post(auth::setup),
        )
        .route(
            "/staff/password",
            get(auth::password_page).post(auth::change_password),
        )
        .route("/staff/locale", post(auth::set_locale))
        .route("/staff/bookings/{id}", get(booking::booking))
        .route(
            "/staff/bookings/{id}/contact",
            post(booking::booking_contact),
        )
        .route("/staff/bookings/{id}/confirm", post(actions::confirm))
        .route("/staff/bookings/{id}/cancel", post(actions::cancel))
        .route("/staff/bookings/{id}/outcome", post(actions::outcome))
        .route("/staff/bookings/{id}/reassign", post(actions::reassign))
        .route("/staff/requests/{id}", get(request::request))
        .route(
            "/staff/requests/{id}/contact",
            post(request::request_contact),
        )
        .route("/staff/requests/{id}/close", post(actions::close_request))
        .route("/staff/requests/{id}/book", post(actions::book_request))
        .route("/staff/people/{id}/export.json", get(export::person_export))
        .route("/staff/export/bookings.csv", get(export::export_csv))
        .route("/staff/slots", get(slots::slots))
        .route("/staff/slots/{site}/add", post(slots::slots_add))
        .route("/staff/slots/{site}/remove", post(slots::slots_remove))
        .route("/staff/audit", get(audit::audit))
        .route(
            "/staff/accounts",
            get(accounts::accounts).post(accounts::accounts_add),
        )
        .route(
            "/staff/accounts/{id}/active",
            post(accounts::accounts_active),
        )
        .route(
            "/staff/simulator",
            get(simulator::page).post(simulator::step),
        )
        .layer(middleware::from_fn(security_headers))
        .layer(DefaultBodyLimit::max(32 * 1024))
        .with_state(staff)
}

/// Strict headers on every dashboard answer: no scripts, no framing, nothing cached.
async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
