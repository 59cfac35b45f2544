//! `tremplin check`: loads every dialogue, locale and territory, and checks that every French
//! question fits in two SMS segments as the SMS channel sends it. It opens no database.

use std::process::ExitCode;

use tremplin::channels::sms::long_questions;
use tremplin::config::Settings;
use tremplin::i18n::REFERENCE;

/// The most SMS segments a question may take.
const MAX_SEGMENTS: usize = 2;

/// Prints every problem found, or a summary of what was loaded.
pub fn run(settings: &Settings) -> anyhow::Result<ExitCode> {
    let catalog = super::open::catalog(settings)?;
    let mut long_total = 0;
    for d in &catalog.dialogues {
        let long = long_questions(&catalog, d, REFERENCE, settings.sms_gsm7, MAX_SEGMENTS);
        for q in &long {
            eprintln!(
                "{}: step '{}': the question takes {} {:?} SMS segments ({MAX_SEGMENTS} at most):\n{}\n",
                d.id, q.step, q.segments, q.encoding, q.text
            );
        }
        long_total += long.len();
    }
    if long_total > 0 {
        eprintln!(
            "{long_total} question(s) take more than {MAX_SEGMENTS} SMS segments in French: shorten them"
        );
        return Ok(ExitCode::FAILURE);
    }
    let steps: usize = catalog.dialogues.iter().map(|d| d.steps.len()).sum();
    println!(
        "ok: {} dialogue(s), {} steps, {} locales ({})",
        catalog.dialogues.len(),
        steps,
        catalog.locales.tags().len(),
        catalog.locales.tags().join(", ")
    );
    Ok(ExitCode::SUCCESS)
}
