//! Ten years of hourly SOC/temperature (87 600 samples: the `commuter_temperate` test profile tiled ten times)
//! through each ageing model, in both driver modes. Issue 4's target: ≤ 1 ms per model, single-threaded.
//! BLAST-Lite's time on the same input: `scripts/ageing/time_blast.py`. Results: BENCHMARKS.md.
//!
//! Four groups: `ageing_10y_hourly` is wall-clock time; `ageing_10y_hourly_oncpu` is the benchmark thread's
//! time on a CPU (Linux `/proc/thread-self/schedstat`), which leaves out the time the thread waits for a core
//! on a loaded machine (the shared 2-core development machine often runs at a load average of 5–10);
//! `ageing_10y_usage_oncpu` is the same on-CPU time, default mode, for the input `ampere age --usage commuter
//! --climate paris --years 10` ages: one generated year, repeated by the driver; `ageing_10y_current_oncpu`
//! is the benchmark input with a current column (the SOC's central-difference rate times the model's capacity),
//! default mode, whose C-rates then come from the current. The test profile's
//! temperatures are rounded to 0.01 °C, the generated year's are not, which matters to anything cached per
//! temperature.
//!
//! With `AGEING_ONCE=MODEL/MODE` set (e.g. `nmc622_gr_denso_50ah/default`, or `usage:MODEL/MODE` for the usage
//! year) the binary instead runs that case once after a warm-up run and exits, for instruction counts that do
//! not depend on the machine's load: `valgrind --tool=callgrind --toggle-collect='*run_once*' <bench binary>
//! --bench` counts that one run. With `AGEING_CHUNK_SWEEP=MODEL/MODE` it times that case with chunks of at most 1, 2, 4
//! and 8 days instead, to separate what a chunk costs from what its samples cost (BENCHMARKS.md).

use std::hint::black_box;
use std::time::{Duration, Instant};

use ampere_core::ageing::climate::Climate;
use ampere_core::ageing::driver::{DriverMode, DriverOptions};
use ampere_core::ageing::usage::{UsageProfile, UsageVehicle};
use ampere_core::ageing::{AgeingModel, Series};
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "../tests/common/mod.rs"]
mod common;

const PROFILE: &str = include_str!("../tests/data/ageing/profile_commuter_temperate.csv");

fn ten_years() -> Series {
    Series::from_csv(PROFILE, "commuter_temperate").expect("profile").repeated(10)
}

/// Nanoseconds this thread has run on a CPU (first field of `/proc/thread-self/schedstat`), if available.
fn on_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
}

/// One run of a case; not inlined so that callgrind can collect exactly this call.
#[inline(never)]
fn run_once(model: &AgeingModel, series: &Series, options: DriverOptions) -> f64 {
    black_box(model.simulate(black_box(series), options).expect("runs")).trace.final_q()
}

fn bench(c: &mut Criterion) {
    let series = ten_years();
    let cases: Vec<(String, AgeingModel, DriverOptions)> = AgeingModel::names()
        .flat_map(|name| {
            let model = AgeingModel::builtin(name).expect("builtin");
            [("default", DriverMode::Default), ("blast_compat", DriverMode::BlastCompat)].map(|(label, mode)| {
                (
                    format!("{name}/{label}"),
                    model.clone(),
                    DriverOptions { mode, years: 10.0, ..DriverOptions::default() },
                )
            })
        })
        .collect();
    if let Ok(id) = std::env::var("AGEING_CHUNK_SWEEP") {
        let (_, model, options) = cases.iter().find(|case| case.0 == id).expect("AGEING_CHUNK_SWEEP names a case");
        return chunk_sweep(&id, model, &series, *options);
    }
    if let Ok(once) = std::env::var("AGEING_ONCE") {
        // `usage:MODEL/MODE` runs the case on the usage year instead.
        let (id, series) = match once.strip_prefix("usage:") {
            Some(id) => (id.to_owned(), usage_year()),
            None => (once, series),
        };
        let (_, model, options) = cases.iter().find(|case| case.0 == id).expect("AGEING_ONCE names a case");
        // The warm-up run builds the one-time tables (anode potential) outside the counted call; its trace is
        // printed too, so that two builds can be compared for chunk placement (chunk count, the sum of the
        // chunk end times) and final state.
        let trace = model.simulate(&series, *options).expect("runs").trace;
        println!("{id}: q = {:.16}", run_once(model, &series, *options));
        let time_sum: f64 = trace.time_days.iter().sum();
        let last = trace.q.len() - 1;
        println!(
            "{id}: chunks = {last}, sum of chunk end times = {time_sum:.17e} d, q = {:.17e}, r = {:.17e}, EFC = {:.17e}, \
             calendar loss = {:.17e}",
            trace.q[last], trace.r[last], trace.efc[last], trace.calendar_loss[last]
        );
        return;
    }
    let mut group = c.benchmark_group("ageing_10y_hourly");
    group.sample_size(30);
    for (id, model, options) in &cases {
        group.bench_function(id.as_str(), |b| {
            b.iter(|| black_box(model.simulate(black_box(&series), *options).expect("runs")).trace.final_q())
        });
    }
    group.finish();
    on_cpu_group(c, "ageing_10y_hourly_oncpu", &series, &cases);
    // The usage path of `ampere age --usage commuter --climate paris --years 10`: one generated year, repeated by
    // the driver (so its chunk boundaries are placed once per year, and its temperatures recur every year).
    let year = usage_year();
    let default_cases: Vec<_> = cases.into_iter().filter(|case| case.0.ends_with("/default")).collect();
    on_cpu_group(c, "ageing_10y_usage_oncpu", &year, &default_cases);
    for case in &default_cases {
        on_cpu_group(
            c,
            "ageing_10y_current_oncpu",
            &with_current(&series, case.1.card().capacity_ah),
            std::slice::from_ref(case),
        );
    }
}

/// `series` with the current of a cell of `capacity_ah` whose SOC it is.
fn with_current(series: &Series, capacity_ah: f64) -> Series {
    let current_a = common::implied_current_a(series, capacity_ah);
    series.clone().with_current_a(current_a, "benchmark input").expect("consistent with its SOC")
}

/// Time one case with chunks of at most 1, 2, 4 and 8 days (and as many EFC): the slope of time over chunk count is
/// what a chunk costs beyond its samples. Prints the chunk count and the median wall-clock time of 400 runs per chunk
/// length (the on-CPU clock advances by scheduler ticks, too coarse for one run; the median leaves out runs that
/// waited for a core).
fn chunk_sweep(id: &str, model: &AgeingModel, series: &Series, options: DriverOptions) {
    for days in [1.0, 2.0, 4.0, 8.0] {
        let options = DriverOptions { max_chunk_days: days, max_chunk_efc: days, ..options };
        let chunks = model.simulate(series, options).expect("runs").trace.q.len() - 1;
        let mut times_ms: Vec<f64> = (0..400)
            .map(|_| {
                let start = Instant::now();
                black_box(run_once(model, series, options));
                start.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times_ms.sort_by(f64::total_cmp);
        println!("{id}: chunks of ≤ {days} d: {chunks} chunks, median {:.3} ms", times_ms[times_ms.len() / 2]);
    }
}

/// The built-in commuter usage in Paris with the generator's default vehicle: one year of hourly samples.
fn usage_year() -> Series {
    let usage = UsageProfile::builtin("commuter").expect("usage");
    let climate = Climate::builtin("paris").expect("climate");
    usage.generate(&UsageVehicle::default(), &climate, "commuter").expect("year").series
}

/// On-CPU time of each case over `series` (see the module doc), if the platform reports it.
fn on_cpu_group(c: &mut Criterion, name: &str, series: &Series, cases: &[(String, AgeingModel, DriverOptions)]) {
    if on_cpu_ns().is_none() {
        return;
    }
    let mut group = c.benchmark_group(name);
    group.sample_size(30);
    for (id, model, options) in cases {
        group.bench_function(id.as_str(), |b| {
            b.iter_custom(|iters| {
                let (start_cpu, start_wall) = (on_cpu_ns(), Instant::now());
                for _ in 0..iters {
                    black_box(model.simulate(black_box(series), *options).expect("runs").trace.final_q());
                }
                match (start_cpu, on_cpu_ns()) {
                    (Some(start), Some(end)) => Duration::from_nanos(end - start),
                    _ => start_wall.elapsed(),
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
