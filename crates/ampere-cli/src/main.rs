//! `ampere`: the command-line front of ampere-core.
//!
//! `main` parses the arguments into a typed [`Command`] and hands it to the matching module in `cmd/`; all
//! file I/O happens there, never in the core. Errors from the core are typed; here they become a message
//! for humans and exit code 2 (bad input) or 1 (anything else).

mod cmd;
mod input;
mod table;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// ampere — EV design studio: vehicle energy, batteries, ageing and cost from first principles.
#[derive(Parser)]
#[command(name = "ampere", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Battery ageing: capacity and resistance over years for a cell model, from a SOC/temperature series or a
    /// usage profile in a climate, with Euro 7 and warranty checks.
    Age(cmd::age::Args),
    /// List the built-in drive cycles, or show one (duration, distance, speeds, per phase).
    Cycles(cmd::cycles::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Age(args) => cmd::age::run(&args),
        Command::Cycles(args) => cmd::cycles::run(&args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ampere: {err:#}");
            if err.downcast_ref::<ampere_core::Error>().is_some() { ExitCode::from(2) } else { ExitCode::FAILURE }
        }
    }
}
