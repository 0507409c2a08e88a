//! The simplest battery: stored energy with a SOC window, power limits and losses given either by an
//! efficiency (constant, or a table over C-rate and temperature as FASTSim's `RESEfficiency`) or by an
//! internal resistance behind a constant open-circuit voltage.
//!
//! Efficiency form: internal power P_int = P/η when discharging, P·η when charging, with
//! "C-rate" = P[W] / E_total[Wh] (signed, FASTSim's definition). Resistance form: P = V_oc·I − R·I², so
//! I = (V_oc − √(V_oc² − 4RP)) / 2R and P_int = V_oc·I. SOC falls by P_int·Δt / E_total.

use serde::{Deserialize, Serialize};

use super::{BatteryFlow, BatteryModel, BatteryState, PowerLimits};
use crate::error::{Error, Result, check};
use crate::interp::{Interpolation, Table1d, Table2d};
use crate::units::{J_PER_KWH, J_PER_WH, k_to_degc};

/// Stored-energy headroom per step beyond this multiple of the discharge rating cannot bind for a store with
/// a resistance (whose power at the terminals is at least half the internal power below the matched-load
/// point). A store with efficiency tables uses 1 / its lowest discharge efficiency instead.
const RESISTANCE_HEADROOM_MARGIN: f64 = 2.0;

/// The TOML shape of an energy store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnergyStoreSpec {
    /// Energy of the full 0–100 % SOC range, kWh (give this or `usable_energy_kwh`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub energy_kwh: Option<f64>,
    /// Energy of the SOC window, kWh (give this or `energy_kwh`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usable_energy_kwh: Option<f64>,
    /// Lowest SOC the BMS allows, 0–1.
    #[serde(default)]
    pub min_soc: f64,
    /// Highest SOC the BMS allows, 0–1.
    #[serde(default = "one")]
    pub max_soc: f64,
    /// Largest discharge power at the terminals, kW.
    pub max_discharge_power_kw: f64,
    /// Largest charge power at the terminals (regen and charging), kW.
    pub max_charge_power_kw: f64,
    /// One-way efficiency: a number, or a table over C-rate (and temperature); used for discharging, and for
    /// charging too unless `charge_efficiency` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub efficiency: Option<StoreEfficiencySpec>,
    /// One-way efficiency when charging, if it differs from `efficiency`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_efficiency: Option<StoreEfficiencySpec>,
    /// Internal resistance of the pack, Ω (instead of `efficiency`; needs `nominal_voltage_v`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resistance_ohm: Option<f64>,
    /// Nominal (open-circuit) pack voltage, V.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nominal_voltage_v: Option<f64>,
}

fn one() -> f64 {
    1.0
}

/// One-way efficiency of an energy store as written in a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StoreEfficiencySpec {
    /// Constant, (0, 1].
    Constant(f64),
    /// A table.
    Table(StoreEfficiencyTableSpec),
}

/// Efficiency tables over signed C-rate (P[W]/E[Wh], positive discharging).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum StoreEfficiencyTableSpec {
    /// η(C-rate), linear, clamped.
    CRate {
        /// C-rates, increasing.
        c_rate: Vec<f64>,
        /// Efficiency at each.
        efficiency: Vec<f64>,
    },
    /// η(C-rate, temperature), bilinear, clamped.
    CRateTemperature {
        /// C-rates, increasing.
        c_rate: Vec<f64>,
        /// Cell temperatures, °C, increasing.
        temperature_degc: Vec<f64>,
        /// One row per C-rate, one value per temperature.
        efficiency: Vec<Vec<f64>>,
    },
}

/// Validated one-way efficiency.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreEfficiency {
    /// Constant.
    Constant(f64),
    /// Over C-rate.
    CRate(Table1d),
    /// Over C-rate and temperature (°C).
    CRateTemperature(Table2d),
}

/// How losses arise.
// One value per vehicle, read every step: keeping the tables inline beats boxing them to even out the sizes.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
enum Losses {
    Efficiency { discharge: StoreEfficiency, charge: StoreEfficiency },
    Resistance { ocv_v: f64, resistance_ohm: f64 },
}

/// A validated energy store.
#[derive(Debug, Clone, PartialEq)]
pub struct EnergyStore {
    total_energy_j: f64,
    /// 1 / `total_energy_j`, kept to spare a division per step.
    inverse_total_energy_per_j: f64,
    min_soc: f64,
    max_soc: f64,
    max_discharge_w: f64,
    max_charge_w: f64,
    /// Stored energy per step to the bottom of the window beyond this multiple of `max_discharge_w` cannot
    /// bind, whatever the losses. (Towards the top, any headroom above `max_charge_w` cannot: charging stores
    /// less than the terminals take.)
    discharge_headroom_margin: f64,
    losses: Losses,
    nominal_voltage_v: Option<f64>,
}

impl EnergyStore {
    /// Validate a spec.
    pub fn from_spec(spec: &EnergyStoreSpec, origin: &str) -> Result<Self> {
        let min_soc = check::in_range(origin, "battery.min_soc", spec.min_soc, 0.0, 1.0)?;
        let max_soc = check::in_range(origin, "battery.max_soc", spec.max_soc, 0.0, 1.0)?;
        if max_soc <= min_soc {
            return Err(Error::field(origin, "battery.max_soc", max_soc, format!("must be above min_soc = {min_soc}")));
        }
        let total_energy_j = match (spec.energy_kwh, spec.usable_energy_kwh) {
            (Some(e), None) => check::in_range_open_low(origin, "battery.energy_kwh", e, 0.0, 10_000.0)? * J_PER_KWH,
            (None, Some(u)) => {
                check::in_range_open_low(origin, "battery.usable_energy_kwh", u, 0.0, 10_000.0)? * J_PER_KWH
                    / (max_soc - min_soc)
            }
            _ => {
                return Err(Error::field(
                    origin,
                    "battery",
                    "energy",
                    "give exactly one of energy_kwh, usable_energy_kwh",
                ));
            }
        };
        let nominal_voltage_v = spec
            .nominal_voltage_v
            .map(|v| check::in_range_open_low(origin, "battery.nominal_voltage_v", v, 0.0, 2000.0))
            .transpose()?;
        let losses = match (&spec.efficiency, spec.resistance_ohm, nominal_voltage_v) {
            (Some(eff), None, _) => Losses::Efficiency {
                discharge: StoreEfficiency::from_spec(eff, origin, "battery.efficiency")?,
                charge: StoreEfficiency::from_spec(
                    spec.charge_efficiency.as_ref().unwrap_or(eff),
                    origin,
                    "battery.charge_efficiency",
                )?,
            },
            (None, Some(r), Some(ocv_v)) => Losses::Resistance {
                ocv_v,
                resistance_ohm: check::in_range(origin, "battery.resistance_ohm", r, 0.0, 10.0)?,
            },
            (None, Some(_), None) => {
                return Err(Error::field(origin, "battery.nominal_voltage_v", "missing", "needed with resistance_ohm"));
            }
            _ => {
                return Err(Error::field(
                    origin,
                    "battery",
                    "losses",
                    "give exactly one of efficiency, resistance_ohm",
                ));
            }
        };
        let mut max_discharge_w = check::in_range_open_low(
            origin,
            "battery.max_discharge_power_kw",
            spec.max_discharge_power_kw,
            0.0,
            10_000.0,
        )? * 1e3;
        if let Losses::Resistance { ocv_v, resistance_ohm } = losses
            && resistance_ohm > 0.0
        {
            // Beyond V²/4R (matched load) no current delivers more power: that is the physical ceiling.
            max_discharge_w = max_discharge_w.min(ocv_v * ocv_v / (4.0 * resistance_ohm));
        }
        Ok(EnergyStore {
            total_energy_j,
            inverse_total_energy_per_j: 1.0 / total_energy_j,
            min_soc,
            max_soc,
            max_discharge_w,
            max_charge_w: check::in_range_open_low(
                origin,
                "battery.max_charge_power_kw",
                spec.max_charge_power_kw,
                0.0,
                10_000.0,
            )? * 1e3,
            discharge_headroom_margin: match &losses {
                Losses::Efficiency { discharge, .. } => 1.0 / discharge.range().0,
                Losses::Resistance { .. } => RESISTANCE_HEADROOM_MARGIN,
            },
            losses,
            nominal_voltage_v,
        })
    }

    /// Internal power, loss, voltage and current for a terminal power at the given temperature. Voltage and
    /// current are 0 when the store has no nominal voltage. Written without needless divisions: this runs
    /// every step of the drive loop.
    #[inline(always)]
    fn flow(&self, terminal_power_w: f64, temperature_k: f64) -> BatteryFlow {
        match &self.losses {
            Losses::Efficiency { discharge, charge } => {
                let c_rate = terminal_power_w * self.inverse_total_energy_per_j * J_PER_WH;
                let internal_power_w = if terminal_power_w > 0.0 {
                    terminal_power_w / discharge.at(c_rate, k_to_degc(temperature_k))
                } else {
                    terminal_power_w * charge.at(c_rate, k_to_degc(temperature_k))
                };
                let voltage_v = self.nominal_voltage_v.unwrap_or(0.0);
                BatteryFlow {
                    internal_power_w,
                    loss_w: internal_power_w - terminal_power_w,
                    voltage_v,
                    current_a: if voltage_v > 0.0 { terminal_power_w / voltage_v } else { 0.0 },
                }
            }
            Losses::Resistance { ocv_v, resistance_ohm } => {
                let current_a = if *resistance_ohm > 0.0 {
                    // The discriminant is ≥ 0 for powers within the limits; max(0) guards rounding at the
                    // matched-load ceiling.
                    let discriminant = (ocv_v * ocv_v - 4.0 * resistance_ohm * terminal_power_w).max(0.0);
                    (ocv_v - discriminant.sqrt()) / (2.0 * resistance_ohm)
                } else {
                    terminal_power_w / ocv_v
                };
                let internal_power_w = ocv_v * current_a;
                BatteryFlow {
                    internal_power_w,
                    loss_w: internal_power_w - terminal_power_w,
                    voltage_v: ocv_v - resistance_ohm * current_a,
                    current_a,
                }
            }
        }
    }
}

impl EnergyStore {
    /// Terminal power that corresponds to internal power `internal_w` (the inverse of `internal_power`).
    #[inline]
    fn terminal_power(&self, internal_w: f64, temperature_k: f64) -> f64 {
        match &self.losses {
            Losses::Efficiency { discharge, charge } => {
                // η depends on the terminal power; two fixed-point passes bring it to rounding for smooth tables
                // (and are exact for a constant).
                let table = if internal_w > 0.0 { discharge } else { charge };
                let mut terminal_w = internal_w;
                for _ in 0..2 {
                    let c_rate = terminal_w * self.inverse_total_energy_per_j * J_PER_WH;
                    let eta = table.at(c_rate, k_to_degc(temperature_k));
                    terminal_w = if internal_w > 0.0 { internal_w * eta } else { internal_w / eta };
                }
                terminal_w
            }
            Losses::Resistance { ocv_v, resistance_ohm } => {
                let current = internal_w / ocv_v;
                internal_w - resistance_ohm * current * current
            }
        }
    }

    /// Limits when a window edge is within reach of one step: the stored energy left to each edge bounds the
    /// step's power, converted to the terminals through the losses, so that the last step lands exactly on
    /// the edge. Beyond its margin (`discharge_headroom_margin`, 1 for charge) the conversion is skipped, as
    /// it could not bind.
    #[cold]
    #[inline(never)]
    fn limits_near_window_edge(&self, state: &BatteryState, dt_s: f64) -> PowerLimits {
        let energy_per_step = self.total_energy_j / dt_s;
        let to_empty_w = ((state.soc - self.min_soc) * energy_per_step).max(0.0);
        let to_full_w = ((self.max_soc - state.soc) * energy_per_step).max(0.0);
        let discharge_headroom_w = if to_empty_w > self.discharge_headroom_margin * self.max_discharge_w {
            to_empty_w
        } else {
            self.terminal_power(to_empty_w, state.temperature_k)
        };
        let charge_headroom_w = if to_full_w > self.max_charge_w {
            to_full_w
        } else {
            -self.terminal_power(-to_full_w, state.temperature_k)
        };
        PowerLimits {
            discharge_w: self.max_discharge_w.min(discharge_headroom_w),
            charge_w: self.max_charge_w.min(charge_headroom_w),
            energy_limited: discharge_headroom_w < self.max_discharge_w,
        }
    }

    /// This store with its efficiency maps read at `temperature_k` once and for all, or `None` when no map
    /// depends on temperature. An energy store has no thermal state: its temperature stays where a run starts
    /// it, so the run can look its efficiency up on the C-rate axis alone.
    pub fn at_fixed_temperature(&self, temperature_k: f64) -> Option<EnergyStore> {
        let Losses::Efficiency { discharge, charge } = &self.losses else { return None };
        let t_degc = k_to_degc(temperature_k);
        let (sliced_discharge, sliced_charge) =
            (discharge.at_fixed_temperature(t_degc), charge.at_fixed_temperature(t_degc));
        if sliced_discharge.is_none() && sliced_charge.is_none() {
            return None;
        }
        let losses = Losses::Efficiency {
            discharge: sliced_discharge.unwrap_or_else(|| discharge.clone()),
            charge: sliced_charge.unwrap_or_else(|| charge.clone()),
        };
        Some(EnergyStore { losses, ..self.clone() })
    }
}

impl StoreEfficiency {
    /// The C-rate curve of a map at `t_degc`, or `None` when the efficiency does not depend on temperature.
    fn at_fixed_temperature(&self, t_degc: f64) -> Option<StoreEfficiency> {
        match self {
            StoreEfficiency::CRateTemperature(map) => Some(StoreEfficiency::CRate(map.slice_at_y(t_degc))),
            StoreEfficiency::Constant(_) | StoreEfficiency::CRate(_) => None,
        }
    }

    fn from_spec(spec: &StoreEfficiencySpec, origin: &str, field: &str) -> Result<Self> {
        let model = match spec {
            StoreEfficiencySpec::Constant(eta) => {
                StoreEfficiency::Constant(check::in_range_open_low(origin, field, *eta, 0.0, 1.0)?)
            }
            StoreEfficiencySpec::Table(StoreEfficiencyTableSpec::CRate { c_rate, efficiency }) => {
                StoreEfficiency::CRate(Table1d::new(
                    c_rate.clone(),
                    efficiency.clone(),
                    Interpolation::Linear,
                    origin,
                    field,
                )?)
            }
            StoreEfficiencySpec::Table(StoreEfficiencyTableSpec::CRateTemperature {
                c_rate,
                temperature_degc,
                efficiency,
            }) => StoreEfficiency::CRateTemperature(Table2d::new(
                c_rate.clone(),
                temperature_degc.clone(),
                efficiency.clone(),
                origin,
                field,
            )?),
        };
        let (lo, hi) = model.range();
        if !(lo > 0.0 && hi <= 1.0) {
            return Err(Error::field(origin, field, if lo <= 0.0 { lo } else { hi }, "efficiencies must be in (0, 1]"));
        }
        Ok(model)
    }

    /// Lowest and highest efficiency.
    fn range(&self) -> (f64, f64) {
        match self {
            StoreEfficiency::Constant(eta) => (*eta, *eta),
            StoreEfficiency::CRate(t) => t.range(),
            StoreEfficiency::CRateTemperature(t) => t.range(),
        }
    }

    /// Efficiency at signed `c_rate` and temperature `t_degc`.
    #[inline(always)]
    pub fn at(&self, c_rate: f64, t_degc: f64) -> f64 {
        match self {
            StoreEfficiency::Constant(eta) => *eta,
            StoreEfficiency::CRate(t) => t.eval(c_rate),
            StoreEfficiency::CRateTemperature(t) => t.eval(c_rate, t_degc),
        }
    }
}

impl BatteryModel for EnergyStore {
    #[inline(always)]
    fn limits(&self, state: &BatteryState, dt_s: f64) -> PowerLimits {
        // Far from the window edges the stored energy left is many times what the ratings can move in one step,
        // so the ratings alone are the limits. A branch rather than a min() of rating and SOC headroom, so that
        // the limits, and through them the step's terminal power, do not wait for the previous step's SOC (a
        // small gain as measured: about 1 % on the Bolt, BENCHMARKS.md), and the rare edge case stays cold.
        let far_from_empty = (state.soc - self.min_soc) * self.total_energy_j
            > self.discharge_headroom_margin * dt_s * self.max_discharge_w;
        let far_from_full = (self.max_soc - state.soc) * self.total_energy_j > dt_s * self.max_charge_w;
        if far_from_empty && far_from_full {
            PowerLimits { discharge_w: self.max_discharge_w, charge_w: self.max_charge_w, energy_limited: false }
        } else {
            self.limits_near_window_edge(state, dt_s)
        }
    }

    #[inline(always)]
    fn step(&self, state: &mut BatteryState, terminal_power_w: f64, dt_s: f64, _ambient_k: f64) -> BatteryFlow {
        let flow = self.flow(terminal_power_w, state.temperature_k);
        state.soc -= flow.internal_power_w * dt_s * self.inverse_total_energy_per_j;
        flow
    }

    fn soc_window(&self) -> (f64, f64) {
        (self.min_soc, self.max_soc)
    }

    fn total_energy_j(&self) -> f64 {
        self.total_energy_j
    }

    fn charge_efficiency(&self, terminal_power_w: f64) -> f64 {
        let internal_w = self.flow(-terminal_power_w.abs(), crate::units::degc_to_k(25.0)).internal_power_w;
        -internal_w / terminal_power_w.abs()
    }

    fn has_electrical_detail(&self) -> bool {
        self.nominal_voltage_v.is_some()
    }

    fn mass_kg(&self) -> Option<f64> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> EnergyStoreSpec {
        EnergyStoreSpec {
            energy_kwh: Some(50.0),
            usable_energy_kwh: None,
            min_soc: 0.05,
            max_soc: 0.95,
            max_discharge_power_kw: 100.0,
            max_charge_power_kw: 50.0,
            efficiency: Some(StoreEfficiencySpec::Constant(0.98)),
            charge_efficiency: None,
            resistance_ohm: None,
            nominal_voltage_v: Some(400.0),
        }
    }

    #[test]
    fn efficiency_losses_both_ways() {
        let store = EnergyStore::from_spec(&spec(), "t").unwrap();
        let mut state = BatteryState::rested(0.5, 298.15);
        let out = store.step(&mut state, 9800.0, 1.0, 298.15);
        assert!((out.internal_power_w - 10_000.0).abs() < 1e-9);
        let back = store.step(&mut state, -10_000.0, 1.0, 298.15);
        assert!((back.internal_power_w + 9800.0).abs() < 1e-9);
        assert!((back.loss_w - 200.0).abs() < 1e-9);
    }

    #[test]
    fn separate_charge_efficiency() {
        let mut s = spec();
        s.charge_efficiency = Some(StoreEfficiencySpec::Constant(0.95));
        let store = EnergyStore::from_spec(&s, "t").unwrap();
        let mut state = BatteryState::rested(0.5, 298.15);
        assert!((store.step(&mut state, 9800.0, 1.0, 298.15).internal_power_w - 10_000.0).abs() < 1e-9);
        assert!((store.step(&mut state, -10_000.0, 1.0, 298.15).internal_power_w + 9500.0).abs() < 1e-9);
        assert!((store.charge_efficiency(10_000.0) - 0.95).abs() < 1e-12);
    }

    #[test]
    fn resistance_matches_ohms_law() {
        let mut s = spec();
        s.efficiency = None;
        s.resistance_ohm = Some(0.1);
        let store = EnergyStore::from_spec(&s, "t").unwrap();
        let mut state = BatteryState::rested(0.5, 298.15);
        let out = store.step(&mut state, 40_000.0, 1.0, 298.15);
        // P = V·I − R·I² at I = out.current_a; loss = R·I².
        let i = out.current_a;
        assert!((400.0 * i - 0.1 * i * i - 40_000.0).abs() < 1e-6);
        assert!((out.loss_w - 0.1 * i * i).abs() < 1e-6);
    }

    #[test]
    fn limits_shrink_at_window_edges() {
        let store = EnergyStore::from_spec(&spec(), "t").unwrap();
        let full = store.limits(&BatteryState::rested(0.95, 298.15), 1.0);
        assert_eq!(full.charge_w, 0.0);
        assert_eq!(full.discharge_w, 100e3);
    }

    #[test]
    fn usable_energy_alternative() {
        let mut s = spec();
        s.energy_kwh = None;
        s.usable_energy_kwh = Some(45.0);
        let store = EnergyStore::from_spec(&s, "t").unwrap();
        assert!((store.total_energy_j() - 50.0 * J_PER_KWH).abs() < 1e-6);
    }

    #[test]
    fn rejects_inverted_window() {
        let mut s = spec();
        s.min_soc = 0.9;
        s.max_soc = 0.1;
        let err = EnergyStore::from_spec(&s, "car.toml").unwrap_err().to_string();
        assert!(err.contains("battery.max_soc") && err.contains("above min_soc"), "{err}");
    }
}
