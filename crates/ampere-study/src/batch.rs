//! Parallel batches: every vehicle of a slice over the same cycle, one run per vehicle, on all cores.

use std::time::{Duration, Instant};

use ampere_core::cycle::DriveCycle;
use ampere_core::sim::{SimOptions, Summary, simulate};
use ampere_core::vehicle::Vehicle;
use rayon::prelude::*;

/// Run every vehicle over `cycle`; the result `i` belongs to `vehicles[i]`.
pub fn run_batch(vehicles: &[Vehicle], cycle: &DriveCycle, options: &SimOptions) -> Vec<Summary> {
    vehicles.par_iter().map(|vehicle| simulate(vehicle, cycle, options).summary).collect()
}

/// Timing of single runs and of a parallel batch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    /// Median wall time of one run, single-threaded.
    pub median_run: Duration,
    /// Runs per minute of a batch on all cores.
    pub batch_runs_per_minute: f64,
    /// Threads the batch used.
    pub threads: usize,
}

/// Time `samples` single runs of `vehicles[0]` (median) and one batch of `batch_runs` runs cycling through
/// `vehicles`.
pub fn time_runs(vehicles: &[Vehicle], cycle: &DriveCycle, samples: usize, batch_runs: usize) -> Timing {
    let options = SimOptions::default();
    let mut durations: Vec<Duration> = (0..samples.max(1))
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(simulate(std::hint::black_box(&vehicles[0]), cycle, &options));
            start.elapsed()
        })
        .collect();
    durations.sort_unstable();
    let batch_runs = batch_runs.max(1);
    let start = Instant::now();
    let summaries: Vec<Summary> = (0..batch_runs)
        .into_par_iter()
        .map(|idx| simulate(&vehicles[idx % vehicles.len()], cycle, &options).summary)
        .collect();
    let elapsed = start.elapsed().as_secs_f64();
    std::hint::black_box(summaries);
    Timing {
        median_run: durations[durations.len() / 2],
        batch_runs_per_minute: batch_runs as f64 / elapsed * 60.0,
        threads: rayon::current_num_threads(),
    }
}
