//! `tremplin migrate`: creates or migrates the database. It needs no data key; when the key
//! is there, it also seals what an older version left in clear, so that the instances started
//! after it find nothing to do.

use std::process::ExitCode;

use anyhow::Context as _;

use tremplin::config::Settings;

/// Applies the migrations not applied yet.
pub async fn run(settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = super::open::connect(settings).await?;
    store.migrate().await.context("migrating")?;
    if let Ok(key) = super::open::data_key(settings, false) {
        let store = store.clone().with_key(std::sync::Arc::new(key));
        super::open::reseal_older_rows(&store).await?;
    }
    println!("database is up to date");
    Ok(ExitCode::SUCCESS)
}
