//! A partner's webhook receiver on 127.0.0.1: it keeps every delivery (headers, body) and
//! answers with the statuses it is told, in turn (200 once they run out), after a delay if
//! told; a 3xx points elsewhere.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// One delivery as received.
#[derive(Debug, Clone)]
pub struct Got {
    pub headers: HeaderMap,
    pub body: String,
    pub json: serde_json::Value,
}

impl Got {
    /// `Model.event`.
    pub fn name(&self) -> String {
        format!(
            "{}.{}",
            self.json["meta"]["model"].as_str().unwrap_or(""),
            self.json["meta"]["event"].as_str().unwrap_or("")
        )
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Whether the signature holds for `secret`, checked as a receiver would.
    pub fn signed_with(&self, secret: &str) -> bool {
        let ts = self.header("x-tremplin-timestamp");
        let Some(hex) = self.header("x-tremplin-signature").strip_prefix("sha256=") else {
            return false;
        };
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{ts}.{}", self.body).as_bytes());
        let want: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        want == hex
    }
}

/// The receiver's state: what it got and how it answers.
#[derive(Debug, Clone, Default)]
pub struct Receiver {
    got: Arc<Mutex<Vec<Got>>>,
    answers: Arc<Mutex<VecDeque<u16>>>,
    delay: Arc<Mutex<Duration>>,
    /// Every call, answered or not (a delayed one counts when it arrives).
    calls: Arc<Mutex<usize>>,
}

impl Receiver {
    /// Starts one; its state and its URL (`<base>/hook`).
    pub async fn start() -> (Self, String) {
        let r = Self::default();
        let app = Router::new()
            .route("/hook", post(receive))
            .with_state(r.clone());
        let base = super::serve_router(app).await;
        (r, format!("{base}/hook"))
    }

    /// The next answers, in turn.
    pub fn answer(&self, statuses: &[u16]) {
        self.answers.lock().unwrap().extend(statuses);
    }

    /// Forgets the answers not given yet.
    pub fn clear(&self) {
        self.answers.lock().unwrap().clear();
    }

    /// A delay before every answer.
    pub fn slow(&self, delay: Duration) {
        *self.delay.lock().unwrap() = delay;
    }

    /// What was taken (answered 2xx) so far... and what was refused too: every delivery.
    pub fn got(&self) -> Vec<Got> {
        self.got.lock().unwrap().clone()
    }

    pub fn calls(&self) -> usize {
        *self.calls.lock().unwrap()
    }

    /// Waits until `n` deliveries came, or `within` passed; what came.
    pub async fn wait_for(&self, n: usize, within: Duration) -> Vec<Got> {
        let start = std::time::Instant::now();
        while self.got().len() < n && start.elapsed() < within {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.got()
    }
}

async fn receive(State(r): State<Receiver>, headers: HeaderMap, body: String) -> Response {
    *r.calls.lock().unwrap() += 1;
    let delay = *r.delay.lock().unwrap();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let status = r.answers.lock().unwrap().pop_front().unwrap_or(200);
    let json = serde_json::from_str(&body).unwrap_or(serde_json::Value::Null);
    r.got.lock().unwrap().push(Got {
        headers,
        body,
        json,
    });
    let status = StatusCode::from_u16(status).unwrap();
    if status.is_redirection() {
        return (
            status,
            [(header::LOCATION, "http://127.0.0.1:9/elsewhere")],
            "",
        )
            .into_response();
    }
    (status, "{\"ok\":true}").into_response()
}
