//! Electrode chemistry data and the cathode active material (CAM) price built from commodity prices.
//!
//! CAM price, USD/kg (method of the BatPaC-based CAM price model, MARKET.md §3.2):
//!
//! ```text
//! p_CAM = m_Li·p_Li + m_Ni·p_Ni + m_Co·p_Co + m_Mn·p_Mn + m_FePO4·p_FePO4 + m_Na2CO3·p_Na2CO3
//!       + c_process·index_other·factor_material
//! ```
//!
//! with m the kg of each element or precursor per kg CAM (molar basis, MARKET.md §2.4) and p the commodity
//! prices of the deck. Lithium is bought as carbonate (Li mass fraction 0.18787) or hydroxide monohydrate
//! (0.16542), so p_Li = p_salt / fraction. The processing cost and margin c_process (MARKET.md §3.2, May 2022)
//! follows the deck's index of non-commodity prices and the region's material price factor.

use serde::Deserialize;

use super::prices::{PriceKey, Prices};
use crate::error::{Result, check};

/// Mass fraction of lithium in Li₂CO₃ (2·6.941 / 73.89).
pub const LITHIUM_IN_CARBONATE: f64 = 0.187_87;
/// Mass fraction of lithium in LiOH·H₂O (6.941 / 41.96).
pub const LITHIUM_IN_HYDROXIDE: f64 = 0.165_42;

/// Which lithium salt the cathode maker buys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LithiumSource {
    /// Lithium carbonate (LFP, LMFP, mid-nickel NMC).
    Carbonate,
    /// Lithium hydroxide monohydrate (high-nickel NMC, NCA).
    Hydroxide,
}

/// Anode active material.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnodeMaterial {
    /// Graphite, priced by the deck's `graphite_usd_per_kg`.
    Graphite,
    /// Hard carbon (sodium-ion), priced in the material price list.
    HardCarbon,
}

/// Metal of the anode current collector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnodeFoil {
    /// Copper foil (lithium-ion).
    Copper,
    /// Aluminium foil (sodium-ion: sodium does not alloy with aluminium).
    Aluminium,
}

/// One chemistry as written in `data/cost/chemistry.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChemistrySpec {
    /// Reversible practical cathode specific capacity, mAh/g.
    pub cathode_specific_capacity_mah_per_g: f64,
    /// Extra cathode for first-cycle loss and yield, fraction of the reversible need.
    pub cathode_excess_fraction: f64,
    /// Active fraction of the cathode coating (rest: binder and carbon black, half each).
    pub cathode_active_fraction: f64,
    /// Lithium salt bought.
    pub lithium_source: LithiumSource,
    /// Lithium, kg per kg CAM.
    #[serde(default)]
    pub lithium_kg_per_kg_cam: f64,
    /// Nickel, kg per kg CAM.
    #[serde(default)]
    pub nickel_kg_per_kg_cam: f64,
    /// Cobalt, kg per kg CAM.
    #[serde(default)]
    pub cobalt_kg_per_kg_cam: f64,
    /// Manganese, kg per kg CAM.
    #[serde(default)]
    pub manganese_kg_per_kg_cam: f64,
    /// Iron phosphate precursor, kg per kg CAM.
    #[serde(default)]
    pub iron_phosphate_kg_per_kg_cam: f64,
    /// Soda ash, kg per kg CAM (sodium-ion).
    #[serde(default)]
    pub soda_ash_kg_per_kg_cam: f64,
    /// CAM processing cost and margin, USD/kg at BatPaC-level prices.
    pub cam_processing_usd_per_kg: f64,
    /// Anode active material.
    pub anode: AnodeMaterial,
    /// Anode practical specific capacity, mAh/g.
    pub anode_specific_capacity_mah_per_g: f64,
    /// Active fraction of the anode coating (rest: binder).
    pub anode_active_fraction: f64,
    /// Negative-to-positive capacity ratio.
    pub negative_to_positive_ratio: f64,
    /// Anode current collector.
    pub anode_foil: AnodeFoil,
    /// Electrolyte volume per ampere-hour of cell capacity, mL/Ah.
    pub electrolyte_ml_per_ah: f64,
}

/// A validated chemistry.
#[derive(Debug, Clone)]
pub struct Chemistry {
    spec: ChemistrySpec,
}

impl Chemistry {
    /// Validate `spec`; `origin` names the file and `name` the table in errors.
    pub fn from_spec(spec: ChemistrySpec, origin: &str, name: &str) -> Result<Chemistry> {
        let f = |field: &str| format!("{name}.{field}");
        check::in_range(
            origin,
            &f("cathode_specific_capacity_mah_per_g"),
            spec.cathode_specific_capacity_mah_per_g,
            50.0,
            350.0,
        )?;
        check::in_range(origin, &f("cathode_excess_fraction"), spec.cathode_excess_fraction, 0.0, 0.5)?;
        check::in_range_open_low(origin, &f("cathode_active_fraction"), spec.cathode_active_fraction, 0.5, 1.0)?;
        check::in_range_open_low(origin, &f("anode_active_fraction"), spec.anode_active_fraction, 0.5, 1.0)?;
        check::in_range(
            origin,
            &f("anode_specific_capacity_mah_per_g"),
            spec.anode_specific_capacity_mah_per_g,
            100.0,
            4000.0,
        )?;
        check::in_range(origin, &f("negative_to_positive_ratio"), spec.negative_to_positive_ratio, 1.0, 2.0)?;
        check::positive(origin, &f("electrolyte_ml_per_ah"), spec.electrolyte_ml_per_ah)?;
        check::non_negative(origin, &f("cam_processing_usd_per_kg"), spec.cam_processing_usd_per_kg)?;
        for (field, value) in [
            ("lithium_kg_per_kg_cam", spec.lithium_kg_per_kg_cam),
            ("nickel_kg_per_kg_cam", spec.nickel_kg_per_kg_cam),
            ("cobalt_kg_per_kg_cam", spec.cobalt_kg_per_kg_cam),
            ("manganese_kg_per_kg_cam", spec.manganese_kg_per_kg_cam),
            ("iron_phosphate_kg_per_kg_cam", spec.iron_phosphate_kg_per_kg_cam),
            ("soda_ash_kg_per_kg_cam", spec.soda_ash_kg_per_kg_cam),
        ] {
            check::in_range(origin, &f(field), value, 0.0, 1.0)?;
        }
        Ok(Chemistry { spec })
    }

    /// The validated data.
    pub fn spec(&self) -> &ChemistrySpec {
        &self.spec
    }

    /// Price of lithium contained in the salt this chemistry buys, USD per kg Li.
    pub fn lithium_usd_per_kg(&self, prices: &Prices) -> f64 {
        match self.spec.lithium_source {
            LithiumSource::Carbonate => prices.get(PriceKey::LithiumCarbonate) / 1000.0 / LITHIUM_IN_CARBONATE,
            LithiumSource::Hydroxide => prices.get(PriceKey::LithiumHydroxide) / 1000.0 / LITHIUM_IN_HYDROXIDE,
        }
    }

    /// Commodity content of one kg CAM, USD/kg (no processing).
    pub fn cam_commodity_usd_per_kg(&self, prices: &Prices) -> f64 {
        let s = &self.spec;
        let per_kg = |key: PriceKey| prices.get(key) / 1000.0;
        s.lithium_kg_per_kg_cam * self.lithium_usd_per_kg(prices)
            + s.nickel_kg_per_kg_cam * per_kg(PriceKey::Nickel)
            + s.cobalt_kg_per_kg_cam * per_kg(PriceKey::Cobalt)
            + s.manganese_kg_per_kg_cam * per_kg(PriceKey::Manganese)
            + s.iron_phosphate_kg_per_kg_cam * per_kg(PriceKey::IronPhosphate)
            + s.soda_ash_kg_per_kg_cam * per_kg(PriceKey::SodaAsh)
    }

    /// CAM price: commodities plus regional processing, USD/kg.
    pub fn cam_usd_per_kg(&self, prices: &Prices) -> f64 {
        let processing = self.spec.cam_processing_usd_per_kg
            * prices.get(PriceKey::OtherMaterialsIndex)
            * prices.get(PriceKey::MaterialPriceFactor);
        self.cam_commodity_usd_per_kg(prices) + processing
    }
}

#[cfg(test)]
mod tests {
    use super::super::builtin;
    use super::*;

    #[test]
    fn nmc622_commodities_at_january_2020_prices() {
        // MARKET.md §2.3/§2.4: Jan 2020 Li 42.6, Ni 13.5, Co 32.2, Mn 4.72 USD/kg element; NMC622 fractions
        // 0.077/0.355/0.119/0.111 → 12.42 USD/kg of commodities.
        let data = builtin::data().unwrap();
        let mut prices = builtin::deck("2020-batpac").unwrap().prices;
        prices.set(PriceKey::LithiumCarbonate, 42.6 * 1000.0 * LITHIUM_IN_CARBONATE, "test").unwrap();
        let nmc622 = data.chemistry("nmc622").unwrap();
        let got = nmc622.cam_commodity_usd_per_kg(&prices);
        assert!((got - 12.42).abs() < 0.05, "{got}");
    }

    #[test]
    fn lfp_has_no_nickel_or_cobalt_exposure() {
        let data = builtin::data().unwrap();
        let prices = builtin::deck("2024-china").unwrap().prices;
        let lfp = data.chemistry("lfp").unwrap();
        let base = lfp.cam_usd_per_kg(&prices);
        assert_eq!(base, lfp.cam_usd_per_kg(&prices.scaled(PriceKey::Cobalt, 3.0)));
        assert_eq!(base, lfp.cam_usd_per_kg(&prices.scaled(PriceKey::Nickel, 3.0)));
        assert!(base < lfp.cam_usd_per_kg(&prices.scaled(PriceKey::LithiumCarbonate, 2.0)));
    }
}
