//! Cell design → bill of materials per kWh of cell energy (BatPaC's design side, simplified; MARKET.md §3.1, §3.3).
//!
//! With Q the cell capacity (Ah), V its nominal voltage and per kWh of cell energy:
//!
//! ```text
//! Ah/kWh          = 1000 / V
//! CAM kg/kWh      = Ah/kWh / q_cathode · (1 + excess)          q in Ah/kg (= mAh/g)
//! anode kg/kWh    = Ah/kWh · N/P · (1 + excess) / q_anode
//! cathode m²/kWh  = Ah/kWh / (loading · 10)                    loading in mAh/cm², coated area (both sides)
//! anode m²/kWh    = cathode m²/kWh · 1.03                      anode overhang
//! foil m²/kWh     = coated area / 2                            double-side coating
//! separator m²/kWh= anode m²/kWh · 1.03                        one layer per coated anode face, overhang
//! electrolyte L/kWh = Ah/kWh · mL/Ah / 1000
//! cells/kWh       = 1000 / (Q · V)
//! ```
//!
//! Binder and carbon black make up the inactive part of each coating (half each on the cathode).

use serde::Deserialize;

use super::chemistry::{AnodeFoil, Chemistry};
use crate::error::{Result, check};

/// Anode area over cathode area (anode overhang so that no lithium plates at the edges).
pub const ANODE_OVERHANG: f64 = 1.03;
/// Separator area over anode coated area (overhang on both sides).
pub const SEPARATOR_OVERHANG: f64 = 1.03;

/// Cell format, which sets the container cost and some process scaling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellFormat {
    /// Laminated pouch.
    Pouch,
    /// Prismatic aluminium can (including BYD Blade-type long cells).
    Prismatic,
    /// Cylindrical steel can (18650, 21700, 26650, 46xx).
    Cylindrical,
}

/// A cell as written in `data/cost/cells.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellSpec {
    /// Key into the chemistry table.
    pub chemistry: String,
    /// Format.
    pub format: CellFormat,
    /// Rated capacity, Ah.
    pub capacity_ah: f64,
    /// Nominal voltage, V.
    pub nominal_voltage_v: f64,
    /// Cathode areal capacity per coated side, mAh/cm².
    pub cathode_loading_mah_per_cm2: f64,
}

/// Quantities per kWh of cell energy.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CellBom {
    /// Cells per kWh.
    pub cells: f64,
    /// Cathode active material, kg/kWh.
    pub cathode_active_kg: f64,
    /// Cathode binder (PVDF), kg/kWh.
    pub cathode_binder_kg: f64,
    /// Carbon black, kg/kWh.
    pub carbon_black_kg: f64,
    /// Anode active material, kg/kWh.
    pub anode_active_kg: f64,
    /// Anode binder (CMC/SBR), kg/kWh.
    pub anode_binder_kg: f64,
    /// Coated cathode area (both sides counted), m²/kWh.
    pub cathode_area_m2: f64,
    /// Coated anode area, m²/kWh.
    pub anode_area_m2: f64,
    /// Aluminium foil, m²/kWh.
    pub aluminium_foil_m2: f64,
    /// Copper foil, m²/kWh.
    pub copper_foil_m2: f64,
    /// Separator, m²/kWh.
    pub separator_m2: f64,
    /// Electrolyte, L/kWh.
    pub electrolyte_l: f64,
}

/// A validated cell design.
#[derive(Debug, Clone)]
pub struct CellDesign {
    name: String,
    chemistry_name: String,
    chemistry: Chemistry,
    spec: CellSpec,
    bom: CellBom,
}

impl CellDesign {
    /// Validate `spec` against `chemistry`; `origin`/`name` are named in errors.
    pub fn from_spec(spec: CellSpec, chemistry: Chemistry, origin: &str, name: &str) -> Result<CellDesign> {
        let f = |field: &str| format!("{name}.{field}");
        check::in_range_open_low(origin, &f("capacity_ah"), spec.capacity_ah, 0.0, 2000.0)?;
        check::in_range(origin, &f("nominal_voltage_v"), spec.nominal_voltage_v, 1.0, 5.0)?;
        check::in_range(origin, &f("cathode_loading_mah_per_cm2"), spec.cathode_loading_mah_per_cm2, 0.2, 10.0)?;
        let bom = bill_of_materials(&spec, &chemistry);
        Ok(CellDesign { name: name.to_owned(), chemistry_name: spec.chemistry.clone(), chemistry, spec, bom })
    }

    /// Cell name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Name of its chemistry.
    pub fn chemistry_name(&self) -> &str {
        &self.chemistry_name
    }

    /// Its chemistry.
    pub fn chemistry(&self) -> &Chemistry {
        &self.chemistry
    }

    /// The validated spec.
    pub fn spec(&self) -> &CellSpec {
        &self.spec
    }

    /// Nominal energy of one cell, kWh.
    pub fn energy_kwh(&self) -> f64 {
        self.spec.capacity_ah * self.spec.nominal_voltage_v / 1000.0
    }

    /// Bill of materials per kWh.
    pub fn bom(&self) -> &CellBom {
        &self.bom
    }
}

fn bill_of_materials(spec: &CellSpec, chemistry: &Chemistry) -> CellBom {
    let c = chemistry.spec();
    let ah_per_kwh = 1000.0 / spec.nominal_voltage_v;
    let with_excess = ah_per_kwh * (1.0 + c.cathode_excess_fraction);
    let cathode_active_kg = with_excess / c.cathode_specific_capacity_mah_per_g;
    let cathode_inactive_kg = cathode_active_kg * (1.0 - c.cathode_active_fraction) / c.cathode_active_fraction;
    let anode_active_kg = with_excess * c.negative_to_positive_ratio / c.anode_specific_capacity_mah_per_g;
    let anode_binder_kg = anode_active_kg * (1.0 - c.anode_active_fraction) / c.anode_active_fraction;
    // mAh/cm² · 10 = Ah/m².
    let cathode_area_m2 = ah_per_kwh / (spec.cathode_loading_mah_per_cm2 * 10.0);
    let anode_area_m2 = cathode_area_m2 * ANODE_OVERHANG;
    let (aluminium_foil_m2, copper_foil_m2) = match c.anode_foil {
        AnodeFoil::Copper => (cathode_area_m2 / 2.0, anode_area_m2 / 2.0),
        AnodeFoil::Aluminium => ((cathode_area_m2 + anode_area_m2) / 2.0, 0.0),
    };
    CellBom {
        cells: 1000.0 / (spec.capacity_ah * spec.nominal_voltage_v),
        cathode_active_kg,
        cathode_binder_kg: cathode_inactive_kg / 2.0,
        carbon_black_kg: cathode_inactive_kg / 2.0,
        anode_active_kg,
        anode_binder_kg,
        cathode_area_m2,
        anode_area_m2,
        aluminium_foil_m2,
        copper_foil_m2,
        separator_m2: anode_area_m2 * SEPARATOR_OVERHANG,
        electrolyte_l: ah_per_kwh * c.electrolyte_ml_per_ah / 1000.0,
    }
}

#[cfg(test)]
mod tests {
    use super::super::builtin;

    #[test]
    fn nmc622_cathode_mass_matches_the_derived_intensity() {
        // MARKET.md §2.4: NMC622 at 180 mAh/g and 3.65 V needs 1.52 kg CAM/kWh before excess.
        let data = builtin::data().unwrap();
        let cell = data.cell("nmc622_large").unwrap();
        let excess = 1.0 + cell.chemistry().spec().cathode_excess_fraction;
        let per_kwh = cell.bom().cathode_active_kg / excess * cell.spec().nominal_voltage_v / 3.65;
        assert!((per_kwh - 1.52).abs() < 0.01, "{per_kwh}");
    }

    #[test]
    fn sodium_ion_has_no_copper() {
        let data = builtin::data().unwrap();
        assert_eq!(data.cell("sodium_ion_catl").unwrap().bom().copper_foil_m2, 0.0);
    }

    #[test]
    fn thinner_electrodes_need_more_area() {
        let data = builtin::data().unwrap();
        let cell = data.cell("nmc811_lg_m50").unwrap();
        let mut spec = cell.spec().clone();
        spec.cathode_loading_mah_per_cm2 /= 2.0;
        let thin = super::CellDesign::from_spec(spec, cell.chemistry().clone(), "t", "thin").unwrap();
        assert!((thin.bom().separator_m2 / cell.bom().separator_m2 - 2.0).abs() < 1e-12);
    }

    #[test]
    fn zero_capacity_is_refused_with_field_and_range() {
        let data = builtin::data().unwrap();
        let cell = data.cell("lfp_a123_26650").unwrap();
        let mut spec = cell.spec().clone();
        spec.capacity_ah = 0.0;
        let err = super::CellDesign::from_spec(spec, cell.chemistry().clone(), "c.toml", "x").unwrap_err().to_string();
        assert!(err.contains("c.toml: `x.capacity_ah` = 0: must be in (0, 2000]"), "{err}");
    }
}
