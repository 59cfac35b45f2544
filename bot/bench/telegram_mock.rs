//! A local stand-in for the Telegram Bot API, on 127.0.0.1, for `tremplin bench telegram` and
//! the test suite (the channel itself ships no test code): `getMe`, `getUpdates` (long polling
//! over a queue the caller fills), `sendMessage`, `editMessageReplyMarkup`,
//! `answerCallbackQuery`, `sendDocument`, `setMyCommands`, `setWebhook`, `deleteWebhook`. It
//! records every call (or, for a load from outside, only how many each method got), can
//! answer a method once with a 429 and `retry_after`, a method's calls with an error status or
//! no answer for a while (recorded as `<method>!`), every call with an error status (a
//! refused token, an outage), and answers 403 "bot was blocked" for chosen chats.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tokio::sync::{Notify, oneshot};

/// The bot's own user id in the mock.
pub const BOT_ID: i64 = 7_000_000_001;
/// The date every mock message carries (Monday 5 January 2026, 09:00 in Paris).
const DATE: i64 = 1_767_600_000;

/// One recorded request.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    /// The JSON body; a multipart body (a file) as one string.
    pub body: Value,
}

impl Call {
    /// The chat a call is addressed to, if any.
    #[must_use]
    pub fn chat(&self) -> Option<i64> {
        match &self.body["chat_id"] {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.parse().ok(),
            _ => match &self.body {
                Value::String(s) => multipart_field(s, "chat_id").and_then(|v| v.parse().ok()),
                _ => None,
            },
        }
    }

    /// The text of a `sendMessage`.
    #[must_use]
    pub fn text(&self) -> &str {
        self.body["text"].as_str().unwrap_or_default()
    }

    /// The buttons' (label, data) of a call's `reply_markup`.
    #[must_use]
    pub fn buttons(&self) -> Vec<(String, String)> {
        self.body["reply_markup"]["inline_keyboard"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
            .map(|b| {
                (
                    b["text"].as_str().unwrap_or_default().to_string(),
                    b["callback_data"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }
}

fn multipart_field(body: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\"");
    let at = body.find(&marker)? + marker.len();
    let rest = &body[at..];
    let start = rest.find("\r\n\r\n")? + 4;
    let end = rest[start..].find("\r\n")? + start;
    Some(rest[start..end].to_string())
}

#[derive(Default)]
struct Inner {
    calls: Vec<Call>,
    /// Calls per method.
    counts: HashMap<String, usize>,
    updates: Vec<Value>,
    next_update: u32,
    next_message: i64,
    /// method -> retry_after of a 429 to answer once.
    fail_once: HashMap<String, u32>,
    blocked: HashSet<i64>,
    /// The last message sent to each chat (for building taps on its keyboard).
    last: HashMap<i64, Value>,
    /// The highest `offset` a `getUpdates` asked for: every update below it is confirmed.
    confirmed: i64,
    /// An error status every call answers.
    answer_all: Option<StatusCode>,
    /// method -> until when, and how its calls fail meanwhile.
    windows: HashMap<String, (tokio::time::Instant, Fault)>,
}

/// How a method's calls fail during a window.
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// An error status (500, 502, 503...).
    Status(StatusCode),
    /// No answer for this long, then 504: the bot's own time limit runs out first.
    Hang(Duration),
}

struct MockState {
    inner: Mutex<Inner>,
    /// Every call kept (for the tests to read), or only their counts (a long load).
    record: bool,
    /// Rung on every new update and every recorded call.
    changed: Notify,
}

/// A running mock Bot API.
pub struct MockApi {
    /// The base URL to give the bot (`TELEGRAM_API_URL`).
    pub url: String,
    state: Arc<MockState>,
    stop: Option<oneshot::Sender<()>>,
}

impl std::fmt::Debug for MockApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockApi").field("url", &self.url).finish()
    }
}

impl Drop for MockApi {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl MockApi {
    /// Starts the mock on a free port of 127.0.0.1.
    pub async fn start() -> std::io::Result<Self> {
        Self::start_on("127.0.0.1:0").await
    }

    /// Starts the mock on a given address (a Bot API that comes back where it was).
    pub async fn start_on(address: &str) -> std::io::Result<Self> {
        Self::start_with(address, true).await
    }

    /// Starts the mock on a given address keeping only how many calls each method got: a
    /// load from outside would fill its memory with the calls, and the copies cost the
    /// machine's time that the real Bot API, elsewhere, does not. `calls`, `last_message` and
    /// `tap_last` then know nothing.
    pub async fn start_counting(address: &str) -> std::io::Result<Self> {
        Self::start_with(address, false).await
    }

    async fn start_with(address: &str, record: bool) -> std::io::Result<Self> {
        let state = Arc::new(MockState {
            record,
            inner: Mutex::new(Inner {
                next_update: 1,
                next_message: 1,
                ..Inner::default()
            }),
            changed: Notify::new(),
        });
        let listener = tokio::net::TcpListener::bind(address).await?;
        let url = format!("http://{}", listener.local_addr()?);
        let app = Router::new().fallback(handle).with_state(state.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Self {
            url,
            state,
            stop: Some(stop),
        })
    }

    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.state.inner.lock().expect("mock lock")
    }

    /// Queues an update for `getUpdates` (its `update_id` is given if missing); returns it
    /// with its id.
    pub fn push(&self, mut update: Value) -> Value {
        let mut inner = self.inner();
        match update["update_id"].as_u64() {
            Some(id) => inner.next_update = inner.next_update.max(id as u32 + 1),
            None => {
                update["update_id"] = json!(inner.next_update);
                inner.next_update += 1;
            }
        }
        inner.updates.push(update.clone());
        drop(inner);
        self.state.changed.notify_waiters();
        update
    }

    /// An update id not used yet.
    pub fn next_update_id(&self) -> u32 {
        let mut inner = self.inner();
        let id = inner.next_update;
        inner.next_update += 1;
        id
    }

    /// Every call so far.
    pub fn calls(&self) -> Vec<Call> {
        self.inner().calls.clone()
    }

    /// The calls to one method.
    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        self.inner()
            .calls
            .iter()
            .filter(|c| c.method == method)
            .cloned()
            .collect()
    }

    /// How many calls to one method so far (`getUpdates` included).
    pub fn count(&self, method: &str) -> usize {
        self.inner().counts.get(method).copied().unwrap_or(0)
    }

    /// How many calls to each method so far, by method name.
    pub fn counts(&self) -> Vec<(String, usize)> {
        let mut counts: Vec<_> = self.inner().counts.clone().into_iter().collect();
        counts.sort();
        counts
    }

    /// Waits until `pred` holds over the calls (or `limit` passes); returns whether it held.
    pub async fn wait_until(&self, limit: Duration, pred: impl Fn(&[Call]) -> bool) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let notified = self.state.changed.notified();
            if pred(&self.inner().calls) {
                return true;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return pred(&self.inner().calls);
            }
        }
    }

    /// Waits until there are `n` calls to `method` (at most 30 seconds).
    pub async fn wait_for(&self, method: &str, n: usize) -> bool {
        self.wait_count(method, n, Duration::from_secs(30)).await
    }

    /// Waits until there are `n` calls to `method` or `limit` passes.
    pub async fn wait_count(&self, method: &str, n: usize, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let notified = self.state.changed.notified();
            if self.count(method) >= n {
                return true;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return self.count(method) >= n;
            }
        }
    }

    /// Waits until the poller confirmed `update_id` (at most 30 seconds): it asked for the
    /// updates after it, which it does once the update is processed.
    pub async fn wait_confirmed(&self, update_id: u32) -> bool {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            let notified = self.state.changed.notified();
            if self.inner().confirmed > i64::from(update_id) {
                return true;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return false;
            }
        }
    }

    /// The next call to `method` answers 429 with this `retry_after`.
    pub fn fail_once(&self, method: &str, retry_after: u32) {
        self.inner()
            .fail_once
            .insert(method.to_string(), retry_after);
    }

    /// Calls to `method` (`getUpdates` included) fail this way for `length` from now. The
    /// failed calls are recorded like the others.
    pub fn fail_for(&self, method: &str, fault: Fault, length: Duration) {
        self.inner().windows.insert(
            method.to_string(),
            (tokio::time::Instant::now() + length, fault),
        );
    }

    /// Every call answers this error status (`Unauthorized` for 401, `Not Found` for 404, the
    /// status's reason otherwise) until `None`.
    pub fn answer_all(&self, status: Option<StatusCode>) {
        self.inner().answer_all = status;
    }

    /// Sends to this chat answer 403 "bot was blocked by the user".
    pub fn block(&self, chat: i64) {
        self.inner().blocked.insert(chat);
    }

    /// Sends to this chat go through again.
    pub fn unblock(&self, chat: i64) {
        self.inner().blocked.remove(&chat);
    }

    /// The last message the bot sent to a chat (as the mock returned it).
    pub fn last_message(&self, chat: i64) -> Option<Value> {
        self.inner().last.get(&chat).cloned()
    }

    /// A tap on the button `data` of the last message sent to `chat`.
    pub fn tap_last(&self, chat: i64, data: &str, language: &str) -> Value {
        let message = self
            .last_message(chat)
            .unwrap_or_else(|| json!({"message_id": 1, "date": DATE, "chat": private_chat(chat)}));
        callback(chat, message, data, language)
    }
}

/// A private chat's JSON.
#[must_use]
pub fn private_chat(chat: i64) -> Value {
    json!({"id": chat, "type": "private", "first_name": "Camille"})
}

fn user(id: i64, language: &str) -> Value {
    json!({"id": id, "is_bot": false, "first_name": "Camille", "language_code": language})
}

/// A text message from a person in a private chat, as an update without its id.
#[must_use]
pub fn text(chat: i64, text: &str, language: &str) -> Value {
    message_update(chat, json!({"text": text}), language)
}

/// A message with other content (`{"sticker": {...}}`, `{"location": {...}}`).
#[must_use]
pub fn message_update(chat: i64, content: Value, language: &str) -> Value {
    let mut m = json!({
        "message_id": 100_000 + chat.rem_euclid(100_000),
        "date": DATE,
        "chat": private_chat(chat),
        "from": user(chat, language),
    });
    if let (Some(m), Some(c)) = (m.as_object_mut(), content.as_object()) {
        for (k, v) in c {
            m.insert(k.clone(), v.clone());
        }
    }
    json!({"message": m})
}

/// A tap on a button of `message` (as sent by the bot).
#[must_use]
pub fn callback(chat: i64, message: Value, data: &str, language: &str) -> Value {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    json!({"callback_query": {
        "id": format!("cb{id}"),
        "from": user(chat, language),
        "message": message,
        "chat_instance": format!("ci{chat}"),
        "data": data,
    }})
}

/// Method names are case-insensitive: `SendMessage` is recorded as `sendMessage`.
fn camel(method: &str) -> String {
    let mut c = method.chars();
    c.next()
        .map(|f| f.to_ascii_lowercase().to_string() + c.as_str())
        .unwrap_or_default()
}

fn ok(result: Value) -> Response {
    axum::Json(json!({"ok": true, "result": result})).into_response()
}

fn error(status: StatusCode, description: &str, retry_after: Option<u32>) -> Response {
    let mut body = json!({"ok": false, "error_code": status.as_u16(), "description": description});
    if let Some(s) = retry_after {
        body["parameters"] = json!({"retry_after": s});
    }
    (status, axum::Json(body)).into_response()
}

fn chat_json(chat: i64) -> Value {
    if chat < 0 {
        json!({"id": chat, "type": "group", "title": "Groupe"})
    } else {
        private_chat(chat)
    }
}

async fn handle(State(state): State<Arc<MockState>>, uri: Uri, body: Bytes) -> Response {
    let path = uri.path();
    let Some(method) = path
        .strip_prefix("/bot")
        .and_then(|p| p.split_once('/'))
        .map(|(_, m)| camel(m))
    else {
        return error(StatusCode::NOT_FOUND, "Not Found", None);
    };
    let parsed: Value = serde_json::from_slice(&body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
    let (down, fault) = {
        let inner = state.inner.lock().expect("mock lock");
        let fault = inner
            .windows
            .get(&method)
            .filter(|(until, _)| tokio::time::Instant::now() < *until)
            .map(|(_, f)| *f);
        (inner.answer_all, fault)
    };
    if let Some(status) = down {
        return error(status, status.canonical_reason().unwrap_or("Error"), None);
    }
    if let Some(fault) = fault {
        {
            let mut inner = state.inner.lock().expect("mock lock");
            inner.calls.push(Call {
                method: format!("{method}!"),
                body: parsed,
            });
        }
        state.changed.notify_waiters();
        let status = match fault {
            Fault::Status(s) => s,
            Fault::Hang(d) => {
                tokio::time::sleep(d).await;
                StatusCode::GATEWAY_TIMEOUT
            }
        };
        return error(status, status.canonical_reason().unwrap_or("Error"), None);
    }
    if method == "getUpdates" {
        return get_updates(&state, &parsed).await;
    }
    let call = Call {
        method: method.clone(),
        body: parsed,
    };
    let chat = call.chat();
    let response = {
        let mut inner = state.inner.lock().expect("mock lock");
        if state.record {
            inner.calls.push(call.clone());
        }
        *inner.counts.entry(method.clone()).or_default() += 1;
        if let Some(after) = inner.fail_once.remove(&method) {
            error(
                StatusCode::TOO_MANY_REQUESTS,
                &format!("Too Many Requests: retry after {after}"),
                Some(after),
            )
        } else if chat.is_some_and(|c| inner.blocked.contains(&c))
            && matches!(method.as_str(), "sendMessage" | "sendDocument")
        {
            error(
                StatusCode::FORBIDDEN,
                "Forbidden: bot was blocked by the user",
                None,
            )
        } else {
            match method.as_str() {
                "getMe" => ok(json!({
                    "id": BOT_ID, "is_bot": true, "first_name": "tremplin",
                    "username": "tremplin_bot", "can_join_groups": false,
                    "can_read_all_group_messages": false, "supports_inline_queries": false,
                    "can_connect_to_business": false, "has_main_web_app": false
                })),
                "sendMessage" | "sendDocument" | "editMessageReplyMarkup" => {
                    let chat = chat.unwrap_or_default();
                    let id = if method == "editMessageReplyMarkup" {
                        call.body["message_id"].as_i64().unwrap_or_default()
                    } else {
                        inner.next_message += 1;
                        inner.next_message
                    };
                    let mut m = json!({
                        "message_id": id,
                        "date": DATE,
                        "chat": chat_json(chat),
                        "from": {"id": BOT_ID, "is_bot": true, "first_name": "tremplin"},
                    });
                    if method == "sendDocument" {
                        m["document"] = json!({"file_id": "f1", "file_unique_id": "u1"});
                    } else if method == "sendMessage" {
                        m["text"] = call.body["text"].clone();
                    }
                    let markup = &call.body["reply_markup"];
                    if markup["inline_keyboard"]
                        .as_array()
                        .is_some_and(|rows| !rows.is_empty())
                    {
                        m["reply_markup"] = markup.clone();
                    }
                    if method == "sendMessage" && state.record {
                        inner.last.insert(chat, m.clone());
                    }
                    ok(m)
                }
                "answerCallbackQuery" | "setMyCommands" | "setWebhook" | "deleteWebhook" => {
                    ok(json!(true))
                }
                _ => error(StatusCode::NOT_FOUND, "Not Found: method not found", None),
            }
        }
    };
    state.changed.notify_waiters();
    response
}

async fn get_updates(state: &MockState, body: &Value) -> Response {
    let offset = body["offset"].as_i64().unwrap_or(0);
    let timeout = body["timeout"].as_u64().unwrap_or(0).min(1);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
    {
        let mut inner = state.inner.lock().expect("mock lock");
        // Counted (for `count`), not recorded among the calls.
        *inner.counts.entry("getUpdates".into()).or_default() += 1;
        inner.confirmed = inner.confirmed.max(offset);
    }
    state.changed.notify_waiters();
    loop {
        let notified = state.changed.notified();
        {
            let mut inner = state.inner.lock().expect("mock lock");
            // Confirmed updates are forgotten, as Telegram does.
            inner
                .updates
                .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
            if !inner.updates.is_empty() {
                let batch: Vec<Value> = inner.updates.iter().take(100).cloned().collect();
                return ok(Value::Array(batch));
            }
        }
        if tokio::time::timeout_at(deadline, notified).await.is_err() {
            return ok(json!([]));
        }
    }
}
