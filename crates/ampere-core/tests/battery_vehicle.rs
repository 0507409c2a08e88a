//! The equivalent-circuit pack in the drive loop: a WLTC class 3b run of `data/vehicles/examples/zoe_ecm.toml`.

use ampere_core::battery::{Battery, BatteryModel};
use ampere_core::cycle::builtin;
use ampere_core::sim::{SimOptions, simulate};
use ampere_core::vehicle::Vehicle;

const ZOE_ECM: &str = include_str!("../../../data/vehicles/examples/zoe_ecm.toml");

fn zoe() -> Vehicle {
    Vehicle::from_toml(ZOE_ECM, "zoe_ecm.toml").unwrap()
}

fn run(vehicle: &Vehicle, ambient_degc: f64) -> ampere_core::sim::SimResult {
    let cycle = builtin::load("wltc_class3b").unwrap();
    let options = SimOptions { ambient_degc, record_trace: true, ..SimOptions::default() };
    simulate(vehicle, &cycle, &options)
}

#[test]
fn wltc_with_ecm_pack_balances_energy_and_traces_the_pack() {
    let vehicle = zoe();
    assert!(matches!(vehicle.battery, Battery::Ecm(_)));
    let result = run(&vehicle, 23.0);
    let summary = &result.summary;
    assert!(summary.energy_balance_residual() < 1e-9, "residual {}", summary.energy_balance_residual());
    assert_eq!(summary.trace_miss.steps, 0, "the Zoe follows WLTC 3b");
    let trace = result.trace.as_ref().unwrap();
    let v_min = trace.battery_voltage_v[1..].iter().cloned().fold(f64::INFINITY, f64::min);
    let i_max = trace.battery_current_a.iter().cloned().fold(0.0, f64::max);
    assert!((280.0..420.0).contains(&v_min), "pack voltage {v_min} V");
    assert!(i_max > 50.0, "peak current {i_max} A");
    assert!(summary.energy.battery_loss_j > 0.0);
    let wh_per_km = summary.energy.battery_terminal_j / 3600.0 / (summary.distance_m / 1000.0);
    assert!((100.0..200.0).contains(&wh_per_km), "{wh_per_km} Wh/km DC");
}

#[test]
fn cold_ambient_raises_losses_and_hot_lowers_them() {
    let vehicle = zoe();
    let cold = run(&vehicle, -7.0).summary.energy.battery_loss_j;
    let mild = run(&vehicle, 23.0).summary.energy.battery_loss_j;
    let hot = run(&vehicle, 40.0).summary.energy.battery_loss_j;
    assert!(cold > 1.5 * mild && mild > hot, "losses cold {cold} J, 23 °C {mild} J, hot {hot} J");
    let cold_limit = vehicle.battery.limits(&ampere_core::battery::BatteryState::rested(0.5, 266.15), 1.0);
    let mild_limit = vehicle.battery.limits(&ampere_core::battery::BatteryState::rested(0.5, 296.15), 1.0);
    assert!(cold_limit.discharge_w < mild_limit.discharge_w && cold_limit.charge_w < mild_limit.charge_w);
}

#[test]
fn chemistry_swap_changes_vehicle_mass() {
    let nmc = zoe();
    let lfp_text = ZOE_ECM
        .replace("cell = \"nmc622_large\"", "cell = \"lfp_prismatic_blade\"")
        .replace("series = 96", "series = 112")
        .replace("parallel = 2 ", "parallel = 1 ");
    let lfp = Vehicle::from_toml(&lfp_text, "zoe_lfp.toml").unwrap();
    assert!(lfp.mass_kg > nmc.mass_kg + 20.0, "LFP {} kg vs NMC {} kg", lfp.mass_kg, nmc.mass_kg);
    let energy = Vehicle::from_toml(include_str!("../../../data/vehicles/renault_zoe_ze50_r135.toml"), "zoe").unwrap();
    assert!((nmc.mass_kg - energy.mass_kg).abs() < 10.0, "pack mass calibrated to the 326 kg Renault quotes");
}

#[test]
fn bad_pack_input_names_the_field() {
    let text = ZOE_ECM.replace("series = 96", "series = 0");
    let err = Vehicle::from_toml(&text, "zoe_bad.toml").unwrap_err().to_string();
    assert!(err.contains("zoe_bad.toml") && err.contains("battery.series") && err.contains("≥ 1"), "{err}");
    let text = ZOE_ECM.replace("cell = \"nmc622_large\"", "cell = \"nmc_unknown\"");
    let err = Vehicle::from_toml(&text, "zoe_bad.toml").unwrap_err().to_string();
    assert!(err.contains("unknown cell `nmc_unknown`"), "{err}");
    let text = ZOE_ECM.replace("gravimetric_factor = 0.635", "gravimetric_factor = 1.5");
    let err = Vehicle::from_toml(&text, "zoe_bad.toml").unwrap_err().to_string();
    assert!(err.contains("battery.gravimetric_factor") && err.contains("(0, 1]"), "{err}");
}
