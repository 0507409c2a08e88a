//! ampere's ECM against PyBaMM (data and the script that made it: `tests/data/battery/`,
//! `scripts/battery/pybamm_reference.py`).
//!
//! 1. PyBaMM's Thevenin model with identical parameters (2 RC, Chen2020 OCV): terminal-voltage RMSE ≤ 1 mV on a
//!    1C discharge and on the 1800 s dynamic profile.

use ampere_core::battery::cell::Cell;
use ampere_core::battery::profile::{CellRunOptions, CurrentProfile, rmse};

const THEVENIN_CELL: &str = include_str!("data/battery/thevenin_cell.toml");

fn run_against(reference_csv: &str, initial_soc: f64) -> (f64, usize) {
    let cell = Cell::from_toml(THEVENIN_CELL, "thevenin_cell.toml").unwrap();
    let profile = CurrentProfile::from_csv(reference_csv, "reference").unwrap();
    let options = CellRunOptions { initial_soc, ambient_k: 298.15, conductance_w_per_k: 0.0 };
    let trace = cell.run_profile(&profile, &options);
    let reference = profile.voltage_v.as_ref().unwrap();
    (rmse(&trace.voltage_v, reference), trace.voltage_v.len())
}

#[test]
fn thevenin_matches_pybamm_on_1c_discharge() {
    let (rmse_v, n) = run_against(include_str!("data/battery/thevenin_cc1c.csv"), 0.99);
    println!("Thevenin 1C: RMSE {:.4} mV over {n} samples", rmse_v * 1e3);
    assert!(n > 3000, "ran {n} samples");
    assert!(rmse_v <= 1e-3, "RMSE {} mV", rmse_v * 1e3);
}

#[test]
fn thevenin_matches_pybamm_on_dynamic_profile() {
    let (rmse_v, n) = run_against(include_str!("data/battery/thevenin_wltc.csv"), 0.8);
    println!("Thevenin dynamic: RMSE {:.4} mV over {n} samples", rmse_v * 1e3);
    assert_eq!(n, 1801);
    assert!(rmse_v <= 1e-3, "RMSE {} mV", rmse_v * 1e3);
}
