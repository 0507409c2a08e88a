//! The simulation loops allocate nothing: a drive over a long cycle makes exactly as many allocations as one over
//! a short cycle (the per-run summary and phase names only), and an ageing run over 1 000 days as many as one over
//! 10 days (its buffers and trace are sized when it starts), with and without a measured current.

// Counting allocations needs a `GlobalAlloc`, whose trait methods are unsafe by definition; this file is the
// one exception to the workspace's `unsafe_code = "deny"`.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

mod common;

use ampere_core::cycle::DriveCycle;
use ampere_core::sim::{SimOptions, simulate};

struct Counting;

thread_local! {
    // Per thread, so that the test harness's own threads do not disturb the count.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // `try_with` fails only while the thread is being torn down; those allocations need no counting.
        let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
        // SAFETY: forwards the caller's layout to the system allocator unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with this layout in `alloc` above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_of_run(n_steps: usize) -> usize {
    let vehicle = ampere_core::vehicle::builtin::load("renault_zoe_ze50_r135").unwrap();
    let time: Vec<f64> = (0..=n_steps).map(|t| t as f64).collect();
    let speed: Vec<f64> = (0..=n_steps).map(|t| 15.0 + 10.0 * (t as f64 / 30.0).sin()).collect();
    let cycle = DriveCycle::new("wave", time, speed, None, None).unwrap();
    let options = SimOptions::default();
    let before = allocations();
    let result = simulate(&vehicle, &cycle, &options);
    let after = allocations();
    assert!(result.summary.distance_m > 0.0);
    after - before
}

#[test]
fn run_allocations_do_not_grow_with_cycle_length() {
    let short = allocations_of_run(10);
    let long = allocations_of_run(100_000);
    assert_eq!(short, long, "{short} allocations for 10 steps, {long} for 100 000");
    assert!(short <= 5, "{short} allocations per run");
}

/// Allocations of one ageing run of `days` over a day driven by current, repeated by the driver, with or without
/// that current.
fn allocations_of_ageing(days: f64, with_current: bool) -> usize {
    use ampere_core::ageing::AgeingModel;
    use ampere_core::ageing::driver::DriverOptions;
    let model = AgeingModel::builtin("nmc811_grsi_lg_m50").unwrap();
    let day = common::driven_by_current(1, model.card().capacity_ah);
    let series = if with_current { day } else { common::without_current(&day) };
    let options = DriverOptions { years: days / 365.0, ..DriverOptions::default() };
    let before = allocations();
    let result = model.simulate(&series, options).unwrap();
    let after = allocations();
    assert!(result.trace.final_q() < 1.0);
    after - before
}

#[test]
fn ageing_allocations_do_not_grow_with_the_horizon() {
    // The first run also builds the one-time tables (the anode potential).
    allocations_of_ageing(1.0, false);
    for with_current in [false, true] {
        let (short, long) = (allocations_of_ageing(10.0, with_current), allocations_of_ageing(1000.0, with_current));
        assert_eq!(short, long, "current {with_current}: {short} allocations for 10 days, {long} for 1000");
    }
}
