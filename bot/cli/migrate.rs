//! `tremplin migrate`: creates or migrates the database. It needs no data key; when the key
//! is there, it also seals what an older version left in clear, so that the instances started
//! after it find nothing to do.

use std::process::ExitCode;

use anyhow::Context as _;

use tremplin::config::Settings;
use tremplin::core::{Clock as _, SystemClock};

/// Applies the migrations not applied yet.
pub async fn run(settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = super::open::connect(settings).await?;
    store.migrate().await.context("migrating")?;
    let key_given = settings.data_key.is_some() || settings.key_file().is_some_and(|f| f.exists());
    if key_given {
        let key = super::open::data_key(settings, None).await?;
        let store = store.clone().with_key(std::sync::Arc::new(key));
        super::open::check_key(&store, settings, SystemClock.unix()).await?;
        super::open::reseal_older_rows(&store).await?;
    }
    println!("database is up to date");
    Ok(ExitCode::SUCCESS)
}
