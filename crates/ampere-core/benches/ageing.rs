//! Ten years of hourly SOC/temperature (87 600 samples: the `commuter_temperate` test profile tiled ten times)
//! through each ageing model, in both driver modes. Issue 4's target: ≤ 1 ms per model, single-threaded.
//! BLAST-Lite's time on the same input: `scripts/ageing/time_blast.py`. Results: BENCHMARKS.md.

use std::hint::black_box;

use ampere_core::ageing::driver::{DriverMode, DriverOptions};
use ampere_core::ageing::{AgeingModel, Series};
use criterion::{Criterion, criterion_group, criterion_main};

const PROFILE: &str = include_str!("../tests/data/ageing/profile_commuter_temperate.csv");

fn ten_years() -> Series {
    Series::from_csv(PROFILE, "commuter_temperate").expect("profile").repeated(10)
}

fn bench(c: &mut Criterion) {
    let series = ten_years();
    let mut group = c.benchmark_group("ageing_10y_hourly");
    group.sample_size(30);
    for name in AgeingModel::names() {
        let model = AgeingModel::builtin(name).expect("builtin");
        for (label, mode) in [("default", DriverMode::Default), ("blast_compat", DriverMode::BlastCompat)] {
            let options = DriverOptions { mode, years: 10.0, ..DriverOptions::default() };
            group.bench_function(format!("{name}/{label}"), |b| {
                b.iter(|| black_box(model.simulate(black_box(&series), options)).trace.final_q())
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
