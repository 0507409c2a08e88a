//! `ampere`: the command-line front of ampere-core.
//!
//! `main` parses the arguments into a typed [`Command`] and hands it to the matching module in `cmd/`; all
//! file I/O happens there, never in the core. Errors from the core are typed; here they become a message
//! for humans and exit code 2 (bad input) or 1 (anything else).

mod cmd;
mod input;
mod report;
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
    /// Cost a cell, its pack and vehicle at a price scenario (`--tornado` for sensitivity); `validate` prints
    /// the validation checks, `prices` a scenario's price deck with sources.
    Cost(cmd::cost::Args),
    /// Battery ageing: capacity and resistance over years for a cell model, from a SOC/temperature series or a
    /// usage profile in a climate, with Euro 7 and warranty checks.
    Age(cmd::age::Args),
    /// List the built-in drive cycles, or show one (duration, distance, speeds, per phase).
    Cycles(cmd::cycles::Args),
    /// Drive one vehicle over one cycle: energy per phase and breakdown, optional per-step trace.
    Simulate(cmd::simulate::Args),
    /// Official range and consumption (WLTP or EPA) of a vehicle.
    Range(cmd::range::Args),
    /// Time single runs and a parallel batch of a vehicle over a cycle on this machine.
    Bench(cmd::bench::Args),
    /// List library cells, drive a cell with a current profile, or fit an ECM to HPPC data.
    Cell(cmd::cell::Args),
    /// Simulate a charging session (DC fast or AC): time 10→80 %, power vs SOC, grid energy, losses.
    Charge(cmd::charge::Args),
    /// Simulated WLTP range and consumption of the reference vehicles against their official figures.
    Validate(cmd::validate::Args),
    /// The main job: every model on every vehicle of a study (built-in: Renault/Ampere against the Chinese
    /// benchmarks); writes report.html, compare.csv and compare.json.
    Compare(cmd::compare::Args),
}

fn main() -> ExitCode {
    exit_quietly_on_broken_pipe();
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Cost(args) => cmd::cost::run(&args),
        Command::Age(args) => cmd::age::run(&args),
        Command::Cycles(args) => cmd::cycles::run(&args),
        Command::Simulate(args) => cmd::simulate::run(&args),
        Command::Range(args) => cmd::range::run(&args),
        Command::Bench(args) => cmd::bench::run(&args),
        Command::Cell(args) => cmd::cell::run(&args),
        Command::Charge(args) => cmd::charge::run(&args),
        Command::Validate(args) => cmd::validate::run(&args),
        Command::Compare(args) => cmd::compare::run(&args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ampere: {err:#}");
            if err.downcast_ref::<ampere_core::Error>().is_some() { ExitCode::from(2) } else { ExitCode::FAILURE }
        }
    }
}

/// `println!` panics when stdout is a closed pipe (`ampere … | head`); end quietly instead, as Unix tools do.
fn exit_quietly_on_broken_pipe() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default_hook(info);
    }));
}
