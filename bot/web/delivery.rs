//! `POST /sms/status`: the delivery status callbacks of the messages the outbox sent through
//! the SMS/WhatsApp provider (`MessageSid`, `MessageStatus`, `ErrorCode`). Signed like the
//! inbound webhook, over the status URL each message asked for; a forged one is refused
//! before anything is read or stored.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::sms::{SmsState, signed};
use crate::app::{DELIVERY_STATUSES, DeliveryReport};

/// Records one message's delivery status.
pub async fn status(State(state): State<SmsState>, headers: HeaderMap, body: Bytes) -> Response {
    let (_, params) = match signed(&state, &headers, &body, |c| &c.status_url) {
        Ok(signed) => signed,
        Err(refused) => return refused.into_response(),
    };
    let get = |name: &str| params.get(name).map(str::trim).filter(|v| !v.is_empty());
    let (Some(sid), Some(status)) = (
        get("MessageSid"),
        get("MessageStatus").or_else(|| get("SmsStatus")),
    ) else {
        return (
            StatusCode::BAD_REQUEST,
            "MessageSid and MessageStatus are required\n",
        )
            .into_response();
    };
    let status = status.to_ascii_lowercase();
    if !DELIVERY_STATUSES.contains(&status.as_str()) {
        return (StatusCode::BAD_REQUEST, "unknown MessageStatus\n").into_response();
    }
    let code = match get("ErrorCode").map(str::parse::<i64>) {
        None => None,
        Some(Ok(c)) => Some(c).filter(|c| *c != 0),
        Some(Err(_)) => {
            return (StatusCode::BAD_REQUEST, "ErrorCode is not a number\n").into_response();
        }
    };
    let report = DeliveryReport {
        sid: sid.to_string(),
        status,
        code,
    };
    match state.host.delivery_report(&report).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "delivery status: storage");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
