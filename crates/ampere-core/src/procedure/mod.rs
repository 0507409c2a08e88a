//! Official test procedures for battery-electric vehicles: WLTP ([`wltp`]) and EPA ([`epa`]).
//!
//! Both drive the vehicle from a full battery through a sequence of segments until the battery is empty
//! (the *break-off*), then derive range and consumption from the DC energy at the battery terminals and the
//! AC energy needed to recharge from the wall. Segments are chained with [`Chain`], which carries the battery
//! state from one to the next.

pub mod epa;
pub mod wltp;

use crate::battery::{BatteryModel, BatteryState};
use crate::cycle::DriveCycle;
use crate::error::Result;
use crate::sim::{SimOptions, Summary, TraceMiss, simulate_from, wall_energy_j};
use crate::units::{MPS_PER_KMH, degc_to_k};
use crate::vehicle::Vehicle;

/// Acceleration used to reach and leave a constant-speed segment, m/s² (the WLTP and SAE J1634 procedures
/// leave it to the maker within limits; 0.5 m/s² is a gentle, typical value).
const CONSTANT_SPEED_RAMP_MPS2: f64 = 0.5;
/// Longest constant-speed hold tried before giving up on reaching break-off, s (100 h).
const MAX_HOLD_S: f64 = 360_000.0;

/// Drives segments one after another, carrying the battery state, and totals what happened.
pub(crate) struct Chain<'a> {
    vehicle: &'a Vehicle,
    options: SimOptions,
    state: BatteryState,
    /// DC energy discharged at the battery terminals so far, J (the usable battery energy at break-off).
    pub terminal_j: f64,
    /// Stored energy drawn so far, J.
    pub internal_j: f64,
    /// Distance driven so far, m.
    pub distance_m: f64,
    /// Shortfall against the traces, accumulated over the segments driven.
    pub trace_miss: TraceMiss,
    /// Whether the battery has run empty.
    pub broke_off: bool,
}

impl<'a> Chain<'a> {
    /// Start with a full battery at `ambient_degc`.
    pub fn new(vehicle: &'a Vehicle, ambient_degc: f64) -> Self {
        let (_, max_soc) = vehicle.battery.soc_window();
        let options = SimOptions { ambient_degc, stop_at_break_off: true, ..SimOptions::default() };
        Chain {
            vehicle,
            options,
            state: BatteryState::rested(max_soc, degc_to_k(ambient_degc)),
            terminal_j: 0.0,
            internal_j: 0.0,
            distance_m: 0.0,
            trace_miss: TraceMiss::default(),
            broke_off: false,
        }
    }

    /// Drive one segment (it ends early if the battery runs empty).
    pub fn drive(&mut self, cycle: &DriveCycle) -> Summary {
        let result = simulate_from(self.vehicle, cycle, &self.options, self.state);
        self.state = result.final_state;
        let s = result.summary;
        self.terminal_j += s.energy.battery_terminal_j;
        self.internal_j += s.energy.battery_internal_j;
        self.distance_m += s.distance_m;
        if s.break_off.is_none() {
            // Misses before break-off count; the last, battery-empty segment's shortfall is the break-off itself.
            self.trace_miss.steps += s.trace_miss.steps;
            self.trace_miss.time_s += s.trace_miss.time_s;
            self.trace_miss.distance_short_m += s.trace_miss.distance_short_m;
            if s.trace_miss.worst_speed_deficit_mps > self.trace_miss.worst_speed_deficit_mps {
                self.trace_miss.worst_speed_deficit_mps = s.trace_miss.worst_speed_deficit_mps;
            }
        }
        self.broke_off |= s.break_off.is_some();
        s
    }

    /// Drive at `speed_kmh` until the battery is empty.
    pub fn drive_to_break_off(&mut self, name: &str, speed_kmh: f64) -> Result<Summary> {
        let cycle = constant_speed(name, speed_kmh, MAX_HOLD_S)?;
        Ok(self.drive(&cycle))
    }

    /// AC energy from the wall to recharge what was drawn, J.
    pub fn recharge_wall_j(&self) -> f64 {
        wall_energy_j(self.vehicle, self.internal_j)
    }
}

/// A constant-speed segment at `speed_kmh` held for `hold_s`.
pub(crate) fn constant_speed(name: &str, speed_kmh: f64, hold_s: f64) -> Result<DriveCycle> {
    DriveCycle::constant_speed(name, speed_kmh * MPS_PER_KMH, hold_s.max(0.0), CONSTANT_SPEED_RAMP_MPS2)
}

/// Consumption, Wh/km, of `energy_j` over `distance_m` (0 without distance).
pub(crate) fn wh_per_km(energy_j: f64, distance_m: f64) -> f64 {
    if distance_m > 0.0 { energy_j / 3.6 / distance_m } else { 0.0 }
}
