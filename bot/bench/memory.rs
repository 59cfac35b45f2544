//! `tremplin bench memory`: the resident memory of a host with many conversations in progress
//! in the database and many active in memory, beside the same process before any
//! conversation (the baseline, measured in the same run).

use std::sync::Arc;
use std::time::Instant;

use crate::app::{Host, HostConfig, Inbound};
use crate::catalog::Catalog;
use crate::core::ManualClock;
use crate::core::{Channel, ConvKey};
use crate::engine::Input;
use crate::i18n::render::Surface;
use crate::storage::{PoolConfig, Store, TurnWrite};
use crate::transcript::T0;

/// What was measured.
#[derive(Debug, Clone)]
pub struct MemoryFigures {
    pub stored: usize,
    pub active: usize,
    /// Resident memory with the catalog loaded and the database open, in KiB.
    pub baseline_kib: u64,
    /// After the stored conversations were written and some resumed.
    pub stored_kib: u64,
    /// After the active conversations, in KiB.
    pub total_kib: u64,
    pub fill_secs: f64,
}

/// The process's resident memory in KiB (Linux; 0 elsewhere).
#[must_use]
pub fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn inbound(key: &ConvKey, text: &str, id: String) -> Inbound {
    Inbound {
        key: key.clone(),
        input: Input::Text(text.into()),
        external_id: Some(id),
        language_hint: None,
        language_guess: None,
    }
}

/// Writes `stored` conversations in progress (consented, answered up to the work section), then
/// opens `active` new ones that stay in memory (before consent), measuring memory at each stage.
pub async fn memory(
    catalog: Arc<Catalog>,
    url: &str,
    stored: usize,
    active: usize,
) -> anyhow::Result<MemoryFigures> {
    let store = Store::open(url, PoolConfig::default()).await?;
    let clock = Arc::new(ManualClock::new(T0));
    let host = Arc::new(Host::new(
        store.clone(),
        catalog,
        HostConfig::default(),
        clock.clone(),
    )?);
    let baseline_kib = rss_kib();

    // One conversation answered for real gives the session every stored one starts from.
    let template = ConvKey::new(Channel::Sms, "+33600000000");
    for (i, a) in [
        "Bonjour", "1", "oui", "oui", "oui", "34", "37000", "3", "2", "5", "1",
    ]
    .iter()
    .enumerate()
    {
        host.handle(inbound(&template, a, format!("t{i}")), Surface::Plain)
            .await?;
    }
    let session = host
        .session_of(&template)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the template conversation was not stored"))?;

    let started = Instant::now();
    let tag = std::process::id() % 90;
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut writers = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let (store, session, next) = (store.clone(), session.clone(), next.clone());
        writers.spawn(async move {
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= stored {
                    break;
                }
                let key = ConvKey::new(Channel::Sms, format!("+337{tag:02}{i:06}"));
                let id = uuid::Uuid::now_v7().to_string();
                let answers = session
                    .answers
                    .iter()
                    .map(|(s, a)| (s.as_str(), Some(a)))
                    .collect();
                store
                    .write_turn(TurnWrite {
                        answers,
                        ..TurnWrite::new_person(&key, &id, T0, &session)
                    })
                    .await?;
            }
            anyhow::Ok(())
        });
    }
    while let Some(r) = writers.join_next().await {
        r??;
    }
    let fill_secs = started.elapsed().as_secs_f64();
    // A thousand of them come back and answer the next question.
    for i in (0..stored).step_by((stored / 1000).max(1)) {
        let key = ConvKey::new(Channel::Sms, format!("+337{tag:02}{i:06}"));
        host.handle(inbound(&key, "1", format!("r{i}")), Surface::Plain)
            .await?;
    }
    let stored_kib = rss_kib();

    // New people, talking now: before consent, their conversations live in memory.
    let mut talking = tokio::task::JoinSet::new();
    for w in 0..8 {
        let host = host.clone();
        talking.spawn(async move {
            for i in (w..active).step_by(8) {
                let key = ConvKey::new(Channel::Sms, format!("+336{tag:02}{i:06}"));
                host.handle(inbound(&key, "Bonjour", format!("a{i}")), Surface::Plain)
                    .await?;
                host.handle(inbound(&key, "1", format!("b{i}")), Surface::Plain)
                    .await?;
            }
            anyhow::Ok(())
        });
    }
    while let Some(r) = talking.join_next().await {
        r??;
    }
    anyhow::ensure!(
        host.unconsented() >= active,
        "only {} conversations are active in memory",
        host.unconsented()
    );
    let total_kib = rss_kib();
    store.close().await;
    Ok(MemoryFigures {
        stored,
        active,
        baseline_kib,
        stored_kib,
        total_kib,
        fill_secs,
    })
}

/// Prints the figures.
pub fn print(f: &MemoryFigures) {
    let mib = |k: u64| k as f64 / 1024.0;
    println!(
        "memory: {} conversations in progress in the database, {} active in memory",
        f.stored, f.active
    );
    println!(
        "{:<44} {:>10} {:>12} {:>8}",
        "benchmark", "resident", "baseline", "ratio"
    );
    println!(
        "{:<44} {:>7.1}MiB {:>9.1}MiB {:>8.2}",
        "after the stored conversations",
        mib(f.stored_kib),
        mib(f.baseline_kib),
        f.stored_kib as f64 / f.baseline_kib.max(1) as f64
    );
    println!(
        "{:<44} {:>7.1}MiB {:>9.1}MiB {:>8.2}",
        "after the active ones too (total)",
        mib(f.total_kib),
        mib(f.baseline_kib),
        f.total_kib as f64 / f.baseline_kib.max(1) as f64
    );
    println!(
        "(writing the stored conversations took {:.1} s: {:.0} conversations/s)",
        f.fill_secs,
        f.stored as f64 / f.fill_secs.max(1e-9)
    );
    println!(
        "target: at most 150 MiB in all ({})",
        if mib(f.total_kib) <= 150.0 {
            "met"
        } else {
            "NOT met"
        }
    );
}
