//! `ampere cycles [show NAME|FILE]`.

use ampere_core::cycle::{CycleStats, builtin};
use ampere_core::units::MPS_PER_KMH;
use anyhow::Result;

use crate::{input, table::Table};

/// Arguments of `ampere cycles`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Show one cycle per phase: duration, distance, mean/max speed, idle share, max acceleration.
    Show {
        /// Built-in name (see `ampere cycles`) or CSV file.
        cycle: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// Run the command.
pub fn run(args: &Args) -> Result<()> {
    match &args.action {
        None => list(),
        Some(Action::Show { cycle, json }) => show(cycle, *json),
    }
}

fn list() -> Result<()> {
    let mut table = Table::new(["cycle", "duration s", "distance km", "mean km/h", "max km/h", "phases"]);
    for name in builtin::names() {
        let cycle = builtin::load(name)?;
        let s = cycle.stats();
        let phases: Vec<&str> = cycle.phases().iter().map(|p| p.name.as_str()).collect();
        table.row([
            name.to_owned(),
            format!("{:.0}", s.duration_s),
            format!("{:.3}", s.distance_m / 1000.0),
            format!("{:.1}", s.mean_speed_mps / MPS_PER_KMH),
            format!("{:.1}", s.max_speed_mps / MPS_PER_KMH),
            phases.join(" / "),
        ]);
    }
    print!("{}", table.render());
    Ok(())
}

fn show(name: &str, json: bool) -> Result<()> {
    let cycle = input::cycle(name)?;
    let mut rows: Vec<(String, CycleStats)> = cycle.phase_stats().into_iter().map(|(n, s)| (n.to_owned(), s)).collect();
    if rows.len() > 1 {
        rows.push(("Total".to_owned(), cycle.stats()));
    }
    if json {
        let entries: Vec<_> = rows.iter().map(|(phase, s)| stats_json(phase, s)).collect();
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "cycle": cycle.name(), "phases": entries }))?);
        return Ok(());
    }
    println!("{}", cycle.name());
    let mut table = Table::new([
        "phase",
        "duration s",
        "distance km",
        "mean km/h",
        "max km/h",
        "idle %",
        "max accel m/s²",
        "max decel m/s²",
    ]);
    for (phase, s) in &rows {
        table.row([
            phase.clone(),
            format!("{:.0}", s.duration_s),
            format!("{:.3}", s.distance_m / 1000.0),
            format!("{:.1}", s.mean_speed_mps / MPS_PER_KMH),
            format!("{:.1}", s.max_speed_mps / MPS_PER_KMH),
            format!("{:.1}", 100.0 * s.idle_share),
            format!("{:.2}", s.max_acceleration_mps2),
            format!("{:.2}", s.max_deceleration_mps2),
        ]);
    }
    print!("{}", table.render());
    Ok(())
}

fn stats_json(phase: &str, s: &CycleStats) -> serde_json::Value {
    serde_json::json!({
        "phase": phase,
        "duration_s": s.duration_s,
        "distance_km": s.distance_m / 1000.0,
        "mean_speed_kmh": s.mean_speed_mps / MPS_PER_KMH,
        "max_speed_kmh": s.max_speed_mps / MPS_PER_KMH,
        "idle_share": s.idle_share,
        "max_acceleration_mps2": s.max_acceleration_mps2,
        "max_deceleration_mps2": s.max_deceleration_mps2,
    })
}
