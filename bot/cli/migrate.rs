//! `tremplin migrate`: creates or migrates the database. It needs no data key.

use std::process::ExitCode;

use anyhow::Context as _;

use tremplin::config::Settings;

/// Applies the migrations not applied yet.
pub async fn run(settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = super::open::connect(settings).await?;
    store.migrate().await.context("migrating")?;
    println!("database is up to date");
    Ok(ExitCode::SUCCESS)
}
