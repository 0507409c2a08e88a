//! `ampere range --vehicle … --procedure wltp|epa`: official range and consumption.

use ampere_core::procedure::{epa, wltp};
use anyhow::Result;

use crate::input::VehicleArgs;
use crate::table::Table;

/// Arguments of `ampere range`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    vehicle: VehicleArgs,
    /// Test procedure.
    #[arg(long, value_enum, default_value_t = Procedure::Wltp)]
    procedure: Procedure,
    /// WLTP range test: shortened (STP) or consecutive cycles (CCP).
    #[arg(long, value_enum, default_value_t = WltpTest::Stp)]
    wltp_test: WltpTest,
    /// EPA label adjustment: the default 0.7 factor or the derived 5-cycle equations.
    #[arg(long, value_enum, default_value_t = EpaAdjustment::Default)]
    epa_adjustment: EpaAdjustment,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum Procedure {
    Wltp,
    Epa,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum WltpTest {
    Stp,
    Ccp,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum EpaAdjustment {
    Default,
    FiveCycle,
}

/// Run the command.
pub fn run(args: &Args) -> Result<()> {
    let vehicle = args.vehicle.load()?;
    match args.procedure {
        Procedure::Wltp => {
            let range_test = match args.wltp_test {
                WltpTest::Stp => wltp::RangeTest::Shortened,
                WltpTest::Ccp => wltp::RangeTest::ConsecutiveCycles,
            };
            let result = wltp::run(&vehicle, &wltp::WltpOptions { range_test, class: None })?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&result)?);
            } else {
                print!("{}", wltp_text(&result));
            }
        }
        Procedure::Epa => {
            let adjustment = match args.epa_adjustment {
                EpaAdjustment::Default => epa::Adjustment::Default,
                EpaAdjustment::FiveCycle => epa::Adjustment::DerivedFiveCycle,
            };
            let result = epa::run(&vehicle, adjustment)?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&result)?);
            } else {
                print!("{}", epa_text(&result));
            }
        }
    }
    Ok(())
}

fn wltp_text(r: &wltp::WltpResult) -> String {
    let mut out = format!(
        "{} — WLTP ({:?}, {:?}, PMR {:.1} W/kg)\n\nrange {:.0} km combined, {:.0} km city; {:.1} kWh/100 km at the wall, {:.1} kWh/100 km DC\nusable energy {:.2} kWh DC, recharge {:.2} kWh AC, test distance {:.1} km\n\n",
        r.vehicle,
        r.class,
        r.range_test,
        r.pmr_w_per_kg,
        r.range_km,
        r.city_range_km,
        r.ec_ac_wh_per_km / 10.0,
        r.ec_dc_wh_per_km / 10.0,
        r.usable_energy_kwh,
        r.ac_energy_kwh,
        r.test_distance_km
    );
    let mut table = Table::new(["phase", "Wh/km DC", "range km"]);
    for p in &r.phases {
        table.row([p.name.clone(), format!("{:.1}", p.ec_dc_wh_per_km), format!("{:.0}", p.range_km)]);
    }
    table.row([
        "City (Low + Medium)".to_owned(),
        format!("{:.1}", r.ec_dc_city_wh_per_km),
        format!("{:.0}", r.city_range_km),
    ]);
    table.row(["Combined".to_owned(), format!("{:.1}", r.ec_dc_wh_per_km), format!("{:.0}", r.range_km)]);
    out.push_str(&table.render());
    if r.trace_miss.steps > 0 {
        out.push_str(&format!(
            "\nwarning: the car could not follow the WLTC ({} steps, worst {:.1} km/h short)\n",
            r.trace_miss.steps,
            r.trace_miss.worst_speed_deficit_mps * 3.6
        ));
    }
    out
}

fn epa_text(r: &epa::EpaResult) -> String {
    let mut out = format!(
        "{} — EPA multi-cycle test, {:?} adjustment\nusable energy {:.2} kWh DC, recharge {:.2} kWh AC\n\n",
        r.vehicle, r.adjustment_method, r.usable_energy_kwh, r.ac_energy_kwh
    );
    let mut table = Table::new([
        "",
        "Wh/km DC",
        "unadjusted range km",
        "adjustment",
        "label range km",
        "label range mi",
        "kWh/100 mi",
        "MPGe",
    ]);
    for (name, f) in [("city", &r.city), ("highway", &r.highway), ("combined", &r.combined)] {
        table.row([
            name.to_owned(),
            format!("{:.1}", f.dc_wh_per_km),
            format!("{:.0}", f.unadjusted_range_km),
            format!("{:.3}", f.adjustment),
            format!("{:.0}", f.label_range_km),
            format!("{:.0}", f.label_range_km / 1.609_344),
            format!("{:.1}", f.label_kwh_per_100mi),
            format!("{:.0}", f.label_mpge),
        ]);
    }
    out.push_str(&table.render());
    out
}
