//! Thevenin equivalent circuit with one or two RC pairs and one-state hysteresis, discretised exactly.
//!
//! Circuit (discharge current I > 0): V = OCV(z, T) + h − R0·I − Σ Vᵢ, dVᵢ/dt = (Rᵢ·I − Vᵢ)/τᵢ, dz/dt = −I/Q.
//! Over a step of length Δt the RC branches are integrated exactly:
//! - current held constant (power steps): Vᵢ(Δt) = aᵢ·Vᵢ + Rᵢ(1 − aᵢ)·I with aᵢ = e^{−Δt/τᵢ}, and the mean of
//!   Vᵢ over the step is mᵢ·Vᵢ + Rᵢ(1 − mᵢ)·I with mᵢ = τᵢ(1 − aᵢ)/Δt. The mean terminal voltage is therefore
//!   linear in I, V̄ = E − R·I with E = OCV + h − Σ mᵢVᵢ and R = R0 + Σ Rᵢ(1 − mᵢ), so a power demand P = V̄·I
//!   has the closed-form current I = (E − √(E² − 4RP)) / 2R, and the energy delivered is exactly P·Δt;
//! - current linear in time from I₀ to I₁ (measured profiles, as PyBaMM interpolates them):
//!   Vᵢ(Δt) = aᵢ·Vᵢ + Rᵢ[I₀(1 − aᵢ) + (I₁ − I₀)(1 − τᵢ(1 − aᵢ)/Δt)].
//!
//! Parameters are read at the state at the start of the step (a pack keeps its resistances and time constants
//! while that state stays within a narrow band of where it last read them: `pack::ParamsBand`). Limits
//! (current, voltage, SOC, matched load) bound the current; when one binds, the limited current is used and
//! reported as a [`Bound`].
//! Reference: G. L. Plett, *Battery Management Systems, Vol. I: Battery Modeling*, Artech House 2015, ch. 2.

use serde::Serialize;

use super::BatteryState;
use super::cell::{AxisPoint, Cell, NodeGrid};
use super::ocv::OcvAt;
use crate::units::k_to_degc;

/// Which limit set the current of a step (or a power limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// Nothing: the demand was met.
    #[default]
    None,
    /// The cell's (or BMS's) current limit at full rating.
    Current,
    /// The current limit reduced by temperature (derating, too cold or too hot).
    Temperature,
    /// The cell's charge-current map (SOC, temperature).
    ChargeMap,
    /// A cut-off voltage (minimum on discharge, maximum on charge: the CV phase).
    Voltage,
    /// The edge of the SOC window.
    Soc,
    /// The matched-load maximum E²/4R: no current delivers more power.
    MatchedLoad,
}

/// Largest currents allowed for the next step, A (both ≥ 0), and which limit each one is.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CurrentWindow {
    /// Largest discharge current, A.
    pub discharge_a: f64,
    /// What sets `discharge_a`.
    pub discharge_bound: Bound,
    /// Largest charge current (magnitude), A.
    pub charge_a: f64,
    /// What sets `charge_a`.
    pub charge_bound: Bound,
    /// Lowest allowed mean terminal voltage, V.
    pub min_voltage_v: f64,
    /// Highest allowed mean terminal voltage, V.
    pub max_voltage_v: f64,
}

/// The part of a cell's step circuit that depends only on SOC, temperature and the step length, without the
/// OCV: the resistance look-ups and RC exponentials, which are most of the cost of a step, and what follows
/// from them alone. A pack keeps them across steps (`pack::StepCache`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct CircuitParams {
    /// Effective resistance R = R0 + Σ Rᵢ(1 − mᵢ), Ω.
    pub resistance_ohm: f64,
    /// 1/R, S (0 when R ≤ 0).
    conductance_s: f64,
    r0_ohm: f64,
    rc_resistance_ohm: [f64; 2],
    decay: [f64; 2],
    mean_factor: [f64; 2],
    /// Rᵢ(1 − aᵢ), Ω (0 for a pair the cell lacks).
    step_gain_ohm: [f64; 2],
    n_rc: usize,
}

/// The cell as seen over one step at constant current: mean terminal voltage V̄ = E − R·I.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StepCircuit {
    /// Open-circuit voltage at the start of the step, without hysteresis, V.
    pub ocv_v: f64,
    /// Entropic coefficient ∂U/∂T at the start of the step, V/K (the step's reversible heat).
    entropic_v_per_k: f64,
    /// Effective source voltage E, V.
    pub emf_v: f64,
    /// Effective resistance R, Ω.
    pub resistance_ohm: f64,
    /// 1/R, S (0 when R ≤ 0): the limits divide by R twice on each side.
    conductance_s: f64,
    /// RC decay factors aᵢ.
    decay: [f64; 2],
    /// Rᵢ(1 − aᵢ), Ω: what a constant current adds to each RC voltage over the step, per ampere (a pair the
    /// cell lacks has a = 1 and gain 0: its voltage stays as it is, unused).
    step_gain_ohm: [f64; 2],
}

/// A current that meets (or is limited below) a power demand.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Solved {
    /// Current, A (discharge positive).
    pub current_a: f64,
    /// Power delivered at the terminals, W (discharge positive).
    pub power_w: f64,
    /// What limited it.
    pub bound: Bound,
}

/// What one step did to a cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellStep {
    /// Current, A (mean over the step; discharge positive).
    pub current_a: f64,
    /// Terminal voltage, V: the step mean for constant-current steps, the end value for linear-current steps.
    pub voltage_v: f64,
    /// Chemical power OCV·I, W (discharge positive).
    pub internal_power_w: f64,
    /// Electrical loss (internal minus terminal power), W.
    pub loss_w: f64,
    /// Reversible (entropic) heat −I·T·∂U/∂T, W.
    pub reversible_heat_w: f64,
}

/// A cell's R0, R1, τ1, R2, τ2 (Ω, Ω, s, Ω, s) on their common (SOC, temperature) grid ([`Cell::circuit_grid`]),
/// padded with an unused sixth value: an even count lets the compiler interpolate them in pairs (−4 % of the
/// instructions of a profile run, measured with callgrind).
pub(crate) type CircuitGrid = NodeGrid<6>;

/// What a run's steps look up in a cell's tables, carried from one step to the next: search hints, and the
/// OCV terms at the SOC the last look-up was made at. Belongs to one cell (and its [`CircuitGrid`]): a fresh
/// one (`Lookups::default()`) for another.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Lookups {
    /// SOC of `ocv` (NaN before the first look-up, so that it matches no SOC).
    soc: f64,
    /// Position of the SOC of the last circuit look-up (a search hint; a linear-current step moves it to its
    /// end SOC to read R0 there).
    soc_point: AxisPoint,
    ocv: OcvAt,
    /// Position of the temperature of the last circuit look-up (a linear-current step reads R0 there again
    /// at its end).
    temperature_point: AxisPoint,
    /// SOC segment of the OCV table at the last look-up (a search hint, valid for any value).
    ocv_hint: usize,
}

impl Default for Lookups {
    /// No look-up made yet.
    fn default() -> Self {
        Lookups {
            soc: f64::NAN,
            soc_point: AxisPoint::default(),
            ocv: OcvAt::default(),
            temperature_point: AxisPoint::default(),
            ocv_hint: 0,
        }
    }
}

impl Lookups {
    /// The OCV terms at `soc`, looked up unless the last look-up was at `soc`.
    #[inline(always)]
    pub(crate) fn at_soc(&mut self, cell: &Cell, soc: f64) -> OcvAt {
        if self.soc != soc {
            self.soc = soc;
            self.ocv = cell.ocv.near(soc, &mut self.ocv_hint);
        }
        self.ocv
    }
}

impl Cell {
    /// The cell's resistance tables as one [`CircuitGrid`] (every table of a cell is on the grid of
    /// `[resistance]`; a second RC pair the cell lacks reads 0).
    pub(crate) fn circuit_grid(&self) -> CircuitGrid {
        let mut tables = vec![&self.r0_ohm];
        for pair in &self.rc {
            tables.extend([&pair.resistance_ohm, &pair.tau_s]);
        }
        CircuitGrid::new(&tables)
    }

    /// The step circuit at `state` for a step of `dt_s` (reads the tables into a grid first: for one-off
    /// use; runs keep a grid, see [`EcmPack`](super::EcmPack)).
    pub fn circuit(&self, state: &BatteryState, dt_s: f64) -> StepCircuit {
        let mut lookups = Lookups::default();
        let params = self.circuit_params(&self.circuit_grid(), &mut lookups, state.soc, state.temperature_k, dt_s);
        params.circuit(&lookups.at_soc(self, state.soc), state)
    }

    /// Circuit parameters at `soc` and `temperature_k` for a step of `dt_s`, read from this cell's `grid`.
    #[inline(always)]
    pub(crate) fn circuit_params(
        &self,
        grid: &CircuitGrid,
        lookups: &mut Lookups,
        soc: f64,
        temperature_k: f64,
        dt_s: f64,
    ) -> CircuitParams {
        lookups.soc_point = grid.locate_soc(soc, &lookups.soc_point);
        lookups.temperature_point = grid.locate_temperature(k_to_degc(temperature_k), &lookups.temperature_point);
        let [r0_ohm, rc @ .., _] = grid.at(&lookups.soc_point, &lookups.temperature_point);
        let mut params = CircuitParams {
            resistance_ohm: r0_ohm,
            conductance_s: 0.0,
            r0_ohm,
            rc_resistance_ohm: [0.0; 2],
            decay: [1.0; 2],
            mean_factor: [1.0; 2],
            step_gain_ohm: [0.0; 2],
            n_rc: self.rc.len(),
        };
        let inverse_dt_per_s = 1.0 / dt_s;
        for idx in 0..params.n_rc {
            let (r, tau) = (rc[2 * idx], rc[2 * idx + 1]);
            let decay = (-dt_s / tau).exp();
            let mean_factor = if dt_s > 0.0 { tau * (1.0 - decay) * inverse_dt_per_s } else { 1.0 };
            params.rc_resistance_ohm[idx] = r;
            params.decay[idx] = decay;
            params.mean_factor[idx] = mean_factor;
            params.step_gain_ohm[idx] = r * (1.0 - decay);
            params.resistance_ohm += r * (1.0 - mean_factor);
        }
        params.conductance_s = if params.resistance_ohm > 0.0 { 1.0 / params.resistance_ohm } else { 0.0 };
        params
    }

    /// Apply a constant `current_a` for `dt_s` (electrical states and SOC; temperature is the caller's), with
    /// `circuit` from this cell's tables at `state`.
    #[inline(always)]
    pub(crate) fn step_constant_current(
        &self,
        state: &mut BatteryState,
        circuit: &StepCircuit,
        current_a: f64,
        dt_s: f64,
    ) -> CellStep {
        let voltage_v = circuit.emf_v - circuit.resistance_ohm * current_a;
        // Both pairs, without a loop bound to test: an absent one is left as it is.
        for idx in 0..2 {
            state.rc_voltage_v[idx] =
                circuit.decay[idx] * state.rc_voltage_v[idx] + circuit.step_gain_ohm[idx] * current_a;
        }
        self.finish_step(state, circuit.ocv_v, circuit.entropic_v_per_k, current_a, voltage_v, dt_s)
    }

    /// Apply a current varying linearly from `current0_a` to `current1_a` over `dt_s`; the reported voltage
    /// is the terminal voltage at the end of the step.
    pub fn step_linear_current(
        &self,
        state: &mut BatteryState,
        current0_a: f64,
        current1_a: f64,
        dt_s: f64,
    ) -> CellStep {
        self.step_linear_current_with(
            &self.circuit_grid(),
            &mut Lookups::default(),
            state,
            current0_a,
            current1_a,
            dt_s,
        )
    }

    /// [`Cell::step_linear_current`] reading this cell's `grid` through `lookups` (a profile run keeps both
    /// from sample to sample).
    pub(crate) fn step_linear_current_with(
        &self,
        grid: &CircuitGrid,
        lookups: &mut Lookups,
        state: &mut BatteryState,
        current0_a: f64,
        current1_a: f64,
        dt_s: f64,
    ) -> CellStep {
        let temperature_k = state.temperature_k;
        let p = self.circuit_params(grid, lookups, state.soc, temperature_k, dt_s);
        let start_ocv = lookups.at_soc(self, state.soc);
        let ocv_v = start_ocv.voltage_v(temperature_k);
        // Terminal voltage at the start of the step (before the state moves), for the loss below.
        let start_voltage_v =
            ocv_v + state.hysteresis_v - p.r0_ohm * current0_a - state.rc_voltage_v[..p.n_rc].iter().sum::<f64>();
        let ramp = current1_a - current0_a;
        for idx in 0..p.n_rc {
            let decay = p.decay[idx];
            let gain = p.rc_resistance_ohm[idx];
            let ramp_factor = 1.0 - p.mean_factor[idx];
            state.rc_voltage_v[idx] =
                decay * state.rc_voltage_v[idx] + gain * (current0_a * (1.0 - decay) + ramp * ramp_factor);
        }
        let mean_current_a = 0.5 * (current0_a + current1_a);
        let mut step = self.finish_step(state, ocv_v, start_ocv.entropic_v_per_k, mean_current_a, 0.0, dt_s);
        // The end of the step: its SOC at the temperature of its start.
        let end_ocv = lookups.at_soc(self, state.soc);
        let rc_sum: f64 = state.rc_voltage_v[..p.n_rc].iter().sum();
        lookups.soc_point = grid.locate_soc(state.soc, &lookups.soc_point);
        let r0_ohm = grid.component_at(0, &lookups.soc_point, &lookups.temperature_point);
        step.voltage_v = end_ocv.voltage_v(temperature_k) + state.hysteresis_v - r0_ohm * current1_a - rc_sum;
        // Terminal power by the trapezoid rule, as `CellTrace::energy_out_j` integrates it.
        let terminal_power_w = 0.5 * (start_voltage_v * current0_a + step.voltage_v * current1_a);
        step.loss_w = step.internal_power_w - terminal_power_w;
        step
    }

    /// SOC and hysteresis update and the power bookkeeping shared by both step forms, with the OCV `ocv_v` and
    /// entropic coefficient `entropic_v_per_k` at the start of the step (which give its chemical power and
    /// reversible heat, as its parameters are read at its start).
    #[inline(always)]
    fn finish_step(
        &self,
        state: &mut BatteryState,
        ocv_v: f64,
        entropic_v_per_k: f64,
        current_a: f64,
        voltage_v: f64,
        dt_s: f64,
    ) -> CellStep {
        // dt/Q first: it does not wait for the current.
        state.soc -= current_a * (dt_s / self.capacity_c);
        state.hysteresis_v = self.ocv.hysteresis_step(state.hysteresis_v, current_a, dt_s, self.capacity_c);
        let internal_power_w = ocv_v * current_a;
        CellStep {
            current_a,
            voltage_v,
            internal_power_w,
            loss_w: internal_power_w - voltage_v * current_a,
            reversible_heat_w: -current_a * state.temperature_k * entropic_v_per_k,
        }
    }
}

impl CircuitParams {
    /// The step circuit from these parameters, the OCV terms `ocv` at the state's SOC and the state
    /// (temperature, RC voltages, hysteresis): no look-up, exponential or division.
    #[inline(always)]
    pub fn circuit(&self, ocv: &OcvAt, state: &BatteryState) -> StepCircuit {
        let ocv_v = ocv.voltage_v(state.temperature_k);
        let mut emf_v = ocv_v + state.hysteresis_v;
        for idx in 0..self.n_rc {
            emf_v -= self.mean_factor[idx] * state.rc_voltage_v[idx];
        }
        StepCircuit {
            ocv_v,
            entropic_v_per_k: ocv.entropic_v_per_k,
            emf_v,
            resistance_ohm: self.resistance_ohm,
            conductance_s: self.conductance_s,
            decay: self.decay,
            step_gain_ohm: self.step_gain_ohm,
        }
    }
}

impl StepCircuit {
    /// Current for terminal power `power_w` (discharge positive) within `window`. Infinite demands give the
    /// power limits themselves.
    #[inline]
    pub fn solve_power(&self, power_w: f64, window: &CurrentWindow) -> Solved {
        self.solve_within(power_w, &self.power_limit(power_w >= 0.0, window))
    }

    /// The power limit on the discharge side (`discharge`) or the charge side: what an infinite demand of
    /// that sign gives.
    #[inline]
    pub fn power_limit(&self, discharge: bool, window: &CurrentWindow) -> Solved {
        let (current_a, bound) = if discharge { self.discharge_limit(window) } else { self.charge_limit(window) };
        Solved { current_a, power_w: self.power_at(current_a), bound }
    }

    /// Current for terminal power `power_w` given the limit on its side: what [`StepCircuit::solve_power`]
    /// gives for an infinite demand of the same sign (so limits found once serve every demand of the step).
    #[inline]
    pub fn solve_within(&self, power_w: f64, limit: &Solved) -> Solved {
        let within = if power_w >= 0.0 { power_w <= limit.power_w } else { power_w >= limit.power_w };
        if !within {
            return *limit;
        }
        Solved { current_a: self.current_for(power_w), power_w, bound: Bound::None }
    }

    /// 1/R, S (0 when R ≤ 0).
    #[inline]
    pub(crate) fn conductance_s(&self) -> f64 {
        self.conductance_s
    }

    /// Terminal power at current `current_a`, W.
    #[inline]
    pub fn power_at(&self, current_a: f64) -> f64 {
        (self.emf_v - self.resistance_ohm * current_a) * current_a
    }

    /// The current (branch of smaller magnitude) that gives `power_w`; the discriminant is clamped at the
    /// matched-load point, which the limits never exceed.
    #[inline]
    pub(crate) fn current_for(&self, power_w: f64) -> f64 {
        let r = self.resistance_ohm;
        if r <= 0.0 {
            return power_w / self.emf_v;
        }
        let discriminant = (self.emf_v * self.emf_v - 4.0 * r * power_w).max(0.0);
        // Rationalised form 2P / (E + √D): accurate when 4RP ≪ E².
        2.0 * power_w / (self.emf_v + discriminant.sqrt())
    }

    fn discharge_limit(&self, window: &CurrentWindow) -> (f64, Bound) {
        let mut limit = (window.discharge_a, window.discharge_bound);
        if self.resistance_ohm > 0.0 {
            let voltage_a = ((self.emf_v - window.min_voltage_v) * self.conductance_s).max(0.0);
            let matched_a = 0.5 * self.emf_v * self.conductance_s;
            for candidate in [(voltage_a, Bound::Voltage), (matched_a, Bound::MatchedLoad)] {
                if candidate.0 < limit.0 {
                    limit = candidate;
                }
            }
        }
        limit
    }

    fn charge_limit(&self, window: &CurrentWindow) -> (f64, Bound) {
        let mut limit = (-window.charge_a, window.charge_bound);
        if self.resistance_ohm > 0.0 {
            let voltage_a = ((self.emf_v - window.max_voltage_v) * self.conductance_s).min(0.0);
            if voltage_a > limit.0 {
                limit = (voltage_a, Bound::Voltage);
            }
        }
        limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::battery::cell::tests::test_cell;

    fn window() -> CurrentWindow {
        CurrentWindow {
            discharge_a: 100.0,
            discharge_bound: Bound::Current,
            charge_a: 50.0,
            charge_bound: Bound::Current,
            min_voltage_v: 2.5,
            max_voltage_v: 4.2,
        }
    }

    #[test]
    fn one_rc_step_response_is_exact() {
        // V1(t) = R1·I·(1 − e^{−t/τ}) regardless of the step length.
        let cell = test_cell();
        let mut coarse = BatteryState::rested(0.5, 298.15);
        let mut fine = coarse;
        let c = cell.circuit(&coarse, 30.0);
        cell.step_constant_current(&mut coarse, &c, 5.0, 30.0);
        for _ in 0..30 {
            let c = cell.circuit(&fine, 1.0);
            cell.step_constant_current(&mut fine, &c, 5.0, 1.0);
        }
        let r1 = cell.rc[0].resistance_ohm.eval(0.5, 25.0);
        let tau = cell.rc[0].tau_s.eval(0.5, 25.0);
        let exact = r1 * 5.0 * (1.0 - (-30.0_f64 / tau).exp());
        assert!((coarse.rc_voltage_v[0] - exact).abs() < 1e-12);
        assert!((fine.rc_voltage_v[0] - exact).abs() < 1e-4, "SOC drift moves parameters only slightly");
    }

    #[test]
    fn power_is_met_exactly() {
        let cell = test_cell();
        let state = BatteryState::rested(0.5, 298.15);
        let c = cell.circuit(&state, 1.0);
        for p in [-20.0, 0.0, 1.0, 40.0] {
            let s = c.solve_power(p, &window());
            assert_eq!(s.bound, Bound::None);
            assert!((c.power_at(s.current_a) - p).abs() < 1e-9);
        }
    }

    #[test]
    fn limits_report_their_bound() {
        let cell = test_cell();
        let state = BatteryState::rested(0.5, 298.15);
        let c = cell.circuit(&state, 1.0);
        let mut w = window();
        assert_eq!(c.solve_power(f64::INFINITY, &w).bound, Bound::Voltage);
        w.discharge_a = 1.0;
        let s = c.solve_power(f64::INFINITY, &w);
        assert_eq!((s.bound, s.current_a), (Bound::Current, 1.0));
        w.max_voltage_v = c.emf_v + 0.01;
        let s = c.solve_power(f64::NEG_INFINITY, &w);
        assert_eq!(s.bound, Bound::Voltage);
        assert!((c.emf_v - c.resistance_ohm * s.current_a - w.max_voltage_v).abs() < 1e-12);
    }
}
