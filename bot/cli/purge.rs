//! `tremplin purge`: removes what is kept past its retention time, now, on the system clock.
//! `serve` runs the same purge once a day; what is removed is decided in storage.

use std::process::ExitCode;

use clap::Args;

use tremplin::config::Settings;
use tremplin::core::{Clock as _, SystemClock};

/// Removes what is kept past its retention time.
#[derive(Debug, Args)]
pub struct Purge {
    /// Only count what would be removed.
    #[arg(long)]
    dry_run: bool,
}

impl Purge {
    /// Purges (or counts) and says how much.
    pub async fn run(self, settings: &Settings) -> anyhow::Result<ExitCode> {
        // The settings are checked first: a retention of 0 would remove everyone.
        super::open::catalog(settings)?;
        let store = super::open::store(settings).await?;
        let keep = settings.retention();
        let p = store.purge(SystemClock.unix(), keep, self.dry_run).await?;
        println!(
            "{}: {} people without contact for {} months, {} invitations untouched as long, {} audit entries older than {} months, {} message ids and {} sent messages older than {} days",
            if self.dry_run {
                "would remove"
            } else {
                "removed"
            },
            p.people,
            keep.people_months,
            p.invitations,
            p.audit,
            keep.audit_months,
            p.inbound,
            p.sent_messages,
            keep.messages_days
        );
        store.close().await;
        Ok(ExitCode::SUCCESS)
    }
}
