//! `tremplin chat`: the diagnostic in the terminal, through the console channel.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;

use tremplin::channels::console::{self, ChatOptions};
use tremplin::config::Settings;
use tremplin::transcript::Stage;

/// The diagnostic in the terminal.
#[derive(Debug, Args)]
pub struct Chat {
    /// Language to start in (fr, en...).
    #[arg(long)]
    lang: Option<String>,
    /// Name the conversation is kept under; the same name resumes it later.
    #[arg(long = "as", default_value = "terminal")]
    name: String,
    /// Write the conversation as a golden transcript to this file. The conversation then
    /// runs as a replay does (a fresh database in memory, the transcripts' clock and counted
    /// references), so that the file replays exactly.
    #[arg(long)]
    record: Option<PathBuf>,
}

impl Chat {
    /// Talks until the end of standard input.
    pub async fn run(self, settings: &Settings) -> anyhow::Result<ExitCode> {
        let Self { lang, name, record } = self;
        let recording = record.is_some();
        let opts = ChatOptions { lang, name, record };
        if recording {
            let catalog = super::open::catalog(settings)?;
            let stage = Stage::open(Arc::new(catalog), &settings.dialogue).await?;
            console::run(&stage.host, opts, || stage.next_turn()).await?;
            stage.host.store().close().await;
        } else {
            let host = super::open::host(settings).await?;
            console::run(&host, opts, || {}).await?;
            host.store().close().await;
        }
        Ok(ExitCode::SUCCESS)
    }
}
