//! blast-compat mode against BLAST-Lite 1.1.0 itself: one-year hourly profiles repeated to 10 years, six
//! models, BLAST-Lite's defaults (energy throughput conserved, 1 day / 1 EFC breakpoints). Three synthetic
//! profiles with rounded values, and the year ampere's usage generator makes for the built-in commuter in Paris
//! (unrounded temperatures, as `ampere age --usage` ages it). The reference values and the synthetic profiles
//! were made by `scripts/ageing/make_blast_reference.py`.

use ampere_core::ageing::climate::Climate;
use ampere_core::ageing::driver::{DriverMode, DriverOptions};
use ampere_core::ageing::usage::{UsageProfile, UsageVehicle};
use ampere_core::ageing::{AgeingModel, Series};

const REFERENCE: &str = include_str!("data/ageing/blast_reference.csv");
/// BLAST-Lite on the generated year: it changes, and must be made again, when the usage generator changes.
const USAGE_REFERENCE: &str = include_str!("data/ageing/blast_reference_usage.csv");

fn profile(name: &str) -> Series {
    let text = match name {
        "commuter_temperate" => include_str!("data/ageing/profile_commuter_temperate.csv"),
        "taxi_hot" => include_str!("data/ageing/profile_taxi_hot.csv"),
        "parked_full_cold" => include_str!("data/ageing/profile_parked_full_cold.csv"),
        "usage_commuter_paris" => return usage_commuter_paris(),
        other => panic!("unknown profile {other}"),
    };
    Series::from_csv(text, name).expect("valid profile")
}

/// The year `ampere age --model … --usage commuter --climate paris --series-out FILE` writes.
fn usage_commuter_paris() -> Series {
    let usage = UsageProfile::builtin("commuter").expect("usage");
    let climate = Climate::builtin("paris").expect("climate");
    usage.generate(&UsageVehicle::default(), &climate, "commuter").expect("year").series
}

fn model_for(blast_class: &str) -> AgeingModel {
    AgeingModel::names()
        .map(|n| AgeingModel::builtin(n).expect("builtin"))
        .find(|m| m.card().blast_class == blast_class)
        .unwrap_or_else(|| panic!("no model for {blast_class}"))
}

struct Row<'a> {
    profile: &'a str,
    blast_class: &'a str,
    years: f64,
    q: f64,
    r: f64,
    efc: f64,
}

fn rows(reference: &'static str) -> impl Iterator<Item = Row<'static>> {
    reference.lines().filter(|l| !l.starts_with('#')).skip(1).map(|line| {
        let f: Vec<&str> = line.split(',').collect();
        let num = |i: usize| f[i].parse::<f64>().expect("number");
        Row { profile: f[0], blast_class: f[1], years: num(2), q: num(3), r: num(4), efc: num(5) }
    })
}

#[test]
fn blast_compat_matches_blast_lite_after_10_years() {
    assert_eq!(compare_with(REFERENCE), 18);
}

#[test]
fn blast_compat_matches_blast_lite_on_a_generated_usage_year() {
    assert_eq!(compare_with(USAGE_REFERENCE), 6);
}

/// Run every row of a reference file in both modes, check blast-compat against it; returns the rows checked.
fn compare_with(reference: &'static str) -> usize {
    let mut n = 0;
    for row in rows(reference) {
        let series = profile(row.profile);
        let model = model_for(row.blast_class);
        let compat = DriverOptions { mode: DriverMode::BlastCompat, years: row.years, ..Default::default() };
        let trace = model.simulate(&series, compat).expect("runs").trace;
        let default =
            model.simulate(&series, DriverOptions { years: row.years, ..Default::default() }).expect("runs").trace;
        let dq = trace.final_q() - row.q;
        eprintln!(
            "{:20} {:32} q blast {:.4} compat {:.4} (Δ {:+.1e}) default {:.4} (Δ {:+.4}); r Δ {:+.1e}; efc {:.1} vs {:.1}",
            row.profile,
            row.blast_class,
            row.q,
            trace.final_q(),
            dq,
            default.final_q(),
            default.final_q() - trace.final_q(),
            trace.final_r() - row.r,
            trace.efc.last().expect("rows"),
            row.efc,
        );
        // Issue 4 asks for ≤ 0.005; the reproduction is exact up to the 6 decimals of the reference file, so
        // hold it to 1e-5 to catch any drift.
        assert!(dq.abs() <= 1e-5, "{} {}: q {} vs BLAST-Lite {}", row.profile, row.blast_class, trace.final_q(), row.q);
        assert!((trace.final_r() - row.r).abs() <= 1e-5 * row.r, "{} {}: r", row.profile, row.blast_class);
        assert!((trace.efc.last().expect("rows") - row.efc).abs() <= 1e-3, "{} {}: efc", row.profile, row.blast_class);
        n += 1;
    }
    n
}
