//! The cost data compiled into the binary, from `data/cost/` and `data/prices/` (sources inside each file).

use super::data::{CostData, CostDataSources, Source};
use super::pack::PackSpec;
use super::prices::{Deck, PriceTable, Scenario};
use super::validate::{self, CheckResult, Library};
use crate::error::Result;

macro_rules! data_file {
    ($path:literal) => {
        Source { text: include_str!(concat!("../../../../data/", $path)), origin: concat!("data/", $path) }
    };
}

const SOURCES: CostDataSources<'static> = CostDataSources {
    chemistry: data_file!("cost/chemistry.toml"),
    cells: data_file!("cost/cells.toml"),
    materials: data_file!("cost/materials.toml"),
    manufacturing: data_file!("cost/manufacturing.toml"),
    processes: data_file!("cost/processes.csv"),
    pack: data_file!("cost/pack.toml"),
    vehicle: data_file!("cost/vehicle.toml"),
};

const PRICE_FILES: [Source<'static>; 2] = [data_file!("prices/commodities.csv"), data_file!("prices/regions.csv")];

const VALIDATION: Source<'static> = data_file!("cost/validation.toml");

/// Built-in packs: name and TOML text.
const PACKS: [(&str, Source<'static>); 5] = [
    ("batpac_id4", data_file!("cost/packs/batpac_id4.toml")),
    ("market_lfp", data_file!("cost/packs/market_lfp.toml")),
    ("market_nmc", data_file!("cost/packs/market_nmc.toml")),
    ("b_segment_ctp", data_file!("cost/packs/b_segment_ctp.toml")),
    ("c_segment_modules", data_file!("cost/packs/c_segment_modules.toml")),
];

/// The texts of the built-in parameter library (replace one to use a file of your own).
pub fn sources() -> CostDataSources<'static> {
    SOURCES
}

/// The built-in parameter library.
pub fn data() -> Result<CostData> {
    CostData::parse(&SOURCES)
}

/// The built-in price table (commodities and regions).
pub fn price_table() -> Result<PriceTable> {
    let mut table = PriceTable::default();
    for file in PRICE_FILES {
        table.extend(PriceTable::from_csv(file.text, file.origin)?);
    }
    Ok(table)
}

/// The built-in deck of a scenario written `YEAR-REGION`.
pub fn deck(scenario: &str) -> Result<Deck> {
    price_table()?.deck(&Scenario::parse(scenario)?, "data/prices")
}

/// Names of the built-in packs.
pub fn pack_names() -> impl Iterator<Item = &'static str> {
    PACKS.iter().map(|(name, _)| *name)
}

/// A built-in pack by name.
pub fn pack_spec(name: &str) -> Result<PackSpec> {
    let source = crate::error::lookup(&PACKS, "pack", name)?;
    PackSpec::from_toml(source.text, source.origin)
}

/// Run the built-in validation checks with the built-in data.
pub fn validation() -> Result<Vec<CheckResult>> {
    let data = data()?;
    let prices = price_table()?;
    let library = Library { data: &data, prices: &prices, pack: &pack_spec };
    validate::run(&library, VALIDATION.text, VALIDATION.origin)
}

/// Path of the built-in validation file, as printed with the checks.
pub const VALIDATION_ORIGIN: &str = VALIDATION.origin;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_pack_parses() {
        for name in pack_names() {
            pack_spec(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn required_scenarios_resolve() {
        for year in [2024, 2026, 2028] {
            for region in ["china", "eu", "us"] {
                deck(&format!("{year}-{region}")).unwrap_or_else(|e| panic!("{year}-{region}: {e}"));
            }
        }
    }
}
