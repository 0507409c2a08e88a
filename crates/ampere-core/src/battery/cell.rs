//! One battery cell as data: capacity, voltage window, OCV, equivalent-circuit resistances, mass, volume,
//! heat capacity and current limits (the charge-current limit as a map over SOC and temperature).
//!
//! A [`CellSpec`] is the TOML shape (`data/cells/*.toml`, or inline in a vehicle's `[battery]`); [`Cell`] is
//! the validated model in SI units. Resistances are tables over (SOC, temperature): R0, R1 and τ1 = R1·C1,
//! optionally R2 and τ2. Sources: every value of a library cell names its source in the file's `[source]`
//! table and in comments; estimates are marked there.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ocv::{Ocv, OcvSpec};
use crate::error::{Error, Result, check};
use crate::interp::Table2d;
use crate::units::degc_to_k;

/// Cell chemistry (positive electrode family).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Chemistry {
    /// Lithium iron phosphate.
    Lfp,
    /// Lithium manganese iron phosphate.
    Lmfp,
    /// Nickel-manganese-cobalt 8-1-1.
    Nmc811,
    /// Nickel-manganese-cobalt 6-2-2.
    Nmc622,
    /// Nickel-cobalt-aluminium.
    Nca,
    /// Sodium-ion (layered oxide or Prussian-blue positive, hard-carbon negative).
    SodiumIon,
    /// Lithium- and manganese-rich layered oxide, cobalt-free.
    Lmr,
}

impl Chemistry {
    /// The name engineers write: "LFP", "NMC811", "Na-ion", …
    pub fn label(self) -> &'static str {
        match self {
            Chemistry::Lfp => "LFP",
            Chemistry::Lmfp => "LMFP",
            Chemistry::Nmc811 => "NMC811",
            Chemistry::Nmc622 => "NMC622",
            Chemistry::Nca => "NCA",
            Chemistry::SodiumIon => "Na-ion",
            Chemistry::Lmr => "LMR",
        }
    }
}

/// The TOML shape of a cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellSpec {
    /// Library name (`data/cells/<name>.toml`).
    pub name: String,
    /// Chemistry.
    pub chemistry: Chemistry,
    /// Where each value comes from: free text per topic.
    #[serde(default)]
    pub source: BTreeMap<String, String>,
    /// Rated capacity, Ah (0–100 % SOC).
    pub capacity_ah: f64,
    /// Nominal voltage, V.
    pub nominal_voltage_v: f64,
    /// Lower cut-off voltage, V.
    pub min_voltage_v: f64,
    /// Upper cut-off voltage, V.
    pub max_voltage_v: f64,
    /// Mass, kg.
    pub mass_kg: f64,
    /// Volume of the can, L.
    pub volume_l: f64,
    /// Specific heat capacity, J/(kg·K).
    pub specific_heat_j_per_kg_k: f64,
    /// Largest (peak, ~10 s) discharge current, A.
    pub max_discharge_current_a: f64,
    /// Largest charge current (regen pulses), A; the charge map below limits sustained charging.
    pub max_charge_current_a: f64,
    /// Lowest operating temperature, °C.
    pub min_temperature_degc: f64,
    /// Highest operating temperature, °C.
    pub max_temperature_degc: f64,
    /// Open-circuit voltage and hysteresis.
    pub ocv: OcvSpec,
    /// Equivalent-circuit resistances.
    pub resistance: ResistanceSpec,
    /// Sustained (fast-charge) charge-current limit; absent: `max_charge_current_a` everywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_limit: Option<ChargeLimitSpec>,
}

/// Resistance tables: one row per SOC point, one value per temperature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResistanceSpec {
    /// SOC grid, 0–1, increasing.
    pub soc: Vec<f64>,
    /// Temperature grid, °C, increasing.
    pub temperature_degc: Vec<f64>,
    /// Series resistance R0, mΩ.
    pub r0_mohm: Vec<Vec<f64>>,
    /// First RC pair resistance R1, mΩ.
    pub r1_mohm: Vec<Vec<f64>>,
    /// First RC pair time constant τ1 = R1·C1, s.
    pub tau1_s: Vec<Vec<f64>>,
    /// Second RC pair resistance R2, mΩ (optional, with `tau2_s`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r2_mohm: Option<Vec<Vec<f64>>>,
    /// Second RC pair time constant τ2, s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tau2_s: Option<Vec<Vec<f64>>>,
}

/// Charge-current limit as C-rate over SOC (rows) and temperature (columns).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChargeLimitSpec {
    /// SOC grid, 0–1, increasing.
    pub soc: Vec<f64>,
    /// Temperature grid, °C, increasing.
    pub temperature_degc: Vec<f64>,
    /// Largest charge C-rate, 1/h (≥ 0), one row per SOC point.
    pub c_rate: Vec<Vec<f64>>,
}

/// Validated RC-pair tables over (SOC, temperature °C): R in Ω, τ in s.
#[derive(Debug, Clone, PartialEq)]
pub struct RcTables {
    /// Resistance, Ω.
    pub resistance_ohm: Table2d,
    /// Time constant, s.
    pub tau_s: Table2d,
}

/// A validated cell, SI units.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Library name.
    pub name: String,
    /// Chemistry.
    pub chemistry: Chemistry,
    /// Capacity, C (A·s).
    pub capacity_c: f64,
    /// Nominal voltage, V.
    pub nominal_voltage_v: f64,
    /// Lower cut-off, V.
    pub min_voltage_v: f64,
    /// Upper cut-off, V.
    pub max_voltage_v: f64,
    /// Mass, kg.
    pub mass_kg: f64,
    /// Volume, m³.
    pub volume_m3: f64,
    /// Heat capacity of the cell, J/K.
    pub heat_capacity_j_per_k: f64,
    /// Peak discharge current, A.
    pub max_discharge_current_a: f64,
    /// Peak charge current, A (≥ 0).
    pub max_charge_current_a: f64,
    /// Lowest operating temperature, K.
    pub min_temperature_k: f64,
    /// Highest operating temperature, K.
    pub max_temperature_k: f64,
    /// Open-circuit voltage.
    pub ocv: Ocv,
    /// Series resistance R0(SOC, °C), Ω.
    pub r0_ohm: Table2d,
    /// One or two RC pairs.
    pub rc: Vec<RcTables>,
    /// Sustained charge-current limit (SOC, °C), A (≥ 0).
    pub charge_limit_a: Table2d,
}

impl Cell {
    /// Parse and validate a cell TOML; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self> {
        Cell::from_spec(&crate::error::parse_toml(text, origin)?, origin)
    }

    /// Validate a spec.
    pub fn from_spec(spec: &CellSpec, origin: &str) -> Result<Self> {
        let capacity_ah = check::positive(origin, "capacity_ah", spec.capacity_ah)?;
        let min_voltage_v = check::positive(origin, "min_voltage_v", spec.min_voltage_v)?;
        let max_voltage_v = check::positive(origin, "max_voltage_v", spec.max_voltage_v)?;
        if max_voltage_v <= min_voltage_v {
            return Err(Error::field(
                origin,
                "max_voltage_v",
                max_voltage_v,
                format!("must be above min_voltage_v = {min_voltage_v}"),
            ));
        }
        let nominal_voltage_v =
            check::in_range(origin, "nominal_voltage_v", spec.nominal_voltage_v, min_voltage_v, max_voltage_v)?;
        let min_t = check::in_range(origin, "min_temperature_degc", spec.min_temperature_degc, -60.0, 100.0)?;
        let max_t = check::in_range(origin, "max_temperature_degc", spec.max_temperature_degc, min_t, 100.0)?;
        let mass_kg = check::positive(origin, "mass_kg", spec.mass_kg)?;
        let ocv = Ocv::from_spec(&spec.ocv, origin)?;
        let (ocv_lo, ocv_hi) = ocv.voltage_range();
        if ocv_lo < min_voltage_v - 0.05 || ocv_hi > max_voltage_v + 0.05 {
            return Err(Error::field(
                origin,
                "ocv.voltage_v",
                format!("{ocv_lo}–{ocv_hi}"),
                format!("must stay within the cut-offs {min_voltage_v}–{max_voltage_v} V (±50 mV)"),
            ));
        }
        let max_charge_current_a = check::non_negative(origin, "max_charge_current_a", spec.max_charge_current_a)?;
        Ok(Cell {
            name: spec.name.clone(),
            chemistry: spec.chemistry,
            capacity_c: capacity_ah * 3600.0,
            nominal_voltage_v,
            min_voltage_v,
            max_voltage_v,
            mass_kg,
            volume_m3: check::positive(origin, "volume_l", spec.volume_l)? * 1e-3,
            heat_capacity_j_per_k: mass_kg
                * check::positive(origin, "specific_heat_j_per_kg_k", spec.specific_heat_j_per_kg_k)?,
            max_discharge_current_a: check::positive(origin, "max_discharge_current_a", spec.max_discharge_current_a)?,
            max_charge_current_a,
            min_temperature_k: degc_to_k(min_t),
            max_temperature_k: degc_to_k(max_t),
            ocv,
            r0_ohm: table_mohm(&spec.resistance, &spec.resistance.r0_mohm, origin, "resistance.r0_mohm", 1e-3)?,
            rc: rc_tables(&spec.resistance, origin)?,
            charge_limit_a: charge_limit(spec.charge_limit.as_ref(), capacity_ah, max_charge_current_a, origin)?,
        })
    }

    /// Capacity, Ah.
    pub fn capacity_ah(&self) -> f64 {
        self.capacity_c / 3600.0
    }

    /// Energy at the nominal voltage, J.
    pub fn nominal_energy_j(&self) -> f64 {
        self.capacity_c * self.nominal_voltage_v
    }
}

/// A (SOC, °C) table from rows in `scale`-units (1e-3 for mΩ), checked ≥ 0 (> 0 when `positive`).
fn table_mohm(spec: &ResistanceSpec, rows: &[Vec<f64>], origin: &str, field: &str, scale: f64) -> Result<Table2d> {
    let scaled = rows.iter().map(|row| row.iter().map(|v| v * scale).collect()).collect();
    let table = Table2d::new(spec.soc.clone(), spec.temperature_degc.clone(), scaled, origin, field)?;
    check_soc_axis(table.x(), origin, &format!("{field} (soc axis)"))?;
    let (lo, _) = table.range();
    if lo < 0.0 {
        return Err(Error::field(origin, field, lo / scale, "every value must be ≥ 0"));
    }
    Ok(table)
}

fn rc_tables(spec: &ResistanceSpec, origin: &str) -> Result<Vec<RcTables>> {
    let pair = |r: &[Vec<f64>], tau: &[Vec<f64>], n: u8| -> Result<RcTables> {
        let tau_s = table_mohm(spec, tau, origin, &format!("resistance.tau{n}_s"), 1.0)?;
        if tau_s.range().0 <= 0.0 {
            return Err(Error::field(
                origin,
                format!("resistance.tau{n}_s"),
                tau_s.range().0,
                "every value must be > 0",
            ));
        }
        Ok(RcTables { resistance_ohm: table_mohm(spec, r, origin, &format!("resistance.r{n}_mohm"), 1e-3)?, tau_s })
    };
    let mut pairs = vec![pair(&spec.r1_mohm, &spec.tau1_s, 1)?];
    match (&spec.r2_mohm, &spec.tau2_s) {
        (Some(r2), Some(tau2)) => pairs.push(pair(r2, tau2, 2)?),
        (None, None) => {}
        _ => return Err(Error::field(origin, "resistance.r2_mohm", "one of r2_mohm/tau2_s", "give both or neither")),
    }
    Ok(pairs)
}

fn charge_limit(spec: Option<&ChargeLimitSpec>, capacity_ah: f64, max_a: f64, origin: &str) -> Result<Table2d> {
    let Some(spec) = spec else {
        return Table2d::new(vec![0.0], vec![25.0], vec![vec![max_a]], origin, "max_charge_current_a");
    };
    let field = "charge_limit.c_rate";
    let amps = spec.c_rate.iter().map(|row| row.iter().map(|c| c * capacity_ah).collect()).collect();
    let table = Table2d::new(spec.soc.clone(), spec.temperature_degc.clone(), amps, origin, field)?;
    check_soc_axis(table.x(), origin, "charge_limit.soc")?;
    if table.range().0 < 0.0 {
        return Err(Error::field(origin, field, table.range().0 / capacity_ah, "every value must be ≥ 0"));
    }
    Ok(table)
}

/// Quantities tabulated on one (SOC, temperature °C) grid, stored grid cell by grid cell so that one look-up
/// reads them all from one place: a cell's R0, R1, τ1, R2, τ2 ([`Cell::circuit_grid`]) or its charge-current
/// map. Values are those of the [`Table2d`]s it is built from, bit for bit (same bilinear formula, same
/// clamping at the edges). The axes are located separately ([`NodeGrid::locate_soc`],
/// [`NodeGrid::locate_temperature`]), each search starting at the segment of the previous one: runs move
/// SOC and temperature little per step, so a look-up finds its grid cell in constant time, and a step that
/// reads the grid at one SOC at two temperatures locates that SOC once.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NodeGrid<const N: usize> {
    soc: Axis,
    temperature_degc: Axis,
    /// Per grid cell (row-major, SOC × temperature, by the lower corner), with z the values at its corners:
    /// z(i, j), z(i, j+1) − z(i, j), z(i+1, j), z(i+1, j+1) − z(i+1, j) (the differences [`Table2d`]
    /// computes per look-up, computed once); on the last row or column the upper index is the lower one, as
    /// [`Table2d`] clamps.
    cells: Vec<[[f64; N]; 4]>,
    /// Per grid cell: no quantity changes with temperature inside it (both differences 0). The look-up then
    /// leaves the temperature out, which gives the same values and takes the step's temperature off the
    /// path to the next step's (the profile run is latency-bound through the thermal feedback).
    temperature_flat: Vec<bool>,
}

/// One grid axis: its points, and per segment its ends and inverse length (as [`Table2d`] keeps it), together
/// so that the common look-up (in the segment of the last one) reads one place.
#[derive(Debug, Clone, PartialEq)]
struct Axis {
    points: Vec<f64>,
    segments: Vec<Segment>,
}

/// One segment of an [`Axis`].
#[derive(Debug, Clone, Copy, PartialEq)]
struct Segment {
    start: f64,
    end: f64,
    inverse_length: f64,
}

/// Where a value falls on one [`NodeGrid`] axis: the segment (its lower grid point; the last point beyond
/// the axis) and the fraction along it (0 beyond either end).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct AxisPoint {
    lo: usize,
    fraction: f64,
}

impl<const N: usize> NodeGrid<N> {
    /// The grid of `tables` (all on the axes of the first; absent trailing quantities read 0).
    pub(crate) fn new(tables: &[&Table2d]) -> Self {
        let first = tables[0];
        debug_assert!(tables.len() <= N && tables.iter().all(|t| t.same_grid(first)));
        let axis = |points: &[f64]| Axis {
            points: points.to_vec(),
            segments: points
                .windows(2)
                .map(|w| Segment { start: w[0], end: w[1], inverse_length: 1.0 / (w[1] - w[0]) })
                .collect(),
        };
        let (soc, temperature_degc) = (first.x(), first.y());
        let n_t = temperature_degc.len();
        // A bilinear table evaluated at a grid node returns the node's value exactly (zero fractions).
        let nodes: Vec<[f64; N]> = (0..soc.len() * n_t)
            .map(|idx| {
                let (s, t) = (soc[idx / n_t], temperature_degc[idx % n_t]);
                std::array::from_fn(|k| tables.get(k).map_or(0.0, |table| table.eval(s, t)))
            })
            .collect();
        let upper = |idx: usize, axis: &[f64]| (idx + 1).min(axis.len() - 1);
        let cells: Vec<[[f64; N]; 4]> = (0..soc.len() * n_t)
            .map(|idx| {
                let (i, j) = (idx / n_t, idx % n_t);
                let (i1, j1) = (upper(i, soc), upper(j, temperature_degc));
                let node = |i: usize, j: usize| &nodes[i * n_t + j];
                let difference = |a: &[f64; N], b: &[f64; N]| std::array::from_fn(|k| b[k] - a[k]);
                [*node(i, j), difference(node(i, j), node(i, j1)), *node(i1, j), difference(node(i1, j), node(i1, j1))]
            })
            .collect();
        let temperature_flat =
            cells.iter().map(|c: &[[f64; N]; 4]| c[1].iter().chain(&c[3]).all(|&d| d == 0.0)).collect();
        NodeGrid { soc: axis(soc), temperature_degc: axis(temperature_degc), cells, temperature_flat }
    }

    /// Where `soc` falls on the SOC axis; the search starts at the segment of `near` (an earlier look-up).
    #[inline]
    pub(crate) fn locate_soc(&self, soc: f64, near: &AxisPoint) -> AxisPoint {
        self.soc.locate_near(soc, near.lo)
    }

    /// Where `temperature_degc` falls on the temperature axis (search as [`NodeGrid::locate_soc`]).
    #[inline]
    pub(crate) fn locate_temperature(&self, temperature_degc: f64, near: &AxisPoint) -> AxisPoint {
        self.temperature_degc.locate_near(temperature_degc, near.lo)
    }

    /// Every quantity at the located point, bilinear (the formula of [`Table2d::eval_at`]).
    #[inline(always)]
    pub(crate) fn at(&self, soc: &AxisPoint, temperature: &AxisPoint) -> [f64; N] {
        let idx = soc.lo * self.temperature_degc.points.len() + temperature.lo;
        let corners = &self.cells[idx];
        // A zero difference times any fraction is zero: a fraction of 0 gives the same values.
        let fy = if self.temperature_flat[idx] { 0.0 } else { temperature.fraction };
        std::array::from_fn(|k| bilinear(corners, k, soc.fraction, fy))
    }

    /// Quantity `k` alone at the located point.
    #[inline]
    pub(crate) fn component_at(&self, k: usize, soc: &AxisPoint, temperature: &AxisPoint) -> f64 {
        let idx = soc.lo * self.temperature_degc.points.len() + temperature.lo;
        let fy = if self.temperature_flat[idx] { 0.0 } else { temperature.fraction };
        bilinear(&self.cells[idx], k, soc.fraction, fy)
    }
}

/// Quantity `k` inside a grid cell with corners `c` at fractions `fx` (SOC) and `fy` (temperature).
#[inline]
fn bilinear<const N: usize>(c: &[[f64; N]; 4], k: usize, fx: f64, fy: f64) -> f64 {
    let low = c[0][k] + fy * c[1][k];
    let high = c[2][k] + fy * c[3][k];
    low + fx * (high - low)
}

impl Axis {
    /// [`AxisPoint`] of `x`, clamped to the ends as [`Table2d`] clamps; the search starts at segment `guess`.
    #[inline(always)]
    fn locate_near(&self, x: f64, guess: usize) -> AxisPoint {
        // Inside segment `guess` (x at the first point included: the clamped value there is the same).
        if let Some(segment) = self.segments.get(guess)
            && segment.start <= x
            && x < segment.end
        {
            return self.point_in(guess, x);
        }
        let points = &self.points;
        let last = points.len() - 1;
        if last == 0 || x <= points[0] {
            return AxisPoint { lo: 0, fraction: 0.0 };
        }
        if x >= points[last] {
            return AxisPoint { lo: last, fraction: 0.0 };
        }
        // Interior points at or below x: the segment index.
        self.point_in(points[1..last].partition_point(|&p| p <= x), x)
    }

    /// [`AxisPoint`] of `x` inside segment `lo`.
    #[inline]
    fn point_in(&self, lo: usize, x: f64) -> AxisPoint {
        let segment = &self.segments[lo];
        AxisPoint { lo, fraction: (x - segment.start) * segment.inverse_length }
    }
}

/// SOC axes must lie in [0, 1].
pub(super) fn check_soc_axis(axis: &[f64], origin: &str, field: &str) -> Result<()> {
    match axis.iter().find(|s| !(0.0..=1.0).contains(*s)) {
        Some(s) => Err(Error::field(origin, field, s, "SOC points must be in [0, 1]")),
        None => Ok(()),
    }
}

macro_rules! builtin_cells {
    ($($name:literal),* $(,)?) => {
        /// Names and TOML text of every library cell (`data/cells/`).
        const CELLS: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../../../../data/cells/", $name, ".toml")))),*
        ];
    };
}

builtin_cells!(
    "lfp_prismatic_blade",
    "lfp_a123_26650",
    "nmc811_lg_m50",
    "nmc622_large",
    "nca_panasonic_18650",
    "lmfp_prismatic",
    "sodium_ion_catl",
    "lmr_cobalt_free_2028",
);

/// Names of the library cells, in a stable order.
pub fn builtin_cell_names() -> impl Iterator<Item = &'static str> {
    CELLS.iter().map(|(name, _)| *name)
}

/// The spec of a library cell.
pub fn builtin_cell_spec(name: &str) -> Result<CellSpec> {
    let (_, text) = CELLS.iter().find(|(n, _)| *n == name).ok_or_else(|| Error::UnknownName {
        kind: "cell",
        name: name.to_owned(),
        known: builtin_cell_names().collect::<Vec<_>>().join(", "),
    })?;
    crate::error::parse_toml(text, name)
}

/// A library cell, validated.
pub fn builtin_cell(name: &str) -> Result<Cell> {
    Cell::from_spec(&builtin_cell_spec(name)?, name)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The Chen 2020 NMC811 library cell.
    pub(crate) fn test_cell() -> Cell {
        builtin_cell("nmc811_lg_m50").unwrap()
    }

    #[test]
    fn every_library_cell_loads_and_names_match() {
        for name in builtin_cell_names() {
            let cell = builtin_cell(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(cell.name, name);
            let wh_per_kg = cell.nominal_energy_j() / 3600.0 / cell.mass_kg;
            assert!((90.0..320.0).contains(&wh_per_kg), "{name}: {wh_per_kg} Wh/kg");
        }
    }

    #[test]
    fn bad_values_name_field_and_range() {
        let mut spec = builtin_cell_spec("nmc811_lg_m50").unwrap();
        spec.capacity_ah = -1.0;
        let err = Cell::from_spec(&spec, "my_cell.toml").unwrap_err().to_string();
        assert!(err.contains("my_cell.toml") && err.contains("capacity_ah") && err.contains("> 0"), "{err}");
        let mut spec = builtin_cell_spec("nmc811_lg_m50").unwrap();
        spec.resistance.tau1_s[0][0] = 0.0;
        let err = Cell::from_spec(&spec, "c.toml").unwrap_err().to_string();
        assert!(err.contains("resistance.tau1_s") && err.contains("> 0"), "{err}");
        let err = builtin_cell("nmc999").unwrap_err().to_string();
        assert!(err.contains("unknown cell `nmc999`") && err.contains("lfp_a123_26650"), "{err}");
    }
}
