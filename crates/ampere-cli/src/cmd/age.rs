//! `ampere age`: battery ageing of a cell model over a measured series, or over a usage profile in a climate.
//!
//! Two forms:
//! * `ampere age --model NAME|FILE --series FILE.csv [--years N]` ages a model over a SOC/temperature series
//!   (`t_secs,soc,T_celsius`, optionally `current_a`), repeated to the horizon;
//! * `ampere age --cell NAME --usage NAME|FILE --climate NAME|FILE --years 10` generates a year of use and
//!   ages the cell's mapped model, with Euro 7 and warranty checks.
//!
//! Output is a table by default; `--csv FILE` writes the full trace, `--json` prints everything as JSON;
//! `--series-out FILE` writes the generated year in the series form's input format.

use std::path::{Path, PathBuf};

use ampere_core::ageing::cells;
use ampere_core::ageing::climate::Climate;
use ampere_core::ageing::driver::{AgeingResult, DriverMode, DriverOptions};
use ampere_core::ageing::durability::{self, Check, DEFAULT_WARRANTY, Durability, Requirement};
use ampere_core::ageing::scenario::{self, Scenario};
use ampere_core::ageing::usage::{UsageProfile, UsageVehicle};
use ampere_core::ageing::vehicle_link;
use ampere_core::ageing::{AgeingModel, AgeingTrace, Series};
use anyhow::{Context, Result};

use crate::{input, table::Table};

/// Arguments of `ampere age`.
#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("which_model").required(true).args(["model", "cell"])))]
#[command(group(clap::ArgGroup::new("which_input").required(true).args(["series", "usage"])))]
pub struct Args {
    /// Ageing model: built-in name (e.g. `lfp_gr_250ah_prismatic`) or a model TOML file.
    #[arg(long)]
    model: Option<String>,
    /// Cell of the chemistry library (e.g. `lfp_prismatic_blade`); uses its mapped ageing model.
    #[arg(long)]
    cell: Option<String>,
    /// Measured or generated series, CSV with `t_secs,soc,T_celsius` (repeated to `--years`), and optionally
    /// `current_a`: the cell's current, A, positive on discharge, from which the default driver takes C-rates.
    #[arg(long, requires = "years")]
    series: Option<PathBuf>,
    /// Capacity of the cell whose current `--series` carries, Ah (default: the `--cell`'s, else the model's tested
    /// cell's).
    #[arg(long, requires = "series", allow_negative_numbers = true)]
    cell_capacity_ah: Option<f64>,
    /// Usage profile: built-in name (commuter, long_commuter, taxi, city_weekend) or TOML file.
    #[arg(long, requires = "climate")]
    usage: Option<String>,
    /// Climate: built-in city (oslo, paris, madrid, shenzhen, beijing), TOML file or CSV file.
    #[arg(long, requires = "usage")]
    climate: Option<String>,
    /// Horizon, years.
    #[arg(long, allow_negative_numbers = true)]
    years: Option<f64>,
    /// Driver: `default` (ampere's) or `blast-compat` (BLAST-Lite 1.1.0's, quirks included).
    #[arg(long, value_enum, default_value = "default")]
    mode: Mode,
    /// Vehicle (built-in name, ampere TOML or FASTSim YAML): energy per km over `--cycle-mix` and usable
    /// energy come from the vehicle engine (usage form).
    #[arg(long, conflicts_with_all = ["energy_per_km_wh", "usable_kwh"])]
    vehicle: Option<String>,
    /// Cycle mix for `--vehicle`: `cycle:share,…` with distance shares, e.g. `wltc_class3b:0.7,udds:0.3`.
    #[arg(long, default_value = "wltc_class3b:1", requires = "vehicle")]
    cycle_mix: String,
    /// Vehicle DC energy per km, Wh/km (usage form without `--vehicle`; default 160).
    #[arg(long, allow_negative_numbers = true)]
    energy_per_km_wh: Option<f64>,
    /// Usable pack energy when new, kWh (usage form without `--vehicle`; default 60).
    #[arg(long, allow_negative_numbers = true)]
    usable_kwh: Option<f64>,
    /// Distance per year for the series form, km (for the km columns and Euro 7 distance limits).
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    km_per_year: f64,
    /// Write the full trace (one row per chunk) to this CSV file.
    #[arg(long)]
    csv: Option<PathBuf>,
    /// Write the generated year (usage form) to this CSV file, `t_secs,soc,T_celsius`: the input `--series`
    /// and BLAST-Lite read, which they repeat to `--years` as the usage form does.
    #[arg(long, requires = "usage")]
    series_out: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Mode {
    Default,
    BlastCompat,
}

/// Run the command.
pub fn run(args: &Args) -> Result<()> {
    let (model, scalar) = resolve_model(args)?;
    let mode = match args.mode {
        Mode::Default => DriverMode::Default,
        Mode::BlastCompat => DriverMode::BlastCompat,
    };
    if let Some(path) = &args.series {
        return run_series(args, &model, scalar, mode, path);
    }
    let usage_name = args.usage.as_deref().context("--usage is required without --series")?;
    let climate_name = args.climate.as_deref().context("--climate is required with --usage")?;
    let usage = load_usage(usage_name)?;
    let climate = load_climate(climate_name)?;
    let vehicle = usage_vehicle(args)?;
    let years = args.years.unwrap_or(10.0);
    let scenario = Scenario {
        model: &model,
        degradation_scalar: scalar,
        usage: &usage,
        vehicle,
        climate: &climate,
        years,
        mode,
        warranty: DEFAULT_WARRANTY,
    };
    let result = scenario::run(&scenario)?;
    write_csv(args, &result.ageing.trace)?;
    if let Some(path) = &args.series_out {
        write_file(path, &result.series.to_csv())?;
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&result)?);
        return Ok(());
    }
    println!("model {} · usage {} · climate {} · {:?} driver", result.model, result.usage, result.climate, mode);
    println!(
        "{:.0} Wh/km DC, {:.1} kWh usable when new; {:.0} km/year, {:.0} EFC/year, {} h DC fast charging/year, mean cell temperature {:.1} °C",
        vehicle.energy_per_km_wh,
        vehicle.usable_energy_kwh,
        result.km_per_year,
        result.efc_per_year,
        result.dc_charge_hours_per_year,
        result.mean_cell_temperature_degc
    );
    print_report(&result.ageing, &result.durability);
    Ok(())
}

fn run_series(args: &Args, model: &AgeingModel, scalar: f64, mode: DriverMode, path: &Path) -> Result<()> {
    let origin = path.display().to_string();
    let series = Series::from_csv(&input::read_file(path)?, &origin)?;
    let years = args.years.context("--years is required with --series")?;
    ampere_core::error::check::in_range("--years", "years", years, 0.001, 50.0)?;
    ampere_core::error::check::non_negative("--km-per-year", "km_per_year", args.km_per_year)?;
    if let Some(capacity_ah) = args.cell_capacity_ah {
        ampere_core::error::check::positive("--cell-capacity-ah", "cell_capacity_ah", capacity_ah)?;
    }
    // A library cell's current is read against that cell's capacity unless told otherwise.
    let cell_capacity_ah = match (args.cell_capacity_ah, &args.cell) {
        (None, Some(cell)) => Some(ampere_core::battery::cell::builtin_cell(cell)?.capacity_ah()),
        (given, _) => given,
    };
    let options =
        DriverOptions { mode, years, degradation_scalar: scalar, cell_capacity_ah, ..DriverOptions::default() };
    let ageing = model.simulate(&series, options)?;
    if series.current_a().is_some() && mode == DriverMode::BlastCompat {
        eprintln!("note: blast-compat takes C-rates from SOC changes, as BLAST-Lite does; `current_a` is not read");
    }
    // The capacity the C-rates were taken against when they came from the current (None: from SOC changes).
    let current_capacity_ah = (series.current_a().is_some() && mode == DriverMode::Default)
        .then(|| cell_capacity_ah.unwrap_or(model.card().capacity_ah));
    let durability = durability::assess(&ageing.trace, args.km_per_year, None, DEFAULT_WARRANTY);
    write_csv(args, &ageing.trace)?;
    if args.json {
        let out = serde_json::json!({
            "model": model.card().name,
            "c_rates_from_current_for_capacity_ah": current_capacity_ah,
            "ageing": ageing,
            "durability": durability,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "model {} · series {origin} ({:.1} days, {:.1} EFC) · {mode:?} driver",
        model.card().name,
        series.duration_days(),
        series.efc()
    );
    if let Some(capacity_ah) = current_capacity_ah {
        println!("C-rates from `current_a`, for a {capacity_ah} Ah cell");
    }
    print_report(&ageing, &durability);
    Ok(())
}

/// Energy per km and usable energy: from the vehicle engine with `--vehicle`, else plain inputs.
fn usage_vehicle(args: &Args) -> Result<UsageVehicle> {
    let mut vehicle = UsageVehicle::default();
    let Some(name) = &args.vehicle else {
        vehicle.energy_per_km_wh = args.energy_per_km_wh.unwrap_or(vehicle.energy_per_km_wh);
        vehicle.usable_energy_kwh = args.usable_kwh.unwrap_or(vehicle.usable_energy_kwh);
        return Ok(vehicle);
    };
    let spec = input::vehicle_spec(name)?;
    let engine_vehicle = ampere_core::vehicle::Vehicle::from_spec(&spec, name)?;
    let mut mix = Vec::new();
    for part in args.cycle_mix.split(',') {
        let (cycle, share) = part.split_once(':').unwrap_or((part, "1"));
        let share: f64 = share
            .trim()
            .parse()
            .with_context(|| format!("--cycle-mix: share `{share}` of `{cycle}` is not a number"))?;
        mix.push((input::cycle(cycle.trim())?, share));
    }
    Ok(vehicle_link::usage_vehicle(&engine_vehicle, &mix, vehicle.thermal)?)
}

fn resolve_model(args: &Args) -> Result<(AgeingModel, f64)> {
    if let Some(cell) = &args.cell {
        let (model, entry) = cells::model_for_cell(cell)?;
        return Ok((model, entry.degradation_scalar));
    }
    let name = args.model.as_deref().context("one of --model or --cell is required")?;
    let model = if input::is_path(name) {
        AgeingModel::from_toml(&input::read_file(Path::new(name))?, name)?
    } else {
        AgeingModel::builtin(name)?
    };
    Ok((model, 1.0))
}

/// A usage profile: built-in name or TOML file.
pub(crate) fn load_usage(name: &str) -> Result<UsageProfile> {
    if input::is_path(name) {
        Ok(UsageProfile::from_toml(&input::read_file(Path::new(name))?, name)?)
    } else {
        Ok(UsageProfile::builtin(name)?)
    }
}

/// A climate: built-in city, TOML or CSV file.
pub(crate) fn load_climate(name: &str) -> Result<Climate> {
    if !input::is_path(name) {
        return Ok(Climate::builtin(name)?);
    }
    let text = input::read_file(Path::new(name))?;
    if name.ends_with(".csv") { Ok(Climate::from_csv(&text, name)?) } else { Ok(Climate::from_toml(&text, name)?) }
}

fn write_csv(args: &Args, trace: &AgeingTrace) -> Result<()> {
    let Some(path) = &args.csv else { return Ok(()) };
    let mut out = String::from("time_days,years,efc,q,r,calendar_loss,cycling_loss\n");
    for idx in 0..trace.time_days.len() {
        out.push_str(&format!(
            "{:.4},{:.5},{:.4},{:.6},{:.6},{:.6},{:.6}\n",
            trace.time_days[idx],
            trace.time_days[idx] / 365.0,
            trace.efc[idx],
            trace.q[idx],
            trace.r[idx],
            trace.calendar_loss[idx],
            trace.cycling_loss[idx]
        ));
    }
    write_file(path, &out)
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write `{}`", path.display()))
}

fn print_report(ageing: &AgeingResult, durability: &Durability) {
    let mut table =
        Table::new(["year", "km", "capacity %", "resistance %", "calendar loss %", "cycling loss %", "range km"]);
    for y in &durability.yearly {
        table.row([
            format!("{:.0}", y.year),
            format!("{:.0}", y.km),
            format!("{:.1}", 100.0 * y.q),
            format!("{:.1}", 100.0 * y.r),
            format!("{:.1}", 100.0 * y.calendar_loss),
            format!("{:.1}", 100.0 * y.cycling_loss),
            y.range_km.map_or("-".to_owned(), |r| format!("{r:.0}")),
        ]);
    }
    print!("{}", table.render());
    for m in &durability.milestones {
        match (m.years, m.km) {
            (Some(y), Some(km)) => println!("{:.0} % capacity after {y:.1} years, {km:.0} km", 100.0 * m.q),
            _ => println!("{:.0} % capacity not reached in the run", 100.0 * m.q),
        }
    }
    for (idx, check) in durability.euro7.iter().enumerate() {
        println!("Euro 7 point {}: {}", idx + 1, describe(check));
    }
    println!("warranty: {}", describe(&durability.warranty));
    if let Some(day) = ageing.spent_at_days {
        println!("capacity reached zero at day {day:.0}: the run stopped there (the fit no longer describes a cell)");
    }
    for warning in &ageing.warnings {
        println!("warning: {warning}");
    }
}

fn describe(check: &Check) -> String {
    let Requirement { years, km, min_q } = check.requirement;
    let verdict = match (check.q, check.pass) {
        (Some(q), Some(true)) => format!("pass ({:.1} %)", 100.0 * q),
        (Some(q), _) => format!("FAIL ({:.1} %)", 100.0 * q),
        _ => "not evaluated (run too short)".to_owned(),
    };
    format!(
        "≥ {:.0} % at {years:.0} years or {km:.0} km (evaluated at {:.1} years): {verdict}",
        100.0 * min_q,
        check.at_years
    )
}
