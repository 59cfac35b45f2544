//! Serving until a stop signal (SIGTERM or Ctrl-C), then stopping gracefully: no new
//! connection is accepted, and the requests in flight (turns) get the grace time to finish.

use std::time::{Duration, Instant};

use anyhow::Context as _;
use axum::Router;
use tokio::net::TcpListener;

use tremplin::web;

/// Serves `app` on `listener` with the client time limits (see `web::Timeouts`) until the
/// server fails or a stop signal comes. The grace time counts from the signal and covers the
/// whole stop: the instant everything must be done by is returned, for what stops after the
/// requests (the outbox batch).
pub async fn serve_until_signal(
    listener: TcpListener,
    app: Router,
    grace: Duration,
) -> anyhow::Result<Instant> {
    let (stop, mut stopped) = tokio::sync::watch::channel(false);
    let mut server = tokio::spawn(web::serve(
        listener,
        app,
        web::Timeouts::default(),
        async move {
            let _ = stopped.wait_for(|s| *s).await;
        },
    ));
    tokio::select! {
        r = &mut server => r?.context("serving")?,
        () = signal() => {
            let deadline = Instant::now() + grace;
            let _ = stop.send(true);
            match tokio::time::timeout_at(deadline.into(), &mut server).await {
                Ok(r) => r?.context("serving")?,
                Err(_) => {
                    tracing::warn!("requests still running after the grace time: stopping");
                    server.abort();
                }
            }
            return Ok(deadline);
        }
    }
    Ok(Instant::now() + grace)
}

/// Waits for SIGTERM (on Unix) or Ctrl-C.
async fn signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("shutting down");
}
