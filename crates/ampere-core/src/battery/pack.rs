//! A pack of identical cells, N_s in series × N_p in parallel, with its integration, BMS, cooling and heater.
//!
//! Every cell carries the same current I_pack/N_p and sits at the same state, so the pack is one cell scaled:
//! V_pack = N_s·V_cell, I_pack = N_p·I_cell, P_pack = N_s·N_p·P_cell (cell-to-cell spread is not modelled).
//! Mass and volume follow from the cells and the integration type: m_pack = N·m_cell / f_grav and
//! V_pack = N·V_cell / f_vol, where f is the share of the pack taken by cells. Default factors (estimates from
//! pack/cell ratios in `../shared/facts/MARKET.md` §2.2: generic NMC modules 130/250 Wh/kg and 250/700 Wh/L,
//! LFP 130–140/160–180 Wh/kg and 210–230/330–380 Wh/L, CATL Qilin CTP 255 Wh/kg and 450 Wh/L on ~280 Wh/kg,
//! ~750 Wh/L cells): modules 0.60/0.38, cell-to-pack 0.80/0.60, cell-to-body 0.85/0.65.
//!
//! BMS: cell voltage window, pack current limits, linear derating to zero current between
//! `derate_start_degc` and the cell's maximum temperature (and none below its minimum), the cell's
//! charge-current map, and the SOC window. Cooling: passive conductance to ambient plus air (to ambient) or
//! liquid (to a chilled coolant) conductance. The heater only runs when the caller powers it (charging
//! preconditioning); in the drive loop it is off.
//!
//! Speed: the helpers of the per-step path (here and in `ecm.rs`, `cell.rs`) are `#[inline(always)]`: as
//! calls, with their arguments passed through memory, they cost ~70 instructions a step (callgrind, Zoe
//! over WLTC 3b).

use serde::{Deserialize, Serialize};

use super::cell::{AxisPoint, Cell, CellSpec, NodeGrid, builtin_cell};
use super::ecm::{Bound, CircuitGrid, CircuitParams, CurrentWindow, Lookups, Solved, StepCircuit};
use super::thermal::{CellThermal, ThermalStep};
use super::{BatteryFlow, BatteryModel, BatteryState, PowerLimits};
use crate::error::{Error, Result, check};
use crate::units::{degc_to_k, k_to_degc};

/// The TOML shape of `[battery]` with `model = "ecm"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackSpec {
    /// A library cell name (`data/cells/`), or an inline cell table.
    pub cell: CellRef,
    /// Cells in series.
    pub series: u32,
    /// Cells in parallel.
    pub parallel: u32,
    /// How cells are integrated.
    pub integration: Integration,
    /// Cell mass / pack mass, (0, 1] (default by integration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gravimetric_factor: Option<f64>,
    /// Cell volume / pack volume, (0, 1] (default by integration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumetric_factor: Option<f64>,
    /// Lowest SOC the BMS allows, 0–1 (default 0).
    #[serde(default)]
    pub min_soc: f64,
    /// Highest SOC the BMS allows, 0–1 (default 1).
    #[serde(default = "one")]
    pub max_soc: f64,
    /// BMS limits.
    #[serde(default)]
    pub bms: BmsSpec,
    /// Cooling.
    #[serde(default)]
    pub cooling: CoolingSpec,
    /// Heater (for preconditioning while charging).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heater: Option<HeaterSpec>,
}

fn one() -> f64 {
    1.0
}

/// A cell given by library name or inline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CellRef {
    /// Name of a built-in cell.
    Name(String),
    /// A full cell table.
    Inline(Box<CellSpec>),
}

/// Pack integration type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Integration {
    /// Cells in modules, modules in a pack.
    Modules,
    /// Cells directly in the pack (CTP).
    CellToPack,
    /// Cells in a pack that is part of the body structure (CTB/CTC).
    CellToBody,
}

impl Integration {
    /// Default (gravimetric, volumetric) factors, see the module doc.
    pub fn default_factors(self) -> (f64, f64) {
        match self {
            Integration::Modules => (0.60, 0.38),
            Integration::CellToPack => (0.80, 0.60),
            Integration::CellToBody => (0.85, 0.65),
        }
    }
}

/// BMS limits as written (cell voltages per cell, currents per pack).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BmsSpec {
    /// Lowest cell voltage, V (default: the cell's cut-off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_cell_voltage_v: Option<f64>,
    /// Highest cell voltage, V (default: the cell's cut-off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_cell_voltage_v: Option<f64>,
    /// Largest pack discharge current, A (default: cell limit × parallel).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_discharge_current_a: Option<f64>,
    /// Largest pack charge current, A (default: cell limit × parallel).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_charge_current_a: Option<f64>,
    /// Temperature above which currents derate linearly to zero at the cell maximum, °C (default: 45).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derate_start_degc: Option<f64>,
}

/// Cooling as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoolingSpec {
    /// `none`, `air` (conductance to ambient) or `liquid` (to a chilled coolant).
    pub kind: CoolingKind,
    /// Conductance of the cooling system for the whole pack, W/K.
    #[serde(default)]
    pub conductance_w_per_k: f64,
    /// Coolant temperature the chiller holds, °C (liquid only; default 25).
    #[serde(default = "default_coolant_degc")]
    pub coolant_temperature_degc: f64,
    /// Passive conductance of the pack to ambient, W/K (default 10, an estimate for an insulated pack).
    #[serde(default = "default_passive")]
    pub passive_conductance_w_per_k: f64,
}

impl Default for CoolingSpec {
    fn default() -> Self {
        CoolingSpec {
            kind: CoolingKind::None,
            conductance_w_per_k: 0.0,
            coolant_temperature_degc: default_coolant_degc(),
            passive_conductance_w_per_k: default_passive(),
        }
    }
}

fn default_coolant_degc() -> f64 {
    25.0
}

fn default_passive() -> f64 {
    10.0
}

/// Cooling kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoolingKind {
    /// Passive only.
    None,
    /// Forced air to ambient.
    Air,
    /// Liquid loop with a chiller.
    Liquid,
}

/// Heater as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaterSpec {
    /// Heater power, kW.
    pub power_kw: f64,
    /// Temperature the heater aims for, °C.
    pub target_degc: f64,
}

/// A validated heater.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Heater {
    /// Electrical (= thermal) power, W.
    pub power_w: f64,
    /// Target cell temperature, K.
    pub target_k: f64,
}

/// Pack power limits with the bound that sets each one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PackLimits {
    /// Discharge: pack current, A, power, W (≥ 0), and bound.
    pub discharge: Solved,
    /// Charge: pack current, A (≤ 0), power, W (≤ 0), and bound.
    pub charge: Solved,
}

/// What one pack step did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PackStep {
    /// Pack-level flows.
    pub flow: BatteryFlow,
    /// Which limit bound (`None` when the demand was met).
    pub bound: Bound,
}

/// What a pack keeps in a [`BatteryState`] from one step to the next, each part keyed on what it depends on,
/// so that a state changed from outside, or carried to another pack, never reads a stale value: the pack
/// (by address) and step length for the thermal factors and capacity per step; the SOC for the OCV terms
/// ([`Lookups`]); the pack's [`ParamsBand`] around `params_soc` and `params_temperature_k` for the
/// resistances and RC exponentials ([`CircuitParams`]); search hints, valid for any value.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct StepCache {
    /// Address of the pack that wrote it; 0 (no pack) when empty.
    pack_id: usize,
    /// Step length the per-step quantities are for, s.
    dt_s: f64,
    thermal_steps: [ThermalStep; 2],
    /// Cell capacity over the step length, A (what empties a full cell in one step).
    capacity_per_step_a: f64,
    /// The cell's OCV terms at the last SOC looked up, and search hints.
    lookups: Lookups,
    /// Where the last charge-current map look-up fell (search hints, valid for any value).
    charge_map_hints: [AxisPoint; 2],
    /// Resistances and RC factors read at (`params_soc`, `params_temperature_k`) for a step of `dt_s`.
    params: CircuitParams,
    /// SOC the resistances were read at (NaN: not read for this pack and step length).
    params_soc: f64,
    params_temperature_k: f64,
}

/// A pack's step as far as it depends on the state and the step length: the step circuit, current window and
/// power limits, per cell ([`EcmPack::setup`]). The drive loop takes the limits from it, chooses the power,
/// then steps with it ([`EcmPack::step_with`]), so each step computes it once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PackSetup {
    circuit: StepCircuit,
    window: CurrentWindow,
    discharge: Solved,
    charge: Solved,
}

impl PackSetup {
    /// The terminal power limits, W (both ≥ 0), of a pack of `n_cells` cells.
    #[inline(always)]
    pub fn limits(&self, n_cells: f64) -> PowerLimits {
        PowerLimits {
            discharge_w: (self.discharge.power_w * n_cells).max(0.0),
            charge_w: (-self.charge.power_w * n_cells).max(0.0),
            energy_limited: self.discharge.bound == Bound::Soc,
        }
    }
}

/// How far the state may move from where a pack last read its resistance tables and RC time constants before
/// it reads them again (see [`StepCache`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ParamsBand {
    /// SOC, 1.
    soc: f64,
    /// Cell temperature, K.
    temperature_k: f64,
}

impl ParamsBand {
    /// The default band: 2e−4 in SOC and 0.01 K. The tables are piecewise linear in SOC and temperature, so
    /// within the band a resistance is off by at most its slope × band. SOC: 2e−4 × 56 mΩ per unit SOC (the
    /// steepest slope of the library, `nmc622_large` below 10 % SOC at −20 °C) = 0.011 mΩ of 15 mΩ there,
    /// 0.07 %. Temperature: the library's resistances change by at most ~6 %/K (−20…0 °C), 0.06 % over
    /// 0.01 K. Reading them at the start of each step, as every step does, errs by the same order. The
    /// effect on whole runs is measured in `tests::band_moves_voltages_by_half_a_millivolt_per_cell_at_most`
    /// and BENCHMARKS.md (issue 3 §4).
    pub(crate) const DEFAULT: ParamsBand = ParamsBand { soc: 2e-4, temperature_k: 0.01 };
    /// No band: the tables are read at every step's own state.
    #[cfg(test)]
    pub(crate) const EXACT: ParamsBand = ParamsBand { soc: 0.0, temperature_k: 0.0 };
}

/// A validated equivalent-circuit pack.
#[derive(Debug, Clone, PartialEq)]
pub struct EcmPack {
    /// The cell. Private, read through [`EcmPack::cell`]: its resistance tables and charge map are copied into
    /// look-up grids when the pack is built, so a cell changed afterwards would leave them stale.
    cell: Cell,
    /// Cells in series.
    pub n_series: u32,
    /// Cells in parallel.
    pub n_parallel: u32,
    /// Integration type.
    pub integration: Integration,
    /// Pack mass, kg.
    pub pack_mass_kg: f64,
    /// Pack volume, m³.
    pub volume_m3: f64,
    min_soc: f64,
    max_soc: f64,
    min_cell_voltage_v: f64,
    max_cell_voltage_v: f64,
    max_cell_discharge_a: f64,
    max_cell_charge_a: f64,
    derate_start_k: f64,
    thermal: CellThermal,
    /// Heater, if fitted.
    pub heater: Option<Heater>,
    total_energy_j: f64,
    /// N_s·N_p (read every step).
    n_cells: f64,
    /// 1/(N_s·N_p): a step multiplies by it where it divided by N_s·N_p (the division delayed the current).
    inverse_n_cells: f64,
    /// The cell's resistance tables.
    grid: CircuitGrid,
    /// The cell's charge-current map, A.
    charge_map: NodeGrid<1>,
    /// How far the state moves before the tables are read again.
    params_band: ParamsBand,
}

impl EcmPack {
    /// The pack's cell.
    pub fn cell(&self) -> &Cell {
        &self.cell
    }

    /// Validate a spec; `origin` names the file in errors.
    pub fn from_spec(spec: &PackSpec, origin: &str) -> Result<Self> {
        let cell = match &spec.cell {
            CellRef::Name(name) => builtin_cell(name)?,
            CellRef::Inline(cell) => Cell::from_spec(cell, origin)?,
        };
        let n_series = positive_count(origin, "battery.series", spec.series)?;
        let n_parallel = positive_count(origin, "battery.parallel", spec.parallel)?;
        let n_cells = f64::from(n_series) * f64::from(n_parallel);
        let (grav_default, vol_default) = spec.integration.default_factors();
        let grav = factor(origin, "battery.gravimetric_factor", spec.gravimetric_factor.unwrap_or(grav_default))?;
        let vol = factor(origin, "battery.volumetric_factor", spec.volumetric_factor.unwrap_or(vol_default))?;
        let min_soc = check::in_range(origin, "battery.min_soc", spec.min_soc, 0.0, 1.0)?;
        let max_soc = check::in_range(origin, "battery.max_soc", spec.max_soc, 0.0, 1.0)?;
        if max_soc <= min_soc {
            return Err(Error::field(origin, "battery.max_soc", max_soc, format!("must be above min_soc = {min_soc}")));
        }
        let bms = &spec.bms;
        let min_v = bms.min_cell_voltage_v.unwrap_or(cell.min_voltage_v);
        let min_cell_voltage_v =
            check::in_range(origin, "battery.bms.min_cell_voltage_v", min_v, cell.min_voltage_v, cell.max_voltage_v)?;
        let max_v = bms.max_cell_voltage_v.unwrap_or(cell.max_voltage_v);
        let max_cell_voltage_v =
            check::in_range(origin, "battery.bms.max_cell_voltage_v", max_v, min_cell_voltage_v, cell.max_voltage_v)?;
        let per_cell = |pack_a: Option<f64>, field: &str, cell_a: f64| -> Result<f64> {
            Ok(match pack_a {
                Some(a) => check::non_negative(origin, field, a)? / f64::from(n_parallel),
                None => cell_a,
            }
            .min(cell_a))
        };
        let derate_start_degc = bms.derate_start_degc.unwrap_or(45.0);
        let max_t_degc = k_to_degc(cell.max_temperature_k);
        let derate_start =
            check::in_range(origin, "battery.bms.derate_start_degc", derate_start_degc, -60.0, max_t_degc)?;
        Ok(EcmPack {
            n_series,
            n_parallel,
            integration: spec.integration,
            pack_mass_kg: n_cells * cell.mass_kg / grav,
            volume_m3: n_cells * cell.volume_m3 / vol,
            min_soc,
            max_soc,
            min_cell_voltage_v,
            max_cell_voltage_v,
            max_cell_discharge_a: per_cell(
                bms.max_discharge_current_a,
                "battery.bms.max_discharge_current_a",
                cell.max_discharge_current_a,
            )?,
            max_cell_charge_a: per_cell(
                bms.max_charge_current_a,
                "battery.bms.max_charge_current_a",
                cell.max_charge_current_a,
            )?,
            derate_start_k: degc_to_k(derate_start),
            thermal: thermal(&spec.cooling, &cell, n_cells, origin)?,
            heater: spec.heater.as_ref().map(|h| heater(h, origin)).transpose()?,
            total_energy_j: n_cells * cell.capacity_c * mean_ocv_v(&cell),
            n_cells,
            inverse_n_cells: 1.0 / n_cells,
            grid: cell.circuit_grid(),
            charge_map: NodeGrid::new(&[&cell.charge_limit_a]),
            params_band: ParamsBand::DEFAULT,
            cell,
        })
    }

    /// Number of cells.
    #[inline]
    pub fn n_cells(&self) -> f64 {
        self.n_cells
    }

    /// Pack capacity, A·s.
    pub fn capacity_c(&self) -> f64 {
        self.cell.capacity_c * f64::from(self.n_parallel)
    }

    /// Per-cell current window at `state`, with `charge_map_a` the charge-current map's limit (A per cell).
    #[inline(always)]
    fn cell_window(&self, state: &BatteryState, charge_map_a: f64) -> CurrentWindow {
        let (discharge_a, discharge_bound) = self.discharge_window(state);
        let (charge_a, charge_bound) = self.charge_window(state, charge_map_a);
        CurrentWindow {
            discharge_a,
            discharge_bound,
            charge_a,
            charge_bound,
            min_voltage_v: self.min_cell_voltage_v,
            max_voltage_v: self.max_cell_voltage_v,
        }
    }

    /// The largest discharge current per cell at `state` (rating, temperature derating, what is left above
    /// the bottom of the SOC window in one step), A, and which of them sets it.
    #[inline(always)]
    fn discharge_window(&self, state: &BatteryState) -> (f64, Bound) {
        let derate = self.derating(state.temperature_k);
        let temperature_bound = if derate < 1.0 { Bound::Temperature } else { Bound::Current };
        let to_empty_a = ((state.soc - self.min_soc) * state.cache.capacity_per_step_a).max(0.0);
        let rated_a = self.max_cell_discharge_a * derate;
        if to_empty_a < rated_a { (to_empty_a, Bound::Soc) } else { (rated_a, temperature_bound) }
    }

    /// The largest charge current (magnitude) per cell at `state`, with `charge_map_a` the charge-current
    /// map's limit, A, and which limit sets it.
    #[inline(always)]
    fn charge_window(&self, state: &BatteryState, charge_map_a: f64) -> (f64, Bound) {
        let derate = self.derating(state.temperature_k);
        let temperature_bound = if derate < 1.0 { Bound::Temperature } else { Bound::Current };
        let charge = if charge_map_a < self.max_cell_charge_a {
            (charge_map_a * derate, if derate < 1.0 { Bound::Temperature } else { Bound::ChargeMap })
        } else {
            (self.max_cell_charge_a * derate, temperature_bound)
        };
        let to_full_a = ((self.max_soc - state.soc) * state.cache.capacity_per_step_a).max(0.0);
        if to_full_a < charge.0 { (to_full_a, Bound::Soc) } else { charge }
    }

    /// The charge-current map's limit at `state`, A per cell (moves the search hints kept in its cache). Read
    /// at the step's own state, not within the [`ParamsBand`]: the map is steep in temperature (0.04 C/K at
    /// 0 °C for `nmc622_large`), and kept within the band it moved a cold run's regeneration energy by 5e−5.
    #[inline(always)]
    fn charge_map_a(&self, state: &mut BatteryState) -> f64 {
        let [mut soc_point, mut temperature_point] = state.cache.charge_map_hints;
        soc_point = self.charge_map.locate_soc(state.soc, &soc_point);
        temperature_point = self.charge_map.locate_temperature(k_to_degc(state.temperature_k), &temperature_point);
        state.cache.charge_map_hints = [soc_point, temperature_point];
        self.charge_map.component_at(0, &soc_point, &temperature_point)
    }

    /// Fraction of the rated current allowed at cell temperature `temperature_k`, 0–1.
    #[inline]
    fn derating(&self, temperature_k: f64) -> f64 {
        if temperature_k < self.cell.min_temperature_k || temperature_k >= self.cell.max_temperature_k {
            return 0.0;
        }
        if temperature_k <= self.derate_start_k {
            return 1.0;
        }
        (self.cell.max_temperature_k - temperature_k) / (self.cell.max_temperature_k - self.derate_start_k)
    }

    /// The step circuit and per-cell current window of a step of `dt_s` from `state` (charging tightens the
    /// window by the charger's limits before solving).
    #[inline]
    pub fn step_circuit(&self, state: &mut BatteryState, dt_s: f64) -> (StepCircuit, CurrentWindow) {
        let setup = self.setup(state, dt_s);
        (setup.circuit, setup.window)
    }

    /// The step quantities of a step of `dt_s` from `state`, reading the resistance tables again only when
    /// the state has left the band of the last reading (see [`StepCache`], which it updates).
    #[inline(always)]
    pub fn setup(&self, state: &mut BatteryState, dt_s: f64) -> PackSetup {
        let circuit = self.circuit_at(state, dt_s);
        self.setup_with(state, circuit)
    }

    /// The step circuit of a step of `dt_s` from `state`: the first half of [`EcmPack::setup`], without the
    /// current window and limits.
    #[inline(always)]
    pub(crate) fn circuit_at(&self, state: &mut BatteryState, dt_s: f64) -> StepCircuit {
        if state.cache.pack_id != self.id() || state.cache.dt_s != dt_s {
            self.start_run(state, dt_s);
        }
        let (soc, temperature_k) = (state.soc, state.temperature_k);
        let band = &self.params_band;
        let in_band = (soc - state.cache.params_soc).abs() <= band.soc
            && (temperature_k - state.cache.params_temperature_k).abs() <= band.temperature_k;
        if !in_band {
            self.read_tables(state, dt_s);
        }
        let ocv = state.cache.lookups.at_soc(&self.cell, soc);
        state.cache.params.circuit(&ocv, state)
    }

    /// The second half of [`EcmPack::setup`]: the current window and power limits of `circuit` at `state`.
    #[inline(always)]
    pub(crate) fn setup_with(&self, state: &mut BatteryState, circuit: StepCircuit) -> PackSetup {
        let charge_map_a = self.charge_map_a(state);
        let window = self.cell_window(state, charge_map_a);
        PackSetup {
            circuit,
            window,
            discharge: circuit.power_limit(true, &window),
            charge: circuit.power_limit(false, &window),
        }
    }

    /// Key the cache of `state` to this pack and a step of `dt_s`: what depends on them alone, look-ups of
    /// this pack's cell, and no resistances read yet.
    #[cold]
    #[inline(never)]
    fn start_run(&self, state: &mut BatteryState, dt_s: f64) {
        let cache = &mut state.cache;
        if cache.pack_id != self.id() {
            // Another pack's look-ups belong to another cell.
            cache.lookups = Lookups::default();
            cache.charge_map_hints = [AxisPoint::default(); 2];
        }
        cache.pack_id = self.id();
        cache.dt_s = dt_s;
        cache.thermal_steps = self.thermal.steps(dt_s);
        cache.capacity_per_step_a = self.cell.capacity_c / dt_s;
        cache.params_soc = f64::NAN;
    }

    /// Read the resistance tables and RC exponentials at `state` into its cache (out of line: the drive
    /// loop's code stays small for the steps that do not).
    #[inline(never)]
    fn read_tables(&self, state: &mut BatteryState, dt_s: f64) {
        let (soc, temperature_k) = (state.soc, state.temperature_k);
        let cache = &mut state.cache;
        cache.params = self.cell.circuit_params(&self.grid, &mut cache.lookups, soc, temperature_k, dt_s);
        cache.params_soc = soc;
        cache.params_temperature_k = temperature_k;
    }

    /// Identity of this pack for [`StepCache`]: its address.
    #[inline]
    fn id(&self) -> usize {
        std::ptr::from_ref(self).addr()
    }

    /// Pack power limits for a step of `dt_s` from `state`, with the binding limit of each.
    #[inline]
    pub fn limits_detail(&self, state: &mut BatteryState, dt_s: f64) -> PackLimits {
        let setup = self.setup(state, dt_s);
        PackLimits { discharge: self.to_pack(setup.discharge), charge: self.to_pack(setup.charge) }
    }

    fn to_pack(&self, cell: Solved) -> Solved {
        Solved {
            current_a: cell.current_a * f64::from(self.n_parallel),
            power_w: cell.power_w * self.n_cells(),
            bound: cell.bound,
        }
    }

    /// Apply `power_w` at the terminals (discharge positive; limited if beyond the limits) for `dt_s`, with
    /// `heater_w` of heater power fed from outside the pack (W, ≥ 0).
    #[inline]
    pub fn step_power(
        &self,
        state: &mut BatteryState,
        power_w: f64,
        dt_s: f64,
        ambient_k: f64,
        heater_w: f64,
    ) -> PackStep {
        let setup = self.setup(state, dt_s);
        self.step_with(state, &setup, power_w, dt_s, ambient_k, heater_w)
    }

    /// [`EcmPack::step_power`] with the `setup` of this step ([`EcmPack::setup`] at `state` and `dt_s`).
    #[inline(always)]
    pub fn step_with(
        &self,
        state: &mut BatteryState,
        setup: &PackSetup,
        power_w: f64,
        dt_s: f64,
        ambient_k: f64,
        heater_w: f64,
    ) -> PackStep {
        let cell_power_w = power_w * self.inverse_n_cells;
        let limit = if cell_power_w >= 0.0 { &setup.discharge } else { &setup.charge };
        let solved = setup.circuit.solve_within(cell_power_w, limit);
        self.apply(state, &setup.circuit, solved, dt_s, ambient_k, heater_w)
    }

    /// [`EcmPack::step_with`] without a heater for a step whose limits have not been computed, only its
    /// `circuit` ([`EcmPack::circuit_at`]): the step if the demand `power_w` lies surely within the limits,
    /// where it equals what [`EcmPack::step_with`] gives, and `None` (the state as it was, but for search
    /// hints) if it may not.
    ///
    /// The drive loop steps this way first, so that the limits, which wait for the state and cost about a
    /// quarter of a step, are computed only when a demand comes near them (rare; see `surely_within`).
    #[inline(always)]
    pub(crate) fn step_if_within(
        &self,
        state: &mut BatteryState,
        circuit: &StepCircuit,
        power_w: f64,
        dt_s: f64,
        ambient_k: f64,
    ) -> Option<BatteryFlow> {
        let cell_power_w = power_w * self.inverse_n_cells;
        let current_a = circuit.current_for(cell_power_w);
        if !self.surely_within(state, circuit, cell_power_w, current_a) {
            return None;
        }
        let solved = Solved { current_a, power_w: cell_power_w, bound: Bound::None };
        Some(self.apply(state, circuit, solved, dt_s, ambient_k, 0.0).flow)
    }

    /// Whether cell power `power_w`, met by `current_a`, lies inside the step's limits by a margin that no
    /// rounding can cross, so that [`StepCircuit::solve_within`] against the exact limits would meet it with
    /// the same current: on its side, the current is at least 1e−6 (relative) inside the current window and
    /// the voltage limit, and at least 1e−6 below the matched-load current E/2R. (Power is increasing in
    /// current up to the matched load, so a current inside the limiting current means a power inside the
    /// power limit; the margins keep that gap above 5e−13·E·I, far beyond the few ulps by which the limit
    /// power and the current are rounded.) Conservative: near a limit it says no and the exact limits decide.
    #[inline(always)]
    fn surely_within(&self, state: &mut BatteryState, circuit: &StepCircuit, power_w: f64, current_a: f64) -> bool {
        const INSIDE: f64 = 1.0 - 1e-6;
        let (emf_v, conductance_s) = (circuit.emf_v, circuit.conductance_s());
        if !(emf_v > 0.0 && conductance_s > 0.0) {
            return false;
        }
        if power_w >= 0.0 {
            let window_a = self.discharge_window(state).0;
            let voltage_a = (emf_v - self.min_cell_voltage_v) * conductance_s;
            let matched_a = 0.5 * emf_v * conductance_s;
            current_a <= window_a.min(voltage_a) * INSIDE && current_a <= matched_a * INSIDE
        } else {
            let charge_map_a = self.charge_map_a(state);
            let window_a = self.charge_window(state, charge_map_a).0;
            let voltage_a = (emf_v - self.max_cell_voltage_v) * conductance_s;
            current_a >= -window_a * INSIDE && current_a >= voltage_a * INSIDE
        }
    }

    /// Apply the `solved` current for `dt_s` (electrical state, SOC, temperature) with `heater_w` of heater
    /// power from outside the pack (W), and give the pack's flows.
    #[inline(always)]
    fn apply(
        &self,
        state: &mut BatteryState,
        circuit: &StepCircuit,
        solved: Solved,
        dt_s: f64,
        ambient_k: f64,
        heater_w: f64,
    ) -> PackStep {
        let n_cells = self.n_cells();
        let temperature_k = state.temperature_k;
        let cell = self.cell.step_constant_current(state, circuit, solved.current_a, dt_s);
        let heat_w = cell.loss_w + cell.reversible_heat_w + heater_w * self.inverse_n_cells;
        state.temperature_k = self.thermal.step_with(temperature_k, heat_w, ambient_k, &state.cache.thermal_steps);
        PackStep {
            flow: BatteryFlow {
                internal_power_w: cell.internal_power_w * n_cells,
                loss_w: cell.loss_w * n_cells,
                voltage_v: cell.voltage_v * f64::from(self.n_series),
                current_a: cell.current_a * f64::from(self.n_parallel),
            },
            bound: solved.bound,
        }
    }

    /// Open-circuit pack voltage at `state`, V.
    pub fn ocv_v(&self, state: &BatteryState) -> f64 {
        self.cell.ocv.at(state.soc, state.temperature_k) * f64::from(self.n_series)
    }
}

impl BatteryModel for EcmPack {
    #[inline]
    fn limits(&self, state: &BatteryState, dt_s: f64) -> PowerLimits {
        // On a copy: the setup keeps what it read in the state's cache.
        self.setup(&mut state.clone(), dt_s).limits(self.n_cells())
    }

    #[inline]
    fn step(&self, state: &mut BatteryState, terminal_power_w: f64, dt_s: f64, ambient_k: f64) -> BatteryFlow {
        self.step_power(state, terminal_power_w, dt_s, ambient_k, 0.0).flow
    }

    fn soc_window(&self) -> (f64, f64) {
        (self.min_soc, self.max_soc)
    }

    fn total_energy_j(&self) -> f64 {
        self.total_energy_j
    }

    fn charge_efficiency(&self, terminal_power_w: f64) -> f64 {
        let mut state = BatteryState::rested(0.5, degc_to_k(25.0));
        let (circuit, window) = self.step_circuit(&mut state, 1.0);
        let cell_power_w = -terminal_power_w.abs() / self.n_cells();
        let current_a = circuit.solve_power(cell_power_w, &window).current_a;
        circuit.ocv_v * current_a / cell_power_w
    }

    fn has_electrical_detail(&self) -> bool {
        true
    }

    fn mass_kg(&self) -> Option<f64> {
        Some(self.pack_mass_kg)
    }
}

/// Mean OCV over 0–100 % SOC at 25 °C (trapezoid on 1000 intervals), V.
fn mean_ocv_v(cell: &Cell) -> f64 {
    let t_k = degc_to_k(25.0);
    let n = 1000;
    let sum: f64 = (0..=n)
        .map(|idx| {
            let weight = if idx == 0 || idx == n { 0.5 } else { 1.0 };
            weight * cell.ocv.at(f64::from(idx) / f64::from(n), t_k)
        })
        .sum();
    sum / f64::from(n)
}

fn positive_count(origin: &str, field: &str, value: u32) -> Result<u32> {
    if value == 0 { Err(Error::field(origin, field, value, "must be ≥ 1")) } else { Ok(value) }
}

fn factor(origin: &str, field: &str, value: f64) -> Result<f64> {
    check::in_range_open_low(origin, field, value, 0.0, 1.0)
}

fn thermal(spec: &CoolingSpec, cell: &Cell, n_cells: f64, origin: &str) -> Result<CellThermal> {
    let passive =
        check::non_negative(origin, "battery.cooling.passive_conductance_w_per_k", spec.passive_conductance_w_per_k)?;
    let active = check::non_negative(origin, "battery.cooling.conductance_w_per_k", spec.conductance_w_per_k)?;
    let coolant_degc = check::in_range(
        origin,
        "battery.cooling.coolant_temperature_degc",
        spec.coolant_temperature_degc,
        -40.0,
        80.0,
    )?;
    let (ambient_g, coolant_g) = match spec.kind {
        CoolingKind::None => (passive, 0.0),
        CoolingKind::Air => (passive + active, 0.0),
        CoolingKind::Liquid => (passive, active),
    };
    Ok(CellThermal {
        heat_capacity_j_per_k: cell.heat_capacity_j_per_k,
        ambient_conductance_w_per_k: ambient_g / n_cells,
        coolant_conductance_w_per_k: coolant_g / n_cells,
        coolant_temperature_k: degc_to_k(coolant_degc),
    })
}

fn heater(spec: &HeaterSpec, origin: &str) -> Result<Heater> {
    Ok(Heater {
        power_w: check::non_negative(origin, "battery.heater.power_kw", spec.power_kw)? * 1e3,
        target_k: degc_to_k(check::in_range(origin, "battery.heater.target_degc", spec.target_degc, -20.0, 60.0)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(cell: &str, series: u32) -> EcmPack {
        let spec = PackSpec {
            cell: CellRef::Name(cell.into()),
            series,
            parallel: 2,
            integration: Integration::Modules,
            gravimetric_factor: None,
            volumetric_factor: None,
            min_soc: 0.03,
            max_soc: 0.98,
            bms: BmsSpec::default(),
            cooling: CoolingSpec { kind: CoolingKind::Liquid, conductance_w_per_k: 100.0, ..CoolingSpec::default() },
            heater: None,
        };
        EcmPack::from_spec(&spec, "test").unwrap()
    }

    /// With no band, a step that reads the cache the last step left gives bit-for-bit what a fresh computation
    /// gives.
    #[test]
    fn cached_steps_equal_fresh_ones() {
        let mut pack = pack("nmc622_large", 96);
        pack.params_band = ParamsBand::EXACT;
        let mut cached = BatteryState::rested(0.9, 300.0);
        let mut fresh = cached;
        for (k, power_w) in [30e3, -20e3, 80e3, 0.0, 5e3].into_iter().cycle().take(200).enumerate() {
            let dt_s = if k % 50 == 49 { 2.0 } else { 1.0 };
            assert_eq!(pack.limits(&cached, dt_s), pack.limits(&fresh, dt_s));
            let a = pack.step_power(&mut cached, power_w, dt_s, 290.0, 0.0);
            fresh.cache = StepCache::default();
            let b = pack.step_power(&mut fresh, power_w, dt_s, 290.0, 0.0);
            assert_eq!(a, b);
            assert_eq!(cached, fresh);
            assert_eq!(cached.cache.pack_id, pack.id());
        }
    }

    /// A state carried to another pack at the same SOC and temperature does not read the first pack's cache.
    #[test]
    fn cache_belongs_to_its_pack() {
        let nmc = pack("nmc622_large", 96);
        let lfp = pack("lfp_prismatic_blade", 112);
        let rested = BatteryState::rested(0.5, 298.15);
        let mut carried = rested;
        nmc.setup(&mut carried, 1.0);
        assert_eq!(lfp.limits(&carried, 1.0), lfp.limits(&rested, 1.0));
        assert_ne!(lfp.limits(&carried, 1.0), nmc.limits(&carried, 1.0));
    }

    /// A state changed from outside after a step (SOC, temperature) reads its own OCV and tables, not those
    /// the step left.
    #[test]
    fn state_changed_from_outside_is_read_afresh() {
        let mut pack = pack("nmc622_large", 96);
        pack.params_band = ParamsBand::EXACT;
        let mut state = BatteryState::rested(0.9, 300.0);
        pack.step_power(&mut state, 40e3, 1.0, 290.0, 0.0);
        state.soc = 0.4;
        state.temperature_k = 280.0;
        let fresh = BatteryState { cache: StepCache::default(), ..state };
        assert_eq!(pack.limits(&state, 1.0), pack.limits(&fresh, 1.0));
    }

    /// The default band against reading the tables at every step: a Zoe-sized pack (96s2p of `nmc622_large`)
    /// over 1800 s of a driving-like power profile (traction up to 80 kW, regeneration to 40 kW) in the cold,
    /// mild and warm. Each step's voltage must stay within 0.5 mV per cell (the band's resistances are within
    /// 0.07 % of the exact ones, and the profile's largest drop over them is ~0.8 V per cell, at −10 °C), the
    /// run's energy within 1e−5 and its end SOC within 1e−6.
    #[test]
    fn band_moves_voltages_by_half_a_millivolt_per_cell_at_most() {
        let banded = pack("nmc622_large", 96);
        let mut exact = banded.clone();
        exact.params_band = ParamsBand::EXACT;
        for ambient_degc in [-10.0, 0.0, 25.0] {
            let ambient_k = degc_to_k(ambient_degc);
            let (mut a, mut b) = (BatteryState::rested(0.95, ambient_k), BatteryState::rested(0.95, ambient_k));
            let (mut energy_a_j, mut energy_b_j, mut worst_cell_v, mut largest_drop_v) = (0.0, 0.0, 0.0_f64, 0.0_f64);
            for k in 0..1800 {
                let t = f64::from(k);
                let power_w =
                    25e3 * (t / 23.0).sin() + 15e3 * (t / 7.0).sin().powi(7) + 40e3 * (t / 61.0).sin().max(0.0);
                let fa = banded.step_power(&mut a, power_w, 1.0, ambient_k, 0.0).flow;
                let fb = exact.step_power(&mut b, power_w, 1.0, ambient_k, 0.0).flow;
                energy_a_j += fa.voltage_v * fa.current_a;
                energy_b_j += fb.voltage_v * fb.current_a;
                worst_cell_v = worst_cell_v.max((fa.voltage_v - fb.voltage_v).abs() / 96.0);
                if fb.current_a != 0.0 {
                    largest_drop_v =
                        largest_drop_v.max((fb.internal_power_w / fb.current_a - fb.voltage_v).abs() / 96.0);
                }
            }
            assert!(energy_b_j > 1e7, "{ambient_degc} °C: the profile must move energy");
            assert!(worst_cell_v < 5e-4, "{ambient_degc} °C: cell voltage off by {worst_cell_v} V");
            let energy_error = (energy_a_j - energy_b_j) / energy_b_j;
            assert!(energy_error.abs() < 1e-5, "{ambient_degc} °C: energy off by {energy_error}");
            assert!((a.soc - b.soc).abs() < 1e-6, "{ambient_degc} °C: SOC {} against {}", a.soc, b.soc);
            println!(
                "{ambient_degc} °C: cell voltage off by {worst_cell_v:.2e} V at most (largest drop {largest_drop_v:.3} V), \
                 energy by {energy_error:.1e}, end SOC by {:.1e}",
                a.soc - b.soc
            );
        }
    }
}
