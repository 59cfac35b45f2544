//! `tremplin bench telegram`: updates processed per second end to end (long polling against a
//! local mock Bot API, per-chat queues, the host's turn, `sendMessage` back), many chats at
//! once and throttling off, beside a baseline measured in the same run: the same updates fed
//! straight to `Host::handle`, each chat in order, chats in parallel, without HTTP. Every run
//! checks that each chat received its replies in the order of its updates.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::telegram_mock::{self as mock, MockApi};
use super::{SCRIPTS, median};
use crate::app::{Host, HostConfig, Inbound};
use crate::catalog::Catalog;
use crate::channels::telegram::{Telegram, TelegramConfig, command_input, escape_html};
use crate::core::ManualClock;
use crate::core::{Channel, ConvKey};
use crate::i18n::render::Surface;
use crate::transcript::T0;

/// Answers per chat after `/start`: the first part of a French diagnostic, before booking
/// (so every chat reads exactly the same replies).
const ANSWERS: usize = 20;

/// What was measured, medians over the runs.
#[derive(Debug, Clone)]
pub struct TelegramFigures {
    pub chats: usize,
    pub updates_per_run: usize,
    pub runs: usize,
    pub per_sec: f64,
    pub baseline_per_sec: f64,
    /// Replies checked in order, over all runs.
    pub replies_checked: usize,
}

fn inputs() -> Vec<String> {
    let mut out = vec!["/start".to_string()];
    // The chat's app speaks French: the language is not asked, the script's first answer
    // (the language) is not typed.
    out.extend(
        SCRIPTS[0]
            .1
            .iter()
            .skip(1)
            .take(ANSWERS)
            .map(|s| (*s).to_string()),
    );
    out
}

/// A French person's message in a chat, as the channel hands it to the host.
fn inbound(chat: i64, text: &str, external_id: String) -> Inbound {
    Inbound {
        key: ConvKey::new(Channel::Telegram, chat.to_string()),
        input: command_input(text),
        external_id: Some(external_id),
        language_hint: Some("fr".into()),
        language_guess: None,
    }
}

async fn open_host(catalog: &Arc<Catalog>, url: &str) -> anyhow::Result<Arc<Host>> {
    let store = super::open_store(url).await?;
    Ok(Arc::new(Host::new(
        store,
        catalog.clone(),
        HostConfig::default(),
        Arc::new(ManualClock::new(T0)),
    )?))
}

/// The replies one chat reads, in order, as the host renders them for buttons.
async fn reference(host: &Host, chat: i64) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for (i, text) in inputs().iter().enumerate() {
        let reply = host
            .handle(
                inbound(chat, text, format!("ref:{chat}:{i}")),
                Surface::Buttons,
            )
            .await?;
        out.push(escape_html(&reply.text));
    }
    Ok(out)
}

/// The baseline: the same turns straight into the host, chats in parallel.
async fn baseline(host: &Arc<Host>, first: i64, chats: usize) -> anyhow::Result<f64> {
    let inputs = Arc::new(inputs());
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(chats);
    for c in 0..chats {
        let host = host.clone();
        let inputs = inputs.clone();
        let chat = first + c as i64;
        tasks.push(tokio::spawn(async move {
            for (i, text) in inputs.iter().enumerate() {
                host.handle(
                    inbound(chat, text, format!("u:{chat}:{i}")),
                    Surface::Buttons,
                )
                .await?;
            }
            Ok::<(), crate::app::HostError>(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    Ok((chats * inputs.len()) as f64 / start.elapsed().as_secs_f64())
}

/// One end-to-end run; returns updates per second and how many replies were checked.
async fn end_to_end(
    host: &Arc<Host>,
    first: i64,
    chats: usize,
    expected: &[String],
) -> anyhow::Result<(f64, usize)> {
    let api = MockApi::start().await?;
    let inputs = inputs();
    // Updates arrive interleaved: every chat's first message, then every chat's second...
    // Update ids as Telegram gives them: never seen before by this bot.
    let mut id = u32::try_from(first / 10).unwrap_or(u32::MAX / 2);
    for text in &inputs {
        for c in 0..chats {
            let mut update = mock::text(first + c as i64, text, "fr");
            update["update_id"] = id.into();
            id += 1;
            api.push(update);
        }
    }
    let total = inputs.len() * chats;
    let mut config = TelegramConfig::new("1:bench", Some(&api.url));
    config.limits = None;
    config.poll_timeout = 1;
    let channel = Arc::new(Telegram::new(host.clone(), &config)?);
    let start = Instant::now();
    let poller = tokio::spawn(channel.clone().poll(std::future::pending()));
    let done = api
        .wait_count("sendMessage", total, Duration::from_secs(120))
        .await;
    let elapsed = start.elapsed();
    poller.abort();
    anyhow::ensure!(
        done,
        "only {} of {total} replies arrived",
        api.count("sendMessage")
    );
    let mut per_chat: std::collections::HashMap<i64, Vec<String>> = Default::default();
    for call in api.calls_to("sendMessage") {
        if let Some(chat) = call.chat() {
            per_chat
                .entry(chat)
                .or_default()
                .push(call.text().to_string());
        }
    }
    for c in 0..chats {
        let got = per_chat.remove(&(first + c as i64)).unwrap_or_default();
        anyhow::ensure!(
            got == expected,
            "chat {c}: replies out of order or missing ({} of {})",
            got.len(),
            expected.len()
        );
    }
    Ok((total as f64 / elapsed.as_secs_f64(), total))
}

/// Runs the benchmark on the database at `url` (new chats every run).
pub async fn telegram(
    catalog: Arc<Catalog>,
    url: &str,
    chats: usize,
    runs: usize,
) -> anyhow::Result<TelegramFigures> {
    let host = open_host(&catalog, url).await?;
    host.store().migrate().await?;
    let expected = reference(&host, 1).await?;
    let mut rates = Vec::new();
    let mut baselines = Vec::new();
    let mut checked = 0;
    for run in 0..runs.max(1) {
        let first = 1_000_000 * (run as i64 + 1);
        let (rate, n) = end_to_end(&host, first, chats, &expected).await?;
        rates.push(rate);
        checked += n;
        baselines.push(baseline(&host, first + 500_000, chats).await?);
    }
    Ok(TelegramFigures {
        chats,
        updates_per_run: chats * inputs().len(),
        runs: runs.max(1),
        per_sec: median(rates),
        baseline_per_sec: median(baselines),
        replies_checked: checked,
    })
}

/// Prints the figures.
pub fn print(f: &TelegramFigures) {
    println!(
        "telegram: {} chats, {} updates per run (long polling against a local mock Bot API, throttling off), median of {} runs",
        f.chats, f.updates_per_run, f.runs
    );
    println!("  end to end            {:>9.0} updates/s", f.per_sec);
    println!(
        "  Host::handle alone    {:>9.0} updates/s  (same updates, no HTTP)",
        f.baseline_per_sec
    );
    println!(
        "  ratio                 {:>9.2}",
        f.per_sec / f.baseline_per_sec
    );
    println!(
        "  per-chat order        verified: {} replies, each chat's in the order of its updates",
        f.replies_checked
    );
}
