//! `tremplin check`: loads every dialogue, locale and territory, checks the settings that name
//! what they hold, that every question of every locale fits its SMS segment budget as the SMS
//! channel sends it (2 segments in French and English, 3 in the other locales; `serve` and
//! `chat` hold French to it at start), the WhatsApp templates (and lists the messages and
//! locales without one), and prints every problem at once. With `--segments`, it also prints
//! what SMS costs in each locale. It opens no database.

use std::process::ExitCode;

use clap::Args;

use tremplin::channels::sms::budget;
use tremplin::config::Settings;

use super::open::{Budgets, checked_catalog};

/// `tremplin check [--segments]`.
#[derive(Debug, Args)]
pub struct Check {
    /// Also print, per locale, the question that takes the most SMS segments and the segments
    /// of a typical whole diagnostic by SMS (to a booking).
    #[arg(long)]
    segments: bool,
}

impl Check {
    /// Prints every problem found, or a summary of what was loaded.
    pub fn run(&self, settings: &Settings) -> anyhow::Result<ExitCode> {
        // Which locales keep to their SMS budget, said even when one does not (its questions
        // follow, each at its file and line); with --segments, how far each one is.
        if let Ok(catalog) =
            tremplin::catalog::Catalog::load(&settings.dialogues, &settings.locales)
        {
            print_budgets(&catalog, settings);
            if self.segments {
                print_segments(&catalog, settings);
            }
        }
        let catalog = checked_catalog(settings, Budgets::EveryLocale)?;
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
}

/// One line: per locale, the questions over its SMS budget.
fn print_budgets(catalog: &tremplin::catalog::Catalog, settings: &Settings) {
    let said: Vec<String> = catalog
        .locales
        .tags()
        .iter()
        .map(|locale| {
            let over = budget::over_budget(catalog, locale, settings.sms_gsm7).len();
            let within = budget::question_budget(locale);
            if over == 0 {
                format!("{locale} ok ({within})")
            } else {
                format!("{locale} {over} question(s) over {within}")
            }
        })
        .collect();
    println!("SMS segment budget: {}", said.join(", "));
}

/// One line per locale: its budget, its worst question, the questions over budget, and a
/// typical whole diagnostic by SMS.
fn print_segments(catalog: &tremplin::catalog::Catalog, settings: &Settings) {
    println!("SMS segments (TREMPLIN_SMS_GSM7={:?}):", settings.sms_gsm7);
    println!(
        "  {:<6} {:>6}  {:<28} {:>5}  {:>10}  {:>9}  {:>8}  {:>7}  {:>5}  {:>7}",
        "locale",
        "budget",
        "worst question",
        "segs",
        "over",
        "diagnostic",
        "messages",
        "longest",
        "offer",
        "booked"
    );
    let segs = |s: &Option<budget::Sent>| {
        s.as_ref()
            .map_or("-".to_string(), |s| s.segments.to_string())
    };
    for c in budget::report(catalog, settings.territory.as_deref(), settings.sms_gsm7) {
        let (step, worst) = c
            .worst
            .as_ref()
            .map_or(("-".to_string(), 0), |q| (q.step.clone(), q.segments));
        println!(
            "  {:<6} {:>6}  {:<28} {:>5}  {:>10}  {:>9}{}  {:>8}  {:>7}  {:>5}  {:>7}",
            c.locale,
            c.budget,
            step,
            worst,
            format!("{}/{}", c.over, c.questions),
            c.diagnostic.segments,
            if c.diagnostic.booked { " " } else { "*" },
            c.diagnostic.bodies,
            c.diagnostic.longest,
            segs(&c.diagnostic.offer),
            segs(&c.diagnostic.confirmation),
        );
    }
    println!(
        "  (over: questions over the budget; diagnostic: segments of a whole diagnostic answered by number, to a booking; * no booking reached; longest: its longest message; offer: the slots offered, held to the budget; booked: the confirmation, held to {})",
        budget::CONFIRMATION_SEGMENTS
    );
}
