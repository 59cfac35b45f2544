//! `tremplin chat`: the diagnostic in the terminal, through the console channel.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use tremplin::channels::console::{self, ChatOptions};
use tremplin::config::Settings;

/// The diagnostic in the terminal.
#[derive(Debug, Args)]
pub struct Chat {
    /// Language to start in (fr, en...).
    #[arg(long)]
    lang: Option<String>,
    /// Name the conversation is kept under; the same name resumes it later.
    #[arg(long = "as", default_value = "terminal")]
    name: String,
    /// Write the conversation as a golden transcript to this file.
    #[arg(long)]
    record: Option<PathBuf>,
}

impl Chat {
    /// Talks until the end of standard input.
    pub async fn run(self, settings: &Settings) -> anyhow::Result<ExitCode> {
        let host = super::open::host(settings).await?;
        let Self { lang, name, record } = self;
        console::run(&host, ChatOptions { lang, name, record }).await?;
        host.store().close().await;
        Ok(ExitCode::SUCCESS)
    }
}
