//! `ampere simulate --vehicle … --cycle … [--trace out.csv] [--json]`: one vehicle over one cycle.

use std::io::Write;
use std::path::PathBuf;

use ampere_core::battery::BatteryModel;
use ampere_core::sim::{SimOptions, SimResult, Summary, Trace, simulate};
use ampere_core::units::J_PER_KWH;
use anyhow::{Context, Result};
use serde_json::json;

use crate::input::{self, VehicleArgs};
use crate::table::Table;

/// Arguments of `ampere simulate`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    vehicle: VehicleArgs,
    /// Built-in cycle name (see `ampere cycles`) or CSV file.
    #[arg(long)]
    cycle: String,
    /// SOC at the start, 0–1 (default: top of the battery's window).
    #[arg(long)]
    initial_soc: Option<f64>,
    /// Ambient temperature, °C, where the cycle carries none.
    #[arg(long, default_value_t = ampere_core::sim::DEFAULT_AMBIENT_DEGC)]
    ambient_degc: f64,
    /// Write the per-step time series to this file (CSV, or JSON when it ends in .json).
    #[arg(long)]
    trace: Option<PathBuf>,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

/// Run the command.
pub fn run(args: &Args) -> Result<()> {
    let vehicle = args.vehicle.load()?;
    let cycle = input::cycle(&args.cycle)?;
    if let Some(soc) = args.initial_soc {
        let (lo, hi) = vehicle.battery.soc_window();
        anyhow::ensure!(
            (lo..=hi).contains(&soc),
            "--initial-soc {soc}: must be within the battery's SOC window [{lo}, {hi}]"
        );
    }
    let options = SimOptions {
        initial_soc: args.initial_soc,
        ambient_degc: args.ambient_degc,
        record_trace: args.trace.is_some(),
        ..SimOptions::default()
    };
    let result = simulate(&vehicle, &cycle, &options);
    if let (Some(path), Some(trace)) = (&args.trace, &result.trace) {
        write_trace(path, trace)?;
    }
    let usable_kwh = vehicle.battery.usable_energy_j() / J_PER_KWH;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary_json(&result.summary, usable_kwh))?);
    } else {
        print!("{}", summary_text(&result, usable_kwh));
    }
    Ok(())
}

/// JSON of a summary, every field named with its unit.
pub fn summary_json(s: &Summary, usable_kwh: f64) -> serde_json::Value {
    let e = &s.energy;
    let kwh = |j: f64| j / J_PER_KWH;
    json!({
        "vehicle": s.vehicle,
        "cycle": s.cycle,
        "duration_s": s.duration_s,
        "distance_km": s.distance_m / 1000.0,
        "battery_energy_dc_kwh": kwh(e.battery_terminal_j),
        "battery_energy_internal_kwh": kwh(e.battery_internal_j),
        "wall_energy_kwh": kwh(s.wall_energy_j),
        "wh_per_km_dc": s.wh_per_km_dc(),
        "wh_per_km_wall": s.wh_per_km_wall(),
        "range_km": if s.wh_per_km_dc() > 0.0 { usable_kwh * 1000.0 / s.wh_per_km_dc() } else { 0.0 },
        "soc_start": s.soc_start,
        "soc_end": s.soc_end,
        "energy_kwh": {
            "aero": kwh(e.aero_j),
            "rolling": kwh(e.rolling_j),
            "grade": kwh(e.grade_j),
            "kinetic": kwh(e.kinetic_j),
            "driveline_loss": kwh(e.driveline_loss_j),
            "motor_loss": kwh(e.motor_loss_j),
            "battery_loss": kwh(e.battery_loss_j),
            "aux": kwh(e.aux_j),
            "regen_recovered": kwh(e.regen_recovered_j),
            "friction_brake": kwh(e.friction_brake_j),
            "aux_unserved": kwh(e.aux_unserved_j),
        },
        "phases": s.phases.iter().map(|p| json!({
            "name": p.name,
            "duration_s": p.duration_s,
            "distance_km": p.distance_m / 1000.0,
            "battery_energy_dc_kwh": kwh(p.battery_terminal_j),
            "wh_per_km_dc": p.wh_per_km_dc(),
        })).collect::<Vec<_>>(),
        "trace_miss": {
            "steps": s.trace_miss.steps,
            "time_s": s.trace_miss.time_s,
            "distance_short_km": s.trace_miss.distance_short_m / 1000.0,
            "worst_speed_deficit_kmh": s.trace_miss.worst_speed_deficit_mps * 3.6,
            "worst_at_s": s.trace_miss.worst_at_s,
        },
    })
}

fn summary_text(result: &SimResult, usable_kwh: f64) -> String {
    let s = &result.summary;
    let kwh = |j: f64| format!("{:.4}", j / J_PER_KWH);
    let mut out = format!(
        "{} on {}: {:.3} km in {:.0} s, {:.1} Wh/km DC, {:.1} Wh/km at the wall, SOC {:.3} → {:.3}\n\n",
        s.vehicle,
        s.cycle,
        s.distance_m / 1000.0,
        s.duration_s,
        s.wh_per_km_dc(),
        s.wh_per_km_wall(),
        s.soc_start,
        s.soc_end
    );
    let mut phases = Table::new(["phase", "duration s", "distance km", "DC kWh", "Wh/km DC", "range km at this rate"]);
    for p in &s.phases {
        let range =
            if p.wh_per_km_dc() > 0.0 { format!("{:.0}", usable_kwh * 1000.0 / p.wh_per_km_dc()) } else { "-".into() };
        phases.row([
            p.name.clone(),
            format!("{:.0}", p.duration_s),
            format!("{:.3}", p.distance_m / 1000.0),
            kwh(p.battery_terminal_j),
            format!("{:.1}", p.wh_per_km_dc()),
            range,
        ]);
    }
    out.push_str(&phases.render());
    let e = &s.energy;
    let mut energy = Table::new(["energy flow", "kWh"]);
    for (name, j) in [
        ("drawn from storage (internal)", e.battery_internal_j),
        ("battery terminals (DC)", e.battery_terminal_j),
        ("battery loss", e.battery_loss_j),
        ("auxiliaries", e.aux_j),
        ("motor + inverter loss", e.motor_loss_j),
        ("driveline loss", e.driveline_loss_j),
        ("aerodynamic drag", e.aero_j),
        ("rolling resistance", e.rolling_j),
        ("grade (potential energy)", e.grade_j),
        ("kinetic energy change", e.kinetic_j),
        ("friction braking", e.friction_brake_j),
        ("regen recovered (DC)", e.regen_recovered_j),
    ] {
        energy.row([name.to_owned(), kwh(j)]);
    }
    out.push('\n');
    out.push_str(&energy.render());
    let miss = &s.trace_miss;
    if miss.steps > 0 {
        out.push_str(&format!(
            "\ntrace missed: {} steps ({:.0} s), {:.3} km short, worst {:.1} km/h below the trace at {:.0} s\n",
            miss.steps,
            miss.time_s,
            miss.distance_short_m / 1000.0,
            miss.worst_speed_deficit_mps * 3.6,
            miss.worst_at_s
        ));
    }
    out
}

fn write_trace(path: &std::path::Path, trace: &Trace) -> Result<()> {
    let file = std::fs::File::create(path).with_context(|| format!("cannot create `{}`", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let columns = trace.columns();
    if path.extension().is_some_and(|e| e == "json") {
        let mut object = serde_json::Map::new();
        for (name, values) in columns {
            object.insert(name.to_owned(), json!(values));
        }
        object.insert("limited_by".to_owned(), json!(trace.limited_by));
        serde_json::to_writer(&mut out, &object)?;
    } else {
        let header: Vec<&str> = columns.iter().map(|(name, _)| *name).chain(["limited_by"]).collect();
        writeln!(out, "{}", header.join(","))?;
        for row in 0..trace.len() {
            let cells: Vec<String> = columns.iter().map(|(_, values)| values[row].to_string()).collect();
            let limit = serde_json::to_value(trace.limited_by[row])?;
            writeln!(out, "{},{}", cells.join(","), limit.as_str().unwrap_or(""))?;
        }
    }
    out.flush().with_context(|| format!("cannot write `{}`", path.display()))
}
