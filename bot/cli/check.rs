//! `tremplin check`: loads every dialogue, locale and territory, checks the settings that name
//! what they hold and that every French question fits in two SMS segments as the SMS channel
//! sends it (the checks `serve` and `chat` run at start), the WhatsApp templates (and lists the
//! messages and locales without one), and prints every problem at once. It
//! opens no database.

use std::process::ExitCode;

use tremplin::config::Settings;

/// Prints every problem found, or a summary of what was loaded.
pub fn run(settings: &Settings) -> anyhow::Result<ExitCode> {
    let catalog = super::open::catalog(settings)?;
    let steps: usize = catalog.dialogues.iter().map(|d| d.steps.len()).sum();
    // A message without its WhatsApp template reaches a person on WhatsApp only within 24
    // hours of their last message: said here, and on the booking page when it happens.
    let templates = &catalog.whatsapp;
    println!(
        "whatsapp templates ({}): {} message(s)",
        tremplin::catalog::whatsapp::FILE,
        templates.messages().count()
    );
    let mut missing: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (id, locale) in templates.missing(catalog.locales.tags()) {
        missing.entry(id).or_default().push(locale);
    }
    for (id, locales) in missing {
        println!(
            "  {id}: no approved template in {} (free text only within 24 hours)",
            locales.join(", ")
        );
    }
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
