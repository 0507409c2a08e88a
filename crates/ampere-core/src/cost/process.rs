//! Manufacturing cost per process step, scaled with plant volume (BatPaC v5 process table, MARKET.md §3.2).
//!
//! For each process i with baseline labour L_b (h/yr), capital K_b (USD) and floor area A_b (m²) at baseline
//! rate P_b of its driver (kWh, cells, m² of electrode, kg of active material, modules or packs per year):
//!
//! ```text
//! F_i = F_b · (P/P_b)^p_F · (Q/68 Ah)^e_i                 F ∈ {L, K, A}, Q the cell capacity
//! annual cost = L·w·m_labour + K·f_capital·m_capital + A·c_land·m_building
//! ```
//!
//! w is the region's labour rate, f_capital its equipment cost factor, c_land its land and building price and
//! the m are BatPaC's overhead multipliers (`overheads`). Cost per kWh = Σ annual cost / good kWh per year.
//! Simplifications: BatPaC's coating capital factor for solvent evaporated, its 1.1 capital factor for
//! formation of cells > 80 Ah and its pack-assembly factor (modules/20)^0.3 are left out; the cell-capacity
//! exponent applies to labour and capital alike.

use serde::Deserialize;

use super::overheads::Multipliers;
use super::prices::{PriceKey, Prices};
use crate::error::{Error, Format, Result, check};

/// Cell capacity at which BatPaC's capacity-dependent process factors are 1, Ah.
pub const REFERENCE_CELL_AH: f64 = 68.0;

/// What a process's throughput is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Driver {
    /// Good kWh per year.
    Energy,
    /// Cells made per year.
    Cells,
    /// Coated cathode area, m²/yr.
    CathodeArea,
    /// Coated anode area, m²/yr.
    AnodeArea,
    /// Cathode active material, kg/yr.
    CathodeMass,
    /// Anode active material, kg/yr.
    AnodeMass,
    /// Modules per year.
    Modules,
    /// Packs per year.
    Packs,
}

/// Number of [`Driver`]s.
pub const N_DRIVERS: usize = 8;

impl Driver {
    /// True for the steps of the pack plant (module and pack assembly), false for the cell plant.
    pub fn is_pack_stage(self) -> bool {
        matches!(self, Driver::Modules | Driver::Packs)
    }
}

/// Annual throughput of each driver, indexed by `Driver as usize`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DriverRates(pub [f64; N_DRIVERS]);

impl DriverRates {
    /// The rate of `driver`.
    pub fn get(&self, driver: Driver) -> f64 {
        self.0[driver as usize]
    }
}

/// Baseline plant rates of BatPaC, as written in `data/cost/manufacturing.toml` (`[baseline]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselinePlant {
    /// Good energy, kWh/yr.
    pub energy_kwh_per_year: f64,
    /// Cells made, 1/yr.
    pub cells_per_year: f64,
    /// Cathode coated area, m²/yr.
    pub cathode_area_m2_per_year: f64,
    /// Anode coated area, m²/yr.
    pub anode_area_m2_per_year: f64,
    /// Cathode active material, kg/yr.
    pub cathode_mass_kg_per_year: f64,
    /// Anode active material, kg/yr.
    pub anode_mass_kg_per_year: f64,
    /// Modules, 1/yr.
    pub modules_per_year: f64,
    /// Packs, 1/yr.
    pub packs_per_year: f64,
}

impl BaselinePlant {
    /// Validate (every rate > 0) and return the rates by driver.
    pub fn rates(&self, origin: &str) -> Result<DriverRates> {
        let mut rates = [0.0; N_DRIVERS];
        for (driver, field, value) in [
            (Driver::Energy, "energy_kwh_per_year", self.energy_kwh_per_year),
            (Driver::Cells, "cells_per_year", self.cells_per_year),
            (Driver::CathodeArea, "cathode_area_m2_per_year", self.cathode_area_m2_per_year),
            (Driver::AnodeArea, "anode_area_m2_per_year", self.anode_area_m2_per_year),
            (Driver::CathodeMass, "cathode_mass_kg_per_year", self.cathode_mass_kg_per_year),
            (Driver::AnodeMass, "anode_mass_kg_per_year", self.anode_mass_kg_per_year),
            (Driver::Modules, "modules_per_year", self.modules_per_year),
            (Driver::Packs, "packs_per_year", self.packs_per_year),
        ] {
            rates[driver as usize] = check::positive(origin, &format!("baseline.{field}"), value)?;
        }
        Ok(DriverRates(rates))
    }
}

/// One row of `data/cost/processes.csv`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    /// Process name.
    pub process: String,
    /// Throughput driver.
    pub driver: Driver,
    /// Direct labour at the baseline rate, h/yr.
    pub labour_h_per_year: f64,
    /// Equipment capital at the baseline rate, million USD.
    pub capital_musd: f64,
    /// Floor area at the baseline rate, m².
    pub land_m2: f64,
    /// Scaling exponent of labour with throughput.
    pub labour_exponent: f64,
    /// Scaling exponent of capital with throughput.
    pub capital_exponent: f64,
    /// Scaling exponent of floor area with throughput.
    pub land_exponent: f64,
    /// Exponent of (cell Ah / 68) applied to labour and capital.
    pub cell_ah_exponent: f64,
    /// Where the row comes from.
    pub source: String,
}

/// Annual factor cost of a set of processes, USD/yr including overhead multipliers.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FactorCost {
    /// Labour.
    pub labour_usd: f64,
    /// Equipment (depreciation, overheads on it, return).
    pub capital_usd: f64,
    /// Land and building.
    pub building_usd: f64,
}

/// The validated process table with its baseline plant.
#[derive(Debug, Clone)]
pub struct ProcessTable {
    processes: Vec<Process>,
    baseline: DriverRates,
}

impl ProcessTable {
    /// Parse the CSV table; `baseline` holds the rates the table's figures refer to.
    pub fn from_csv(text: &str, origin: &str, baseline: DriverRates) -> Result<ProcessTable> {
        let mut reader =
            csv::ReaderBuilder::new().trim(csv::Trim::All).comment(Some(b'#')).from_reader(text.as_bytes());
        let mut processes = Vec::new();
        for (row_idx, row) in reader.deserialize::<Process>().enumerate() {
            let row = row.map_err(|e| Error::Syntax {
                origin: origin.to_owned(),
                format: Format::Csv,
                message: e.to_string(),
            })?;
            check_process(&row, origin, row_idx + 2)?;
            processes.push(row);
        }
        if processes.is_empty() {
            return Err(Error::InvalidTable { origin: origin.to_owned(), problem: "no process rows".into() });
        }
        Ok(ProcessTable { processes, baseline })
    }

    /// The processes, in file order.
    pub fn processes(&self) -> &[Process] {
        &self.processes
    }

    /// Baseline rates by driver.
    pub fn baseline(&self) -> &DriverRates {
        &self.baseline
    }

    /// Annual factor cost of the cell (`pack_stage = false`) or pack (`true`) steps at throughput `rates`.
    pub fn annual_cost(
        &self,
        pack_stage: bool,
        rates: &DriverRates,
        cell_ah: f64,
        prices: &Prices,
        multipliers: &Multipliers,
    ) -> FactorCost {
        let mut cost = FactorCost::default();
        let labour_usd_per_h = prices.get(PriceKey::Labour) * multipliers.labour;
        let capital_usd_per_usd = prices.get(PriceKey::CapitalCostFactor) * multipliers.capital_per_year;
        let land_usd_per_m2 = prices.get(PriceKey::LandBuilding) * multipliers.building_per_year;
        for p in self.processes.iter().filter(|p| p.driver.is_pack_stage() == pack_stage) {
            let ratio = rates.get(p.driver) / self.baseline.get(p.driver);
            let size = (cell_ah / REFERENCE_CELL_AH).powf(p.cell_ah_exponent);
            cost.labour_usd += p.labour_h_per_year * ratio.powf(p.labour_exponent) * size * labour_usd_per_h;
            cost.capital_usd += p.capital_musd * 1e6 * ratio.powf(p.capital_exponent) * size * capital_usd_per_usd;
            cost.building_usd += p.land_m2 * ratio.powf(p.land_exponent) * land_usd_per_m2;
        }
        cost
    }
}

fn check_process(p: &Process, origin: &str, line: usize) -> Result<()> {
    let bad = |column: &str, value: f64, allowed: &str| Error::InvalidRow {
        origin: origin.to_owned(),
        row: line,
        column: column.to_owned(),
        problem: format!("{value} {allowed}"),
    };
    for (column, value) in
        [("labour_h_per_year", p.labour_h_per_year), ("capital_musd", p.capital_musd), ("land_m2", p.land_m2)]
    {
        if !(value.is_finite() && value >= 0.0) {
            return Err(bad(column, value, "must be a finite number ≥ 0"));
        }
    }
    for (column, value) in [
        ("labour_exponent", p.labour_exponent),
        ("capital_exponent", p.capital_exponent),
        ("land_exponent", p.land_exponent),
    ] {
        if !(value.is_finite() && value > 0.0 && value <= 1.0) {
            return Err(bad(column, value, "must be in (0, 1]"));
        }
    }
    if !(p.cell_ah_exponent.is_finite() && (0.0..=1.0).contains(&p.cell_ah_exponent)) {
        return Err(bad("cell_ah_exponent", p.cell_ah_exponent, "must be in [0, 1]"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::builtin;
    use super::*;

    #[test]
    fn baseline_plant_reproduces_the_table_sums() {
        // At the baseline rates, 68 Ah cells and unit prices the annual cost is the sum of the table columns
        // times the multipliers: 3.649 million h of labour (hand sum of MARKET.md §3.2).
        let data = builtin::data().unwrap();
        let table = data.processes();
        let mut prices = builtin::deck("2020-batpac").unwrap().prices;
        prices.set(PriceKey::Labour, 1.0, "t").unwrap();
        let unit = Multipliers { materials: 1.0, labour: 1.0, capital_per_year: 1.0, building_per_year: 1.0 };
        let cell = table.annual_cost(false, table.baseline(), REFERENCE_CELL_AH, &prices, &unit);
        let pack = table.annual_cost(true, table.baseline(), REFERENCE_CELL_AH, &prices, &unit);
        assert!(((cell.labour_usd + pack.labour_usd) - 3.649e6).abs() < 1.0, "{cell:?} {pack:?}");
    }

    #[test]
    fn negative_labour_row_is_refused_with_row_and_column() {
        let text = "process,driver,labour_h_per_year,capital_musd,land_m2,labour_exponent,capital_exponent,land_exponent,cell_ah_exponent,source\nx,cells,-1,1,1,0.7,0.9,0.95,0,s\n";
        let err = ProcessTable::from_csv(text, "p.csv", DriverRates([1.0; N_DRIVERS])).unwrap_err().to_string();
        assert!(err.contains("p.csv: row 2, column `labour_h_per_year`: -1 must be a finite number ≥ 0"), "{err}");
    }
}
