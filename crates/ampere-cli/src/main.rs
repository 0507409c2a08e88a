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
    /// Cost a cell, its pack and vehicle at a price scenario (`--tornado` for sensitivity); `validate` prints
    /// the validation checks, `prices` a scenario's price deck with sources.
    Cost(cmd::cost::Args),
    /// List the built-in drive cycles, or show one (duration, distance, speeds, per phase).
    Cycles(cmd::cycles::Args),
    /// Drive one vehicle over one cycle: energy per phase and breakdown, optional per-step trace.
    Simulate(cmd::simulate::Args),
    /// Official range and consumption (WLTP or EPA) of a vehicle.
    Range(cmd::range::Args),
    /// Time single runs and a parallel batch of a vehicle over a cycle on this machine.
    Bench(cmd::bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Age(args) => cmd::age::run(&args),
        Command::Cost(args) => cmd::cost::run(&args),
        Command::Cycles(args) => cmd::cycles::run(&args),
        Command::Simulate(args) => cmd::simulate::run(&args),
        Command::Range(args) => cmd::range::run(&args),
        Command::Bench(args) => cmd::bench::run(&args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ampere: {err:#}");
            if err.downcast_ref::<ampere_core::Error>().is_some() { ExitCode::from(2) } else { ExitCode::FAILURE }
        }
    }
}
