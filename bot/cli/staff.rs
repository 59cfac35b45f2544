//! `tremplin staff ...`: the dashboard's staff accounts. The account rules are the dashboard's
//! (`web::staff`); this file only reads the command line.

use std::process::ExitCode;

use clap::Subcommand;

use tremplin::config::Settings;

/// What is done to staff accounts.
#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Creates an account and prints its one-time setup link.
    Add {
        #[arg(long)]
        email: String,
        /// admin, reception or advisor.
        #[arg(long)]
        role: String,
        /// The partner of an advisor (an id of the territory file).
        #[arg(long)]
        partner: Option<String>,
        /// The public base URL the link starts with (default: TREMPLIN_PUBLIC_URL; without
        /// either, no link can be made and nothing is created).
        #[arg(long = "base-url")]
        base_url: Option<String>,
    },
}

impl StaffCommand {
    /// Runs the staff command.
    pub async fn run(self, settings: &Settings) -> anyhow::Result<ExitCode> {
        let Self::Add {
            email,
            role,
            partner,
            base_url,
        } = self;
        let catalog = super::open::catalog(settings)?;
        let store = super::open::store(settings).await?;
        let base = base_url.or_else(|| settings.public_url.clone());
        let code = tremplin::web::staff::cli_add(
            &store,
            &catalog,
            settings.territory.as_deref(),
            &email,
            &role,
            partner.as_deref(),
            base.as_deref(),
        )
        .await?;
        store.close().await;
        Ok(code)
    }
}
