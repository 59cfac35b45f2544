//! `tremplin bench`: measured figures, each printed beside a baseline measured in the same
//! run. Medians over several runs, since machines are shared and noisy.

pub mod memory;
pub mod queue;
pub mod sms;
pub mod stats;
pub mod telegram;
pub mod telegram_mock;

use std::path::Path;
use std::time::{Duration, Instant};

use crate::catalog::Catalog;
use crate::engine::now_at;
use crate::engine::{Engine, EngineConfig, Input};
use crate::i18n::render::{Surface, render};
use crate::storage::bookings::NewBooking;
use crate::transcript::{T0, TURN_GAP};

/// Whole diagnostics, as a person would answer them, in French and English.
pub const SCRIPTS: &[(&str, &[&str])] = &[
    (
        "fr",
        &[
            "1", "oui", "oui", "oui", "oui", "34", "37000", "3", "1", "5", "1", "2", "2", "3", "1",
            "1", "4, 5", "1", "2", "1, 3", "2", "1, 2", "1", "5", "Merci",
        ],
    ),
    (
        "fr",
        &[
            "francais",
            "ouais",
            "non",
            "oui",
            "non",
            "1995",
            "tours",
            "demande",
            "non",
            "seule",
            "formation",
            "bac",
            "avec de l'aide",
            "formation",
            "cv",
            "logement, argent",
            "loyer",
            "beaucoup",
            "budget",
            "un peu",
            "telephone",
            "matin",
            "non",
            "passer",
        ],
    ),
    (
        "fr",
        &[
            "1",
            "oui",
            "oui",
            "oui",
            "oui",
            "abc",
            "140",
            "52",
            "75011",
            "1",
            "2",
            "1",
            "3",
            "2",
            "5",
            "6",
            "1",
            "3",
            "3",
            "8",
            "1, 2, 3, 4, 5, 6, 7",
            "1",
            "1, 2",
            "1",
            "retour",
            "1",
            "1",
            "2",
            "1",
            "2",
            "2",
            "1",
            "1",
            "1",
            "4",
            "3",
            "1",
            "2",
            "1",
            "1",
            "1",
            "1",
            "3",
            "1",
            "2",
            "3",
            "2",
            "1",
            "passer",
        ],
    ),
    ("fr", &["1", "non"]),
];

/// The figures of one engine benchmark.
#[derive(Debug, Clone)]
pub struct EngineFigures {
    pub steps_per_sec: f64,
    pub median_step: Duration,
    pub baseline_steps_per_sec: f64,
    pub load: Duration,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Runs every script once; with `rendering`, renders each turn's reply as a channel would.
fn run_scripts(catalog: &Catalog, rendering: bool) -> (usize, usize) {
    let dialogue = &catalog.dialogues[0];
    let engine = Engine::new(dialogue, &catalog.lexicon, EngineConfig::default());
    let mut steps = 0;
    let mut bytes = 0;
    for (locale, inputs) in SCRIPTS {
        let mut now = T0;
        let mut session = engine.new_session(locale, now_at(now));
        let turn = engine.step(session, Input::Start, now_at(now));
        session = turn.session;
        steps += 1;
        for input in *inputs {
            now += TURN_GAP;
            let turn = engine.step(session, Input::Text((*input).to_string()), now_at(now));
            if rendering {
                bytes += render(
                    &catalog.locales,
                    &turn.session.locale,
                    &turn.events,
                    Surface::Plain,
                )
                .text
                .len();
            } else {
                bytes += turn.events.len();
            }
            session = turn.session;
            steps += 1;
        }
    }
    (steps, bytes)
}

/// Pure engine steps per second, rendering included, over whole scripted diagnostics; the
/// baseline is the same steps without rendering.
pub fn engine(
    dialogues: &Path,
    locales: &Path,
    runs: usize,
    min_time: Duration,
) -> anyhow::Result<EngineFigures> {
    let mut loads = Vec::new();
    let mut catalog = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let c = Catalog::load(dialogues, locales).map_err(|p| anyhow::anyhow!("{p}"))?;
        loads.push(t.elapsed().as_secs_f64());
        catalog = Some(c);
    }
    let catalog = catalog.expect("loaded at least once");
    let measure = |rendering: bool| {
        let mut rates = Vec::new();
        let mut per_step = Vec::new();
        for _ in 0..runs.max(1) {
            let start = Instant::now();
            let mut steps = 0usize;
            let mut sink = 0usize;
            while start.elapsed() < min_time {
                let (s, b) = run_scripts(&catalog, rendering);
                steps += s;
                sink = sink.wrapping_add(b);
            }
            std::hint::black_box(sink);
            let secs = start.elapsed().as_secs_f64();
            rates.push(steps as f64 / secs);
            per_step.push(secs / steps as f64);
        }
        (median(rates), median(per_step))
    };
    let (baseline, _) = measure(false);
    let (rate, per_step) = measure(true);
    Ok(EngineFigures {
        steps_per_sec: rate,
        median_step: Duration::from_secs_f64(per_step),
        baseline_steps_per_sec: baseline,
        load: Duration::from_secs_f64(median(loads)),
    })
}

/// Prints the engine figures as a table.
pub fn print_engine(f: &EngineFigures) {
    println!(
        "{:<34} {:>14} {:>14} {:>8}",
        "benchmark", "median", "baseline", "ratio"
    );
    println!(
        "{:<34} {:>12.0}/s {:>12.0}/s {:>8.2}",
        "engine steps+render (1 core)",
        f.steps_per_sec,
        f.baseline_steps_per_sec,
        f.steps_per_sec / f.baseline_steps_per_sec
    );
    println!(
        "{:<34} {:>12.2}µs {:>14} {:>8.2}",
        "engine median step",
        f.median_step.as_secs_f64() * 1e6,
        "target 5µs",
        5e-6 / f.median_step.as_secs_f64()
    );
    println!(
        "{:<34} {:>12.2}ms {:>14} {:>8.2}",
        "load+validate dialogues, locales",
        f.load.as_secs_f64() * 1e3,
        "target 50ms",
        0.05 / f.load.as_secs_f64()
    );
    println!(
        "(baseline: the same engine steps without rendering; ratio > 1 means better than the target)"
    );
}

/// Booking tasks running at once in the distinct-slot benchmark.
const WRITERS: usize = 8;

/// The figures of the booking benchmark.
#[derive(Debug, Clone)]
pub struct BookingFigures {
    pub bookings_per_sec: f64,
    pub baseline_inserts_per_sec: f64,
    pub contention_winners: usize,
    pub contention_settle: Duration,
    pub contenders: usize,
}

async fn people(store: &crate::storage::Store, n: usize, tag: &str) -> anyhow::Result<Vec<String>> {
    use crate::core::{Channel, ConvKey};
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let key = ConvKey::new(Channel::Console, format!("bench-{tag}-{i}"));
        ids.push(store.add_person(&key, "fr", T0).await?);
    }
    Ok(ids)
}

/// Bookings per second on distinct slots, with the same number of single durable inserts as
/// the baseline, and the contention case: `contenders` people on one slot at once.
pub async fn booking(
    territory: &crate::booking::territory::Territory,
    url: &str,
    n: usize,
    contenders: usize,
    runs: usize,
) -> anyhow::Result<BookingFigures> {
    use std::collections::HashSet;

    use crate::booking::{Offer, SearchContext, Wish, search};
    use crate::orientation::Body;
    use crate::storage::bookings::BookOutcome;
    use crate::storage::{PoolConfig, Store};

    let store = Store::open(url, PoolConfig::default()).await?;
    let now = T0;
    // Distinct slots: every free slot of every France Travail site over the coming weeks.
    let taken = HashSet::new();
    let ctx = SearchContext {
        now,
        taken: &taken,
        closures: &[],
        extras: &[],
    };
    let mut offers: Vec<Offer> = Vec::new();
    for pc in ["37000", "37200", "37500", "37400"] {
        let wish = Wish {
            lead: Some(Body::FranceTravail),
            postcode: Some(pc.into()),
            ..Wish::default()
        };
        offers.extend(search(territory, &wish, &ctx, 0, 10_000));
    }
    offers.sort_by_key(|o| o.keys.clone());
    offers.dedup_by_key(|o| o.keys.clone());
    let n = n.min(offers.len());
    let mut rates = Vec::new();
    let mut baselines = Vec::new();
    for run in 0..runs.max(1) {
        let who = people(&store, n, &format!("d{run}")).await?;
        sqlx_baseline_reset(&store).await?;
        // Baseline: the same number of single durable inserts, one transaction each.
        let t = Instant::now();
        for i in 0..n {
            store.bench_insert(&format!("{run}-{i}")).await?;
        }
        baselines.push(n as f64 / t.elapsed().as_secs_f64());
        // Bookings, eight people at a time.
        let t = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        let chunk = n.div_ceil(WRITERS);
        for (c, part) in who.chunks(chunk).enumerate() {
            let store = store.clone();
            let part = part.to_vec();
            let mine: Vec<Offer> = offers[c * chunk..(c * chunk + part.len())].to_vec();
            let tid = territory.id.clone();
            tasks.spawn(async move {
                for (i, (p, o)) in part.iter().zip(&mine).enumerate() {
                    let mut r = [0u8; 16];
                    r[..8].copy_from_slice(
                        &((run * 1_000_000 + c * 10_000 + i) as u64).to_le_bytes(),
                    );
                    store
                        .book(NewBooking::plain(
                            &tid,
                            p,
                            &format!("{p}:1"),
                            o,
                            crate::booking::reference(r),
                            now,
                        ))
                        .await?;
                }
                anyhow::Ok(())
            });
        }
        while let Some(r) = tasks.join_next().await {
            r??;
        }
        rates.push(n as f64 / t.elapsed().as_secs_f64());
        store.bench_cancel_all(now).await?;
    }
    // Contention: everyone on the first offer at once.
    let who = people(&store, contenders, "c").await?;
    let offer = offers
        .first()
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("no slot in the territory"))?;
    let t = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (i, p) in who.into_iter().enumerate() {
        let store = store.clone();
        let offer = offer.clone();
        let tid = territory.id.clone();
        tasks.spawn(async move {
            let mut r = [7u8; 16];
            r[..8].copy_from_slice(&(i as u64 + 99_000_000).to_le_bytes());
            store
                .book(NewBooking::plain(
                    &tid,
                    &p,
                    &format!("{p}:c"),
                    &offer,
                    crate::booking::reference(r),
                    now,
                ))
                .await
        });
    }
    let mut winners = 0;
    while let Some(r) = tasks.join_next().await {
        if matches!(r??, BookOutcome::Booked(_)) {
            winners += 1;
        }
    }
    let settle = t.elapsed();
    store.close().await;
    Ok(BookingFigures {
        bookings_per_sec: median(rates),
        baseline_inserts_per_sec: median(baselines),
        contention_winners: winners,
        contention_settle: settle,
        contenders,
    })
}

/// Opens the benchmarks' store: a pool of 8 that waits long for a connection under load.
async fn open_store(url: &str) -> anyhow::Result<crate::storage::Store> {
    Ok(crate::storage::Store::open(
        url,
        crate::storage::PoolConfig {
            max_connections: 8,
            acquire_timeout: Duration::from_secs(30),
        },
    )
    .await?)
}

async fn sqlx_baseline_reset(store: &crate::storage::Store) -> anyhow::Result<()> {
    store.bench_prepare().await?;
    Ok(())
}

/// Prints the booking figures.
pub fn print_booking(f: &BookingFigures) {
    println!(
        "{:<34} {:>14} {:>14} {:>8}",
        "benchmark", "median", "baseline", "ratio"
    );
    println!(
        "{:<34} {:>12.0}/s {:>12.0}/s {:>8.2}",
        "bookings, distinct slots",
        f.bookings_per_sec,
        f.baseline_inserts_per_sec,
        f.bookings_per_sec / f.baseline_inserts_per_sec
    );
    println!(
        "{:<34} {:>11.1}ms {:>14} {:>8}",
        format!("{}-way contention, time to settle", f.contenders),
        f.contention_settle.as_secs_f64() * 1e3,
        format!("{} winner(s)", f.contention_winners),
        if f.contention_winners == 1 {
            "ok"
        } else {
            "WRONG"
        }
    );
    println!(
        "(baseline: one durable single-row insert per transaction; target: at least 2000 bookings/s on SQLite)"
    );
}
