//! What the commands open: the checked content, the data key, the database and the host of
//! turns. It decides nothing a single command owns.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;

use tremplin::app::Host;
use tremplin::catalog::Catalog;
use tremplin::channels::{sms, telegram};
use tremplin::config::Settings;
use tremplin::core::{Clock as _, SystemClock};
use tremplin::dialogue::Problem;
use tremplin::i18n::REFERENCE;
use tremplin::storage::Store;
use tremplin::storage::held::{HeldLease, Taken};
use tremplin::storage::leases::instance_name;
use tremplin::storage::schema::Schema;
use tremplin::storage::vault::DataKey;

use super::Explained;

/// Loads and checks the dialogues, locales and territories, the settings that name what they
/// hold, the length of every French question as the SMS channel sends it and of every button
/// label as Telegram shows it. Every check runs, whatever the others found; every problem is
/// printed, and the command ends with a failure.
pub fn catalog(settings: &Settings) -> anyhow::Result<Catalog> {
    checked_catalog(settings, Budgets::Reference)
}

/// Whose questions are held to their SMS segment budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budgets {
    /// French only: what `serve` and `chat` refuse to start without.
    Reference,
    /// Every locale, each to its own budget: what `check` says.
    EveryLocale,
}

/// [`catalog`], with the SMS budget of the locales `budgets` says.
pub fn checked_catalog(settings: &Settings, budgets: Budgets) -> anyhow::Result<Catalog> {
    let here = std::env::current_dir().unwrap_or_default();
    let missing: Vec<(&str, &std::path::Path)> = [
        ("TREMPLIN_DIALOGUES", settings.dialogues.as_path()),
        ("TREMPLIN_LOCALES", settings.locales.as_path()),
    ]
    .into_iter()
    .filter(|(_, dir)| !here.join(dir).is_dir())
    .collect();
    let mut problems: Vec<String> = missing
        .iter()
        .map(|(name, dir)| {
            format!(
                "{name}: no folder {} (from the working folder {}); run from the folder that holds it, or set {name}",
                dir.display(),
                here.display()
            )
        })
        .collect();
    let (catalog, found) = Catalog::load_all(&settings.dialogues, &settings.locales);
    // A missing folder is said once, above, with what to do.
    let said = |p: &Problem| missing.iter().any(|(_, dir)| Path::new(&p.file) == *dir);
    problems.extend(found.iter().filter(|p| !said(p)).map(ToString::to_string));
    problems.extend(settings.problems(catalog.as_ref()));
    if let Some(catalog) = &catalog {
        problems.extend(long_questions(settings, catalog, budgets));
        problems.extend(
            telegram::long_labels(catalog)
                .iter()
                .map(ToString::to_string),
        );
    }
    match catalog {
        Some(catalog) if problems.is_empty() => Ok(catalog),
        _ => {
            for p in &problems {
                eprintln!("{p}");
            }
            eprintln!(
                "{} problem(s) found; fix them and try again.",
                problems.len()
            );
            Err(Explained(ExitCode::FAILURE).into())
        }
    }
}

/// The questions that take more SMS segments than their locale's budget
/// ([`sms::budget::question_budget`]), as the SMS channel sends them, each at the file and line
/// of its locale; and the slots offered and the booking confirmation of a typical diagnostic
/// over theirs ([`sms::budget::booking_over_budget`]).
fn long_questions(settings: &Settings, catalog: &Catalog, budgets: Budgets) -> Vec<String> {
    let locales: Vec<&str> = match budgets {
        Budgets::Reference => vec![REFERENCE],
        Budgets::EveryLocale => catalog.locales.tags().iter().map(String::as_str).collect(),
    };
    let mut out = Vec::new();
    for locale in locales {
        for o in sms::budget::over_budget(catalog, locale, settings.sms_gsm7) {
            let q = &o.question;
            let at = catalog.locales.at(
                locale,
                &o.message,
                format!(
                    "the question of step '{}' of {}{} takes {} {:?} SMS segments ({} at most): shorten it",
                    q.step,
                    o.dialogue,
                    if o.asked == sms::Asked::Again {
                        ", asked again after an answer not understood,"
                    } else {
                        ""
                    },
                    q.segments,
                    q.encoding,
                    o.budget
                ),
            );
            out.push(format!("{at}\n{}\n", q.text));
        }
        let territory = settings.territory.as_deref();
        for o in sms::budget::booking_over_budget(catalog, territory, locale, settings.sms_gsm7) {
            let at = catalog.locales.at(
                locale,
                o.message,
                format!(
                    "{} of a typical diagnostic take {} SMS segments ({} at most): shorten its messages",
                    o.what, o.sent.segments, o.budget
                ),
            );
            out.push(format!("{at}\n{}\n", o.sent.text));
        }
    }
    out
}

/// The lease every process that seals or opens data with the data key shares, and a key
/// rotation holds alone: a rotation never runs while an instance still uses the old key.
pub const KEY_LEASE: &str = "data-key";

/// How often a `serve` checks its share of the data key's lease (see [`key_still_ours`]).
pub const KEY_CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// This process's share of the data key's lease, held until it ends.
static KEY_SHARE: tokio::sync::Mutex<Option<HeldLease>> = tokio::sync::Mutex::const_new(None);

/// Connects to the database as configured, as it is: no migration, no data key.
pub async fn connect(settings: &Settings) -> anyhow::Result<Store> {
    Store::connect(&settings.database_url, settings.pool())
        .await
        .context("opening the database")
}

/// The schema against this version's migrations, after applying the pending ones when
/// TREMPLIN_AUTO_MIGRATE says so (then none is pending). A database a newer version has left
/// this one behind on stops here, with what to run instead.
pub async fn schema(settings: &Settings, store: &Store) -> anyhow::Result<Schema> {
    let mut schema = store
        .schema()
        .await
        .context("reading the database's migrations")?;
    if let Some(why) = schema.too_old_message() {
        eprintln!("{why}");
        return Err(Explained(ExitCode::FAILURE).into());
    }
    if !schema.newer.is_empty() {
        tracing::info!(
            newer = schema.newer.len(),
            "the database holds migrations of a newer version, which this one runs with"
        );
    }
    if !schema.pending.is_empty() && settings.auto_migrate(store.backend()) {
        schema = store.migrate().await.context("migrating")?;
    }
    Ok(schema)
}

/// Opens the database migrated to this version (see [`schema`]); with migrations pending and
/// not applied here, the command stops and says to run `tremplin migrate`.
pub async fn migrated(settings: &Settings) -> anyhow::Result<Store> {
    let store = connect(settings).await?;
    let schema = schema(settings, &store).await?;
    if !schema.pending.is_empty() {
        eprintln!("{}", pending_message(&schema));
        return Err(Explained(ExitCode::FAILURE).into());
    }
    Ok(store)
}

/// What to do about pending migrations.
pub fn pending_message(schema: &Schema) -> String {
    let names: Vec<String> = schema
        .pending
        .iter()
        .map(|m| format!("{} {}", m.version, m.description))
        .collect();
    format!(
        "migrations pending: the database lacks {} migration(s) of this version ({}); run `tremplin migrate` (TREMPLIN_AUTO_MIGRATE=on lets every command migrate at start)",
        names.len(),
        names.join(", ")
    )
}

/// Opens the database migrated to this version with the data key, sealing rows left in clear
/// by an older version. A key that is not the one the data is sealed with stops here.
pub async fn store(settings: &Settings) -> anyhow::Result<Store> {
    let store = migrated(settings).await?;
    keyed(settings, store, true).await
}

/// The store with the data key, once this process shares the key's lease (held until it
/// ends) and the key is checked against the data; rows an older version left in clear are
/// sealed. With `create`, a key is made for a SQLite database that holds nobody yet.
pub async fn keyed(settings: &Settings, store: Store, create: bool) -> anyhow::Result<Store> {
    share_key(&store).await?;
    let key = Arc::new(data_key(settings, create.then_some(&store)).await?);
    let store = store.with_key(key);
    check_key(&store, settings, SystemClock.unix()).await?;
    reseal_older_rows(&store).await?;
    Ok(store)
}

/// Shares the data key's lease until the process ends; refused while a rotation runs.
async fn share_key(store: &Store) -> anyhow::Result<()> {
    match store.share_lease(KEY_LEASE, &instance_name()).await? {
        Taken::Held(lease) => {
            *KEY_SHARE.lock().await = Some(lease);
            Ok(())
        }
        Taken::Elsewhere(who) => {
            eprintln!(
                "The data key is being rotated on this database ({}): start again once `tremplin rotate-key` has ended.",
                who.as_deref().unwrap_or("by another process")
            );
            Err(Explained(ExitCode::FAILURE).into())
        }
    }
}

/// Whether this process still shares the data key's lease and its key is still the data's.
/// On PostgreSQL a lost database connection loses the lease: it is taken again, unless a
/// rotation holds it (false), and a rotation that ran meanwhile shows in the recorded key.
pub async fn key_still_ours(store: &Store) -> anyhow::Result<bool> {
    let mut share = KEY_SHARE.lock().await;
    let Some(lease) = share.as_mut() else {
        return Ok(false);
    };
    if !lease.still_held(store).await? {
        return Ok(false);
    }
    Ok(store
        .recorded_key()
        .await?
        .is_none_or(|r| r.check_value == store.key().check_value()))
}

/// Seals what an older version left in clear (and keys its inbound messages) with the
/// store's key; nothing to do on a database written by this version.
pub async fn reseal_older_rows(store: &Store) -> anyhow::Result<()> {
    if store.has_clear_rows().await? {
        let n = store
            .reseal_from(store.key(), SystemClock.unix())
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

/// Compares the store's key with the one recorded for its data (recorded here on the first
/// start, or when an older version did not record it).
pub async fn check_key(store: &Store, settings: &Settings, now: i64) -> anyhow::Result<()> {
    let key = store.key();
    let expected = match store.recorded_key().await? {
        Some(r) if r.check_value == key.check_value() => return Ok(()),
        Some(r) => r.id,
        None => match store.any_sealed_key_id().await? {
            Some(id) if id != key.id() => id,
            _ => return Ok(store.record_key(now).await?),
        },
    };
    eprintln!(
        "The data key {} does not open this database: its data is sealed with key {expected}.\n\
         Start with key {expected}: {}",
        key.id(),
        where_keys_are(settings)
    );
    Err(Explained(ExitCode::FAILURE).into())
}

/// Where a data key may be found, for a message that asks for one.
fn where_keys_are(settings: &Settings) -> String {
    match settings.key_file() {
        Some(f) if unfinished(&f).exists() => format!(
            "a key rotation was interrupted and left {}: run `tremplin rotate-key` again to finish it.",
            unfinished(&f).display()
        ),
        Some(f) => format!(
            "the key file is {}; after a rotation the previous key is kept beside it as {}.old, and a backup of the database needs the key file of its time.",
            f.display(),
            f.display()
        ),
        None => "set TREMPLIN_DATA_KEY (or TREMPLIN_DATA_KEY_FILE) to it; after a rotation the previous key is the one it replaced.".to_string(),
    }
}

/// Where a rotation writes the new key before the key file is replaced with it (see
/// `rotate-key`); found there only after an interrupted rotation.
pub fn unfinished(key_file: &std::path::Path) -> std::path::PathBuf {
    beside(key_file, "new")
}

/// `name.ext` -> `name.ext.<suffix>`.
pub fn beside(file: &std::path::Path, suffix: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(format!("{}.{suffix}", file.display()))
}

/// Checks the content, opens the database and makes the host of turns, on the system clock.
pub async fn host(settings: &Settings) -> anyhow::Result<Host> {
    let catalog = catalog(settings)?;
    let store = store(settings).await?;
    host_of(settings, catalog, store)
}

/// The host of turns on checked content and an opened store, on the system clock.
pub fn host_of(settings: &Settings, catalog: Catalog, store: Store) -> anyhow::Result<Host> {
    Ok(Host::new(
        store,
        Arc::new(catalog),
        settings.host(),
        Arc::new(SystemClock),
    )?)
}

/// The data key: TREMPLIN_DATA_KEY, or the key file. A key file is created only for a SQLite
/// database that holds nobody yet (given as `new_for`), never for PostgreSQL.
pub async fn data_key(settings: &Settings, new_for: Option<&Store>) -> anyhow::Result<DataKey> {
    if let Some(text) = &settings.data_key {
        return DataKey::parse(text).context("TREMPLIN_DATA_KEY");
    }
    let postgres = settings.database_url.starts_with("postgres");
    let Some(path) = settings.key_file() else {
        if postgres {
            anyhow::bail!(
                "set TREMPLIN_DATA_KEY (or TREMPLIN_DATA_KEY_FILE): with PostgreSQL every instance must use the same data key"
            );
        }
        // An in-memory database: its data ends with the process, and so does its key.
        return Ok(DataKey::generate().0);
    };
    if path.exists() {
        return Ok(DataKey::load_or_create(&path)?.0);
    }
    let refuse = |why: &str| -> anyhow::Result<DataKey> {
        eprintln!("No data key at {}: {why}", path.display());
        Err(Explained(ExitCode::FAILURE).into())
    };
    if postgres {
        return refuse(
            "a data key is never created for PostgreSQL, where every instance must use the same one; check TREMPLIN_DATA_KEY_FILE",
        );
    }
    let Some(store) = new_for else {
        return refuse("this command does not create one");
    };
    if let Some(id) = store
        .recorded_key()
        .await?
        .map(|r| r.id)
        .or(store.any_sealed_key_id().await?)
    {
        return refuse(&format!(
            "this database's data is sealed with key {id}; put that key back (after a rotation the previous key is kept beside the key file as .old; a backup of the database needs the key file of its time)"
        ));
    }
    if store.holds_people().await? {
        return refuse("this database already holds people; put its key back");
    }
    let (key, _) = DataKey::load_or_create(&path)?;
    tracing::warn!(
        file = %path.display(),
        "created a new data key (readable by its owner only); back it up: without it, stored addresses and sensitive answers cannot be read"
    );
    Ok(key)
}
