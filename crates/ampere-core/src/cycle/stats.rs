//! Summary statistics of a drive cycle or one of its phases.

use serde::Serialize;

/// Below this speed (m/s) the vehicle counts as idle.
const IDLE_SPEED_MPS: f64 = 0.1;

/// Statistics of a span of a cycle, SI units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CycleStats {
    /// Duration, s.
    pub duration_s: f64,
    /// Distance (trapezoid rule), m.
    pub distance_m: f64,
    /// Mean speed including stops, m/s.
    pub mean_speed_mps: f64,
    /// Maximum speed, m/s.
    pub max_speed_mps: f64,
    /// Share of time with both ends of the step below 0.1 m/s, 0–1.
    pub idle_share: f64,
    /// Largest acceleration over one step, m/s².
    pub max_acceleration_mps2: f64,
    /// Largest deceleration over one step (a positive number), m/s².
    pub max_deceleration_mps2: f64,
}

impl CycleStats {
    /// Statistics of samples `start_idx ..= end_idx`.
    pub fn of(time_s: &[f64], speed_mps: &[f64], start_idx: usize, end_idx: usize) -> Self {
        let mut stats = CycleStats {
            duration_s: time_s[end_idx] - time_s[start_idx],
            distance_m: 0.0,
            mean_speed_mps: 0.0,
            max_speed_mps: speed_mps[start_idx],
            idle_share: 0.0,
            max_acceleration_mps2: 0.0,
            max_deceleration_mps2: 0.0,
        };
        let mut idle_s = 0.0;
        for idx in start_idx + 1..=end_idx {
            let dt = time_s[idx] - time_s[idx - 1];
            let (v0, v1) = (speed_mps[idx - 1], speed_mps[idx]);
            stats.distance_m += 0.5 * (v0 + v1) * dt;
            stats.max_speed_mps = stats.max_speed_mps.max(v1);
            let accel = (v1 - v0) / dt;
            stats.max_acceleration_mps2 = stats.max_acceleration_mps2.max(accel);
            stats.max_deceleration_mps2 = stats.max_deceleration_mps2.max(-accel);
            if v0 < IDLE_SPEED_MPS && v1 < IDLE_SPEED_MPS {
                idle_s += dt;
            }
        }
        if stats.duration_s > 0.0 {
            stats.mean_speed_mps = stats.distance_m / stats.duration_s;
            stats.idle_share = idle_s / stats.duration_s;
        }
        stats
    }
}
