//! `tremplin migrate`: creates or migrates the database. It needs no data key; when the key
//! is there, it also seals what an older version left in clear, so that the instances started
//! after it find nothing to do. Migrations a newer version applied are left as they are; a
//! database a newer version's contract migration has left this version behind on is refused.

use std::process::ExitCode;

use tremplin::config::Settings;

/// Applies the migrations not applied yet.
pub async fn run(settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = super::open::connect(settings).await?;
    let before = store.schema().await?;
    if let Some(why) = before.too_old_message() {
        eprintln!("{why}");
        return Ok(ExitCode::FAILURE);
    }
    let after = store.migrate().await?;
    let key_given = settings.data_key.is_some() || settings.key_file().is_some_and(|f| f.exists());
    if key_given {
        super::open::keyed(settings, store.clone(), false).await?;
    }
    store.close().await;
    let applied = before.pending.len();
    match after.newer.len() {
        0 => println!("database is up to date ({applied} migration(s) applied now)"),
        n => println!(
            "database is up to date ({applied} migration(s) applied now); it also holds {n} migration(s) of a newer version, which this version runs with"
        ),
    }
    Ok(ExitCode::SUCCESS)
}
