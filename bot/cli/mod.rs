//! The subcommands of `tremplin`, one file each (`serve` has a folder: start-up, background
//! jobs, Telegram's polling lease, shutdown). What several commands open (the content, the data
//! key, the database, the host) is opened in `open.rs`. Commands call the application layer,
//! the web and channel entry points and storage's own operations; they write no SQL.

mod bench;
mod chat;
mod check;
mod explained;
mod invitations;
mod migrate;
mod open;
mod purge;
mod rotate_key;
mod serve;
mod services;
mod staff;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use tremplin::config::Settings;

pub use explained::Explained;

/// The command line: the settings every command shares, then the command.
#[derive(Debug, Parser)]
#[command(
    name = "tremplin",
    version,
    about = "Conversational intake assistant for the SPIE"
)]
pub struct Cli {
    #[command(flatten)]
    settings: Settings,
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The diagnostic in the terminal (interactive, or one answer per line on standard input).
    Chat(chat::Chat),
    /// Loads every dialogue and locale and prints every problem found (with `--segments`,
    /// what SMS costs in each locale).
    Check(check::Check),
    /// Creates or migrates the database.
    Migrate,
    /// Seals every stored address and sensitive answer with a new data key. With the key file,
    /// the file is replaced (the old key is kept beside it as `.old`); with TREMPLIN_DATA_KEY,
    /// the new key is written to `--new-key-file`, to be set as TREMPLIN_DATA_KEY.
    RotateKey(rotate_key::RotateKey),
    /// Removes what is kept past its retention time (people without contact, old audit
    /// entries, old message ids and sent messages).
    Purge(purge::Purge),
    /// Runs the service: HTTP (health, channels, dashboard).
    Serve(serve::Serve),
    /// Staff accounts of the dashboard.
    Staff {
        #[command(subcommand)]
        action: staff::StaffCommand,
    },
    /// Measures performance against baselines run at the same time.
    Bench(bench::Bench),
    /// Invitations: import a Département's list of the people it must invite.
    Invitations {
        #[command(subcommand)]
        action: invitations::InvitationsCommand,
    },
    /// Local services: import a territory's file of data·inclusion services.
    Services {
        #[command(subcommand)]
        action: services::ServicesCommand,
    },
}

impl Command {
    /// The log level when `RUST_LOG` is unset: the service says what it does, the tools only
    /// what went wrong.
    #[must_use]
    pub fn log_level(&self) -> &'static str {
        match self {
            Self::Serve(_) => "info",
            _ => "warn",
        }
    }
}

impl Cli {
    /// Runs the command; the exit code it ends with.
    pub async fn run(self) -> anyhow::Result<ExitCode> {
        let settings = &self.settings;
        match self.command {
            Command::Chat(c) => c.run(settings).await,
            Command::Check(c) => c.run(settings),
            Command::Migrate => migrate::run(settings).await,
            Command::RotateKey(c) => c.run(settings).await,
            Command::Purge(c) => c.run(settings).await,
            Command::Serve(c) => c.run(settings).await,
            Command::Staff { action } => action.run(settings).await,
            Command::Bench(c) => c.run(settings).await,
            Command::Invitations { action } => action.run(settings).await,
            Command::Services { action } => action.run(settings).await,
        }
    }
}
