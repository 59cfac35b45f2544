//! `tremplin bench`: measured figures, each printed beside a baseline measured in the same
//! run. Medians over several runs, since machines are shared and noisy.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::catalog::Catalog;
use crate::conversation::now_at;
use crate::engine::{Engine, EngineConfig, Input};
use crate::i18n::render::{Surface, render};
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
