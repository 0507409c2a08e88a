//! Driving one cell with a measured current profile (`time_s,current_a[,voltage_v]` CSV, discharge positive),
//! as `ampere cell run` does and as the PyBaMM comparisons do.
//!
//! Between samples the current is linear in time (PyBaMM interpolates its input the same way), and each
//! interval is integrated exactly ([`Cell::step_linear_current`]). The run stops at the first sample whose
//! terminal voltage leaves the cell's cut-offs, and reports it: a cut-off is a result, not an error.

use super::BatteryState;
use super::cell::Cell;
use super::ecm::Lookups;
use super::thermal::{CellThermal, ThermalStep};
use crate::error::{Error, Format, Result};

/// Largest |current| a cell profile may ask for, A: far above any cell's rating (an LG M50 is rated 7.3 A), low
/// enough that charge and heat stay finite numbers.
pub const MAX_ABS_CURRENT_A: f64 = 1e5;

/// A current profile: strictly increasing times and the current at each, optionally measured voltages.
#[derive(Debug, Clone, PartialEq)]
pub struct CurrentProfile {
    /// Sample times, s, strictly increasing.
    pub time_s: Vec<f64>,
    /// Current at each sample, A (discharge positive).
    pub current_a: Vec<f64>,
    /// Measured terminal voltage at each sample, V, when the file has a `voltage_v` column.
    pub voltage_v: Option<Vec<f64>>,
}

/// Options of a cell run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellRunOptions {
    /// SOC at the start, 0–1.
    pub initial_soc: f64,
    /// Ambient (and initial cell) temperature, K.
    pub ambient_k: f64,
    /// Conductance from the cell to ambient, W/K.
    pub conductance_w_per_k: f64,
}

/// The time series of a cell run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CellTrace {
    /// Time, s.
    pub time_s: Vec<f64>,
    /// Current, A (discharge positive).
    pub current_a: Vec<f64>,
    /// Terminal voltage, V.
    pub voltage_v: Vec<f64>,
    /// SOC, 0–1.
    pub soc: Vec<f64>,
    /// Cell temperature, K.
    pub temperature_k: Vec<f64>,
    /// Time at which the voltage left the cut-offs (the run ends there), s.
    pub cut_off_at_s: Option<f64>,
}

impl CurrentProfile {
    /// Parse CSV `text` with columns `time_s`, `current_a` and optionally `voltage_v`.
    pub fn from_csv(text: &str, origin: &str) -> Result<Self> {
        let mut columns = read_columns(text, origin, &["time_s", "current_a"], &["voltage_v"])?;
        let voltage_v = columns.pop().flatten();
        let current_a = columns.pop().flatten().unwrap_or_default();
        let time_s = columns.pop().flatten().unwrap_or_default();
        if let Some(idx) = time_s.windows(2).position(|w| w[1] <= w[0]) {
            return Err(Error::InvalidRow {
                origin: origin.to_owned(),
                row: idx + 3,
                column: "time_s".into(),
                problem: format!("{} s does not increase on {} s", time_s[idx + 1], time_s[idx]),
            });
        }
        if time_s.len() < 2 {
            return Err(Error::InvalidTable { origin: origin.to_owned(), problem: "needs at least two rows".into() });
        }
        if let Some(idx) = current_a.iter().position(|i| i.abs() > MAX_ABS_CURRENT_A) {
            return Err(Error::InvalidRow {
                origin: origin.to_owned(),
                row: idx + 2,
                column: "current_a".into(),
                problem: format!("{:e} A must be within ±{MAX_ABS_CURRENT_A:e} A", current_a[idx]),
            });
        }
        Ok(CurrentProfile { time_s, current_a, voltage_v })
    }
}

/// Numeric columns of a CSV: every `required` one and each `optional` one present (`None` when absent), in
/// the order given. Errors name file, row and column.
pub fn read_columns(text: &str, origin: &str, required: &[&str], optional: &[&str]) -> Result<Vec<Option<Vec<f64>>>> {
    let syntax =
        |e: csv::Error| Error::Syntax { origin: origin.to_owned(), format: Format::Csv, message: e.to_string() };
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(syntax)?.clone();
    let position = |name: &str| headers.iter().position(|h| h == name);
    let mut indices = Vec::new();
    for name in required {
        let idx = position(name).ok_or_else(|| Error::InvalidTable {
            origin: origin.to_owned(),
            problem: format!("missing column `{name}` (needs {})", required.join(", ")),
        })?;
        indices.push(Some(idx));
    }
    indices.extend(optional.iter().map(|name| position(name)));
    let mut columns: Vec<Option<Vec<f64>>> = indices.iter().map(|idx| idx.map(|_| Vec::new())).collect();
    for (record_idx, record) in reader.records().enumerate() {
        let record = record.map_err(syntax)?;
        for (column, idx) in columns.iter_mut().zip(&indices) {
            let (Some(column), Some(idx)) = (column.as_mut(), idx) else { continue };
            let raw = record.get(*idx).unwrap_or("");
            let value = raw.parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| Error::InvalidRow {
                origin: origin.to_owned(),
                row: record_idx + 2,
                column: headers[*idx].to_owned(),
                problem: format!("`{raw}` is not a finite number"),
            })?;
            column.push(value);
        }
    }
    Ok(columns)
}

impl Cell {
    /// Drive the cell with `profile` from a rested state.
    pub fn run_profile(&self, profile: &CurrentProfile, options: &CellRunOptions) -> CellTrace {
        let thermal = CellThermal {
            heat_capacity_j_per_k: self.heat_capacity_j_per_k,
            ambient_conductance_w_per_k: options.conductance_w_per_k,
            coolant_conductance_w_per_k: 0.0,
            coolant_temperature_k: options.ambient_k,
        };
        let mut state = BatteryState::rested(options.initial_soc, options.ambient_k);
        let n = profile.time_s.len();
        let mut trace = CellTrace::with_capacity(n);
        // Profiles are sampled at a fixed step as a rule: the thermal step factors are computed once per step
        // length, not once per step.
        let mut thermal_steps = (f64::NAN, [ThermalStep::default(); 2]);
        // SOC and temperature move little per sample: each look-up starts from the last one's grid segment,
        // and each sample starts from the look-ups at the SOC the previous one ended on.
        let grid = self.circuit_grid();
        let mut lookups = Lookups::default();
        let first_voltage = self.ocv.at(state.soc, state.temperature_k)
            - self.r0_ohm.eval(state.soc, crate::units::k_to_degc(state.temperature_k)) * profile.current_a[0];
        trace.push(profile.time_s[0], profile.current_a[0], first_voltage, &state);
        for idx in 1..n {
            let dt_s = profile.time_s[idx] - profile.time_s[idx - 1];
            let temperature_k = state.temperature_k;
            let (current0_a, current1_a) = (profile.current_a[idx - 1], profile.current_a[idx]);
            let step = self.step_linear_current_with(&grid, &mut lookups, &mut state, current0_a, current1_a, dt_s);
            let heat_w = step.loss_w + step.reversible_heat_w;
            if thermal_steps.0 != dt_s {
                thermal_steps = (dt_s, thermal.steps(dt_s));
            }
            state.temperature_k = thermal.step_with(temperature_k, heat_w, options.ambient_k, &thermal_steps.1);
            trace.push(profile.time_s[idx], profile.current_a[idx], step.voltage_v, &state);
            if step.voltage_v < self.min_voltage_v || step.voltage_v > self.max_voltage_v {
                trace.cut_off_at_s = Some(profile.time_s[idx]);
                break;
            }
        }
        trace
    }
}

impl CellTrace {
    fn with_capacity(n: usize) -> Self {
        CellTrace {
            time_s: Vec::with_capacity(n),
            current_a: Vec::with_capacity(n),
            voltage_v: Vec::with_capacity(n),
            soc: Vec::with_capacity(n),
            temperature_k: Vec::with_capacity(n),
            cut_off_at_s: None,
        }
    }

    fn push(&mut self, time_s: f64, current_a: f64, voltage_v: f64, state: &BatteryState) {
        self.time_s.push(time_s);
        self.current_a.push(current_a);
        self.voltage_v.push(voltage_v);
        self.soc.push(state.soc);
        self.temperature_k.push(state.temperature_k);
    }

    /// Energy delivered at the terminals, ∫V·I dt by the trapezoid rule, J.
    pub fn energy_out_j(&self) -> f64 {
        (1..self.time_s.len())
            .map(|idx| {
                let p0 = self.voltage_v[idx - 1] * self.current_a[idx - 1];
                let p1 = self.voltage_v[idx] * self.current_a[idx];
                0.5 * (p0 + p1) * (self.time_s[idx] - self.time_s[idx - 1])
            })
            .sum()
    }
}

/// Root-mean-square difference of two equally long series (over the shorter length), same unit as inputs.
pub fn rmse(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.0;
    }
    (a.iter().zip(b).take(n).map(|(x, y)| (x - y).powi(2)).sum::<f64>() / n as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_rows_are_named() {
        let err = CurrentProfile::from_csv("time_s,current_a\n0,1\n1,x\n", "p.csv").unwrap_err().to_string();
        assert!(err.contains("p.csv") && err.contains("row 3") && err.contains("current_a"), "{err}");
        let err = CurrentProfile::from_csv("time_s,current_a\n0,1\n0,1\n", "p.csv").unwrap_err().to_string();
        assert!(err.contains("row 3") && err.contains("does not increase"), "{err}");
        let err = CurrentProfile::from_csv("time,current_a\n0,1\n", "p.csv").unwrap_err().to_string();
        assert!(err.contains("missing column `time_s`"), "{err}");
        let err = CurrentProfile::from_csv("time_s,current_a\n0,1\n1,2e5\n", "p.csv").unwrap_err().to_string();
        assert_eq!(err, "p.csv: row 3, column `current_a`: 2e5 A must be within ±1e5 A");
    }
}
