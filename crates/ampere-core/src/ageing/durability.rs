//! Durability outputs from an ageing trace: state of health per year and km, years and km to 80 % and 70 %,
//! the EU Euro 7 battery-durability check, a warranty check and the range of the aged pack.
//!
//! * Euro 7 (Regulation (EU) 2024/1257, cars M1): capacity ≥ 80 % at 5 years or 100 000 km and ≥ 72 % at
//!   8 years or 160 000 km, whichever comes first (source: `facts/MARKET.md` §4.4).
//! * Warranty: capacity ≥ `min_q` at `years` or `km`, whichever first (default 70 % at 8 years/160 000 km).
//! * Range with the aged pack: `range_km = q·usable_energy_kwh·1000/energy_per_km_wh` (usable energy scales
//!   with capacity; the effect of resistance growth on usable energy is not modelled).
//!
//! Distance is `km_per_year·years` (the usage profile's annual distance). SOH between chunk ends is linear.

use crate::ageing::driver::AgeingTrace;

/// A minimum capacity at an age or distance, whichever comes first.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Requirement {
    /// Age limit, years.
    pub years: f64,
    /// Distance limit, km.
    pub km: f64,
    /// Minimum relative capacity.
    pub min_q: f64,
}

/// The two Euro 7 minimum-performance points for cars.
pub const EURO7_CAR: [Requirement; 2] =
    [Requirement { years: 5.0, km: 100_000.0, min_q: 0.80 }, Requirement { years: 8.0, km: 160_000.0, min_q: 0.72 }];

/// A typical EV battery warranty (70 % at 8 years/160 000 km).
pub const DEFAULT_WARRANTY: Requirement = Requirement { years: 8.0, km: 160_000.0, min_q: 0.70 };

/// The outcome of one requirement.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Check {
    /// What was required.
    pub requirement: Requirement,
    /// When it is evaluated (the earlier of its age and distance), years.
    pub at_years: f64,
    /// Capacity then; `None` when the run is shorter.
    pub q: Option<f64>,
    /// Pass or fail; `None` when not evaluated.
    pub pass: Option<bool>,
}

/// When capacity first falls to a threshold.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Milestone {
    /// Relative capacity threshold.
    pub q: f64,
    /// Years to reach it; `None` if not reached in the run.
    pub years: Option<f64>,
    /// Distance at that time, km.
    pub km: Option<f64>,
}

/// Health at the end of a year.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct YearHealth {
    /// Age, years.
    pub year: f64,
    /// Distance, km.
    pub km: f64,
    /// Relative capacity.
    pub q: f64,
    /// Relative resistance.
    pub r: f64,
    /// Capacity lost to calendar ageing.
    pub calendar_loss: f64,
    /// Capacity lost to cycling.
    pub cycling_loss: f64,
    /// Range with the aged pack, km (when the vehicle's energy use is known).
    pub range_km: Option<f64>,
}

/// Vehicle numbers for the aged-range estimate.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct RangeBasis {
    /// Usable energy when new, kWh.
    pub usable_energy_kwh: f64,
    /// DC energy per km, Wh/km.
    pub energy_per_km_wh: f64,
}

/// All durability outputs.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Durability {
    /// Health at the end of each whole year of the run.
    pub yearly: Vec<YearHealth>,
    /// Years and km to 80 % and 70 %.
    pub milestones: Vec<Milestone>,
    /// Euro 7 checks (5 years/100 000 km, 8 years/160 000 km).
    pub euro7: Vec<Check>,
    /// Warranty check.
    pub warranty: Check,
}

/// Assess a trace for a car driven `km_per_year`.
pub fn assess(trace: &AgeingTrace, km_per_year: f64, range: Option<RangeBasis>, warranty: Requirement) -> Durability {
    let end_years = trace.time_days.last().copied().unwrap_or(0.0) / 365.0;
    let yearly = (1..=end_years.floor() as usize)
        .map(|year| {
            let days = year as f64 * 365.0;
            let q = interpolate(trace, &trace.q, days);
            YearHealth {
                year: year as f64,
                km: year as f64 * km_per_year,
                q,
                r: interpolate(trace, &trace.r, days),
                calendar_loss: interpolate(trace, &trace.calendar_loss, days),
                cycling_loss: interpolate(trace, &trace.cycling_loss, days),
                range_km: range.map(|b| q * b.usable_energy_kwh * 1000.0 / b.energy_per_km_wh),
            }
        })
        .collect();
    let milestones = [0.8, 0.7]
        .map(|q| {
            let years = years_to(trace, q);
            Milestone { q, years, km: years.map(|y| y * km_per_year) }
        })
        .to_vec();
    // A run that stopped on a spent cell (no capacity left) fails every later point rather than missing it.
    let spent = trace.final_q() <= 0.0 || trace.final_q().is_nan();
    let check = |requirement: Requirement| {
        let at_years =
            if km_per_year > 0.0 { requirement.years.min(requirement.km / km_per_year) } else { requirement.years };
        let q = (at_years <= end_years || spent).then(|| interpolate(trace, &trace.q, at_years * 365.0));
        Check { requirement, at_years, q, pass: q.map(|q| q >= requirement.min_q) }
    };
    Durability { yearly, milestones, euro7: EURO7_CAR.map(check).to_vec(), warranty: check(warranty) }
}

/// Value of `column` at `days`, linear between chunk ends.
fn interpolate(trace: &AgeingTrace, column: &[f64], days: f64) -> f64 {
    let t = &trace.time_days;
    let idx = t.partition_point(|&x| x < days);
    if idx == 0 {
        return column[0];
    }
    if idx >= t.len() {
        return column[t.len() - 1];
    }
    let w = (days - t[idx - 1]) / (t[idx] - t[idx - 1]);
    column[idx - 1] + w * (column[idx] - column[idx - 1])
}

/// Years until q first falls to `threshold`, linear between chunk ends.
fn years_to(trace: &AgeingTrace, threshold: f64) -> Option<f64> {
    let idx = trace.q.iter().position(|&q| q <= threshold)?;
    if idx == 0 {
        return Some(0.0);
    }
    let (q0, q1) = (trace.q[idx - 1], trace.q[idx]);
    let (t0, t1) = (trace.time_days[idx - 1], trace.time_days[idx]);
    Some((t0 + (q0 - threshold) / (q0 - q1) * (t1 - t0)) / 365.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A trace losing 2.5 % a year, linearly, over 10 years.
    fn linear_trace() -> AgeingTrace {
        let time_days: Vec<f64> = (0..=10).map(|y| y as f64 * 365.0).collect();
        let q: Vec<f64> = (0..=10).map(|y| 1.0 - 0.025 * y as f64).collect();
        AgeingTrace {
            efc: vec![0.0; 11],
            r: vec![1.0; 11],
            calendar_loss: q.iter().map(|q| 1.0 - q).collect(),
            cycling_loss: vec![0.0; 11],
            time_days,
            q,
        }
    }

    #[test]
    fn milestones_and_checks_on_a_linear_trace() {
        let basis = RangeBasis { usable_energy_kwh: 60.0, energy_per_km_wh: 150.0 };
        let d = assess(&linear_trace(), 25_000.0, Some(basis), DEFAULT_WARRANTY);
        assert!((d.milestones[0].years.unwrap() - 8.0).abs() < 1e-9);
        assert!(d.milestones[1].years.is_none());
        // 100 000 km come at 4 years (q = 0.9), 160 000 km at 6.4 years (q = 0.84).
        assert!((d.euro7[0].at_years - 4.0).abs() < 1e-9 && d.euro7[0].pass == Some(true));
        assert!((d.euro7[1].q.unwrap() - 0.84).abs() < 1e-9);
        assert_eq!(d.warranty.pass, Some(true));
        assert!((d.yearly[9].range_km.unwrap() - 0.75 * 400.0).abs() < 1e-9);
    }

    #[test]
    fn a_spent_cell_fails_the_later_points() {
        let mut trace = linear_trace();
        for column in [&mut trace.time_days, &mut trace.q, &mut trace.r, &mut trace.efc] {
            column.truncate(3);
        }
        trace.q[2] = -0.1;
        let d = assess(&trace, 10_000.0, None, DEFAULT_WARRANTY);
        assert_eq!((d.euro7[0].q, d.euro7[0].pass), (Some(-0.1), Some(false)));
        assert_eq!(d.warranty.pass, Some(false));
    }

    #[test]
    fn short_run_is_not_evaluated() {
        let mut trace = linear_trace();
        for column in [&mut trace.time_days, &mut trace.q, &mut trace.r, &mut trace.efc] {
            column.truncate(3);
        }
        let d = assess(&trace, 10_000.0, None, DEFAULT_WARRANTY);
        assert_eq!(d.euro7[0].pass, None);
        assert_eq!(d.yearly.len(), 2);
    }
}
