//! `ampere validate` as a user runs it: the table of every reference car, JSON rows, and a vehicle file.

use std::process::{Command, Output};

fn ampere(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ampere")).args(args).output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn validate_prints_every_car_with_a_wltp_figure_and_the_verdict() {
    let out = stdout(&ampere(&["validate"]));
    for id in
        ["renault_5_e_tech_52kwh_110kw", "byd_dolphin_60kwh_150kw", "dacia_spring_2024", "tesla_model_3_rwd_lfp_2024"]
    {
        assert!(out.contains(id), "{id} missing from\n{out}");
    }
    assert!(out.contains("consumption, check set") && out.contains("target on consumption"), "{out}");
    assert!(out.contains("not validated: byd_seagull_30kwh, chevrolet_bolt_ev_2017"), "{out}");
}

#[test]
fn validate_json_gives_errors_per_car() {
    let out = stdout(&ampere(&["validate", "renault_5_e_tech_52kwh_110kw", "--json"]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let row = &json["rows"][0];
    assert_eq!(row["role"], "fit");
    assert_eq!(row["official_range_km"].as_f64(), Some(410.0));
    let error = row["consumption_error"].as_f64().unwrap();
    assert!(error.abs() < 0.10, "{out}");
}

#[test]
fn validate_reads_a_vehicle_file() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vehicles/dacia_spring_2024.toml");
    let out = stdout(&ampere(&["validate", path]));
    assert!(out.contains("Class3b") && out.contains("228"), "{out}");
}
