//! The staff dashboard: reception and partners work the bookings. Server-rendered HTML (maud
//! escapes every value), no JavaScript, French by default and English, under `/staff`.
//!
//! The pages render what the application layer's [`Desk`](crate::app::staff::Desk) returns
//! and never touch storage: scope, audit and the rules of every action are its. Every page
//! answers 404 for a booking, request, person or export outside the account's scope, as for one
//! that does not exist. Every state-changing form carries the session's CSRF token.
//!
//! This file only declares the pages and wires their routes: the shared state is `state`'s,
//! the logged-in account `ctx`'s, the failures `error`'s, the page frame `layout`'s.

pub mod accounts;
pub mod actions;
pub mod audit;
pub mod auth;
pub mod booking;
mod case;
pub mod ctx;
pub mod error;
pub mod export;
pub mod feeds;
pub mod invitations;
pub mod layout;
pub mod partners;
pub mod queue;
pub mod request;
mod services;
pub mod sims;
pub mod simulator;
pub mod slots;
pub mod state;
pub mod stats;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};

use crate::app::staff::{QueueRow, RequestRow};
pub use crate::app::staff::{cli_add, first_run_admin};
pub use error::StaffError;
pub use state::{Staff, StaffConfig};

/// The dashboard's routes, under `/staff`.
pub fn router(staff: Staff) -> Router {
    let https = !staff.config.insecure_http;
    Router::new()
        .route("/staff", get(queue::queue).post(queue::search))
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
        .route("/staff/bookings/{id}", get(case::show::<QueueRow>))
        .route(
            "/staff/bookings/{id}/contact",
            post(case::reveal::<QueueRow>),
        )
        .route("/staff/bookings/{id}/confirm", post(actions::confirm))
        .route("/staff/bookings/{id}/cancel", post(actions::cancel))
        .route("/staff/bookings/{id}/outcome", post(actions::outcome))
        .route("/staff/bookings/{id}/reassign", post(actions::reassign))
        .route("/staff/bookings/{id}/undo", post(actions::undo))
        .route(
            "/staff/bookings/{id}/called-back",
            post(actions::booking_called_back),
        )
        .route("/staff/bookings/{id}/name", post(actions::booking_name))
        .route("/staff/requests/{id}", get(case::show::<RequestRow>))
        .route(
            "/staff/requests/{id}/contact",
            post(case::reveal::<RequestRow>),
        )
        .route("/staff/requests/{id}/close", post(actions::close_request))
        .route("/staff/requests/{id}/book", post(actions::book_request))
        .route(
            "/staff/requests/{id}/called-back",
            post(actions::request_called_back),
        )
        .route("/staff/requests/{id}/name", post(actions::request_name))
        .route("/staff/people/{id}/export.json", get(export::person_export))
        .route("/staff/export/bookings.csv", get(export::export_csv))
        .route("/staff/slots", get(slots::slots))
        .route("/staff/slots/{site}/add", post(slots::slots_add))
        .route("/staff/slots/{site}/remove", post(slots::slots_remove))
        .route("/staff/audit", get(audit::audit))
        .route("/staff/feeds", get(feeds::page).post(feeds::create))
        .route("/staff/feeds/{id}/renew", post(feeds::renew))
        .route("/staff/feeds/{id}/revoke", post(feeds::revoke))
        .route("/staff/invitations", get(invitations::page))
        .route(
            "/staff/invitations/import",
            post(invitations::import)
                .layer(DefaultBodyLimit::max(invitations::MAX_UPLOAD + 64 * 1024)),
        )
        .route("/staff/invitations.csv", get(invitations::export))
        .route("/staff/invitations/{id}", get(invitations::show))
        .route("/staff/invitations/{id}/{action}", post(invitations::act))
        .route("/staff/partners", get(partners::page).post(partners::add))
        .route("/staff/partners/{id}", get(partners::log))
        .route("/staff/partners/{id}/{action}", post(partners::act))
        .route("/staff/stats", get(stats::stats))
        .route("/staff/stats.csv", get(stats::stats_csv))
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
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            security_headers(https, req, next)
        }))
        .layer(DefaultBodyLimit::max(32 * 1024))
        .with_state(staff)
}

/// Strict headers on every dashboard answer: no scripts, no framing, nothing cached, and,
/// unless it is served over plain http to try it, https only from now on (HSTS, a year).
async fn security_headers(https: bool, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
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
