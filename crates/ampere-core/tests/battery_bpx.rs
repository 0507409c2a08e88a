//! BPX import (issue 3 §1): a BPX file of PyBaMM's Chen2020 set (`tests/data/battery/bpx_chen2020.json`, made by
//! `scripts/battery/make_bpx_chen2020.py`; negative OCP as an expression, positive OCP as a table) gives a cell
//! whose OCV matches PyBaMM's electrode-SOH OCV (`ocv_chen2020.csv`) within 1 mV at every one of its 41 points.

use ampere_core::battery::bpx::cell_spec_from_bpx;
use ampere_core::battery::cell::Cell;
use ampere_core::battery::profile::{CellRunOptions, CurrentProfile, rmse};

const BPX: &str = include_str!("data/battery/bpx_chen2020.json");

fn chen_cell() -> Cell {
    Cell::from_spec(&cell_spec_from_bpx(BPX, "bpx_chen2020.json").unwrap(), "bpx_chen2020.json").unwrap()
}

#[test]
fn ocv_matches_pybamm() {
    let cell = chen_cell();
    let mut worst_v: f64 = 0.0;
    let csv = include_str!("data/battery/ocv_chen2020.csv");
    for line in csv.lines().skip(1) {
        let (soc, ocv) = line.split_once(',').unwrap();
        let (soc, ocv): (f64, f64) = (soc.parse().unwrap(), ocv.parse().unwrap());
        worst_v = worst_v.max((cell.ocv.at(soc, 298.15) - ocv).abs());
    }
    println!("BPX Chen2020 OCV vs PyBaMM: max |ΔV| {:.3} mV over 41 points", worst_v * 1e3);
    assert!(worst_v <= 1e-3, "max OCV error {} mV", worst_v * 1e3);
}

#[test]
fn cell_data_come_through() {
    let spec = cell_spec_from_bpx(BPX, "data/bpx_chen2020.json").unwrap();
    assert_eq!(spec.name, "bpx_chen2020");
    assert_eq!((spec.capacity_ah, spec.min_voltage_v, spec.max_voltage_v), (5.0, 2.5, 4.2));
    assert!((spec.mass_kg - 0.0689).abs() < 1e-9);
    assert!((spec.volume_l - 0.0242).abs() < 1e-9);
    assert_eq!(spec.specific_heat_j_per_kg_k, 1100.0);
    assert!(spec.source["Maximum discharge current [A]"].contains("estimate"));
    let cell = chen_cell();
    let r0_mohm = cell.r0_ohm.eval(0.5, 25.0) * 1e3;
    println!("BPX Chen2020 estimated R0 at SOC 0.5, 25 °C: {r0_mohm:.2} mΩ");
    assert!((5.0..60.0).contains(&r0_mohm), "R0 {r0_mohm} mΩ");
    assert!(cell.r0_ohm.eval(0.5, -20.0) > cell.r0_ohm.eval(0.5, 25.0), "colder is more resistive");
}

#[test]
fn runs_the_dynamic_profile() {
    let cell = chen_cell();
    let profile = CurrentProfile::from_csv(include_str!("data/battery/spme_chen2020_wltc.csv"), "wltc").unwrap();
    let run = CellRunOptions { initial_soc: 0.8, ambient_k: 298.15, conductance_w_per_k: 1e6 };
    let trace = cell.run_profile(&profile, &run);
    assert_eq!(trace.cut_off_at_s, None);
    let rmse_v = rmse(&trace.voltage_v, profile.voltage_v.as_ref().unwrap());
    println!("BPX Chen2020 cell (estimated resistances) vs SPMe on the dynamic profile: RMSE {:.2} mV", rmse_v * 1e3);
    assert!(rmse_v <= 0.025, "RMSE {} mV (stated bound 25 mV for estimated resistances)", rmse_v * 1e3);
}

#[test]
fn missing_and_unsupported_parts_are_named() {
    let without_capacity = BPX.replace("\"Nominal cell capacity [A.h]\": 5.0,", "");
    let err = cell_spec_from_bpx(&without_capacity, "c.json").unwrap_err().to_string();
    assert!(err.contains("c.json") && err.contains("Parameterisation.Cell.Nominal cell capacity [A.h]"), "{err}");
    let blended = BPX.replace("\"Negative electrode\": {", "\"Negative electrode\": {\"Particle\": {},");
    let err = cell_spec_from_bpx(&blended, "c.json").unwrap_err().to_string();
    assert!(err.contains("blended") && err.contains("not supported"), "{err}");
    let branches = BPX.replace("\"OCP [V]\": \"1.9793", "\"OCP (lithiation) [V]\": \"1.9793");
    let err = cell_spec_from_bpx(&branches, "c.json").unwrap_err().to_string();
    assert!(err.contains("Negative electrode") && err.contains("lithiation/delithiation"), "{err}");
    let err = cell_spec_from_bpx("{", "c.json").unwrap_err().to_string();
    assert!(err.contains("c.json") && err.contains("JSON"), "{err}");
}

#[test]
fn user_defined_limits_replace_the_estimates() {
    let text = BPX.replace(
        "\"Parameterisation\": {",
        "\"Parameterisation\": {\"User-defined\": {\"Maximum discharge current [A]\": 20.0, \
         \"Maximum temperature [K]\": 318.15},",
    );
    let spec = cell_spec_from_bpx(&text, "c.json").unwrap();
    assert_eq!(spec.max_discharge_current_a, 20.0);
    assert!((spec.max_temperature_degc - 45.0).abs() < 1e-9);
    assert!(!spec.source.contains_key("Maximum discharge current [A]"));
    assert_eq!(spec.max_charge_current_a, 5.0, "the estimate (1C) where the file says nothing");
}
