//! `ampere cell [list | info CELL | run ... | fit HPPC.csv]`.

use std::path::PathBuf;

use ampere_core::battery::cell::{Cell, builtin_cell_names};
use ampere_core::battery::fit::{FitOptions, HppcData, OcvSource, cell_toml, fit_hppc};
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
    /// Show one cell (library name, cell TOML or BPX JSON) as `list` does, with its sources.
    Info {
        /// Library cell name, cell TOML or BPX JSON file.
        cell: String,
    },
    /// Drive one cell with a current profile (`time_s,current_a`, discharge positive).
    Run {
        /// Library cell name, cell TOML or BPX JSON file.
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
    /// Fit R0 and one or two RC pairs per SOC point to pulse (HPPC) data by least squares
    /// (`time_s,current_a,voltage_v[,soc][,temperature_degc]`, discharge positive).
    Fit {
        /// HPPC CSV file.
        hppc: PathBuf,
        /// Base cell (library name, TOML or BPX JSON), required: the test measures neither capacity nor limits,
        /// mass or thermal data; outside the test's SOC range it also gives the OCV shape.
        #[arg(long)]
        cell: String,
        /// RC pairs to fit.
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=2))]
        rc_pairs: u8,
        /// Write the fitted cell as TOML (accepted by `ampere cell run --cell`).
        #[arg(long)]
        out: Option<PathBuf>,
        /// SOC at the first sample when the file has no `soc` column (default: from the first rest voltage).
        #[arg(long)]
        initial_soc: Option<f64>,
        /// OCV from the test's rest points (`rest`) or the base cell (`base`).
        #[arg(long, value_enum, default_value_t = OcvArg::Rest)]
        ocv: OcvArg,
        /// Shortest rest that separates two SOC points, s.
        #[arg(long, default_value_t = 300.0)]
        min_rest_s: f64,
        /// Name of the fitted cell (default: `<base>_fit`).
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum OcvArg {
    Rest,
    Base,
}

/// Run the command.
pub fn run(args: &Args) -> Result<()> {
    match &args.action {
        None | Some(Action::List) => list(),
        Some(Action::Info { cell }) => info(cell),
        Some(Action::Fit { hppc, cell, rc_pairs, out, initial_soc, ocv, min_rest_s, name }) => {
            let base_spec = input::cell_spec(cell)?;
            let mut options = FitOptions::new(name.clone().unwrap_or_else(|| format!("{}_fit", base_spec.name)));
            options.rc_pairs = usize::from(*rc_pairs);
            options.initial_soc = *initial_soc;
            options.ocv_source = match ocv {
                OcvArg::Rest => OcvSource::Rest,
                OcvArg::Base => OcvSource::Base,
            };
            options.min_rest_s = *min_rest_s;
            fit(hppc, &base_spec, &options, out.as_deref())
        }
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

fn cell_table() -> Table {
    Table::new(["cell", "chemistry", "Ah", "V nom", "V min", "V max", "Wh/kg", "Wh/L", "R0 25°C mΩ", "RC pairs"])
}

fn cell_row(table: &mut Table, name: &str, cell: &Cell) {
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

fn list() -> Result<()> {
    let mut table = cell_table();
    for name in builtin_cell_names() {
        cell_row(&mut table, name, &input::cell(name)?);
    }
    print!("{}", table.render());
    Ok(())
}

fn info(name: &str) -> Result<()> {
    let spec = input::cell_spec(name)?;
    let cell = Cell::from_spec(&spec, name)?;
    let mut table = cell_table();
    cell_row(&mut table, &spec.name, &cell);
    print!("{}", table.render());
    println!(
        "mass {:.1} g, heat capacity {:.1} J/K, currents ≤ {:.1} A discharge / {:.1} A charge, {:.0}…{:.0} °C",
        cell.mass_kg * 1e3,
        cell.heat_capacity_j_per_k,
        cell.max_discharge_current_a,
        cell.max_charge_current_a,
        k_to_degc(cell.min_temperature_k),
        k_to_degc(cell.max_temperature_k),
    );
    for (topic, text) in &spec.source {
        println!("source {topic}: {text}");
    }
    Ok(())
}

fn fit(
    hppc: &std::path::Path,
    base: &ampere_core::battery::cell::CellSpec,
    options: &FitOptions,
    out: Option<&std::path::Path>,
) -> Result<()> {
    let origin = hppc.display().to_string();
    let data = HppcData::from_csv(&input::read_file(hppc)?, &origin)?;
    let fit = fit_hppc(&data, base, options, &origin)?;
    let mut header = vec!["SOC", "R0 mΩ", "R1 mΩ", "τ1 s"];
    if options.rc_pairs == 2 {
        header.extend(["R2 mΩ", "τ2 s"]);
    }
    header.extend(["RMSE mV", "samples", "converged"]);
    let mut table = Table::new(header);
    for point in &fit.points {
        let mut row = vec![format!("{:.3}", point.soc), format!("{:.2}", point.r0_ohm * 1e3)];
        for rc in &point.rc {
            row.extend([format!("{:.2}", rc.resistance_ohm * 1e3), format!("{:.1}", rc.tau_s)]);
        }
        row.extend([
            format!("{:.2}", point.rmse_v * 1e3),
            point.samples.to_string(),
            if point.converged { "yes" } else { "no" }.to_owned(),
        ]);
        table.row(row);
    }
    print!("{}", table.render());
    println!(
        "{}: {} SOC points at {:.1} °C, {} OCV points; fit RMSE {:.2} mV{}",
        origin,
        fit.points.len(),
        fit.temperature_degc,
        fit.ocv_points.len(),
        fit.rmse_v * 1e3,
        match fit.unfitted_tail_samples {
            0 => String::new(),
            n => format!("; {n} samples after the last long rest not fitted"),
        }
    );
    if let Some(out) = out {
        let note = format!("# Fitted by `ampere cell fit {origin}` (fit RMSE {:.2} mV).\n", fit.rmse_v * 1e3);
        std::fs::write(out, note + &cell_toml(&fit.spec)?)
            .map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", out.display()))?;
        println!("wrote {}", out.display());
    }
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
