//! What the commands open: the checked content, the data key, the database and the host of
//! turns. It decides nothing a single command owns.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;

use tremplin::app::Host;
use tremplin::catalog::Catalog;
use tremplin::config::Settings;
use tremplin::core::SystemClock;
use tremplin::storage::Store;
use tremplin::storage::vault::DataKey;

use super::Explained;

/// Loads and checks the dialogues, locales and territories; every problem is printed, and the
/// command ends with a failure.
pub fn catalog(settings: &Settings) -> anyhow::Result<Catalog> {
    let dialogues = Settings::content_dir(&settings.dialogues);
    let locales = Settings::content_dir(&settings.locales);
    Catalog::load(&dialogues, &locales).map_err(|problems| {
        eprint!("{problems}");
        eprintln!(
            "{} problem(s) found; fix them and try again.",
            problems.0.len()
        );
        Explained(ExitCode::FAILURE).into()
    })
}

/// Connects to the database as configured, without a data key (migrations, key rotation).
pub async fn connect(settings: &Settings) -> anyhow::Result<Store> {
    Store::open(&settings.database_url, settings.pool())
        .await
        .context("opening the database")
}

/// Opens the database with the data key, sealing rows left in clear by an older version.
pub async fn store(settings: &Settings) -> anyhow::Result<Store> {
    let key = Arc::new(data_key(settings, true)?);
    let store = connect(settings).await?.with_key(key);
    reseal_older_rows(&store).await?;
    Ok(store)
}

/// Seals what an older version left in clear (and keys its inbound messages) with the
/// store's key; nothing to do on a database written by this version.
pub async fn reseal_older_rows(store: &Store) -> anyhow::Result<()> {
    if store.has_clear_rows().await? {
        let n = store
            .reseal_from(store.key())
            .await
            .context("sealing rows an older version left in clear")?;
        tracing::warn!(
            people = n.people,
            answers = n.answers,
            inbound = n.inbound,
            "sealed data stored in clear by an older version"
        );
    }
    Ok(())
}

/// Checks the content, opens the database and makes the host of turns, on the system clock.
pub async fn host(settings: &Settings) -> anyhow::Result<Host> {
    let catalog = catalog(settings)?;
    let store = store(settings).await?;
    Ok(Host::new(
        store,
        Arc::new(catalog),
        settings.host(),
        Arc::new(SystemClock),
    )?)
}

/// The data key: TREMPLIN_DATA_KEY, or the key file (created for SQLite on first start when
/// `create` is set).
pub fn data_key(settings: &Settings, create: bool) -> anyhow::Result<DataKey> {
    if let Some(text) = &settings.data_key {
        return DataKey::parse(text).context("TREMPLIN_DATA_KEY");
    }
    let Some(path) = settings.key_file() else {
        if settings.database_url.starts_with("postgres") {
            anyhow::bail!(
                "set TREMPLIN_DATA_KEY (or TREMPLIN_DATA_KEY_FILE): with PostgreSQL every instance must use the same data key"
            );
        }
        // An in-memory database: its data ends with the process, and so does its key.
        return Ok(DataKey::generate().0);
    };
    if !create && !path.exists() {
        anyhow::bail!("no data key at {}", path.display());
    }
    let (key, created) = DataKey::load_or_create(&path)?;
    if created {
        tracing::warn!(
            file = %path.display(),
            "created a new data key (readable by its owner only); back it up: without it, stored addresses and sensitive answers cannot be read"
        );
    }
    Ok(key)
}
