//! Cell materials cost per kWh: each bill-of-materials quantity × its price (BatPaC method, MARKET.md §3.3 step 4).
//!
//! ```text
//! cost_i = quantity_i/kWh · price_i
//! price_CAM      = commodity model (see `chemistry`)
//! price_graphite = deck graphite_usd_per_kg · material_price_factor
//! price_other    = BatPaC v5 default (USD 2020, US) · other_materials_index · material_price_factor
//! ```
//!
//! The container per cell is `fixed + per_Ah · Q` by format. Scrap and BatPaC's overhead multiplier are
//! applied by the caller (`model`), not here.

use serde::Deserialize;

use super::cell::{CellDesign, CellFormat};
use super::chemistry::AnodeMaterial;
use super::prices::{PriceKey, Prices};
use crate::error::{Result, check};

/// Container (can or pouch, lid, terminals, vent) cost of one cell format.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContainerPrice {
    /// Per cell, USD.
    pub usd_per_cell: f64,
    /// Per ampere-hour of cell capacity, USD/Ah.
    pub usd_per_ah: f64,
}

/// Prices of non-commodity cell materials at BatPaC level (`data/cost/materials.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaterialPriceList {
    /// Cathode binder (PVDF), USD/kg.
    pub pvdf_usd_per_kg: f64,
    /// Carbon black, USD/kg.
    pub carbon_black_usd_per_kg: f64,
    /// Anode binder (CMC/SBR), USD/kg.
    pub anode_binder_usd_per_kg: f64,
    /// Hard carbon (sodium-ion anode), USD/kg.
    pub hard_carbon_usd_per_kg: f64,
    /// Aluminium foil, USD/m².
    pub aluminium_foil_usd_per_m2: f64,
    /// Copper foil, USD/m².
    pub copper_foil_usd_per_m2: f64,
    /// Separator, USD/m².
    pub separator_usd_per_m2: f64,
    /// Electrolyte, USD/L.
    pub electrolyte_usd_per_l: f64,
    /// Pouch container.
    pub pouch: ContainerPrice,
    /// Prismatic can.
    pub prismatic: ContainerPrice,
    /// Cylindrical can.
    pub cylindrical: ContainerPrice,
}

impl MaterialPriceList {
    /// Check every price is finite and ≥ 0.
    pub fn validate(&self, origin: &str) -> Result<()> {
        for (field, value) in [
            ("pvdf_usd_per_kg", self.pvdf_usd_per_kg),
            ("carbon_black_usd_per_kg", self.carbon_black_usd_per_kg),
            ("anode_binder_usd_per_kg", self.anode_binder_usd_per_kg),
            ("hard_carbon_usd_per_kg", self.hard_carbon_usd_per_kg),
            ("aluminium_foil_usd_per_m2", self.aluminium_foil_usd_per_m2),
            ("copper_foil_usd_per_m2", self.copper_foil_usd_per_m2),
            ("separator_usd_per_m2", self.separator_usd_per_m2),
            ("electrolyte_usd_per_l", self.electrolyte_usd_per_l),
            ("pouch.usd_per_cell", self.pouch.usd_per_cell),
            ("pouch.usd_per_ah", self.pouch.usd_per_ah),
            ("prismatic.usd_per_cell", self.prismatic.usd_per_cell),
            ("prismatic.usd_per_ah", self.prismatic.usd_per_ah),
            ("cylindrical.usd_per_cell", self.cylindrical.usd_per_cell),
            ("cylindrical.usd_per_ah", self.cylindrical.usd_per_ah),
        ] {
            check::non_negative(origin, field, value)?;
        }
        Ok(())
    }

    fn container(&self, format: CellFormat) -> ContainerPrice {
        match format {
            CellFormat::Pouch => self.pouch,
            CellFormat::Prismatic => self.prismatic,
            CellFormat::Cylindrical => self.cylindrical,
        }
    }
}

/// Cell materials cost by group, USD per kWh of cell energy (before scrap and overheads).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct CellMaterialsCost {
    /// Cathode active material.
    pub cathode_active_usd_per_kwh: f64,
    /// Anode active material.
    pub anode_active_usd_per_kwh: f64,
    /// Binders and carbon black.
    pub binders_usd_per_kwh: f64,
    /// Aluminium and copper foils.
    pub foils_usd_per_kwh: f64,
    /// Separator.
    pub separator_usd_per_kwh: f64,
    /// Electrolyte.
    pub electrolyte_usd_per_kwh: f64,
    /// Container, terminals, vent.
    pub container_usd_per_kwh: f64,
}

impl CellMaterialsCost {
    /// Sum of all groups, USD/kWh.
    pub fn total_usd_per_kwh(&self) -> f64 {
        self.cathode_active_usd_per_kwh
            + self.anode_active_usd_per_kwh
            + self.binders_usd_per_kwh
            + self.foils_usd_per_kwh
            + self.separator_usd_per_kwh
            + self.electrolyte_usd_per_kwh
            + self.container_usd_per_kwh
    }
}

/// Materials cost of `cell` at `prices`.
pub fn cell_materials(cell: &CellDesign, list: &MaterialPriceList, prices: &Prices) -> CellMaterialsCost {
    let bom = cell.bom();
    let region = prices.get(PriceKey::MaterialPriceFactor);
    let other = prices.get(PriceKey::OtherMaterialsIndex) * region;
    let anode_usd_per_kg = match cell.chemistry().spec().anode {
        AnodeMaterial::Graphite => prices.get(PriceKey::Graphite) * region,
        AnodeMaterial::HardCarbon => list.hard_carbon_usd_per_kg * other,
    };
    let container = list.container(cell.spec().format);
    let container_usd_per_cell = container.usd_per_cell + container.usd_per_ah * cell.spec().capacity_ah;
    CellMaterialsCost {
        cathode_active_usd_per_kwh: bom.cathode_active_kg * cell.chemistry().cam_usd_per_kg(prices),
        anode_active_usd_per_kwh: bom.anode_active_kg * anode_usd_per_kg,
        binders_usd_per_kwh: other
            * (bom.cathode_binder_kg * list.pvdf_usd_per_kg
                + bom.carbon_black_kg * list.carbon_black_usd_per_kg
                + bom.anode_binder_kg * list.anode_binder_usd_per_kg),
        foils_usd_per_kwh: other
            * (bom.aluminium_foil_m2 * list.aluminium_foil_usd_per_m2
                + bom.copper_foil_m2 * list.copper_foil_usd_per_m2),
        separator_usd_per_kwh: other * bom.separator_m2 * list.separator_usd_per_m2,
        electrolyte_usd_per_kwh: other * bom.electrolyte_l * list.electrolyte_usd_per_l,
        container_usd_per_kwh: other * bom.cells * container_usd_per_cell,
    }
}
