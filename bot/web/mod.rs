//! The HTTP server: health, the SMS webhook and its delivery status callbacks, the calendar
//! feeds; the staff dashboard mounts here.

mod calendar;
mod deadline;
mod delivery;
pub mod sms;
pub mod staff;
pub mod starting;
mod state;
pub mod telegram;

pub use state::AppState;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};

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
        .route("/sms/status", post(delivery::status))
        .route("/telegram/{path}", post(telegram::webhook))
        .route("/calendar/{file}", get(calendar::feed))
        .layer(DefaultBodyLimit::max(64 * 1024))
        .with_state(state)
        .merge(dashboard)
}

async fn healthz() -> &'static str {
    "ok\n"
}

/// `GET /readyz`: 200 when the database answers and has every migration, 503 otherwise (and
/// when a newer version's contract migration left this one behind); then
/// one line per outside dependency (`telegram ok`, `sms_provider degraded`, `... off`). A
/// degraded dependency does not make the instance unready: the other channels and the
/// dashboard serve meanwhile, and its part retries.
async fn readyz(State(state): State<AppState>) -> (StatusCode, String) {
    let (status, database) = match state.host.store().schema().await {
        Ok(s) if !s.too_old.is_empty() => (
            StatusCode::SERVICE_UNAVAILABLE,
            "this version is too old for the database: replace it with a newer one\n",
        ),
        Ok(s) if !s.pending.is_empty() => (
            StatusCode::SERVICE_UNAVAILABLE,
            "migrations pending: run tremplin migrate\n",
        ),
        Ok(_) => (StatusCode::OK, "ready\n"),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            crate::metrics::record_error(crate::metrics::ErrorKind::Database);
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n")
        }
    };
    let mut body = database.to_string();
    for (dependency, st) in crate::metrics::dependencies() {
        body.push_str(&format!("{} {}\n", dependency.as_str(), st.as_str()));
    }
    (status, body)
}

/// `GET /metrics`: Prometheus text format, no personal data.
async fn metrics(State(state): State<AppState>) -> impl axum::response::IntoResponse {
    let db = match state.host.database_figures().await {
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
            crate::metrics::CONTENT_TYPE,
        )],
        crate::metrics::render(db.as_ref(), state.host.unconsented()),
    )
}

/// How long a client may take to send a request: the request line and headers, then the
/// body. A client slower than that (a slow-loris attack, a stuck network) is answered 408 and
/// cut off, so it cannot hold connections open for ever.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub headers: std::time::Duration,
    pub body: std::time::Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            headers: std::time::Duration::from_secs(10),
            body: std::time::Duration::from_secs(20),
        }
    }
}

/// Serves the router over HTTP/1.1 on `listener` with the client time limits, until
/// `shutdown` completes; then stops accepting and lets the requests in progress finish.
/// Handlers see the peer's address as `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    timeouts: Timeouts,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt as _;

    let mut builder = hyper::server::conn::http1::Builder::new();
    // The head's time limit is `deadline`'s, which answers 408 instead of hanging up.
    builder.timer(TokioTimer::new()).header_read_timeout(None);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little, go on.
                    tracing::warn!(error = %e, "accepting a connection");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let serving = deadline::Serving::default();
        let stream = deadline::HeadDeadline::new(stream, timeouts.headers, serving.clone());
        let service = hyper::service::service_fn(
            move |mut req: axum::extract::Request<hyper::body::Incoming>| {
                serving.start();
                let serving = serving.clone();
                req.extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                let expired = Arc::new(std::sync::atomic::AtomicBool::new(false));
                let req = req.map(|inner| {
                    axum::body::Body::new(SlowBody {
                        inner,
                        deadline: Box::pin(tokio::time::sleep(timeouts.body)),
                        expired: expired.clone(),
                    })
                });
                let app = app.clone();
                async move {
                    let res = app.oneshot(req).await;
                    serving.end();
                    if expired.load(std::sync::atomic::Ordering::Relaxed) {
                        use axum::response::IntoResponse as _;
                        return Ok((
                            StatusCode::REQUEST_TIMEOUT,
                            [(axum::http::header::CONNECTION, "close")],
                            "the request body was too slow to arrive\n",
                        )
                            .into_response());
                    }
                    res
                }
            },
        );
        let conn = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// A request body that must arrive whole before its deadline; past it, it fails and says so.
struct SlowBody {
    inner: hyper::body::Incoming,
    deadline: std::pin::Pin<Box<tokio::time::Sleep>>,
    expired: Arc<std::sync::atomic::AtomicBool>,
}

impl hyper::body::Body for SlowBody {
    type Data = axum::body::Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Self::Data>, Self::Error>>> {
        use std::future::Future as _;
        if let std::task::Poll::Ready(frame) = std::pin::Pin::new(&mut self.inner).poll_frame(cx) {
            return std::task::Poll::Ready(frame.map(|f| f.map_err(Into::into)));
        }
        if self.deadline.as_mut().poll(cx).is_ready() {
            self.expired
                .store(true, std::sync::atomic::Ordering::Relaxed);
            return std::task::Poll::Ready(Some(Err("request body timeout".into())));
        }
        std::task::Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.inner.size_hint()
    }
}
