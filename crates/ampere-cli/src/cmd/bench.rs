//! `ampere bench --vehicle … --cycle …`: median time of one run and batch throughput on all cores, so that
//! anyone can check the speed figures of `BENCHMARKS.md` on their own machine.

use ampere_core::vehicle::Vehicle;
use ampere_study::batch::time_runs;
use anyhow::Result;
use serde_json::json;

use crate::input::{self, VehicleArgs};

/// Arguments of `ampere bench`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    vehicle: VehicleArgs,
    /// Built-in cycle name or CSV file.
    #[arg(long, default_value = "wltc_class3b")]
    cycle: String,
    /// Single runs to time (the median is reported).
    #[arg(long, default_value_t = 2001)]
    samples: usize,
    /// Runs in the parallel batch (mass variants of the vehicle, ±10 %).
    #[arg(long, default_value_t = 200_000)]
    batch_runs: usize,
    /// Print JSON (`median_run_us`, `batch_runs_per_minute`).
    #[arg(long)]
    json: bool,
}

/// Number of distinct mass variants in the batch (the batch cycles through them).
const VARIANTS: usize = 1000;

/// Run the command.
pub fn run(args: &Args) -> Result<()> {
    let spec = input::vehicle_spec(&args.vehicle.vehicle)?;
    let base = args.vehicle.load()?;
    let variants: Vec<Vehicle> = std::iter::once(Ok(base.clone()))
        .chain((1..VARIANTS).map(|i| {
            let mut s = spec.clone();
            s.convention = match base.conventions == ampere_core::vehicle::Conventions::FASTSIM {
                true => ampere_core::vehicle::spec::ConventionSpec::Fastsim,
                false => s.convention,
            };
            s.mass.running_order_kg *= 0.9 + 0.2 * i as f64 / VARIANTS as f64;
            s.mass.test_mass_kg = s.mass.test_mass_kg.map(|m| m * (0.9 + 0.2 * i as f64 / VARIANTS as f64));
            Vehicle::from_spec(&s, &args.vehicle.vehicle)
        }))
        .collect::<Result<_, _>>()?;
    let cycle = input::cycle(&args.cycle)?;
    let timing = time_runs(&variants, &cycle, args.samples, args.batch_runs);
    let median_run_us = timing.median_run.as_secs_f64() * 1e6;
    if args.json {
        let report = json!({
            "vehicle": base.name,
            "cycle": cycle.name(),
            "steps": cycle.len() - 1,
            "median_run_us": median_run_us,
            "batch_runs_per_minute": timing.batch_runs_per_minute,
            "threads": timing.threads,
        });
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{} over {} ({} steps): median {:.1} µs per run ({:.1} ns per step); batch {:.0} runs/minute on {} threads",
            base.name,
            cycle.name(),
            cycle.len() - 1,
            median_run_us,
            median_run_us * 1e3 / (cycle.len() - 1) as f64,
            timing.batch_runs_per_minute,
            timing.threads
        );
    }
    Ok(())
}
