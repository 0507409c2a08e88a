//! BatPaC's overhead multipliers: what a dollar of materials, labour or capital costs once overheads, launch,
//! working capital, profit, depreciation and warranty are added (MARKET.md §3.2, BatPaC v5 defaults).
//!
//! ```text
//! m_materials = (1 + profit·(launch_mat + wc)) · (1 + warranty)
//! m_labour    = (1 + voh + gsa·(1 + voh) + profit·(launch_lab + wc)·(1 + voh)) · (1 + warranty)
//! m_capital   = ((voh_dep + gsa_dep + gsa·voh_dep + rd_dep + 1)·d + (1 + voh_dep·(launch_lab + wc)·d)·profit)
//!               · (1 + warranty)        with d = 1 / equipment life; per USD of investment and year
//! m_building  = the same with d = 1 / building life
//! ```

use serde::Deserialize;

use crate::error::{Result, check};

/// Overhead rates as written in `data/cost/manufacturing.toml` (`[overheads]`), fractions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverheadRates {
    /// Variable overhead, fraction of direct labour.
    pub variable_overhead_of_labour: f64,
    /// General, sales and administration, fraction of direct labour.
    pub gsa_of_labour: f64,
    /// Launch cost, fraction of labour.
    pub launch_of_labour: f64,
    /// Launch cost, fraction of materials.
    pub launch_of_materials: f64,
    /// Working capital, fraction of annual variable cost.
    pub working_capital: f64,
    /// Profit, fraction of investment.
    pub profit_on_investment: f64,
    /// Warranty, fraction of price.
    pub warranty: f64,
    /// Variable overhead on depreciation.
    pub variable_overhead_of_depreciation: f64,
    /// G&S&A on depreciation.
    pub gsa_of_depreciation: f64,
    /// Research and development, fraction of depreciation.
    pub research_of_depreciation: f64,
    /// Equipment life, years.
    pub equipment_life_years: f64,
    /// Building life, years.
    pub building_life_years: f64,
}

/// Multipliers derived from [`OverheadRates`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Multipliers {
    /// Per USD of purchased materials and hardware.
    pub materials: f64,
    /// Per USD of direct labour.
    pub labour: f64,
    /// Per USD of equipment investment, per year.
    pub capital_per_year: f64,
    /// Per USD of land and building investment, per year.
    pub building_per_year: f64,
}

impl OverheadRates {
    /// Validate the rates and derive the multipliers.
    pub fn multipliers(&self, origin: &str) -> Result<Multipliers> {
        for (field, value) in [
            ("overheads.variable_overhead_of_labour", self.variable_overhead_of_labour),
            ("overheads.gsa_of_labour", self.gsa_of_labour),
            ("overheads.launch_of_labour", self.launch_of_labour),
            ("overheads.launch_of_materials", self.launch_of_materials),
            ("overheads.working_capital", self.working_capital),
            ("overheads.profit_on_investment", self.profit_on_investment),
            ("overheads.warranty", self.warranty),
            ("overheads.variable_overhead_of_depreciation", self.variable_overhead_of_depreciation),
            ("overheads.gsa_of_depreciation", self.gsa_of_depreciation),
            ("overheads.research_of_depreciation", self.research_of_depreciation),
        ] {
            check::in_range(origin, field, value, 0.0, 5.0)?;
        }
        check::in_range(origin, "overheads.equipment_life_years", self.equipment_life_years, 1.0, 100.0)?;
        check::in_range(origin, "overheads.building_life_years", self.building_life_years, 1.0, 100.0)?;
        let warranty = 1.0 + self.warranty;
        let voh = self.variable_overhead_of_labour;
        let wc = self.working_capital;
        let per_year = |life: f64| {
            let d = 1.0 / life;
            let depreciation_overheads = self.variable_overhead_of_depreciation
                + self.gsa_of_depreciation
                + self.gsa_of_labour * self.variable_overhead_of_depreciation
                + self.research_of_depreciation
                + 1.0;
            let profit = (1.0 + self.variable_overhead_of_depreciation * (self.launch_of_labour + wc) * d)
                * self.profit_on_investment;
            (depreciation_overheads * d + profit) * warranty
        };
        Ok(Multipliers {
            materials: (1.0 + self.profit_on_investment * (self.launch_of_materials + wc)) * warranty,
            labour: (1.0
                + voh
                + self.gsa_of_labour * (1.0 + voh)
                + self.profit_on_investment * (self.launch_of_labour + wc) * (1.0 + voh))
                * warranty,
            capital_per_year: per_year(self.equipment_life_years),
            building_per_year: per_year(self.building_life_years),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::builtin;

    #[test]
    fn batpac_defaults_give_the_known_multipliers() {
        // Hand calculation from the rates of MARKET.md §3.2: materials (1 + 0.05·0.2)·1.056 = 1.06666;
        // labour (1 + 0.4 + 0.35 + 0.05·0.25·1.4)·1.056 = 1.86648; capital (1.9·0.1 + 1.005·0.05)·1.056.
        let m = builtin::data().unwrap().multipliers();
        assert!((m.materials - 1.066_56).abs() < 1e-4, "{m:?}");
        assert!((m.labour - 1.866_48).abs() < 1e-4, "{m:?}");
        assert!((m.capital_per_year - (0.19 + 1.005 * 0.05) * 1.056).abs() < 1e-4, "{m:?}");
    }
}
