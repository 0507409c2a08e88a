//! Drive cycles: speed (and optionally grade and ambient temperature) against time, with named phases.
//!
//! A [`DriveCycle`] is a validated trace: time strictly increasing from its first sample, speeds finite and
//! ≥ 0, grades finite. Step `i` (for `i ≥ 1`) runs from sample `i − 1` to sample `i`; `grade[i]` and
//! `ambient_degc[i]` apply to that step. Built-in standard cycles live in `data/cycles/` and are compiled in
//! ([`builtin`]); user cycles come from CSV ([`DriveCycle::from_csv`]).

pub mod builtin;
mod csv_input;
mod stats;

pub use stats::CycleStats;

use crate::error::{Error, Result};

/// A named span of a cycle (WLTC Low/Medium/…, FTP bags). Sample indices are inclusive; neighbouring phases
/// share their boundary sample, so the steps of a phase are `start_idx + 1 ..= end_idx`.
#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    /// Phase name, e.g. "Low" or "Bag 1 (cold transient)".
    pub name: String,
    /// Index of the first sample.
    pub start_idx: usize,
    /// Index of the last sample.
    pub end_idx: usize,
}

/// A drive cycle in SI units. Fields are private: the constructor guarantees the invariants above.
#[derive(Debug, Clone, PartialEq)]
pub struct DriveCycle {
    name: String,
    time_s: Vec<f64>,
    speed_mps: Vec<f64>,
    /// Rise over run for the step ending at each sample (index 0 unused, kept 0).
    grade: Vec<f64>,
    ambient_degc: Option<Vec<f64>>,
    phases: Vec<Phase>,
}

impl DriveCycle {
    /// Build a cycle from SI columns. `grade` defaults to flat; phases default to one phase spanning the cycle.
    pub fn new(
        name: impl Into<String>,
        time_s: Vec<f64>,
        speed_mps: Vec<f64>,
        grade: Option<Vec<f64>>,
        ambient_degc: Option<Vec<f64>>,
    ) -> Result<Self> {
        let name = name.into();
        let n = time_s.len();
        if n < 2 {
            return Err(Error::InvalidTable {
                origin: name,
                problem: format!("a cycle needs at least 2 samples, found {n}"),
            });
        }
        let lengths_ok = speed_mps.len() == n
            && grade.as_ref().is_none_or(|g| g.len() == n)
            && ambient_degc.as_ref().is_none_or(|a| a.len() == n);
        if !lengths_ok {
            return Err(Error::InvalidTable { origin: name, problem: "columns differ in length".into() });
        }
        validate_columns(&name, &time_s, &speed_mps, grade.as_deref(), ambient_degc.as_deref())?;
        let phases = vec![Phase { name: "All".into(), start_idx: 0, end_idx: n - 1 }];
        Ok(DriveCycle { name, time_s, speed_mps, grade: grade.unwrap_or_else(|| vec![0.0; n]), ambient_degc, phases })
    }

    /// Replace the phases; each is `(name, start_time_s, end_time_s)` and must start and end on a sample,
    /// with phases contiguous and covering the whole cycle.
    pub fn with_phases(mut self, phases: &[(String, f64, f64)]) -> Result<Self> {
        let mut out = Vec::with_capacity(phases.len());
        let mut expected_start = 0;
        for (name, start_s, end_s) in phases {
            let start_idx = self.sample_at(*start_s, name)?;
            let end_idx = self.sample_at(*end_s, name)?;
            if start_idx != expected_start || end_idx <= start_idx {
                return Err(Error::InvalidTable {
                    origin: self.name.clone(),
                    problem: format!("phase `{name}` ({start_s}–{end_s} s) does not follow the previous phase"),
                });
            }
            expected_start = end_idx;
            out.push(Phase { name: name.clone(), start_idx, end_idx });
        }
        if expected_start != self.len() - 1 {
            return Err(Error::InvalidTable {
                origin: self.name.clone(),
                problem: "phases do not reach the end of the cycle".into(),
            });
        }
        self.phases = out;
        Ok(self)
    }

    fn sample_at(&self, t_s: f64, phase: &str) -> Result<usize> {
        self.time_s.iter().position(|&t| (t - t_s).abs() < 1e-9).ok_or_else(|| Error::InvalidTable {
            origin: self.name.clone(),
            problem: format!("phase `{phase}` boundary {t_s} s is not a sample time"),
        })
    }

    /// Join cycles end to end (time continues; each part's phases are kept, prefixed with `label: `).
    /// The first sample of every later part is dropped, so parts must end and start at the same speed.
    pub fn concat(name: impl Into<String>, parts: &[(&str, &DriveCycle)]) -> Result<Self> {
        let name = name.into();
        let mut time_s = Vec::new();
        let mut speed_mps = Vec::new();
        let mut grade = Vec::new();
        let mut phases = Vec::new();
        for (label, part) in parts {
            let skip = usize::from(!time_s.is_empty());
            let offset_idx = time_s.len() - skip;
            let offset_s = time_s.last().map_or(0.0, |&t| t - part.time_s[0]);
            if skip == 1 && (speed_mps.last().copied().unwrap_or(0.0) - part.speed_mps[0]).abs() > 1e-9 {
                return Err(Error::InvalidTable {
                    origin: name,
                    problem: format!("part `{label}` starts at a different speed than the previous part ends"),
                });
            }
            time_s.extend(part.time_s.iter().skip(skip).map(|t| t + offset_s));
            speed_mps.extend_from_slice(&part.speed_mps[skip..]);
            grade.extend_from_slice(&part.grade[skip..]);
            phases.extend(part.phases.iter().map(|p| Phase {
                name: format!("{label}: {}", p.name),
                start_idx: p.start_idx + offset_idx,
                end_idx: p.end_idx + offset_idx,
            }));
        }
        let mut cycle = DriveCycle::new(name, time_s, speed_mps, Some(grade), None)?;
        cycle.phases = phases;
        Ok(cycle)
    }

    /// A constant-speed segment: accelerate from rest at `accel_mps2`, hold `speed_mps` for `hold_s`,
    /// brake to rest at `accel_mps2`, sampled at 1 s (the ramps end on a partial second).
    pub fn constant_speed(name: impl Into<String>, speed_mps: f64, hold_s: f64, accel_mps2: f64) -> Result<Self> {
        let name = name.into();
        let ramp_s = speed_mps / accel_mps2;
        let total_s = 2.0 * ramp_s + hold_s;
        let mut time_s: Vec<f64> = (0..).map(f64::from).take_while(|&t| t < total_s).collect();
        time_s.push(total_s);
        let speed =
            time_s.iter().map(|&t| (accel_mps2 * t).min(speed_mps).min(accel_mps2 * (total_s - t)).max(0.0)).collect();
        DriveCycle::new(name, time_s, speed, None, None)
    }

    /// The part of the cycle spanning phases `first_phase ..= last_phase` (indices), as a cycle of its own
    /// starting at time 0 (e.g. the WLTC "city" cycle: Low and Medium).
    pub fn sub_cycle(&self, name: impl Into<String>, first_phase: usize, last_phase: usize) -> Result<Self> {
        let name = name.into();
        let (Some(first), Some(last)) = (self.phases.get(first_phase), self.phases.get(last_phase)) else {
            return Err(Error::InvalidTable { origin: name, problem: "phase index out of range".into() });
        };
        let (start, end) = (first.start_idx, last.end_idx);
        let t0 = self.time_s[start];
        let mut cycle = DriveCycle::new(
            name,
            self.time_s[start..=end].iter().map(|t| t - t0).collect(),
            self.speed_mps[start..=end].to_vec(),
            Some(self.grade[start..=end].to_vec()),
            self.ambient_degc.as_ref().map(|a| a[start..=end].to_vec()),
        )?;
        cycle.phases = self.phases[first_phase..=last_phase]
            .iter()
            .map(|p| Phase { name: p.name.clone(), start_idx: p.start_idx - start, end_idx: p.end_idx - start })
            .collect();
        Ok(cycle)
    }

    /// Name (built-in name or file path).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.time_s.len()
    }

    /// Always false: a cycle has at least two samples.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Sample times, s.
    pub fn time_s(&self) -> &[f64] {
        &self.time_s
    }

    /// Prescribed speeds, m/s.
    pub fn speed_mps(&self) -> &[f64] {
        &self.speed_mps
    }

    /// Grade (rise/run, positive uphill) of the step ending at each sample.
    pub fn grade(&self) -> &[f64] {
        &self.grade
    }

    /// Ambient temperature per sample, °C, if the cycle carries one.
    pub fn ambient_degc(&self) -> Option<&[f64]> {
        self.ambient_degc.as_deref()
    }

    /// The phases, in order, covering the cycle.
    pub fn phases(&self) -> &[Phase] {
        &self.phases
    }

    /// Duration, s.
    pub fn duration_s(&self) -> f64 {
        self.time_s[self.len() - 1] - self.time_s[0]
    }

    /// Distance by the trapezoid rule, m.
    pub fn distance_m(&self) -> f64 {
        self.stats().distance_m
    }

    /// Whole-cycle statistics.
    pub fn stats(&self) -> CycleStats {
        CycleStats::of(&self.time_s, &self.speed_mps, 0, self.len() - 1)
    }

    /// Statistics per phase, in order.
    pub fn phase_stats(&self) -> Vec<(&str, CycleStats)> {
        self.phases
            .iter()
            .map(|p| (p.name.as_str(), CycleStats::of(&self.time_s, &self.speed_mps, p.start_idx, p.end_idx)))
            .collect()
    }

    /// Index of the phase that step `step_idx` (≥ 1) belongs to, for every step (index 0 maps to phase 0).
    pub fn step_phase_indices(&self) -> Vec<usize> {
        let mut out = vec![0; self.len()];
        for (phase_idx, phase) in self.phases.iter().enumerate() {
            for slot in &mut out[phase.start_idx + 1..=phase.end_idx] {
                *slot = phase_idx;
            }
        }
        out
    }
}

fn validate_columns(
    name: &str,
    time_s: &[f64],
    speed_mps: &[f64],
    grade: Option<&[f64]>,
    ambient_degc: Option<&[f64]>,
) -> Result<()> {
    // Row numbers in these errors count the header as row 1, as a spreadsheet shows them.
    let row_error = |idx: usize, column: &str, problem: String| Error::InvalidRow {
        origin: name.to_owned(),
        row: idx + 2,
        column: column.to_owned(),
        problem,
    };
    for (idx, &t) in time_s.iter().enumerate() {
        if !t.is_finite() {
            return Err(row_error(idx, "time_s", format!("{t} is not a finite number")));
        }
        if idx > 0 && t <= time_s[idx - 1] {
            return Err(row_error(idx, "time_s", format!("{t} s is not after the previous {} s", time_s[idx - 1])));
        }
    }
    for (idx, &v) in speed_mps.iter().enumerate() {
        if !v.is_finite() || v < 0.0 {
            return Err(row_error(idx, "speed", format!("{v} m/s: speed must be finite and ≥ 0")));
        }
    }
    for (column, values) in [("grade", grade), ("ambient_degc", ambient_degc)] {
        if let Some((idx, v)) = values.and_then(|vs| vs.iter().enumerate().find(|(_, v)| !v.is_finite())) {
            return Err(row_error(idx, column, format!("{v} is not a finite number")));
        }
    }
    Ok(())
}
