//! The simulation loop allocates nothing: a run over a long cycle makes exactly as many allocations as a run
//! over a short one (the per-run summary and phase names only).

// Counting allocations needs a `GlobalAlloc`, whose trait methods are unsafe by definition; this file is the
// one exception to the workspace's `unsafe_code = "deny"`.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use ampere_core::cycle::DriveCycle;
use ampere_core::sim::{SimOptions, simulate};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
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
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let result = simulate(&vehicle, &cycle, &options);
    let after = ALLOCATIONS.load(Ordering::Relaxed);
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
