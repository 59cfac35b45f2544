//! `tremplin invitations import FILE.csv [--dry-run]`: imports a Département's list of the
//! people it must invite, with a progress bar, and prints every refused row with its line and
//! reason. Exit status 1 when any row was refused (or the file could not be read).

use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use tremplin::app::invitations::{ImportError, ImportOptions};
use tremplin::config::Settings;

/// What to do with invitations.
#[derive(Debug, Subcommand)]
pub enum InvitationsCommand {
    /// Imports a list (CSV: a header row, `;` or `,`, UTF-8 or Windows-1252).
    Import(Import),
}

impl InvitationsCommand {
    pub async fn run(self, settings: &Settings) -> anyhow::Result<ExitCode> {
        match self {
            Self::Import(i) => i.run(settings).await,
        }
    }
}

/// Imports a list.
#[derive(Debug, Args)]
pub struct Import {
    /// The CSV file.
    file: std::path::PathBuf,
    /// Check every row and say what would change; write nothing.
    #[arg(long)]
    dry_run: bool,
}

impl Import {
    async fn run(self, settings: &Settings) -> anyhow::Result<ExitCode> {
        let file = match std::fs::File::open(&self.file) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("{}: {e}", self.file.display());
                return Ok(ExitCode::from(1));
            }
        };
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let host = super::open::host(settings).await?;
        let bar = ProgressBar::new(size);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let options = ImportOptions {
            dry_run: self.dry_run,
            ..ImportOptions::default()
        };
        let started = Instant::now();
        let reader = std::io::BufReader::with_capacity(1 << 16, file);
        let result = host
            .import_invitations(reader, &options, &mut |bytes, rows| {
                bar.set_position(bytes);
                bar.set_message(format!("{rows} rows"));
            })
            .await;
        bar.finish_and_clear();
        host.store().close().await;
        let report = match result {
            Ok(r) => r,
            Err(ImportError::Host(e)) => return Err(e.into()),
            Err(e) => {
                eprintln!("{}: {e}", self.file.display());
                return Ok(ExitCode::from(1));
            }
        };
        let mut lines: Vec<(u64, String)> = report
            .refused
            .iter()
            .map(|r| (r.line, r.why.to_string()))
            .chain(report.opted_out.iter().map(|l| {
                (
                    *l,
                    "this number answered STOP: it is not invited".to_string(),
                )
            }))
            .collect();
        lines.sort();
        for (line, why) in &lines {
            eprintln!("line {line}: {why}");
        }
        let s = &report.summary;
        println!(
            "{}{} rows read ({}) in {:.1} s: {} new, {} updated, {} unchanged, {} refused",
            if self.dry_run {
                "dry run, nothing written: "
            } else {
                ""
            },
            s.read,
            report.encoding,
            started.elapsed().as_secs_f64(),
            s.added,
            s.updated,
            s.unchanged,
            s.refused
        );
        if let Some(e) = &s.error {
            eprintln!("the import stopped: {e}");
        }
        Ok(if s.refused > 0 || s.error.is_some() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        })
    }
}
