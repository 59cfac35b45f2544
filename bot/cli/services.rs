//! `tremplin services import FILE.json`: imports a territory's local services (a JSON array of
//! data·inclusion services). Every entry is checked; each refused one is printed with its index
//! and why, the others are added or updated by their source and id (importing the same file
//! again changes nothing). Exit status 1 when any entry was refused (or the file could not be
//! read).

use std::process::ExitCode;

use clap::{Args, Subcommand};

use tremplin::config::Settings;
use tremplin::core::{Clock as _, SystemClock};
use tremplin::services::schema;

/// What to do with local services.
#[derive(Debug, Subcommand)]
pub enum ServicesCommand {
    /// Imports a file of data·inclusion services (a JSON array).
    Import(Import),
}

impl ServicesCommand {
    pub async fn run(self, settings: &Settings) -> anyhow::Result<ExitCode> {
        let Self::Import(import) = self;
        import.run(settings).await
    }
}

/// Imports a file.
#[derive(Debug, Args)]
pub struct Import {
    /// The JSON file: an array of data·inclusion services.
    file: std::path::PathBuf,
}

impl Import {
    async fn run(self, settings: &Settings) -> anyhow::Result<ExitCode> {
        let name = self.file.display();
        let text = match std::fs::read_to_string(&self.file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{name}: {e}");
                return Ok(ExitCode::FAILURE);
            }
        };
        let read = match schema::read_file(&text) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{name}: {e}");
                return Ok(ExitCode::FAILURE);
            }
        };
        for r in &read.refused {
            eprintln!("{name}: refused {r}");
        }
        let store = super::open::migrated(settings).await?;
        let done = store
            .upsert_services(&read.services, SystemClock.unix())
            .await?;
        println!(
            "{} services read: {} added, {} updated, {} unchanged, {} refused",
            read.services.len() + read.refused.len(),
            done.added,
            done.updated,
            done.unchanged,
            read.refused.len()
        );
        Ok(if read.refused.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        })
    }
}
