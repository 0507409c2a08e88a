//! The published BLAST-Lite 1.1.0 fingerprints (`tests/data/ageing/fingerprints.csv`, copied from the BLAST
//! anchor): 1-year storage on a T × SOC grid and 1000-EFC cycling cases, run through BLAST-Lite's
//! constant-input path (compat mode, throughput not conserved).

use ampere_core::ageing::driver::{DriverMode, DriverOptions, RepeatStop};
use ampere_core::ageing::{AgeingModel, Series};

const FINGERPRINTS: &str = include_str!("data/ageing/fingerprints.csv");

struct Case {
    blast_class: String,
    test: String,
    temperature_degc: f64,
    soc: f64,
    q: f64,
    r: Option<f64>,
    q_cal: Option<f64>,
    days: Option<f64>,
}

fn cases() -> Vec<Case> {
    FINGERPRINTS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            let num = |s: &str| if s.is_empty() { None } else { Some(s.parse::<f64>().expect("number")) };
            Case {
                blast_class: f[0].to_owned(),
                test: f[1].to_owned(),
                temperature_degc: f[2].parse().expect("T"),
                soc: f[3].parse().expect("soc"),
                q: f[4].parse().expect("q"),
                r: num(f[5]),
                q_cal: num(f[6]),
                days: num(f[7]),
            }
        })
        .collect()
}

fn model_for(blast_class: &str) -> AgeingModel {
    AgeingModel::names()
        .map(|n| AgeingModel::builtin(n).expect("builtin"))
        .find(|m| m.card().blast_class == blast_class)
        .unwrap_or_else(|| panic!("no model for {blast_class}"))
}

/// One period of the case's profile: a day of storage, or one cycle sampled at its turning points.
fn period(test: &str, soc_storage: f64, temperature_degc: f64) -> (Series, RepeatStop) {
    let (t_s, soc) = match test {
        "storage_365d" => (vec![0.0, 86_400.0], vec![soc_storage; 2]),
        "cyc_1C_0-100_1000EFC" => (vec![0.0, 3600.0, 7200.0], vec![1.0, 0.0, 1.0]),
        "cyc_0.5C_20-80_1000EFC" => (vec![0.0, 4320.0, 8640.0], vec![0.8, 0.2, 0.8]),
        other => panic!("unknown test {other}"),
    };
    let stop = if test == "storage_365d" {
        RepeatStop { max_efc: f64::INFINITY, max_days: 365.0 }
    } else {
        RepeatStop { max_efc: 1000.0, max_days: f64::INFINITY }
    };
    let n = t_s.len();
    (Series::new(t_s, soc, vec![temperature_degc; n], test).expect("valid"), stop)
}

#[test]
fn fingerprints_match_blast_lite() {
    let options =
        DriverOptions { mode: DriverMode::BlastCompat, conserve_energy_throughput: false, ..Default::default() };
    let all = cases();
    assert_eq!(all.len(), 155);
    let (mut worst_storage, mut worst_cycling): (f64, f64) = (0.0, 0.0);
    for case in &all {
        let model = model_for(&case.blast_class);
        let (series, stop) = period(&case.test, case.soc, case.temperature_degc);
        let result = model.simulate_repeating(&series, stop, options).expect("runs");
        let trace = &result.trace;
        let label = format!("{} {} {} °C", case.blast_class, case.test, case.temperature_degc);
        // Storage cases reproduce to the 5 printed decimals; cycling cases to 2e-4 (see docs/models/ageing.md).
        let tol = if case.test == "storage_365d" { 1e-5 } else { 2e-4 };
        let dq = (trace.final_q() - case.q).abs();
        if case.test == "storage_365d" {
            worst_storage = worst_storage.max(dq);
        } else {
            worst_cycling = worst_cycling.max(dq);
        }
        assert!(dq <= tol, "{label}: q {} vs {}", trace.final_q(), case.q);
        if let Some(r) = case.r {
            assert!((trace.final_r() - r).abs() <= tol, "{label}: r {} vs {r}", trace.final_r());
        }
        if let Some(q_cal) = case.q_cal {
            let got = 1.0 - trace.calendar_loss.last().expect("rows");
            assert!((got - q_cal).abs() <= tol, "{label}: q_cal {got} vs {q_cal}");
        }
        if let Some(days) = case.days {
            let got = *trace.time_days.last().expect("rows");
            assert!((got - days).abs() / days < 2e-3, "{label}: days {got} vs {days}");
        }
    }
    eprintln!("worst |Δq|: storage {worst_storage:.2e}, cycling {worst_cycling:.2e} ({} fingerprints)", all.len());
}
