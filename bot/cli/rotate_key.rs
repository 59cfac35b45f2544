//! `tremplin rotate-key`: seals every stored address and answer with a new data key.
//! It runs alone: while any process uses the data key (`serve`, `chat`, `purge`, `staff`),
//! it refuses, and none of them starts while it runs (on PostgreSQL it first waits long
//! enough for an instance that lost its share of the lease with its connection to notice). The new key is on disk before anything
//! is sealed with it, and the sealing is one transaction (storage's): a rotation interrupted
//! before its commit changed nothing, and one interrupted after it left its new key beside
//! the key file as `.new`; the next run finishes it or removes that file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::Args;

use tremplin::config::Settings;
use tremplin::core::{Clock as _, SystemClock};
use tremplin::storage::held::Taken;
use tremplin::storage::leases::instance_name;
use tremplin::storage::vault::{DataKey, write_private};
use tremplin::storage::{Backend, Store};

use super::open::{beside, unfinished};

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
        let store = super::open::migrated(settings).await?;
        let _alone = match store
            .take_lease(super::open::KEY_LEASE, &instance_name())
            .await?
        {
            Taken::Held(lease) => lease,
            Taken::Elsewhere(_) => {
                eprintln!(
                    "The data key is in use: a `tremplin serve` (or `chat`, `purge`, `staff`) runs on this database. \
                     Stop every one of them, then rotate the key: a running instance keeps the key it started with. Nothing was changed."
                );
                return Ok(ExitCode::FAILURE);
            }
        };
        if store.backend() == Backend::Postgres {
            // An instance whose database connection was lost also lost its share of the
            // lease; it looks again within this time, finds the lease taken and stops, before
            // anything is sealed with the new key.
            let wait = super::open::KEY_CHECK_EVERY + std::time::Duration::from_secs(2);
            eprintln!(
                "waiting {} s for any instance that lost its database connection to stop",
                wait.as_secs()
            );
            tokio::time::sleep(wait).await;
        }
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
                (unfinished(&f), true)
            }
        };
        if target.exists() && resume(&store, &target, replace, settings).await? {
            store.close().await;
            return Ok(ExitCode::SUCCESS);
        }

        // The current key must be the data's before anything is written.
        let old = Arc::new(super::open::data_key(settings, None).await?);
        let current = store.with_key(old.clone());
        super::open::check_key(&current, settings, now).await?;
        let (new, text) = DataKey::generate();
        write_private(&target, &format!("{text}\n"))
            .with_context(|| format!("writing {}", target.display()))?;
        let sealed = current
            .clone()
            .with_key(Arc::new(new))
            .reseal_from(&old, now)
            .await;
        current.close().await;
        let n = match sealed {
            Ok(n) => n,
            Err(e) => {
                // Not committed: nothing is sealed with the new key.
                let _ = std::fs::remove_file(&target);
                return Err(e).context(
                    "sealing with the new key failed; nothing changed: the data is still sealed with the current key",
                );
            }
        };
        if replace {
            put_in_place(settings, &target)?;
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
        if n.feeds_ended > 0 {
            println!(
                "{} calendar feeds ended (their addresses are hashed with the old key): make new ones on the dashboard",
                n.feeds_ended
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// What an earlier rotation left at `target`: when the data is sealed with that key, the
/// rotation is finished here (true); otherwise nothing is sealed with it and the file is
/// removed (`.new`), or kept and the rotation refused (a file named by `--new-key-file`).
async fn resume(
    store: &Store,
    target: &Path,
    replace: bool,
    settings: &Settings,
) -> anyhow::Result<bool> {
    let key = std::fs::read_to_string(target)
        .ok()
        .and_then(|t| DataKey::parse(&t).ok());
    let recorded = store.recorded_key().await?;
    let sealed_with_it = match (&key, &recorded) {
        (Some(k), Some(r)) => k.check_value() == r.check_value,
        _ => false,
    };
    match (sealed_with_it, replace) {
        (true, true) => {
            put_in_place(settings, target)?;
            println!(
                "an interrupted rotation is finished: the data was already sealed with the new key"
            );
            Ok(true)
        }
        (true, false) => {
            println!(
                "the data is already sealed with the key in {} (an interrupted rotation): set TREMPLIN_DATA_KEY to it before the next start",
                target.display()
            );
            Ok(true)
        }
        (false, true) => {
            // Written by a rotation that did not commit: nothing is sealed with it.
            std::fs::remove_file(target)
                .with_context(|| format!("removing {}", target.display()))?;
            tracing::warn!(file = %target.display(), "removed the key of a rotation that did not finish sealing");
            Ok(false)
        }
        (false, false) => {
            anyhow::bail!(
                "{} exists and the data is not sealed with what it holds: give --new-key-file a file that does not exist yet",
                target.display()
            )
        }
    }
}

/// Replaces the key file with the new key at `new`, keeping the old one as `.old`. The data
/// is sealed with the new key already: a failure here says how to finish.
fn put_in_place(settings: &Settings, new: &Path) -> anyhow::Result<()> {
    let file = settings
        .key_file()
        .ok_or_else(|| anyhow::anyhow!("no key file to rotate"))?;
    let old = beside(&file, "old");
    let finish = || {
        format!(
            "the data is sealed with the new key, which is in {}: run `tremplin rotate-key` again to put it in place",
            new.display()
        )
    };
    if file.exists() {
        std::fs::rename(&file, &old)
            .with_context(|| format!("keeping the old key as {}", old.display()))
            .with_context(finish)?;
    }
    std::fs::rename(new, &file)
        .with_context(|| format!("putting the new key in {}", file.display()))
        .with_context(finish)?;
    println!(
        "new data key in {} (the old one is in {})",
        file.display(),
        old.display()
    );
    Ok(())
}
