//! `GET /calendar/{token}.ics`: a calendar feed, read by calendar clients (Outlook,
//! Thunderbird, phones), which cannot log in: the token in the address is the key. What the
//! feed holds is the application layer's.
//!
//! The token is a secret: it is never written to a log, a metric or an error, and an
//! address no feed has (never made, renewed, revoked) is a bare 404 that says nothing more.
//! An unchanged feed is answered 304 to a client that sends its `ETag` back.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::AppState;

/// The feed at `/calendar/{file}`, where `file` is `<token>.ics`.
pub async fn feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
    request: HeaderMap,
) -> Response {
    let Some(token) = file.strip_suffix(".ics") else {
        return not_found();
    };
    let found = match state.host.calendar_feed(token).await {
        Ok(Some(f)) => f,
        Ok(None) => return not_found(),
        Err(e) => {
            // The error names no bound value: neither the token nor its hash.
            tracing::error!(error = %e, "calendar feed: storage");
            crate::metrics::record_error(crate::metrics::ErrorKind::Database);
            return (StatusCode::SERVICE_UNAVAILABLE, "try again later\n").into_response();
        }
    };
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == found.etag));
    let mut res = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
            found.text,
        )
            .into_response()
    };
    let h = res.headers_mut();
    if let Ok(etag) = HeaderValue::from_str(&found.etag) {
        h.insert(header::ETAG, etag);
    }
    private(h);
    res
}

fn not_found() -> Response {
    let mut res = (StatusCode::NOT_FOUND, "not found\n").into_response();
    private(res.headers_mut());
    res
}

/// Kept by no shared cache, read again by the client each time, never sent on as a referrer.
fn private(h: &mut HeaderMap) {
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}
