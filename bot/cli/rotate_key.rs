//! `tremplin rotate-key`: seals every stored address and answer with a new data key.
//! The new key is on disk before anything is sealed with it; the sealing is storage's.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::Args;

use tremplin::config::Settings;
use tremplin::core::{Clock as _, SystemClock};
use tremplin::storage::vault::{DataKey, write_private};

/// Seals everything again with a new data key.
#[derive(Debug, Args)]
pub struct RotateKey {
    #[arg(long)]
    new_key_file: Option<PathBuf>,
}

impl RotateKey {
    /// Writes the new key, seals with it, then puts the key file in place (or says where the
    /// new key is, when it comes from TREMPLIN_DATA_KEY).
    pub async fn run(self, settings: &Settings) -> anyhow::Result<ExitCode> {
        let now = SystemClock.unix();
        // The current key must be the data's before anything is written.
        let old = Arc::new(super::open::data_key(settings, None).await?);
        let current = super::open::connect(settings).await?.with_key(old.clone());
        super::open::check_key(&current, settings, now).await?;
        let (new, text) = DataKey::generate();
        let (target, replace) = match (&settings.data_key, self.new_key_file) {
            (_, Some(f)) => (f, false),
            (Some(_), None) => {
                anyhow::bail!(
                    "the key comes from TREMPLIN_DATA_KEY: say where the new one goes with --new-key-file"
                )
            }
            (None, None) => {
                let f = settings
                    .key_file()
                    .ok_or_else(|| anyhow::anyhow!("no key file to rotate"))?;
                (beside(&f, "new"), true)
            }
        };
        write_private(&target, &format!("{text}\n"))
            .with_context(|| format!("writing {}", target.display()))?;
        let store = current.with_key(Arc::new(new));
        let n = store
            .reseal_from(&old, now)
            .await
            .context("sealing with the new key")?;
        store.close().await;
        if replace {
            let file = settings.key_file().expect("checked above");
            std::fs::rename(&file, beside(&file, "old"))?;
            std::fs::rename(&target, &file)?;
            println!(
                "new data key in {} (the old one is in {})",
                file.display(),
                beside(&file, "old").display()
            );
        } else {
            println!(
                "new data key in {}: set TREMPLIN_DATA_KEY to it before the next start",
                target.display()
            );
        }
        println!(
            "sealed again: {} people, {} sessions, {} answers, {} stored replies, {} opt-outs ({} older opt-outs kept as they were)",
            n.people, n.sessions, n.answers, n.inbound, n.opt_outs, n.opt_outs_kept
        );
        Ok(ExitCode::SUCCESS)
    }
}

/// `name.ext` -> `name.ext.<suffix>`.
fn beside(file: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}.{suffix}", file.display()))
}
