//! Twilio on both sides of the SMS channel: signed webhook requests as the provider sends
//! them, the channel's settings for the tests, and a mock of the provider's REST API that
//! records what it was asked to send and the delivery status callbacks it would post (the
//! WhatsApp 24-hour window included: free text to a number whose window is closed is
//! accepted, then fails with 63016, as the real provider does).

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Request, StatusCode};
use tremplin::channels::sms::{Gsm7, signature};
use tremplin::web::sms::{SmsConfig, config_from};

/// The auth token the tests' SMS channel checks signatures with.
pub const TOKEN: &str = "test-auth-token";
/// The public URL the tests' server is reached at.
pub const PUBLIC: &str = "https://tremplin.example.org";
/// The webhook's path.
pub const WEBHOOK: &str = "/sms/twilio";
/// The content type of the webhook's form.
pub const FORM: &str = "application/x-www-form-urlencoded";

/// The form body of these fields.
pub fn form<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref())))
        .finish()
}

/// The delivery status callbacks' path.
pub const STATUS: &str = "/sms/status";

/// The `X-Twilio-Signature` of a webhook body signed with `token`: over the parameters as the
/// server decodes them, for the webhook's public URL.
pub fn sign_with(token: &str, body: &[u8]) -> String {
    sign_for(token, &format!("{PUBLIC}{WEBHOOK}"), body)
}

/// The `X-Twilio-Signature` of a body posted to `url`, signed with `token`.
pub fn sign_for(token: &str, url: &str, body: &[u8]) -> String {
    let params: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    signature(token, url, &params)
}

/// A delivery status callback for these fields, signed with `token` over the status URL.
pub fn status_callback<K: AsRef<str>, V: AsRef<str>>(
    token: &str,
    pairs: &[(K, V)],
) -> Request<Body> {
    let body = form(pairs);
    let sig = sign_for(token, &format!("{PUBLIC}{STATUS}"), body.as_bytes());
    Request::post(STATUS)
        .header("content-type", FORM)
        .header("x-twilio-signature", sig)
        .body(Body::from(body))
        .expect("request")
}

/// The `X-Twilio-Signature` of a webhook body, signed with [`TOKEN`].
pub fn sign(body: &[u8]) -> String {
    sign_with(TOKEN, body)
}

/// A webhook request carrying `body`, with the signature `signature` when there is one.
pub fn request(body: impl Into<Body>, signature: Option<&str>) -> Request<Body> {
    let mut req = Request::post(WEBHOOK).header("content-type", FORM);
    if let Some(sig) = signature {
        req = req.header("x-twilio-signature", sig);
    }
    req.body(body.into()).expect("request")
}

/// A webhook request for these fields, signed with [`TOKEN`].
pub fn signed<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> Request<Body> {
    let body = form(pairs);
    let sig = sign(body.as_bytes());
    request(body, Some(&sig))
}

/// The SMS channel's settings for the tests: [`TOKEN`], [`PUBLIC`], no wait for a burst.
pub fn config() -> Arc<SmsConfig> {
    let mut cfg =
        (*config_from(Some(TOKEN), Some(PUBLIC), Gsm7::Auto).expect("sms settings")).clone();
    cfg.burst_ms = 0;
    Arc::new(cfg)
}

/// A request the mock provider received: the account in its path, its `Authorization`
/// header and its form.
#[derive(Debug, Clone)]
pub struct Sent {
    pub account: String,
    pub auth: String,
    pub form: Vec<(String, String)>,
    /// The message's id, as the mock answers it when it accepts it.
    pub sid: String,
}

impl Sent {
    /// The value of a field of the form (empty when absent).
    pub fn field(&self, name: &str) -> &str {
        self.form
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The text sent.
    pub fn body(&self) -> &str {
        self.field("Body")
    }
}

/// How the mock provider answers a request.
pub enum Answer {
    /// 201, accepted for delivery.
    Accept,
    /// Another status, with this body.
    Refuse(StatusCode, &'static str),
    /// No answer ever (the sender waits until it gives up, or dies).
    Hang,
}

/// Decides the answer to the `n`-th request received (from 1).
type Policy = dyn Fn(&Sent, usize) -> Answer + Send + Sync;

/// The statuses the provider reports after accepting a message: `(MessageStatus, ErrorCode)`.
type Outcome = dyn Fn(&Sent) -> Vec<(&'static str, Option<i64>)> + Send + Sync;

/// A status callback the provider would post: where, and its form.
#[derive(Debug, Clone)]
pub struct Callback {
    pub url: String,
    pub form: Vec<(String, String)>,
}

struct Recorded {
    received: Mutex<Vec<Sent>>,
    accepted: Mutex<Vec<Sent>>,
    count: AtomicUsize,
    policy: Box<Policy>,
    outcome: Mutex<Box<Outcome>>,
    callbacks: Mutex<Vec<Callback>>,
    /// WhatsApp addresses (`whatsapp:+33...`) whose 24-hour window is open.
    windows: Mutex<HashSet<String>>,
}

/// A mock of Twilio's REST API (`POST /2010-04-01/Accounts/{sid}/Messages.json`), served on a
/// local port: it records every request, and answers as its policy says.
#[derive(Clone)]
pub struct Mock {
    /// The base URL to give the sender (`TWILIO_API_URL`).
    pub url: String,
    recorded: Arc<Recorded>,
}

impl Mock {
    /// A mock that accepts every message.
    pub async fn start() -> Self {
        Self::with(|_, _| Answer::Accept).await
    }

    /// A mock that answers as `policy` says.
    pub async fn with(policy: impl Fn(&Sent, usize) -> Answer + Send + Sync + 'static) -> Self {
        let recorded = Arc::new(Recorded {
            received: Mutex::default(),
            accepted: Mutex::default(),
            count: AtomicUsize::new(0),
            policy: Box::new(policy),
            outcome: Mutex::new(Box::new(|_| vec![("sent", None), ("delivered", None)])),
            callbacks: Mutex::default(),
            windows: Mutex::default(),
        });
        let router = axum::Router::new()
            .route(
                "/2010-04-01/Accounts/{sid}/Messages.json",
                axum::routing::post(messages),
            )
            .with_state(recorded.clone());
        let url = super::serve_router(router).await;
        Self { url, recorded }
    }

    /// Every request received, in order.
    pub fn received(&self) -> Vec<Sent> {
        self.recorded.received.lock().unwrap().clone()
    }

    /// Every request accepted (answered 201), in order.
    pub fn accepted(&self) -> Vec<Sent> {
        self.recorded.accepted.lock().unwrap().clone()
    }

    /// Forgets what was received and accepted, and the callbacks not taken (the count of
    /// requests goes on).
    pub fn clear(&self) {
        self.recorded.received.lock().unwrap().clear();
        self.recorded.accepted.lock().unwrap().clear();
        self.recorded.callbacks.lock().unwrap().clear();
        self.recorded.windows.lock().unwrap().clear();
    }

    /// What the provider reports after accepting a message that asked for its status
    /// (default: sent, then delivered).
    pub fn report(
        &self,
        outcome: impl Fn(&Sent) -> Vec<(&'static str, Option<i64>)> + Send + Sync + 'static,
    ) {
        *self.recorded.outcome.lock().unwrap() = Box::new(outcome);
    }

    /// Opens (the person wrote) or closes (24 hours passed) a WhatsApp address's window.
    pub fn window(&self, to: &str, open: bool) {
        let mut w = self.recorded.windows.lock().unwrap();
        if open {
            w.insert(to.to_string());
        } else {
            w.remove(to);
        }
    }

    /// The status callbacks the provider would have posted since the last call, in order.
    pub fn take_callbacks(&self) -> Vec<Callback> {
        std::mem::take(&mut *self.recorded.callbacks.lock().unwrap())
    }
}

async fn messages(
    State(r): State<Arc<Recorded>>,
    Path(account): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> (StatusCode, String) {
    let n = r.count.fetch_add(1, Ordering::SeqCst) + 1;
    let sent = Sent {
        account,
        auth: headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string(),
        form: form_urlencoded::parse(&body).into_owned().collect(),
        sid: format!("SM{n:032x}"),
    };
    r.received.lock().unwrap().push(sent.clone());
    match (r.policy)(&sent, n) {
        Answer::Accept => {
            let callback = sent.field("StatusCallback");
            if !callback.is_empty() {
                let to = sent.field("To");
                let closed = to.starts_with("whatsapp:")
                    && sent.field("ContentSid").is_empty()
                    && !r.windows.lock().unwrap().contains(to);
                let statuses = if closed {
                    vec![("failed", Some(63_016))]
                } else {
                    (r.outcome.lock().unwrap())(&sent)
                };
                let mut queue = r.callbacks.lock().unwrap();
                for (status, code) in statuses {
                    let mut form = vec![
                        ("MessageSid".to_string(), sent.sid.clone()),
                        ("MessageStatus".to_string(), status.to_string()),
                        ("To".to_string(), to.to_string()),
                        ("AccountSid".to_string(), sent.account.clone()),
                    ];
                    if let Some(c) = code {
                        form.push(("ErrorCode".to_string(), c.to_string()));
                    }
                    queue.push(Callback {
                        url: callback.to_string(),
                        form,
                    });
                }
            }
            let answer = format!(r#"{{"sid": "{}", "status": "queued"}}"#, sent.sid);
            r.accepted.lock().unwrap().push(sent);
            (StatusCode::CREATED, answer)
        }
        Answer::Refuse(status, text) => (status, text.into()),
        Answer::Hang => std::future::pending().await,
    }
}
