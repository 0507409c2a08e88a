//! The cost model's parameter library: chemistries, cells, material prices, process table, overheads, pack and
//! vehicle parameters, parsed from text (built in from `data/cost/`, or the user's own files).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::cell::{CellDesign, CellSpec};
use super::chemistry::{Chemistry, ChemistrySpec};
use super::materials::MaterialPriceList;
use super::overheads::{Multipliers, OverheadRates};
use super::pack::PackPrices;
use super::process::{BaselinePlant, ProcessTable};
use super::vehicle::VehicleParameters;
use crate::error::{Error, Result, check, parse_toml};

/// A text and the name it came from (file path or built-in name), for errors.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The text.
    pub text: &'a str,
    /// File path or built-in name.
    pub origin: &'a str,
}

/// The texts a [`CostData`] is parsed from.
#[derive(Debug, Clone, Copy)]
pub struct CostDataSources<'a> {
    /// `chemistry.toml`: one table per chemistry.
    pub chemistry: Source<'a>,
    /// `cells.toml`: one table per cell.
    pub cells: Source<'a>,
    /// `materials.toml`: non-commodity material prices.
    pub materials: Source<'a>,
    /// `manufacturing.toml`: overheads, baseline plant, electricity use.
    pub manufacturing: Source<'a>,
    /// `processes.csv`: the process table.
    pub processes: Source<'a>,
    /// `pack.toml`: pack hardware prices.
    pub pack: Source<'a>,
    /// `vehicle.toml`: vehicle parameters.
    pub vehicle: Source<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManufacturingSpec {
    electricity_kwh_per_kwh_cell: f64,
    overheads: OverheadRates,
    baseline: BaselinePlant,
}

/// Parameters every evaluation needs besides the cell and pack design.
#[derive(Debug, Clone)]
pub struct CostParameters {
    /// Non-commodity material prices.
    pub materials: MaterialPriceList,
    /// Process table with its baseline plant.
    pub processes: ProcessTable,
    /// BatPaC overhead multipliers.
    pub multipliers: Multipliers,
    /// Plant electricity use per good kWh of cells, kWh/kWh.
    pub electricity_kwh_per_kwh_cell: f64,
    /// Pack hardware prices.
    pub pack: PackPrices,
    /// Vehicle parameters.
    pub vehicle: VehicleParameters,
}

/// The whole library.
#[derive(Debug, Clone)]
pub struct CostData {
    chemistries: BTreeMap<String, Chemistry>,
    cells: BTreeMap<String, CellDesign>,
    params: CostParameters,
}

impl CostData {
    /// Parse and validate every file.
    pub fn parse(sources: &CostDataSources) -> Result<CostData> {
        let chemistry_specs: BTreeMap<String, ChemistrySpec> =
            parse_toml(sources.chemistry.text, sources.chemistry.origin)?;
        let mut chemistries = BTreeMap::new();
        for (name, spec) in chemistry_specs {
            let chemistry = Chemistry::from_spec(spec, sources.chemistry.origin, &name)?;
            chemistries.insert(name, chemistry);
        }
        let cell_specs: BTreeMap<String, CellSpec> = parse_toml(sources.cells.text, sources.cells.origin)?;
        let mut cells = BTreeMap::new();
        for (name, spec) in cell_specs {
            let chemistry = lookup(&chemistries, &spec.chemistry, "chemistry")
                .map_err(|e| {
                    Error::field(sources.cells.origin, format!("{name}.chemistry"), &spec.chemistry, e.to_string())
                })?
                .clone();
            let cell = CellDesign::from_spec(spec, chemistry, sources.cells.origin, &name)?;
            cells.insert(name, cell);
        }
        let materials: MaterialPriceList = parse_toml(sources.materials.text, sources.materials.origin)?;
        materials.validate(sources.materials.origin)?;
        let manufacturing: ManufacturingSpec = parse_toml(sources.manufacturing.text, sources.manufacturing.origin)?;
        let origin = sources.manufacturing.origin;
        let multipliers = manufacturing.overheads.multipliers(origin)?;
        let baseline = manufacturing.baseline.rates(origin)?;
        check::in_range(
            origin,
            "electricity_kwh_per_kwh_cell",
            manufacturing.electricity_kwh_per_kwh_cell,
            0.0,
            500.0,
        )?;
        let processes = ProcessTable::from_csv(sources.processes.text, sources.processes.origin, baseline)?;
        let pack: PackPrices = parse_toml(sources.pack.text, sources.pack.origin)?;
        pack.validate(sources.pack.origin)?;
        let vehicle: VehicleParameters = parse_toml(sources.vehicle.text, sources.vehicle.origin)?;
        vehicle.validate(sources.vehicle.origin)?;
        let params = CostParameters {
            materials,
            processes,
            multipliers,
            electricity_kwh_per_kwh_cell: manufacturing.electricity_kwh_per_kwh_cell,
            pack,
            vehicle,
        };
        Ok(CostData { chemistries, cells, params })
    }

    /// A chemistry by name.
    pub fn chemistry(&self, name: &str) -> Result<&Chemistry> {
        lookup(&self.chemistries, name, "chemistry")
    }

    /// A cell by name.
    pub fn cell(&self, name: &str) -> Result<&CellDesign> {
        lookup(&self.cells, name, "cost cell")
    }

    /// Names of the cells, sorted.
    pub fn cell_names(&self) -> impl Iterator<Item = &str> {
        self.cells.keys().map(String::as_str)
    }

    /// Parameters shared by every evaluation.
    pub fn params(&self) -> &CostParameters {
        &self.params
    }

    /// The process table.
    pub fn processes(&self) -> &ProcessTable {
        &self.params.processes
    }

    /// Overhead multipliers.
    pub fn multipliers(&self) -> Multipliers {
        self.params.multipliers
    }

    /// Vehicle parameters.
    pub fn vehicle(&self) -> &VehicleParameters {
        &self.params.vehicle
    }
}

fn lookup<'a, T>(map: &'a BTreeMap<String, T>, name: &str, kind: &'static str) -> Result<&'a T> {
    map.get(name).ok_or_else(|| Error::UnknownName {
        kind,
        name: name.to_owned(),
        known: map.keys().cloned().collect::<Vec<_>>().join(", "),
    })
}

#[cfg(test)]
mod tests {
    use super::super::builtin;

    #[test]
    fn unknown_cell_lists_the_known_ones() {
        let err = builtin::data().unwrap().cell("nmc999").unwrap_err().to_string();
        assert!(err.contains("unknown cost cell `nmc999`") && err.contains("lfp_prismatic_blade"), "{err}");
    }

    #[test]
    fn every_library_cell_has_a_cost_entry() {
        let data = builtin::data().unwrap();
        for name in crate::battery::cell::builtin_cell_names() {
            assert!(data.cell(name).is_ok(), "{name}");
        }
    }
}
