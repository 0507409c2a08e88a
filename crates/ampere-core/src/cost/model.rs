//! The built cost model: one cell design, one pack layout, optionally a vehicle; evaluated at a [`Prices`].
//!
//! Cell cost per good kWh, with s the scrap rate and E the plant's good output (kWh/yr):
//!
//! ```text
//! materials = Σ cell materials / (1 − s) · m_materials
//! factor    = annual process cost (cell steps) at rates of E/(1 − s) made / E
//! energy    = electricity kWh/kWh · price / (1 − s)
//! cell      = materials + factor + energy
//! ```
//!
//! The pack plant runs at the same GWh/yr (packs/yr = E / pack kWh). [`CostModel::evaluate`] does not allocate.

use super::cell::CellDesign;
use super::data::{CostData, CostParameters};
use super::materials::{CellMaterialsCost, cell_materials};
use super::pack::{PackCost, PackDesign, PackSpec, hardware_usd};
use super::prices::{PriceKey, Prices};
use super::process::{Driver, DriverRates, N_DRIVERS};
use super::vehicle::{VehicleCost, VehicleSpec, vehicle_cost};
use crate::error::Result;

/// Cell cost per kWh of good cells, USD/kWh.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct CellCost {
    /// Materials by group at purchase prices, per kWh of cell made (before scrap and overheads).
    pub materials: CellMaterialsCost,
    /// Materials including scrap and the materials overhead multiplier.
    pub materials_usd_per_kwh: f64,
    /// Direct labour with overheads.
    pub labour_usd_per_kwh: f64,
    /// Equipment capital charge with overheads.
    pub capital_usd_per_kwh: f64,
    /// Land and building charge.
    pub building_usd_per_kwh: f64,
    /// Plant electricity.
    pub electricity_usd_per_kwh: f64,
    /// Total.
    pub total_usd_per_kwh: f64,
    /// Per cell, USD.
    pub usd_per_cell: f64,
}

/// Everything one evaluation returns.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct CostBreakdown {
    /// Cell.
    pub cell: CellCost,
    /// Pack.
    pub pack: PackCost,
    /// Vehicle, when the model has one.
    pub vehicle: Option<VehicleCost>,
}

/// A validated cell + pack (+ vehicle) ready to be costed at any price deck.
#[derive(Debug, Clone)]
pub struct CostModel {
    cell: CellDesign,
    pack: PackDesign,
    vehicle: Option<VehicleSpec>,
    params: CostParameters,
}

impl CostModel {
    /// Build from a cell of the library and a pack spec; `pack_origin` names the pack file in errors.
    pub fn new(data: &CostData, cell_name: &str, pack: &PackSpec, pack_origin: &str) -> Result<CostModel> {
        CostModel::with_cell(data, data.cell(cell_name)?.clone(), pack, pack_origin)
    }

    /// Build from any cell design (e.g. one a design study varies).
    pub fn with_cell(data: &CostData, cell: CellDesign, pack: &PackSpec, pack_origin: &str) -> Result<CostModel> {
        let design = PackDesign::from_spec(pack, &cell, pack_origin)?;
        if let Some(vehicle) = &pack.vehicle {
            vehicle.validate(data.vehicle(), pack_origin)?;
        }
        Ok(CostModel { cell, pack: design, vehicle: pack.vehicle, params: data.params().clone() })
    }

    /// Replace the vehicle (issue 6 costs many vehicles around one pack).
    ///
    /// ```
    /// use ampere_core::cost::pack::{Cooling, Integration};
    /// use ampere_core::cost::{CostModel, PackSpec, Segment, VehicleSpec, builtin};
    ///
    /// // A Dolphin-like car: 44.9 kWh LFP cell-to-pack, 70 kW, 7 kW charger, costed in China in 2024.
    /// let data = builtin::data().unwrap();
    /// let pack = PackSpec {
    ///     energy_kwh: Some(44.9),
    ///     voltage_v: Some(400.0),
    ///     cells_in_series: None,
    ///     cells_in_parallel: None,
    ///     integration: Integration::CellToPack,
    ///     cells_per_module: None,
    ///     cooling: Cooling::Liquid,
    ///     vehicle: None,
    /// };
    /// let vehicle = VehicleSpec {
    ///     segment: Segment::B,
    ///     motor_kw: 70.0,
    ///     onboard_charger_kw: 7.0,
    ///     vehicles_per_year: 200_000.0,
    ///     line_rate_vehicles_per_hour: 60.0,
    ///     margin_fraction: 0.1,
    /// };
    /// let model = CostModel::new(&data, "lfp_prismatic_blade", &pack, "dolphin")
    ///     .unwrap()
    ///     .with_vehicle(vehicle, "dolphin")
    ///     .unwrap();
    /// let cost = model.evaluate(&builtin::deck("2024-china").unwrap().prices).vehicle.unwrap();
    /// assert!(cost.battery_usd < cost.total_cost_usd && cost.total_cost_usd < cost.price_usd);
    /// ```
    pub fn with_vehicle(mut self, vehicle: VehicleSpec, origin: &str) -> Result<CostModel> {
        vehicle.validate(&self.params.vehicle, origin)?;
        self.vehicle = Some(vehicle);
        Ok(self)
    }

    /// The cell design.
    pub fn cell(&self) -> &CellDesign {
        &self.cell
    }

    /// The pack layout.
    pub fn pack(&self) -> &PackDesign {
        &self.pack
    }

    /// The vehicle, if any.
    pub fn vehicle(&self) -> Option<&VehicleSpec> {
        self.vehicle.as_ref()
    }

    /// Cost the cell, the pack and the vehicle at `prices`.
    pub fn evaluate(&self, prices: &Prices) -> CostBreakdown {
        let cell = self.cell_cost(prices);
        let pack = self.pack_cost(prices, &cell);
        let vehicle = self
            .vehicle
            .map(|v| vehicle_cost(&v, &self.params.vehicle, pack.total_usd, prices, &self.params.multipliers));
        CostBreakdown { cell, pack, vehicle }
    }

    fn good_kwh_per_year(prices: &Prices) -> f64 {
        prices.get(PriceKey::CellPlantGwh) * 1e6
    }

    fn rates(&self, prices: &Prices) -> DriverRates {
        let good_kwh = CostModel::good_kwh_per_year(prices);
        let made_kwh = good_kwh / (1.0 - prices.get(PriceKey::CellScrapRate));
        let bom = self.cell.bom();
        let packs = good_kwh / self.pack.energy_kwh;
        let mut rates = [0.0; N_DRIVERS];
        for (driver, rate) in [
            (Driver::Energy, good_kwh),
            (Driver::Cells, made_kwh * bom.cells),
            (Driver::CathodeArea, made_kwh * bom.cathode_area_m2),
            (Driver::AnodeArea, made_kwh * bom.anode_area_m2),
            (Driver::CathodeMass, made_kwh * bom.cathode_active_kg),
            (Driver::AnodeMass, made_kwh * bom.anode_active_kg),
            (Driver::Modules, packs * f64::from(self.pack.n_modules)),
            (Driver::Packs, packs),
        ] {
            rates[driver as usize] = rate;
        }
        DriverRates(rates)
    }

    fn cell_cost(&self, prices: &Prices) -> CellCost {
        let p = &self.params;
        let good_fraction = 1.0 - prices.get(PriceKey::CellScrapRate);
        let good_kwh = CostModel::good_kwh_per_year(prices);
        let materials = cell_materials(&self.cell, &p.materials, prices);
        let materials_usd_per_kwh = materials.total_usd_per_kwh() / good_fraction * p.multipliers.materials;
        let rates = self.rates(prices);
        let factor = p.processes.annual_cost(false, &rates, self.cell.spec().capacity_ah, prices, &p.multipliers);
        let electricity_usd_per_kwh =
            p.electricity_kwh_per_kwh_cell * prices.get(PriceKey::Electricity) / good_fraction;
        let labour_usd_per_kwh = factor.labour_usd / good_kwh;
        let capital_usd_per_kwh = factor.capital_usd / good_kwh;
        let building_usd_per_kwh = factor.building_usd / good_kwh;
        let total_usd_per_kwh = materials_usd_per_kwh
            + labour_usd_per_kwh
            + capital_usd_per_kwh
            + building_usd_per_kwh
            + electricity_usd_per_kwh;
        CellCost {
            materials,
            materials_usd_per_kwh,
            labour_usd_per_kwh,
            capital_usd_per_kwh,
            building_usd_per_kwh,
            electricity_usd_per_kwh,
            total_usd_per_kwh,
            usd_per_cell: total_usd_per_kwh * self.cell.energy_kwh(),
        }
    }

    fn pack_cost(&self, prices: &Prices, cell: &CellCost) -> PackCost {
        let p = &self.params;
        let rates = self.rates(prices);
        let packs_per_year = rates.get(Driver::Packs);
        let volume_ratio = packs_per_year / p.processes.baseline().get(Driver::Packs);
        let hardware_factor = p.multipliers.materials
            * prices.get(PriceKey::MaterialPriceFactor)
            * volume_ratio.powf(-p.pack.hardware_volume_exponent);
        let [modules, interconnect, bms, thermal, housing] =
            hardware_usd(&self.pack, &p.pack).map(|usd| usd * hardware_factor);
        let assembly = p.processes.annual_cost(true, &rates, self.cell.spec().capacity_ah, prices, &p.multipliers);
        let assembly_usd = (assembly.labour_usd + assembly.capital_usd + assembly.building_usd) / packs_per_year;
        let cells_usd = cell.total_usd_per_kwh * self.pack.energy_kwh;
        let total_usd = cells_usd + modules + interconnect + bms + thermal + housing + assembly_usd;
        PackCost {
            energy_kwh: self.pack.energy_kwh,
            cells_usd,
            modules_usd: modules,
            interconnect_usd: interconnect,
            bms_usd: bms,
            thermal_usd: thermal,
            housing_usd: housing,
            assembly_usd,
            total_usd,
            usd_per_kwh: total_usd / self.pack.energy_kwh,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::builtin;
    use super::*;

    fn model(cell: &str, pack: &str) -> CostModel {
        let data = builtin::data().unwrap();
        CostModel::new(&data, cell, &builtin::pack_spec(pack).unwrap(), pack).unwrap()
    }

    #[test]
    fn pack_total_is_the_sum_of_its_parts() {
        let m = model("nmc622_large", "market_nmc");
        let c = m.evaluate(&builtin::deck("2024-eu").unwrap().prices);
        let p = c.pack;
        let parts = p.cells_usd
            + p.modules_usd
            + p.interconnect_usd
            + p.bms_usd
            + p.thermal_usd
            + p.housing_usd
            + p.assembly_usd;
        assert!((parts - p.total_usd).abs() < 1e-9 * p.total_usd);
        assert!(c.cell.total_usd_per_kwh < p.usd_per_kwh);
    }

    #[test]
    fn lfp_cells_are_cheaper_than_nmc_cells_in_the_same_region() {
        let prices = builtin::deck("2025-china").unwrap().prices;
        let lfp = model("lfp_prismatic_blade", "market_lfp").evaluate(&prices).cell.total_usd_per_kwh;
        let nmc = model("nmc622_large", "market_lfp").evaluate(&prices).cell.total_usd_per_kwh;
        assert!(lfp < nmc, "lfp {lfp} nmc {nmc}");
    }

    #[test]
    fn every_cell_costs_a_finite_positive_amount_in_every_builtin_scenario() {
        let data = builtin::data().unwrap();
        let pack = builtin::pack_spec("market_nmc").unwrap();
        for scenario in ["2024-china", "2024-eu", "2024-us", "2026-eu", "2028-china", "2028-eu", "2028-us"] {
            let prices = builtin::deck(scenario).unwrap().prices;
            for cell in data.cell_names() {
                let c = CostModel::new(&data, cell, &pack, "market_nmc").unwrap().evaluate(&prices);
                let v = c.pack.usd_per_kwh;
                // The upper bound admits the A123 26650 power cell: 7.6 Wh cells with thin electrodes, costed
                // with BatPaC's per-cell steps for large cells (a known overestimate, docs/models/cost.md).
                assert!(v.is_finite() && v > 20.0 && v < 1000.0, "{scenario} {cell}: {v}");
            }
        }
    }
}
