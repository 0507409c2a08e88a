//! `ampere age`: one run per bad-input case, checking exit code and that the message names the problem.

use std::path::PathBuf;
use std::process::{Command, Output};

fn ampere(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ampere")).args(args).output().expect("runs")
}

/// A file in a per-test temporary directory.
fn temp_file(test: &str, name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ampere-age-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

fn assert_bad_input(output: &Output, needle: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(stderr.contains(needle), "expected `{needle}` in: {stderr}");
}

#[test]
fn usage_form_prints_checks_and_json() {
    let out =
        ampere(&["age", "--cell", "lfp_prismatic_blade", "--usage", "commuter", "--climate", "oslo", "--years", "3"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("Euro 7 point 1") && stdout.contains("warranty:"), "{stdout}");
    let out = ampere(&["age", "--model", "nca_gr_panasonic_3ah", "--usage", "taxi", "--climate", "madrid", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["durability"]["yearly"].as_array().map(Vec::len), Some(10));
}

#[test]
fn series_form_writes_the_trace_csv() {
    let series = temp_file("series_ok", "s.csv", "t_secs,soc,T_celsius\n0,0.8,25\n3600,0.6,25\n7200,0.8,25\n");
    let trace = series.with_file_name("trace.csv");
    let out =
        ampere(&["age", "--model", "lfp_gr_250ah_prismatic", "--series", series.to_str().unwrap(), "--years", "1"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = ampere(&[
        "age",
        "--model",
        "lfp_gr_250ah_prismatic",
        "--series",
        series.to_str().unwrap(),
        "--years",
        "1",
        "--csv",
        trace.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(trace).expect("trace written");
    assert!(text.starts_with("time_days,years,efc,q,r,calendar_loss,cycling_loss\n"));
}

/// The year the usage form writes, aged with the series form, gives the usage form's trace.
#[test]
fn series_out_ages_like_the_usage_form() {
    let year = temp_file("series_out", "year.csv", "");
    let usage_args = ["--usage", "commuter", "--climate", "paris", "--series-out", year.to_str().unwrap()];
    let common = ["age", "--model", "nmc811_grsi_lg_m50", "--years", "3", "--json"];
    let usage = ampere(&[&common[..], &usage_args[..]].concat());
    assert!(usage.status.success(), "{}", String::from_utf8_lossy(&usage.stderr));
    let series = ampere(&[&common[..], &["--series", year.to_str().unwrap()][..]].concat());
    assert!(series.status.success(), "{}", String::from_utf8_lossy(&series.stderr));
    let trace = |out: &Output| {
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        json["ageing"]["trace"].clone()
    };
    let usage_trace = trace(&usage);
    let days = usage_trace["time_days"].as_array().and_then(|days| days.last()?.as_f64()).expect("time_days");
    assert!(days >= 3.0 * 365.0, "{days}");
    assert_eq!(usage_trace, trace(&series));
}

#[test]
fn series_too_short_for_the_horizon_is_refused() {
    let series = temp_file("too_short", "s.csv", "t_secs,soc,T_celsius\n0,0.8,25\n1,0.7,25\n");
    let out =
        ampere(&["age", "--model", "lfp_gr_250ah_prismatic", "--series", series.to_str().unwrap(), "--years", "10"]);
    assert_bad_input(&out, "more than the 1e7 a run may have: give a longer series or a shorter horizon");
}

#[test]
fn unknown_cell_lists_the_known_cells() {
    let out = ampere(&["age", "--cell", "lead_acid", "--usage", "commuter", "--climate", "paris"]);
    assert_bad_input(&out, "unknown cell `lead_acid`; built-in ones are: lfp_a123_26650");
}

#[test]
fn unknown_climate_lists_the_cities() {
    let out = ampere(&["age", "--cell", "nmc811_lg_m50", "--usage", "commuter", "--climate", "atlantis"]);
    assert_bad_input(&out, "unknown climate `atlantis`; built-in ones are: oslo, paris, madrid, shenzhen, beijing");
}

#[test]
fn series_row_out_of_range_names_file_row_and_column() {
    let series = temp_file("bad_soc", "s.csv", "t_secs,soc,T_celsius\n0,0.8,25\n3600,1.5,25\n");
    let out = ampere(&["age", "--model", "nmc622_gr_denso_50ah", "--series", series.to_str().unwrap(), "--years", "1"]);
    assert_bad_input(&out, "s.csv: row 3, column `soc`: 1.5 must be a fraction in [0, 1]");
}

#[test]
fn series_time_going_backwards_is_refused() {
    let series = temp_file("bad_time", "s.csv", "t_secs,soc,T_celsius\n0,0.8,25\n0,0.7,25\n");
    let out = ampere(&["age", "--model", "nmc622_gr_denso_50ah", "--series", series.to_str().unwrap(), "--years", "1"]);
    assert_bad_input(&out, "row 3, column `t_secs`: time 0 must be finite and greater than the row before");
}

#[test]
fn years_out_of_range_names_the_range() {
    let out = ampere(&["age", "--cell", "nmc811_lg_m50", "--usage", "commuter", "--climate", "paris", "--years", "80"]);
    assert_bad_input(&out, "`years` = 80: must be in [0.1, 50]");
}

#[test]
fn bad_usage_field_names_file_and_field() {
    let text = include_str!("../../../data/usage/commuter.toml").replace("weekday_km = 40.0", "weekday_km = -5.0");
    let usage = temp_file("bad_usage", "u.toml", &text);
    let out = ampere(&["age", "--cell", "nmc811_lg_m50", "--usage", usage.to_str().unwrap(), "--climate", "paris"]);
    assert_bad_input(&out, "u.toml: `weekday_km` = -5: must be a finite number ≥ 0");
}

#[test]
fn unknown_model_law_names_the_laws() {
    let model = temp_file("bad_law", "m.toml", "law = \"lead_acid\"\n");
    let out = ampere(&["age", "--model", model.to_str().unwrap(), "--usage", "commuter", "--climate", "paris"]);
    assert_bad_input(&out, "m.toml: `law` = lead_acid: must be one of: lfp_gr_250ah_prismatic");
}

#[test]
fn series_without_years_is_a_usage_error() {
    let out = ampere(&["age", "--model", "nmc811_grsi_lg_m50", "--series", "x.csv"]);
    assert_bad_input(&out, "--years");
}

#[test]
fn vehicle_form_takes_energy_from_the_vehicle_engine() {
    let out = ampere(&[
        "age",
        "--cell",
        "nmc811_lg_m50",
        "--usage",
        "commuter",
        "--climate",
        "paris",
        "--years",
        "2",
        "--vehicle",
        "renault_zoe_ze50_r135",
        "--cycle-mix",
        "wltc_class3b:0.7,udds:0.3",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("kWh usable when new") && stdout.contains("range km"), "{stdout}");
}

#[test]
fn unknown_cycle_in_the_mix_is_named() {
    let out = ampere(&[
        "age",
        "--cell",
        "nmc811_lg_m50",
        "--usage",
        "commuter",
        "--climate",
        "paris",
        "--vehicle",
        "renault_zoe_ze50_r135",
        "--cycle-mix",
        "wltc_class9:1",
    ]);
    assert_bad_input(&out, "unknown cycle `wltc_class9`");
}

/// A 5 Ah cell discharged and recharged at 1 C, the current ramping over quarter hours, SOC as it integrates.
const WITH_CURRENT: &str = "t_secs,soc,T_celsius,current_a\n0,0.9,25,0\n900,0.775,25,5\n1800,0.525,25,5\n\
                            2700,0.4,25,0\n3600,0.525,25,-5\n4500,0.775,25,-5\n5400,0.9,25,0\n";

#[test]
fn series_with_a_current_takes_its_c_rates() {
    let series = temp_file("current", "s.csv", WITH_CURRENT);
    let path = series.to_str().unwrap();
    let args = ["age", "--model", "nmc811_grsi_lg_m50", "--series", path, "--years", "1"];
    let out = ampere(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("C-rates from `current_a`, for a 5 Ah cell"));
    // With a library cell, its own capacity (the Panasonic 18650's 3.35 Ah, not the 3 Ah of the model's cell).
    let out = ampere(&["age", "--cell", "nca_panasonic_18650", "--series", path, "--years", "1"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("for a 3.35 Ah cell"), "{out:?}");
    let out = ampere(&[&args[..], &["--json"]].concat());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["c_rates_from_current_for_capacity_ah"], 5.0);
    let out = ampere(&[&args[..], &["--mode", "blast-compat"]].concat());
    assert!(String::from_utf8_lossy(&out.stderr).contains("`current_a` is not read"));
    let out = ampere(&[&args[..], &["--cell-capacity-ah", "-1"]].concat());
    assert_bad_input(&out, "--cell-capacity-ah: `cell_capacity_ah` = -1: must be a finite number > 0");
    let out = ampere(&[&args[..], &["--cell-capacity-ah", "500"]].concat());
    assert_bad_input(&out, "0.005 EFC of charge for a 500 Ah cell: must be within a factor of 2 of the 0.500 EFC");
    let negate = |line: &str| match line.rsplit_once(',') {
        Some((head, current)) if current != "current_a" => format!("{head},{}\n", -current.parse::<f64>().unwrap()),
        _ => format!("{line}\n"),
    };
    let negated = temp_file("current_negated", "s.csv", &WITH_CURRENT.lines().map(negate).collect::<String>());
    let out = ampere(&["age", "--model", "nmc811_grsi_lg_m50", "--series", negated.to_str().unwrap(), "--years", "1"]);
    assert_bad_input(&out, "ampere takes the current positive on discharge (PyBaMM's convention): negate the column");
}
