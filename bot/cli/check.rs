//! `tremplin check`: loads every dialogue, locale and territory, checks the settings that name
//! what they hold and that every French question fits in two SMS segments as the SMS channel
//! sends it (the checks `serve` and `chat` run at start), and prints every problem at once. It
//! opens no database.

use std::process::ExitCode;

use tremplin::config::Settings;

/// Prints every problem found, or a summary of what was loaded.
pub fn run(settings: &Settings) -> anyhow::Result<ExitCode> {
    let catalog = super::open::catalog(settings)?;
    let steps: usize = catalog.dialogues.iter().map(|d| d.steps.len()).sum();
    println!(
        "ok: {} dialogue(s), {} steps, {} locales ({}), {} territory(ies)",
        catalog.dialogues.len(),
        steps,
        catalog.locales.tags().len(),
        catalog.locales.tags().join(", "),
        catalog.territories.len()
    );
    Ok(ExitCode::SUCCESS)
}
