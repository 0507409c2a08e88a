//! `ampere cell fit`, `cell info` and `cell run` on fitted and BPX cells, through the binary.

use std::path::PathBuf;
use std::process::{Command, Output};

fn ampere(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ampere")).args(args).output().expect("runs")
}

fn data(name: &str) -> String {
    format!("{}/../ampere-core/tests/data/battery/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ampere-cell-fit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn fitted_cell_is_written_and_runs() {
    let fitted = scratch("chen_fit.toml");
    let hppc = data("spme_chen2020_hppc.csv");
    let out = ampere(&["cell", "fit", &hppc, "--cell", "nmc811_lg_m50", "--out", fitted.to_str().unwrap()]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.contains("17 SOC points") && stdout.contains("fit RMSE") && stdout.contains("τ2 s"), "{stdout}");
    let trace = scratch("chen_fit_trace.csv");
    let wltc = data("spme_chen2020_wltc.csv");
    let out = ampere(&[
        "cell",
        "run",
        "--cell",
        fitted.to_str().unwrap(),
        "--current",
        &wltc,
        "--initial-soc",
        "0.8",
        "--trace",
        trace.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("nmc811_lg_m50_fit: 1801 samples"), "{}", text(&out.stdout));
}

#[test]
fn bpx_cell_shows_its_data_and_sources() {
    let bpx = data("bpx_chen2020.json");
    let out = ampere(&["cell", "info", &bpx]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.contains("bpx_chen2020") && stdout.contains("nmc811") && stdout.contains("estimate"), "{stdout}");
}

#[test]
fn bad_hppc_rows_and_missing_base_are_reported() {
    let bad = scratch("bad_hppc.csv");
    std::fs::write(&bad, "time_s,current_a,voltage_v\n0,0,4.1\n1,5,oops\n").expect("write");
    let out = ampere(&["cell", "fit", bad.to_str().unwrap(), "--cell", "nmc811_lg_m50"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("bad_hppc.csv") && stderr.contains("row 3") && stderr.contains("voltage_v"), "{stderr}");
    let out = ampere(&["cell", "fit", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--cell"), "{}", text(&out.stderr));
}
