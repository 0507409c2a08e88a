//! `ampere cell [list | run ... | fit HPPC.csv]`.

use std::path::PathBuf;

use ampere_core::battery::cell::builtin_cell_names;
use ampere_core::battery::profile::{CellRunOptions, CurrentProfile};
use ampere_core::units::{degc_to_k, k_to_degc};
use anyhow::Result;

use crate::{input, table::Table};

/// Arguments of `ampere cell`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(clap::Subcommand)]
enum Action {
    /// List the library cells (the default).
    List,
    /// Drive one cell with a current profile (`time_s,current_a`, discharge positive).
    Run {
        /// Library cell name or cell TOML file.
        #[arg(long)]
        cell: String,
        /// Current profile CSV.
        #[arg(long)]
        current: PathBuf,
        /// SOC at the start, 0–1.
        #[arg(long, default_value_t = 1.0)]
        initial_soc: f64,
        /// Ambient and initial cell temperature, °C.
        #[arg(long, default_value_t = 25.0, allow_negative_numbers = true)]
        ambient_degc: f64,
        /// Conductance from the cell to ambient, W/K.
        #[arg(long, default_value_t = 0.05)]
        conductance_w_per_k: f64,
        /// Output CSV: time_s, current_a, voltage_v, soc, temperature_degc.
        #[arg(long)]
        trace: PathBuf,
    },
}

/// Run the command.
pub fn run(args: &Args) -> Result<()> {
    match &args.action {
        None | Some(Action::List) => list(),
        Some(Action::Run { cell, current, initial_soc, ambient_degc, conductance_w_per_k, trace }) => {
            let options = CellRunOptions {
                initial_soc: *initial_soc,
                ambient_k: degc_to_k(*ambient_degc),
                conductance_w_per_k: *conductance_w_per_k,
            };
            run_cell(cell, current, &options, trace)
        }
    }
}

fn list() -> Result<()> {
    let mut table =
        Table::new(["cell", "chemistry", "Ah", "V nom", "V min", "V max", "Wh/kg", "Wh/L", "R0 25°C mΩ", "RC pairs"]);
    for name in builtin_cell_names() {
        let cell = input::cell(name)?;
        let wh = cell.nominal_energy_j() / 3600.0;
        table.row([
            name.to_owned(),
            format!("{:?}", cell.chemistry).to_lowercase(),
            format!("{:.2}", cell.capacity_ah()),
            format!("{:.2}", cell.nominal_voltage_v),
            format!("{:.2}", cell.min_voltage_v),
            format!("{:.2}", cell.max_voltage_v),
            format!("{:.0}", wh / cell.mass_kg),
            format!("{:.0}", wh / (cell.volume_m3 * 1e3)),
            format!("{:.2}", cell.r0_ohm.eval(0.5, 25.0) * 1e3),
            cell.rc.len().to_string(),
        ]);
    }
    print!("{}", table.render());
    Ok(())
}

fn run_cell(name: &str, current: &std::path::Path, options: &CellRunOptions, out: &std::path::Path) -> Result<()> {
    let cell = input::cell(name)?;
    let origin = current.display().to_string();
    let profile = CurrentProfile::from_csv(&input::read_file(current)?, &origin)?;
    if !(0.0..=1.0).contains(&options.initial_soc) {
        anyhow::bail!("--initial-soc {}: must be in [0, 1]", options.initial_soc);
    }
    let trace = cell.run_profile(&profile, options);
    let temperature_degc: Vec<f64> = trace.temperature_k.iter().map(|&t| k_to_degc(t)).collect();
    input::write_csv(
        out,
        &[
            ("time_s", &trace.time_s),
            ("current_a", &trace.current_a),
            ("voltage_v", &trace.voltage_v),
            ("soc", &trace.soc),
            ("temperature_degc", &temperature_degc),
        ],
    )?;
    let v_min = trace.voltage_v.iter().cloned().fold(f64::INFINITY, f64::min);
    println!(
        "{}: {} samples, {:.1} s, final SOC {:.4}, min voltage {:.4} V, energy out {:.2} Wh{}",
        cell.name,
        trace.time_s.len(),
        trace.time_s.last().copied().unwrap_or(0.0),
        trace.soc.last().copied().unwrap_or(options.initial_soc),
        v_min,
        trace.energy_out_j() / 3600.0,
        trace.cut_off_at_s.map_or(String::new(), |t| format!(", voltage cut-off reached at {t} s")),
    );
    Ok(())
}
