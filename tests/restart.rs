//! `tremplin serve` killed with SIGKILL while it long-polls Telegram, and started again at
//! once, five times in a row, on SQLite and PostgreSQL: nothing the dead process held keeps
//! the new one waiting. Each restart answers (`/readyz`) and polls Telegram again within
//! 5 seconds, and a message sent then gets its reply. The times are printed.

mod support;

use std::time::{Duration, Instant};

use support::serve::{Serve, database, kinds, signal};
use support::twilio::Mock;
use tremplin::bench::telegram_mock::{self as mock, MockApi};

/// How soon a restarted process must answer and poll again.
const BACK_WITHIN: Duration = Duration::from_secs(5);

#[tokio::test]
async fn a_killed_serve_is_back_at_once_and_polls_telegram_again() {
    for kind in kinds() {
        let url = database(kind).await;
        let provider = Mock::start().await;
        let api = MockApi::start().await.expect("mock Bot API");
        let serve = Serve::new(&url, &provider.url)
            .env("TELEGRAM_BOT_TOKEN", "123456:restart")
            .env("TELEGRAM_API_URL", &api.url);
        let mut server = serve.start(&format!("restart-{kind}-0")).await;
        assert!(api.wait_for("getUpdates", 1).await, "{kind}: never polled");
        let mut figures = Vec::new();
        for run in 1..=5_i64 {
            signal(server.pid(), "KILL");
            assert!(!server.wait().success(), "{kind}: killed");
            // Dead: every poll from now on is the new process's.
            let polls = api.count("getUpdates");
            let started = Instant::now();
            server = serve.start(&format!("restart-{kind}-{run}")).await;
            let answering = started.elapsed();
            assert!(
                api.wait_count("getUpdates", polls + 1, BACK_WITHIN).await,
                "{kind} run {run}: not polling again:\n{}",
                server.log()
            );
            let polling = started.elapsed();
            assert!(
                answering < BACK_WITHIN && polling < BACK_WITHIN,
                "{kind} run {run}: answering after {answering:?}, polling after {polling:?}"
            );
            // And it answers a person on Telegram.
            let chat = 90_000 + run;
            api.push(mock::text(chat, "Bonjour", "fr"));
            assert!(
                api.wait_until(Duration::from_secs(20), |calls| calls
                    .iter()
                    .any(|c| c.method == "sendMessage" && c.chat() == Some(chat)))
                    .await,
                "{kind} run {run}: no reply:\n{}",
                server.log()
            );
            figures.push(format!(
                "run {run}: answering after {:.2} s, polling after {:.2} s",
                answering.as_secs_f64(),
                polling.as_secs_f64()
            ));
        }
        eprintln!("{kind}, restart after SIGKILL:\n  {}", figures.join("\n  "));
        assert!(server.terminate().success(), "{kind}:\n{}", server.log());
    }
}
