//! Validity warnings: chunks whose stressors leave the range a model was fitted on are counted per kind and
//! reported as data with the run, never silently extrapolated and never turned into errors.

use crate::ageing::models::Validity;
use crate::ageing::stressors::ChunkStressors;

/// A chunk counts as cycling (for the cycling-range checks) above this many EFC.
const CYCLING_EFC: f64 = 0.01;

/// What left the tested range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// Mean cell temperature of a cycling chunk, °C.
    CyclingTemperature,
    /// Depth of discharge of a cycling chunk (fraction).
    DepthOfDischarge,
    /// Highest instantaneous charge rate, h⁻¹.
    ChargeRate,
    /// Highest instantaneous discharge rate, h⁻¹.
    DischargeRate,
}

/// One kind of excursion, aggregated over the run.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ValidityWarning {
    /// What left the range.
    pub kind: WarningKind,
    /// How many chunks were outside.
    pub chunks: usize,
    /// Elapsed time at the first such chunk, days.
    pub first_day: f64,
    /// The value furthest outside the range (unit of `kind`).
    pub worst_value: f64,
    /// The tested range [lo, hi] (unit of `kind`).
    pub allowed: [f64; 2],
}

impl std::fmt::Display for ValidityWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.kind {
            WarningKind::CyclingTemperature => "cycling temperature (°C)",
            WarningKind::DepthOfDischarge => "depth of discharge",
            WarningKind::ChargeRate => "charge rate (C)",
            WarningKind::DischargeRate => "discharge rate (C)",
        };
        let [lo, hi] = self.allowed;
        write!(
            f,
            "{what} outside the tested range [{lo}, {hi}] in {} chunks from day {:.0} (worst {:.3}); the model extrapolates",
            self.chunks, self.first_day, self.worst_value
        )
    }
}

/// Running counts, one slot per kind (no allocation while the run goes on).
#[derive(Debug, Clone)]
pub struct WarningTracker {
    validity: Validity,
    slots: [Option<ValidityWarning>; 4],
}

impl WarningTracker {
    /// A tracker for a model's tested range.
    pub fn new(validity: Validity) -> Self {
        WarningTracker { validity, slots: [None; 4] }
    }

    /// Check one chunk starting at `time_days`.
    pub fn check(&mut self, s: &ChunkStressors, time_days: f64) {
        let v = self.validity;
        if s.delta_efc > CYCLING_EFC {
            let t_degc = s.mean_temperature_k - 273.15;
            self.record(WarningKind::CyclingTemperature, 0, t_degc, v.cycling_temperature_degc, time_days);
            self.record(WarningKind::DepthOfDischarge, 1, s.dod, v.dod, time_days);
        }
        self.record(WarningKind::ChargeRate, 2, s.max_charge_per_h, [0.0, v.max_charge_rate_per_h], time_days);
        self.record(WarningKind::DischargeRate, 3, s.max_discharge_per_h, [0.0, v.max_discharge_rate_per_h], time_days);
    }

    fn record(&mut self, kind: WarningKind, slot: usize, value: f64, [lo, hi]: [f64; 2], time_days: f64) {
        // Tolerance so that a value on the boundary after floating-point rescaling does not warn.
        const EPS: f64 = 1e-9;
        if value >= lo - EPS && value <= hi + EPS {
            return;
        }
        let distance = |x: f64| if x < lo { lo - x } else { x - hi };
        let entry = self.slots[slot].get_or_insert(ValidityWarning {
            kind,
            chunks: 0,
            first_day: time_days,
            worst_value: value,
            allowed: [lo, hi],
        });
        entry.chunks += 1;
        if distance(value) > distance(entry.worst_value) {
            entry.worst_value = value;
        }
    }

    /// The warnings raised, in a fixed order.
    pub fn finish(self) -> Vec<ValidityWarning> {
        self.slots.into_iter().flatten().collect()
    }
}
