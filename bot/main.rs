//! The `tremplin` binary: reads the command line, sets up logging and the runtime, and runs the
//! command. Each command lives in its own file under `cli/`; this file holds none of them.

mod cli;

use std::process::ExitCode;

use clap::Parser as _;
use tracing_subscriber::EnvFilter;

/// A turn makes many small, short-lived allocations (forms, texts, rows): this allocator keeps
/// them cheap across the runtime's threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new(cli.command.log_level())),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli.run()) {
        Ok(code) => code,
        Err(e) => match e.downcast_ref::<cli::Explained>() {
            Some(explained) => explained.0,
            None => {
                eprintln!("error: {e:#}");
                ExitCode::FAILURE
            }
        },
    }
}
