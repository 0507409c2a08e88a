//! Fitting an equivalent circuit to pulse (HPPC) test data: R0 and one or two RC pairs per SOC point by
//! nonlinear least squares, the OCV from the rest points of the test (or from a base cell).
//!
//! The test is cut at its long rests (≥ [`FitOptions::min_rest_s`], 300 s by default): the voltage at the end
//! of a long rest is an OCV point, and everything from one OCV point to the next (the pulses, the discharge
//! to the next SOC point and the rest after it) is one *segment* (samples after the last long rest are left
//! out and counted), fitted on its own with parameters constant
//! over the segment and attributed to the SOC at its start. The model of the fit is ampere's own cell
//! ([`Cell::step_linear_current`], the exact discretisation `ampere cell run` uses), so the fitted numbers mean
//! exactly what the simulation does with them. The RC voltages at the end of a segment carry into the next.
//!
//! Solver: Levenberg–Marquardt (crate `levenberg-marquardt`, a port of MINPACK's `lmder`) on the logarithms
//! of R0, Rᵢ, τᵢ, which keeps them positive; the Jacobian is by forward differences. The search is bounded to
//! R in [1 µΩ, 10 Ω] and τ in [0.1 s, 10⁴ s] (a parameter that runs into a bound is reported, not hidden:
//! its value shows in the per-SOC table). The fitted cell takes everything else (capacity, limits, mass,
//! thermal data, chemistry) from the base cell; its resistance tables keep the base cell's temperature
//! dependence, scaled so that at the test temperature they equal the fitted values.

use levenberg_marquardt::{LeastSquaresProblem, LevenbergMarquardt};
use nalgebra::{DMatrix, DVector, Dyn, Owned};

use super::BatteryState;
use super::cell::{Cell, CellSpec, RcTables, ResistanceSpec};
use super::ecm::Lookups;
use super::ocv::OcvSpec;
use super::profile::{CurrentProfile, read_columns};
use crate::error::{Error, Result};
use crate::interp::Table2d;
use crate::units::degc_to_k;

/// Pulse-test data: `time_s,current_a,voltage_v` and optionally `soc`, `temperature_degc` (discharge positive).
#[derive(Debug, Clone, PartialEq)]
pub struct HppcData {
    /// Sample times, s, strictly increasing.
    pub time_s: Vec<f64>,
    /// Current, A (discharge positive).
    pub current_a: Vec<f64>,
    /// Measured terminal voltage, V.
    pub voltage_v: Vec<f64>,
    /// Measured SOC, 0–1, when the file has a `soc` column.
    pub soc: Option<Vec<f64>>,
    /// Cell temperature, °C, when the file has a `temperature_degc` column.
    pub temperature_degc: Option<Vec<f64>>,
}

impl HppcData {
    /// Parse CSV `text`; errors name `origin`, row and column.
    pub fn from_csv(text: &str, origin: &str) -> Result<Self> {
        let profile = CurrentProfile::from_csv(text, origin)?;
        let voltage_v = profile.voltage_v.ok_or_else(|| Error::InvalidTable {
            origin: origin.to_owned(),
            problem: "missing column `voltage_v` (an HPPC file needs time_s, current_a, voltage_v)".into(),
        })?;
        let mut optional = read_columns(text, origin, &[], &["soc", "temperature_degc"])?;
        let temperature_degc = optional.pop().flatten();
        let soc = optional.pop().flatten();
        let check_column = |values: &Option<Vec<f64>>, column: &str, lo: f64, hi: f64| -> Result<()> {
            let Some(values) = values else { return Ok(()) };
            match values.iter().position(|v| !(lo..=hi).contains(v)) {
                Some(idx) => Err(Error::InvalidRow {
                    origin: origin.to_owned(),
                    row: idx + 2,
                    column: column.to_owned(),
                    problem: format!("{} is outside [{lo}, {hi}]", values[idx]),
                }),
                None => Ok(()),
            }
        };
        check_column(&soc, "soc", 0.0, 1.0)?;
        check_column(&temperature_degc, "temperature_degc", -60.0, 100.0)?;
        Ok(HppcData { time_s: profile.time_s, current_a: profile.current_a, voltage_v, soc, temperature_degc })
    }
}

/// Where the fitted cell's OCV comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OcvSource {
    /// The voltages at the end of the long rests, joined to the base cell's curve outside their SOC range
    /// (shifted to meet them); no hysteresis.
    Rest,
    /// The base cell's OCV (and hysteresis) as it is.
    Base,
}

/// Options of [`fit_hppc`].
#[derive(Debug, Clone, PartialEq)]
pub struct FitOptions {
    /// RC pairs to fit: 1 or 2.
    pub rc_pairs: usize,
    /// SOC at the first sample when the data has no `soc` column; `None`: from the first rest voltage on
    /// the base cell's OCV (the file must then start at rest).
    pub initial_soc: Option<f64>,
    /// Where the OCV comes from.
    pub ocv_source: OcvSource,
    /// Shortest rest that ends a segment and gives an OCV point, s.
    pub min_rest_s: f64,
    /// Name of the fitted cell.
    pub name: String,
}

impl FitOptions {
    /// Two RC pairs, OCV from the rest points, 300 s rests, SOC from the first rest voltage.
    pub fn new(name: impl Into<String>) -> Self {
        FitOptions { rc_pairs: 2, initial_soc: None, ocv_source: OcvSource::Rest, min_rest_s: 300.0, name: name.into() }
    }
}

/// One fitted RC pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RcFit {
    /// Resistance, Ω.
    pub resistance_ohm: f64,
    /// Time constant, s.
    pub tau_s: f64,
}

/// Parameters fitted at one SOC point (one segment of the test).
#[derive(Debug, Clone, PartialEq)]
pub struct PointFit {
    /// SOC at the start of the segment, 0–1.
    pub soc: f64,
    /// Series resistance, Ω.
    pub r0_ohm: f64,
    /// RC pairs, shortest time constant first.
    pub rc: Vec<RcFit>,
    /// Terminal-voltage RMSE over the segment, V.
    pub rmse_v: f64,
    /// Samples in the segment.
    pub samples: usize,
    /// Whether the solver reported convergence.
    pub converged: bool,
}

/// The result of a fit: per-SOC parameters, OCV points, errors and the fitted cell.
#[derive(Debug, Clone, PartialEq)]
pub struct HppcFit {
    /// One entry per segment, in test order.
    pub points: Vec<PointFit>,
    /// OCV points from the long rests: (SOC, V), ascending SOC.
    pub ocv_points: Vec<(f64, f64)>,
    /// Mean temperature of the test, °C (25 without a temperature column).
    pub temperature_degc: f64,
    /// Terminal-voltage RMSE over all fitted samples, V.
    pub rmse_v: f64,
    /// Samples after the last long rest, not fitted (a test ending under load, e.g. at the cut-off).
    pub unfitted_tail_samples: usize,
    /// The fitted cell in ampere's cell format.
    pub spec: CellSpec,
}

/// Fit R0 and `options.rc_pairs` RC pairs per SOC point to `data`; `base` supplies everything the test does
/// not measure; `origin` names the data in errors.
pub fn fit_hppc(data: &HppcData, base: &CellSpec, options: &FitOptions, origin: &str) -> Result<HppcFit> {
    if !(1..=2).contains(&options.rc_pairs) {
        return Err(Error::field(origin, "rc_pairs", options.rc_pairs, "must be 1 or 2"));
    }
    let base_cell = Cell::from_spec(base, &base.name)?;
    let temperature_degc = test_temperature(data, origin)?;
    let temperature_k = degc_to_k(temperature_degc);
    let rest_a = 2e-3 * base_cell.capacity_ah();
    let soc = soc_trace(data, &base_cell, options.initial_soc, rest_a, origin)?;
    let rest_ends = long_rest_ends(data, rest_a, options.min_rest_s);
    if rest_ends.is_empty() {
        return Err(Error::InvalidTable {
            origin: origin.to_owned(),
            problem: format!(
                "no rest (|current| ≤ {rest_a:.3} A) of at least {} s: nothing to fit from",
                options.min_rest_s
            ),
        });
    }
    let mut ocv_points: Vec<(f64, f64)> = rest_ends.iter().map(|&idx| (soc[idx], data.voltage_v[idx])).collect();
    ocv_points.sort_by(|a, b| a.0.total_cmp(&b.0));
    ocv_points.dedup_by(|b, a| (b.0 - a.0).abs() < 1e-6);

    let rest_ocv = match options.ocv_source {
        OcvSource::Rest => Some(rest_ocv_spec(&ocv_points, &base_cell, base, temperature_degc, origin)?),
        OcvSource::Base => None,
    };
    let mut template = base_cell.clone();
    if let Some(ocv) = &rest_ocv {
        template.ocv = super::ocv::Ocv::from_spec(ocv, origin)?;
    }

    // Only stretches closed by a long rest: a test that ends under load (typically at the cut-off, where the
    // voltage collapses) has no relaxation to separate R0 from the RC pairs, and is left out and counted.
    let segments: Vec<(usize, usize)> = rest_ends.windows(2).map(|w| (w[0], w[1])).collect();
    let unfitted_tail_samples = data.time_s.len() - 1 - rest_ends[rest_ends.len() - 1];
    let mut points = Vec::new();
    let mut rc_carry = [0.0; 2];
    let (mut sum_sq, mut n_total) = (0.0, 0usize);
    for (start, end) in segments {
        if data.current_a[start..=end].iter().all(|i| i.abs() <= rest_a) {
            continue;
        }
        let mut problem =
            SegmentProblem::new(&template, data, start, end, soc[start], temperature_k, rc_carry, options.rc_pairs);
        let initial = problem.initial_guess();
        problem.set_params(&initial);
        let (problem, report) = LevenbergMarquardt::new().minimize(problem);
        let residuals = problem.simulate(&mut rc_carry);
        let segment_sq: f64 = residuals.iter().map(|r| r * r).sum();
        sum_sq += segment_sq;
        n_total += residuals.len();
        // Shortest time constant first, and the carried RC voltages in the same order, so that the next
        // stretch (whose initial guess is short τ first) starts each pair from its own state.
        let mut order: Vec<usize> = (0..options.rc_pairs).collect();
        order.sort_by(|&a, &b| problem.values[2 + 2 * a].total_cmp(&problem.values[2 + 2 * b]));
        let rc: Vec<RcFit> = order
            .iter()
            .map(|&idx| RcFit { resistance_ohm: problem.values[1 + 2 * idx], tau_s: problem.values[2 + 2 * idx] })
            .collect();
        let carried = rc_carry;
        for (slot, &idx) in order.iter().enumerate() {
            rc_carry[slot] = carried[idx];
        }
        points.push(PointFit {
            soc: soc[start],
            r0_ohm: problem.values[0],
            rc,
            rmse_v: (segment_sq / residuals.len() as f64).sqrt(),
            samples: residuals.len(),
            converged: report.termination.was_successful(),
        });
    }
    if points.is_empty() {
        return Err(Error::InvalidTable {
            origin: origin.to_owned(),
            problem: "no current pulse between two long rests: nothing to fit".into(),
        });
    }
    let spec = fitted_spec(&points, &ocv_points, rest_ocv, base, &base_cell, temperature_degc, options, origin);
    Cell::from_spec(&spec, &options.name)?;
    Ok(HppcFit {
        points,
        ocv_points,
        temperature_degc,
        rmse_v: (sum_sq / n_total as f64).sqrt(),
        unfitted_tail_samples,
        spec,
    })
}

/// A cell spec as TOML text in ampere's cell format (`data/cells/*.toml`).
pub fn cell_toml(spec: &CellSpec) -> Result<String> {
    toml::to_string(spec)
        .map_err(|e| Error::InvalidTable { origin: spec.name.clone(), problem: format!("cannot write TOML: {e}") })
}

/// Mean test temperature, °C; one temperature per file (a spread over 5 K is refused).
fn test_temperature(data: &HppcData, origin: &str) -> Result<f64> {
    let Some(t) = &data.temperature_degc else { return Ok(25.0) };
    let (lo, hi) = t.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    if hi - lo > 5.0 {
        return Err(Error::InvalidTable {
            origin: origin.to_owned(),
            problem: format!("temperature_degc spans {lo}–{hi} °C: fit one test temperature per file (≤ 5 K spread)"),
        });
    }
    Ok(t.iter().sum::<f64>() / t.len() as f64)
}

/// SOC at every sample: the `soc` column, or coulomb counting (trapezoid) from the initial SOC.
fn soc_trace(data: &HppcData, base: &Cell, initial_soc: Option<f64>, rest_a: f64, origin: &str) -> Result<Vec<f64>> {
    if let Some(soc) = &data.soc {
        return Ok(soc.clone());
    }
    let z0 = match initial_soc {
        Some(z) => crate::error::check::in_range(origin, "initial_soc", z, 0.0, 1.0)?,
        None if data.current_a[0].abs() <= rest_a => base.ocv.soc_at(data.voltage_v[0]),
        None => {
            return Err(Error::InvalidTable {
                origin: origin.to_owned(),
                problem: "no `soc` column and the test does not start at rest: give the initial SOC".into(),
            });
        }
    };
    let mut soc = Vec::with_capacity(data.time_s.len());
    soc.push(z0);
    for idx in 1..data.time_s.len() {
        let charge_c =
            0.5 * (data.current_a[idx - 1] + data.current_a[idx]) * (data.time_s[idx] - data.time_s[idx - 1]);
        soc.push(soc[idx - 1] - charge_c / base.capacity_c);
    }
    Ok(soc)
}

/// Index of the last sample of every rest lasting at least `min_rest_s`.
fn long_rest_ends(data: &HppcData, rest_a: f64, min_rest_s: f64) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut run_start = None;
    for idx in 0..=data.time_s.len() {
        let at_rest = idx < data.time_s.len() && data.current_a[idx].abs() <= rest_a;
        match (at_rest, run_start) {
            (true, None) => run_start = Some(idx),
            (false, Some(start)) => {
                if data.time_s[idx - 1] - data.time_s[start] >= min_rest_s {
                    ends.push(idx - 1);
                }
                run_start = None;
            }
            _ => {}
        }
    }
    ends
}

/// OCV table from the rest points, joined to the base cell's curve (shifted to meet them) outside their range.
fn rest_ocv_spec(
    points: &[(f64, f64)],
    base: &Cell,
    base_spec: &CellSpec,
    temperature_degc: f64,
    origin: &str,
) -> Result<OcvSpec> {
    if let Some(pair) = points.windows(2).find(|w| w[1].1 < w[0].1) {
        return Err(Error::InvalidTable {
            origin: origin.to_owned(),
            problem: format!(
                "rest voltages fall with SOC ({:.4} V at SOC {:.4}, {:.4} V at SOC {:.4}): not an OCV curve",
                pair[0].1, pair[0].0, pair[1].1, pair[1].0
            ),
        });
    }
    let t_k = degc_to_k(temperature_degc);
    let (lo, hi) = (points[0], points[points.len() - 1]);
    let shift_lo = lo.1 - base.ocv.at(lo.0, t_k);
    let shift_hi = hi.1 - base.ocv.at(hi.0, t_k);
    let mut grid: Vec<(f64, f64)> = Vec::new();
    grid.extend(base_spec.ocv.soc.iter().filter(|&&s| s < lo.0 - 1e-6).map(|&s| (s, base.ocv.at(s, t_k) + shift_lo)));
    grid.extend_from_slice(points);
    grid.extend(base_spec.ocv.soc.iter().filter(|&&s| s > hi.0 + 1e-6).map(|&s| (s, base.ocv.at(s, t_k) + shift_hi)));
    Ok(OcvSpec {
        soc: grid.iter().map(|p| p.0).collect(),
        voltage_v: grid.iter().map(|p| p.1).collect(),
        entropic_mv_per_k: base_spec
            .ocv
            .entropic_mv_per_k
            .as_ref()
            .map(|_| grid.iter().map(|p| base.ocv.entropic_v_per_k(p.0) * 1e3).collect()),
        reference_temperature_degc: temperature_degc,
        hysteresis_v: 0.0,
        hysteresis_rate: 0.0,
    })
}

/// Search bounds of the log-parameters: R in [1 µΩ, 10 Ω], τ in [0.1 s, 10⁴ s] (ln 10 = LN_10).
const LN_R_BOUNDS: (f64, f64) = (-6.0 * std::f64::consts::LN_10, std::f64::consts::LN_10);
const LN_TAU_BOUNDS: (f64, f64) = (-std::f64::consts::LN_10, 4.0 * std::f64::consts::LN_10);

/// One segment as a least-squares problem over ln R0, ln R1, ln τ1 (, ln R2, ln τ2).
struct SegmentProblem<'a> {
    cell: Cell,
    data: &'a HppcData,
    start: usize,
    end: usize,
    soc0: f64,
    temperature_k: f64,
    rc0: [f64; 2],
    n_rc: usize,
    ln_params: DVector<f64>,
    /// The parameters in SI units (R0, R1, τ1, R2, τ2).
    values: Vec<f64>,
}

impl<'a> SegmentProblem<'a> {
    #[allow(clippy::too_many_arguments)]
    fn new(
        template: &Cell,
        data: &'a HppcData,
        start: usize,
        end: usize,
        soc0: f64,
        temperature_k: f64,
        rc0: [f64; 2],
        n_rc: usize,
    ) -> Self {
        let mut cell = template.clone();
        cell.rc.truncate(n_rc);
        SegmentProblem {
            cell,
            data,
            start,
            end,
            soc0,
            temperature_k,
            rc0,
            n_rc,
            ln_params: DVector::zeros(1 + 2 * n_rc),
            values: vec![0.0; 1 + 2 * n_rc],
        }
    }

    /// R0 from the first current step (ΔV/ΔI), RC pairs at a fraction of it with τ = 5 s and 100 s.
    fn initial_guess(&self) -> DVector<f64> {
        let (i, v) = (&self.data.current_a, &self.data.voltage_v);
        let r0 = (self.start + 1..=self.end)
            .find(|&k| (i[k] - i[k - 1]).abs() > 1e-6)
            .map_or(0.01, |k| (-(v[k] - v[k - 1]) / (i[k] - i[k - 1])).clamp(1e-4, 1.0));
        let mut guess = vec![r0.ln(), (0.5 * r0).ln(), 5.0_f64.ln()];
        if self.n_rc == 2 {
            guess.extend([r0.ln(), 100.0_f64.ln()]);
        }
        DVector::from_vec(guess)
    }

    /// Residuals (model − measured) over the segment; writes the RC voltages at its end into `rc_end`.
    fn simulate(&self, rc_end: &mut [f64; 2]) -> Vec<f64> {
        let d = self.data;
        let mut state = BatteryState { rc_voltage_v: self.rc0, ..BatteryState::rested(self.soc0, self.temperature_k) };
        let mut residuals = Vec::with_capacity(self.end - self.start);
        // The trial parameters read into a grid once per segment, not once per step.
        let (grid, mut lookups) = (self.cell.circuit_grid(), Lookups::default());
        for k in self.start + 1..=self.end {
            let step = self.cell.step_linear_current_with(
                &grid,
                &mut lookups,
                &mut state,
                d.current_a[k - 1],
                d.current_a[k],
                d.time_s[k] - d.time_s[k - 1],
            );
            residuals.push(step.voltage_v - d.voltage_v[k]);
        }
        *rc_end = state.rc_voltage_v;
        residuals
    }
}

/// A 1 × 1 table: a constant over (SOC, temperature).
fn constant_table(value: f64) -> Table2d {
    Table2d::new(vec![0.5], vec![25.0], vec![vec![value]], "fit", "constant").expect("a finite 1 × 1 table is valid")
}

impl LeastSquaresProblem<f64, Dyn, Dyn> for SegmentProblem<'_> {
    type ResidualStorage = Owned<f64, Dyn>;
    type JacobianStorage = Owned<f64, Dyn, Dyn>;
    type ParameterStorage = Owned<f64, Dyn>;

    fn set_params(&mut self, x: &DVector<f64>) {
        self.ln_params = x.clone();
        for (idx, ln) in x.iter().enumerate() {
            let bounds = if idx > 0 && idx % 2 == 0 { LN_TAU_BOUNDS } else { LN_R_BOUNDS };
            self.values[idx] = ln.clamp(bounds.0, bounds.1).exp();
        }
        self.cell.r0_ohm = constant_table(self.values[0]);
        for idx in 0..self.n_rc {
            let tables = RcTables {
                resistance_ohm: constant_table(self.values[1 + 2 * idx]),
                tau_s: constant_table(self.values[2 + 2 * idx]),
            };
            if idx < self.cell.rc.len() {
                self.cell.rc[idx] = tables;
            } else {
                self.cell.rc.push(tables);
            }
        }
    }

    fn params(&self) -> DVector<f64> {
        self.ln_params.clone()
    }

    fn residuals(&self) -> Option<DVector<f64>> {
        Some(DVector::from_vec(self.simulate(&mut [0.0; 2])))
    }

    fn jacobian(&self) -> Option<DMatrix<f64>> {
        let base = self.simulate(&mut [0.0; 2]);
        let mut jacobian = DMatrix::zeros(base.len(), self.ln_params.len());
        let mut probe = SegmentProblem {
            cell: self.cell.clone(),
            ln_params: self.ln_params.clone(),
            values: self.values.clone(),
            ..*self
        };
        for col in 0..self.ln_params.len() {
            const STEP: f64 = 1e-6;
            let mut x = self.ln_params.clone();
            x[col] += STEP;
            probe.set_params(&x);
            for (row, r) in probe.simulate(&mut [0.0; 2]).iter().enumerate() {
                jacobian[(row, col)] = (r - base[row]) / STEP;
            }
        }
        Some(jacobian)
    }
}

/// The fitted cell: the base cell with the fitted OCV and resistance tables (base temperature dependence
/// scaled to the fitted values at the test temperature).
#[allow(clippy::too_many_arguments)]
fn fitted_spec(
    points: &[PointFit],
    ocv_points: &[(f64, f64)],
    rest_ocv: Option<OcvSpec>,
    base: &CellSpec,
    base_cell: &Cell,
    temperature_degc: f64,
    options: &FitOptions,
    origin: &str,
) -> CellSpec {
    let mut sorted: Vec<&PointFit> = points.iter().collect();
    sorted.sort_by(|a, b| a.soc.total_cmp(&b.soc));
    sorted.dedup_by(|b, a| (b.soc - a.soc).abs() < 1e-6);
    let temperatures = base.resistance.temperature_degc.clone();
    let scaled = |value: f64, soc: f64, table: &Table2d| -> Vec<f64> {
        let at_test = table.eval(soc, temperature_degc);
        temperatures.iter().map(|&t| value * table.eval(soc, t) / at_test).collect()
    };
    let base_rc = |idx: usize| &base_cell.rc[idx.min(base_cell.rc.len() - 1)];
    let rows = |f: &dyn Fn(&PointFit) -> Vec<f64>| -> Vec<Vec<f64>> { sorted.iter().map(|p| f(p)).collect() };
    let rc_rows = |idx: usize| {
        (
            rows(&|p| scaled(p.rc[idx].resistance_ohm * 1e3, p.soc, &base_rc(idx).resistance_ohm)),
            rows(&|p| vec![p.rc[idx].tau_s; temperatures.len()]),
        )
    };
    let (r1, tau1) = rc_rows(0);
    let (r2, tau2) = (options.rc_pairs == 2).then(|| rc_rows(1)).unzip();
    let mut spec = base.clone();
    spec.name = options.name.clone();
    spec.resistance = ResistanceSpec {
        soc: sorted.iter().map(|p| p.soc).collect(),
        temperature_degc: temperatures.clone(),
        r0_mohm: rows(&|p| scaled(p.r0_ohm * 1e3, p.soc, &base_cell.r0_ohm)),
        r1_mohm: r1,
        tau1_s: tau1,
        r2_mohm: r2,
        tau2_s: tau2,
    };
    let fit_note = format!(
        "ampere cell fit of {origin}: R0 and {} RC pair(s) at {} SOC points, {temperature_degc:.1} °C; temperature \
         dependence scaled from {}",
        options.rc_pairs,
        sorted.len(),
        base.name
    );
    spec.source.insert("resistance".into(), fit_note);
    if let Some(ocv) = rest_ocv {
        spec.ocv = ocv;
        let (lo, hi) = (ocv_points[0].0, ocv_points[ocv_points.len() - 1].0);
        spec.source.insert(
            "ocv".into(),
            format!(
                "rest voltages of {origin} at SOC {lo:.3}–{hi:.3}; outside, {}'s curve shifted to meet them",
                base.name
            ),
        );
    }
    spec
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::battery::cell::builtin_cell_spec;

    /// A synthetic HPPC test of the library NMC811 cell from SOC 0.9 (three SOC points), with its SOC trace.
    fn synthetic_test() -> (Cell, HppcData, Vec<f64>) {
        let truth = Cell::from_spec(&builtin_cell_spec("nmc811_lg_m50").unwrap(), "truth").unwrap();
        let mut current = vec![0.0; 400];
        for _ in 0..3 {
            current.extend([5.0; 10]);
            current.extend([0.0; 40]);
            current.extend([-3.75; 10]);
            current.extend([0.0; 40]);
            current.extend([5.0; 360]);
            current.extend([0.0; 1200]);
        }
        let time_s: Vec<f64> = (0..current.len()).map(|k| k as f64).collect();
        let mut state = BatteryState::rested(0.9, degc_to_k(25.0));
        let mut voltage_v = vec![truth.ocv.at(0.9, state.temperature_k)];
        let mut soc = vec![0.9];
        for k in 1..current.len() {
            voltage_v.push(truth.step_linear_current(&mut state, current[k - 1], current[k], 1.0).voltage_v);
            soc.push(state.soc);
        }
        (truth, HppcData { time_s, current_a: current, voltage_v, soc: None, temperature_degc: None }, soc)
    }

    /// The fit must give the parameters of the cell that made the data back.
    #[test]
    fn recovers_known_parameters() {
        let base = builtin_cell_spec("nmc811_lg_m50").unwrap();
        let (truth, data, _) = synthetic_test();
        let mut options = FitOptions::new("refit");
        options.initial_soc = Some(0.9);
        options.ocv_source = OcvSource::Base;
        let fit = fit_hppc(&data, &base, &options, "synthetic").unwrap();
        assert_eq!(fit.points.len(), 3);
        for point in &fit.points {
            let r0 = truth.r0_ohm.eval(point.soc, 25.0);
            assert!((point.r0_ohm / r0 - 1.0).abs() < 0.05, "R0 {} vs {r0} at SOC {}", point.r0_ohm, point.soc);
            assert!(point.rmse_v < 2e-3, "RMSE {} at SOC {}", point.rmse_v, point.soc);
        }
        assert!(fit.rmse_v < 2e-3);
    }

    /// A `soc` column replaces coulomb counting, a `temperature_degc` column sets the test temperature, and a
    /// file spanning several temperatures is refused.
    #[test]
    fn soc_and_temperature_columns() {
        let base = builtin_cell_spec("nmc811_lg_m50").unwrap();
        let (_, mut data, soc) = synthetic_test();
        data.soc = Some(soc);
        data.temperature_degc = Some(vec![24.0; data.time_s.len()]);
        let fit = fit_hppc(&data, &base, &FitOptions::new("refit"), "synthetic").unwrap();
        assert_eq!((fit.points.len(), fit.temperature_degc), (3, 24.0));
        assert!((fit.points[0].soc - 0.9).abs() < 1e-12);
        let n = data.time_s.len();
        data.temperature_degc = Some((0..n).map(|k| 10.0 + 20.0 * k as f64 / n as f64).collect());
        let err = fit_hppc(&data, &base, &FitOptions::new("refit"), "h.csv").unwrap_err().to_string();
        assert!(err.contains("h.csv") && err.contains("one test temperature per file"), "{err}");
    }

    #[test]
    fn bad_input_is_named() {
        let err = HppcData::from_csv("time_s,current_a\n0,1\n1,1\n", "h.csv").unwrap_err().to_string();
        assert!(err.contains("h.csv") && err.contains("voltage_v"), "{err}");
        let err = HppcData::from_csv("time_s,current_a,voltage_v,soc\n0,0,3.7,0.5\n1,1,3.6,1.5\n", "h.csv")
            .unwrap_err()
            .to_string();
        assert!(err.contains("row 3") && err.contains("`soc`") && err.contains("[0, 1]"), "{err}");
        let data = HppcData::from_csv("time_s,current_a,voltage_v\n0,0,3.7\n1,1,3.6\n2,0,3.7\n", "h.csv").unwrap();
        let base = builtin_cell_spec("nmc811_lg_m50").unwrap();
        let err = fit_hppc(&data, &base, &FitOptions::new("x"), "h.csv").unwrap_err().to_string();
        assert!(err.contains("h.csv") && err.contains("no rest"), "{err}");
    }
}
