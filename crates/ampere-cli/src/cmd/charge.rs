//! `ampere charge --vehicle NAME|FILE [--from 10] [--to 80] [--ambient-degc 25] [--ac] [--trace out.csv]`.
//!
//! Charges what `ampere compare` charges (`charging::SessionBattery::of`): an energy-store car with a published
//! chemistry through its equivalent ECM pack.

use std::path::PathBuf;

use ampere_core::charging::{ChargeOptions, Charger, Preconditioning, REFERENCE_DC_CHARGER, SessionBattery};
use ampere_core::units::degc_to_k;
use ampere_core::vehicle::Vehicle;
use anyhow::Result;

use crate::{input, table::Table};

/// Arguments of `ampere charge`.
#[derive(clap::Args)]
pub struct Args {
    /// Built-in vehicle name or vehicle TOML file.
    #[arg(long)]
    vehicle: String,
    /// Displayed SOC at plug-in, %.
    #[arg(long, default_value_t = 10.0)]
    from: f64,
    /// Displayed SOC to stop at, %.
    #[arg(long, default_value_t = 80.0)]
    to: f64,
    /// Ambient (and initial pack) temperature, °C.
    #[arg(long, default_value_t = 25.0, allow_negative_numbers = true)]
    ambient_degc: f64,
    /// Charge with the on-board AC charger instead of DC.
    #[arg(long)]
    ac: bool,
    /// DC charger power, kW.
    #[arg(long, default_value_t = REFERENCE_DC_CHARGER.power_kw)]
    charger_kw: f64,
    /// DC charger current limit, A.
    #[arg(long, default_value_t = REFERENCE_DC_CHARGER.current_a)]
    charger_a: f64,
    /// DC charger highest voltage, V.
    #[arg(long, default_value_t = REFERENCE_DC_CHARGER.max_voltage_v)]
    charger_max_v: f64,
    /// DC charger grid-to-terminal efficiency, 0–1.
    #[arg(long, default_value_t = REFERENCE_DC_CHARGER.efficiency)]
    charger_efficiency: f64,
    /// Heat the pack with its heater: `none`, `during` the session, or `before` it.
    #[arg(long, default_value = "none")]
    precondition: String,
    /// Write the time series (time, SOC, power, current, voltage, temperature) to this CSV file.
    #[arg(long)]
    trace: Option<PathBuf>,
}

/// Run the command.
pub fn run(args: &Args) -> Result<()> {
    let spec = input::vehicle_spec(&args.vehicle)?;
    let vehicle = Vehicle::from_spec(&spec, &args.vehicle)?;
    let battery = SessionBattery::of(&spec, &vehicle, &args.vehicle)?;
    let charger = if args.ac {
        Charger::ac(&vehicle)
    } else {
        Charger::dc(args.charger_kw, args.charger_a, args.charger_max_v, args.charger_efficiency, "command line")?
    };
    let preconditioning = match args.precondition.as_str() {
        "none" => Preconditioning::None,
        "during" => Preconditioning::During,
        "before" => Preconditioning::Before,
        other => anyhow::bail!("--precondition `{other}`: must be none, during or before"),
    };
    let options = ChargeOptions {
        from_soc: args.from / 100.0,
        to_soc: args.to / 100.0,
        ambient_k: degc_to_k(args.ambient_degc),
        preconditioning,
        dt_s: 1.0,
    };
    let result = battery.charge(&charger, &options)?;
    let s = &result.summary;
    let minutes = |t: Option<f64>| t.map_or("-".to_owned(), |t| format!("{:.1}", t / 60.0));
    let mut table = Table::new(["quantity", "value"]);
    table.row(["vehicle".to_owned(), vehicle.name.clone()]);
    table.row(["battery".to_owned(), battery.description()]);
    table.row(["session min".to_owned(), format!("{:.1}", s.duration_s / 60.0)]);
    table.row(["target reached".to_owned(), s.reached.to_string()]);
    table.row(["10-80 % min".to_owned(), minutes(s.time_10_80_s)]);
    table.row(["20-80 % min".to_owned(), minutes(s.time_20_80_s)]);
    table.row(["peak power kW".to_owned(), format!("{:.1}", s.peak_power_w / 1e3)]);
    table.row(["grid energy kWh".to_owned(), format!("{:.2}", s.grid_energy_j / 3.6e6)]);
    table.row(["stored energy kWh".to_owned(), format!("{:.2}", s.stored_energy_j / 3.6e6)]);
    table.row(["losses kWh".to_owned(), format!("{:.2}", s.loss_j / 3.6e6)]);
    table.row(["heater kWh".to_owned(), format!("{:.2}", s.heater_energy_j / 3.6e6)]);
    table.row(["peak temperature °C".to_owned(), format!("{:.1}", s.peak_temperature_degc)]);
    print!("{}", table.render());
    print!("{}", power_vs_soc(&result.trace));
    if let Some(path) = &args.trace {
        let t = &result.trace;
        input::write_csv(
            path,
            &[
                ("time_s", &t.time_s),
                ("soc", &t.soc),
                ("power_w", &t.power_w),
                ("grid_power_w", &t.grid_power_w),
                ("current_a", &t.current_a),
                ("voltage_v", &t.voltage_v),
                ("temperature_degc", &t.temperature_degc),
            ],
        )?;
    }
    Ok(())
}

/// Power and time at every 10 % of displayed SOC.
fn power_vs_soc(trace: &ampere_core::charging::ChargeTrace) -> String {
    let mut table = Table::new(["SOC %", "time min", "power kW", "temperature °C", "limited by"]);
    let mut next_mark = (trace.soc[0] * 10.0).ceil() / 10.0;
    for idx in 1..trace.soc.len() {
        if trace.soc[idx] + 1e-9 >= next_mark {
            table.row([
                format!("{:.0}", next_mark * 100.0),
                format!("{:.1}", trace.time_s[idx] / 60.0),
                format!("{:.1}", trace.power_w[idx] / 1e3),
                format!("{:.1}", trace.temperature_degc[idx]),
                format!("{:?}", trace.limited_by[idx]),
            ]);
            next_mark += 0.1;
        }
    }
    format!("\n{}", table.render())
}
