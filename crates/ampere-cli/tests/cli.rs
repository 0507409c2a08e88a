//! The `ampere` binary as a user runs it: commands, JSON fields with units, files, and error messages.

use std::path::PathBuf;
use std::process::{Command, Output};

fn ampere(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ampere")).args(args).output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ampere-cli-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn cycles_lists_every_builtin() {
    let out = stdout(&ampere(&["cycles"]));
    for name in ["wltc_class3b", "udds", "hwfet", "artemis_motorway_150"] {
        assert!(out.contains(name), "{out}");
    }
}

#[test]
fn cycles_show_prints_phases() {
    let out = stdout(&ampere(&["cycles", "show", "wltc_class3b"]));
    assert!(out.contains("Extra-High") && out.contains("23.266"), "{out}");
}

#[test]
fn simulate_json_names_fields_with_units() {
    let out = stdout(&ampere(&["simulate", "--vehicle", "renault_zoe_ze50_r135", "--cycle", "wltc_class3b", "--json"]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    for field in ["distance_km", "battery_energy_dc_kwh", "wh_per_km_dc", "wh_per_km_wall", "range_km"] {
        assert!(json[field].as_f64().is_some_and(|v| v > 0.0), "{field} in {out}");
    }
    assert!((json["distance_km"].as_f64().unwrap() - 23.266).abs() < 0.01);
}

#[test]
fn simulate_writes_a_trace() {
    let dir = scratch("trace");
    let path = dir.join("trace.csv");
    stdout(&ampere(&[
        "simulate",
        "--vehicle",
        "renault_zoe_ze50_r135",
        "--cycle",
        "udds",
        "--trace",
        path.to_str().unwrap(),
    ]));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().starts_with("time_s,speed_target_mps,speed_mps"));
    assert_eq!(lines.count(), 1370);
}

#[test]
fn range_wltp_and_epa() {
    let wltp = stdout(&ampere(&["range", "--vehicle", "renault_zoe_ze50_r135", "--procedure", "wltp", "--json"]));
    let json: serde_json::Value = serde_json::from_str(&wltp).unwrap();
    assert_eq!(json["class"], "class3b");
    assert!(json["range_km"].as_f64().unwrap() > 300.0);
    let epa = stdout(&ampere(&["range", "--vehicle", "renault_zoe_ze50_r135", "--procedure", "epa"]));
    assert!(epa.contains("combined") && epa.contains("MPGe"), "{epa}");
}

#[test]
fn fastsim_yaml_and_compat_flag() {
    let yaml =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../ampere-core/tests/data/fastsim/2016_Nissan_Leaf_30_kWh_thrml.yaml");
    let cycle = concat!(env!("CARGO_MANIFEST_DIR"), "/../ampere-core/tests/data/fastsim/udds_mps.csv");
    let out = stdout(&ampere(&["simulate", "--vehicle", yaml, "--cycle", cycle, "--json"]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    // FASTSim 3.1.0 gives 1.194487 kWh (tests/data/fastsim/reference.csv).
    assert!((json["battery_energy_dc_kwh"].as_f64().unwrap() / 1.194487 - 1.0).abs() < 1e-5);
    let toml_vehicle =
        stdout(&ampere(&["simulate", "--vehicle", "renault_zoe_ze50_r135", "--fastsim-compat", "--cycle", "udds"]));
    assert!(toml_vehicle.contains("Wh/km DC"));
}

#[test]
fn bench_reports_json_figures() {
    let out = stdout(&ampere(&[
        "bench",
        "--vehicle",
        "renault_zoe_ze50_r135",
        "--cycle",
        "udds",
        "--samples",
        "5",
        "--batch-runs",
        "20",
        "--json",
    ]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(json["median_run_us"].as_f64().unwrap() > 0.0);
    assert!(json["batch_runs_per_minute"].as_f64().unwrap() > 0.0);
}

#[test]
fn bad_cycle_file_is_reported_with_row_and_column_and_exit_code_2() {
    let dir = scratch("badcycle");
    let path = dir.join("bad.csv");
    std::fs::write(&path, "time_s,speed_kmh\n0,0\n1,-5\n").unwrap();
    let out = ampere(&["cycles", "show", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.csv: row 3, column `speed_kmh`"), "{err}");
}

#[test]
fn bad_vehicle_field_names_file_field_and_range() {
    let dir = scratch("badvehicle");
    let path = dir.join("car.toml");
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vehicles/renault_zoe_ze50_r135.toml"))
            .unwrap()
            .replace("drag_coefficient = 0.33", "drag_coefficient = -0.33");
    std::fs::write(&path, text).unwrap();
    let out = ampere(&["range", "--vehicle", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("car.toml: `road_load.drag_coefficient` = -0.33: must be in (0, 2]"), "{err}");
}

#[test]
fn unknown_names_list_the_known_ones() {
    let out = ampere(&["simulate", "--vehicle", "renault_zoe_ze50_r135", "--cycle", "wltc4"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown cycle `wltc4`") && err.contains("wltc_class3b"), "{err}");
    let out = ampere(&["range", "--vehicle", "batmobile"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown vehicle `batmobile`") && err.contains("renault_zoe_ze50_r135"), "{err}");
}

#[test]
fn missing_file_is_named() {
    let out = ampere(&["simulate", "--vehicle", "renault_zoe_ze50_r135", "--cycle", "/nonexistent/trip.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read `/nonexistent/trip.csv`"));
}
