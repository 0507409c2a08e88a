//! Issue 5 CLI: `ampere cost` prints the breakdown and tornado, `ampere cost validate` prints every check with
//! its result, and bad input exits with code 2 and a message naming the field.

use std::process::{Command, Output};

fn ampere(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ampere")).args(args).output().unwrap()
}

#[test]
fn validate_prints_every_check_and_passes() {
    let out = ampere(&["cost", "validate"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    assert_eq!(stdout.lines().filter(|l| l.ends_with("pass")).count(), 13, "{stdout}");
}

#[test]
fn cost_with_override_and_tornado_prints_the_vehicle_and_the_bars() {
    let out = ampere(&[
        "cost",
        "--cell",
        "lfp_prismatic_blade",
        "--pack",
        "b_segment_ctp",
        "--scenario",
        "2028-eu",
        "--set",
        "lithium_carbonate_usd_per_t=30000",
        "--tornado",
        "20",
    ]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    for wanted in
        ["cell total", "pack total", "price before tax", "Tornado of vehicle cost USD", "lithium_carbonate_usd_per_t"]
    {
        assert!(stdout.contains(wanted), "{wanted}: {stdout}");
    }
}

#[test]
fn json_output_parses() {
    let out = ampere(&["cost", "--cell", "nmc622_large", "--pack", "market_nmc", "--scenario", "2024-us", "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(value["cost"]["pack"]["usd_per_kwh"].as_f64().unwrap() > 0.0);
}

#[test]
fn bad_override_exits_2_naming_the_key_and_range() {
    let out = ampere(&[
        "cost",
        "--cell",
        "nmc622_large",
        "--pack",
        "market_nmc",
        "--scenario",
        "2024-eu",
        "--set",
        "cell_scrap_rate=2",
    ]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("`cell_scrap_rate` = 2: must be in [0, 0.9]"), "{stderr}");
}
