//! Price decks: the scenario inputs of the cost model (commodity prices by year, factor prices by region).
//!
//! A price table is CSV with columns `year,region,key,value,status,source`. Commodity keys use region `all`;
//! regional keys (`labour_usd_per_h`, …) name a region (`china`, `eu`, `us`, …). A row holds *from* its year
//! on: the deck of scenario `2028-eu` takes, for every key, the row of region `eu` (or `all`) with the latest
//! year ≤ 2028. `status` is `data` (quoted by the source), `derived` (computed from quoted figures, formula
//! in the source column) or `assumption`. Money is in US dollars of the row's year (no inflation adjustment).
//!
//! Evaluation reads a [`Prices`] (a fixed array indexed by [`PriceKey`]), so it never allocates.

use serde::Deserialize;

use crate::error::{Error, Format, Result};

/// Every input a price deck sets, one per key. Names carry their unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceKey {
    /// Battery-grade lithium carbonate, USD/t.
    LithiumCarbonate,
    /// Battery-grade lithium hydroxide monohydrate, USD/t.
    LithiumHydroxide,
    /// Nickel (LME class 1), USD/t.
    Nickel,
    /// Cobalt metal, USD/t.
    Cobalt,
    /// Manganese (electrolytic metal equivalent), USD/t.
    Manganese,
    /// Iron phosphate (FePO₄) precursor, USD/t.
    IronPhosphate,
    /// Soda ash (Na₂CO₃), USD/t.
    SodaAsh,
    /// Anode graphite (natural/synthetic blend), USD/kg.
    Graphite,
    /// Index of non-commodity battery materials and cathode processing relative to BatPaC v5 defaults (1 = BatPaC).
    OtherMaterialsIndex,
    /// Fully loaded direct labour, USD/h.
    Labour,
    /// Land and building, USD/m².
    LandBuilding,
    /// Industrial electricity, USD/kWh.
    Electricity,
    /// Equipment capital relative to BatPaC's US baseline (1 = BatPaC).
    CapitalCostFactor,
    /// Purchased materials and hardware relative to BatPaC's US prices (1 = BatPaC).
    MaterialPriceFactor,
    /// Purchased vehicle parts relative to the EU parameter set (1 = EU).
    VehiclePartsPriceFactor,
    /// Cell plant output, GWh/yr of good cells.
    CellPlantGwh,
    /// Fraction of cells made that are scrapped, 0–0.9.
    CellScrapRate,
}

/// Number of [`PriceKey`]s.
pub const N_PRICE_KEYS: usize = 17;

impl PriceKey {
    /// Every key, in deck order.
    pub const ALL: [PriceKey; N_PRICE_KEYS] = [
        PriceKey::LithiumCarbonate,
        PriceKey::LithiumHydroxide,
        PriceKey::Nickel,
        PriceKey::Cobalt,
        PriceKey::Manganese,
        PriceKey::IronPhosphate,
        PriceKey::SodaAsh,
        PriceKey::Graphite,
        PriceKey::OtherMaterialsIndex,
        PriceKey::Labour,
        PriceKey::LandBuilding,
        PriceKey::Electricity,
        PriceKey::CapitalCostFactor,
        PriceKey::MaterialPriceFactor,
        PriceKey::VehiclePartsPriceFactor,
        PriceKey::CellPlantGwh,
        PriceKey::CellScrapRate,
    ];

    /// The key as written in files and on the command line (with its unit).
    pub fn name(self) -> &'static str {
        match self {
            PriceKey::LithiumCarbonate => "lithium_carbonate_usd_per_t",
            PriceKey::LithiumHydroxide => "lithium_hydroxide_usd_per_t",
            PriceKey::Nickel => "nickel_usd_per_t",
            PriceKey::Cobalt => "cobalt_usd_per_t",
            PriceKey::Manganese => "manganese_usd_per_t",
            PriceKey::IronPhosphate => "iron_phosphate_usd_per_t",
            PriceKey::SodaAsh => "soda_ash_usd_per_t",
            PriceKey::Graphite => "graphite_usd_per_kg",
            PriceKey::OtherMaterialsIndex => "other_materials_index",
            PriceKey::Labour => "labour_usd_per_h",
            PriceKey::LandBuilding => "land_building_usd_per_m2",
            PriceKey::Electricity => "electricity_usd_per_kwh",
            PriceKey::CapitalCostFactor => "capital_cost_factor",
            PriceKey::MaterialPriceFactor => "material_price_factor",
            PriceKey::VehiclePartsPriceFactor => "vehicle_parts_price_factor",
            PriceKey::CellPlantGwh => "cell_plant_gwh_per_year",
            PriceKey::CellScrapRate => "cell_scrap_rate",
        }
    }

    /// Look a key up by its name.
    pub fn from_name(name: &str) -> Result<PriceKey> {
        PriceKey::ALL.into_iter().find(|k| k.name() == name).ok_or_else(|| Error::UnknownName {
            kind: "price key",
            name: name.to_owned(),
            known: PriceKey::ALL.map(PriceKey::name).join(", "),
        })
    }

    /// True for keys that are the same in every region (commodities, written with region `all`).
    pub fn is_global(self) -> bool {
        (self as usize) <= PriceKey::OtherMaterialsIndex as usize
    }

    /// Validate a value for this key, naming `origin` and `field` in the error.
    pub fn check(self, origin: &str, field: &str, value: f64) -> Result<f64> {
        use crate::error::check;
        match self {
            PriceKey::CellScrapRate => check::in_range(origin, field, value, 0.0, 0.9),
            PriceKey::Electricity => check::non_negative(origin, field, value),
            _ => check::positive(origin, field, value),
        }
    }
}

/// One value of every [`PriceKey`]: what the model evaluates with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prices {
    values: [f64; N_PRICE_KEYS],
}

impl Prices {
    /// The value of `key`, in the unit its name states.
    pub fn get(&self, key: PriceKey) -> f64 {
        self.values[key as usize]
    }

    /// Set `key` to `value` after checking its range; `origin` names where the value came from.
    pub fn set(&mut self, key: PriceKey, value: f64, origin: &str) -> Result<()> {
        self.values[key as usize] = key.check(origin, key.name(), value)?;
        Ok(())
    }

    /// Apply a `key=value` override as typed on the command line.
    pub fn set_from_text(&mut self, assignment: &str) -> Result<()> {
        let origin = "--set";
        let (name, value_text) = assignment
            .split_once('=')
            .ok_or_else(|| Error::field(origin, assignment, "(no `=`)", "must be written key=value"))?;
        let key = PriceKey::from_name(name.trim())?;
        let value: f64 =
            value_text.trim().parse().map_err(|_| Error::field(origin, key.name(), value_text, "must be a number"))?;
        self.set(key, value, origin)
    }

    /// A copy whose commodity (global) prices are `(1 − weight)·self + weight·previous`: what buyers pay when
    /// contracts follow spot prices with a lag (regional inputs are kept).
    pub fn with_lagged_commodities(&self, previous: &Prices, weight: f64) -> Prices {
        let mut out = *self;
        for key in PriceKey::ALL.into_iter().filter(|k| k.is_global()) {
            let idx = key as usize;
            out.values[idx] = (1.0 - weight) * self.values[idx] + weight * previous.values[idx];
        }
        out
    }

    /// A copy with `key` multiplied by `factor` (for sensitivity studies; the caller keeps it in range).
    pub fn scaled(&self, key: PriceKey, factor: f64) -> Prices {
        let mut out = *self;
        out.values[key as usize] *= factor;
        out
    }
}

/// How a price row was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Quoted by the source.
    Data,
    /// Computed from quoted figures (formula in the source column).
    Derived,
    /// Not found in a source: an explicit assumption.
    Assumption,
}

/// A value of a deck with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct PricedValue {
    /// The value, in the unit of its key.
    pub value: f64,
    /// Year of the row it came from (≤ the scenario year).
    pub year: u16,
    /// How it was obtained.
    pub status: Status,
    /// Source text of the row.
    pub source: String,
}

/// A scenario: year and region, written `2028-eu`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// Calendar year the prices refer to.
    pub year: u16,
    /// Region name as used in the price table (`china`, `eu`, `us`, …).
    pub region: String,
}

impl Scenario {
    /// Parse `YEAR-REGION`, e.g. `2028-eu`.
    pub fn parse(text: &str) -> Result<Scenario> {
        let bad = || Error::field("--scenario", "scenario", text, "must be YEAR-REGION, e.g. 2028-eu");
        let (year, region) = text.split_once('-').ok_or_else(bad)?;
        let year: u16 = year.parse().map_err(|_| bad())?;
        if region.is_empty() {
            return Err(bad());
        }
        Ok(Scenario { year, region: region.to_owned() })
    }
}

/// A resolved deck: prices for one scenario plus the provenance of each.
#[derive(Debug, Clone)]
pub struct Deck {
    /// The values, ready for evaluation.
    pub prices: Prices,
    /// Where each value came from, in [`PriceKey::ALL`] order.
    pub provenance: Vec<PricedValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PriceRow {
    year: u16,
    region: String,
    key: String,
    value: f64,
    status: Status,
    source: String,
}

/// One checked row of a price table.
#[derive(Debug, Clone)]
struct PriceRecord {
    region: String,
    key: PriceKey,
    value: PricedValue,
}

/// All rows of one or more price files.
#[derive(Debug, Clone, Default)]
pub struct PriceTable {
    records: Vec<PriceRecord>,
}

impl PriceTable {
    /// Parse a price CSV; `origin` (the file path or built-in name) is named in errors.
    pub fn from_csv(text: &str, origin: &str) -> Result<PriceTable> {
        let mut reader =
            csv::ReaderBuilder::new().trim(csv::Trim::All).comment(Some(b'#')).from_reader(text.as_bytes());
        let mut records = Vec::new();
        for (row_idx, row) in reader.deserialize::<PriceRow>().enumerate() {
            let row = row.map_err(|e| Error::Syntax {
                origin: origin.to_owned(),
                format: Format::Csv,
                message: e.to_string(),
            })?;
            records.push(record(row, origin, row_idx + 2)?);
        }
        if records.is_empty() {
            return Err(Error::InvalidTable { origin: origin.to_owned(), problem: "no price rows".into() });
        }
        Ok(PriceTable { records })
    }

    /// Add the rows of `other` (for a later lookup they count like rows of this table).
    pub fn extend(&mut self, other: PriceTable) {
        self.records.extend(other.records);
    }

    /// Regions named in the table (excluding `all`), sorted, without repeats.
    pub fn regions(&self) -> Vec<&str> {
        let mut regions: Vec<&str> =
            self.records.iter().map(|r| r.region.as_str()).filter(|r| *r != GLOBAL_REGION).collect();
        regions.sort_unstable();
        regions.dedup();
        regions
    }

    /// Resolve the deck of `scenario`: for each key the latest row at or before the scenario year.
    pub fn deck(&self, scenario: &Scenario, origin: &str) -> Result<Deck> {
        if !self.regions().contains(&scenario.region.as_str()) {
            return Err(Error::UnknownName {
                kind: "price region",
                name: scenario.region.clone(),
                known: self.regions().join(", "),
            });
        }
        let mut values = [0.0; N_PRICE_KEYS];
        let mut provenance = Vec::with_capacity(N_PRICE_KEYS);
        for key in PriceKey::ALL {
            let region = if key.is_global() { GLOBAL_REGION } else { scenario.region.as_str() };
            let found = self
                .records
                .iter()
                .filter(|r| r.key == key && r.region == region && r.value.year <= scenario.year)
                .max_by_key(|r| r.value.year)
                .ok_or_else(|| Error::InvalidTable {
                    origin: origin.to_owned(),
                    problem: format!("no `{}` for region `{region}` in or before {}", key.name(), scenario.year),
                })?;
            values[key as usize] = found.value.value;
            provenance.push(found.value.clone());
        }
        Ok(Deck { prices: Prices { values }, provenance })
    }
}

/// Region name of rows that hold in every region.
pub const GLOBAL_REGION: &str = "all";

fn record(row: PriceRow, origin: &str, line: usize) -> Result<PriceRecord> {
    let bad_row = |column: &str, problem: String| Error::InvalidRow {
        origin: origin.to_owned(),
        row: line,
        column: column.to_owned(),
        problem,
    };
    let key = PriceKey::from_name(&row.key).map_err(|e| bad_row("key", e.to_string()))?;
    if key.is_global() != (row.region == GLOBAL_REGION) {
        let want = if key.is_global() { "must be `all` (a commodity price)" } else { "must name a region, not `all`" };
        return Err(bad_row("region", format!("`{}` for `{}` {want}", row.region, key.name())));
    }
    let value = key.check(origin, key.name(), row.value).map_err(|e| bad_row("value", e.to_string()))?;
    if row.source.is_empty() {
        return Err(bad_row("source", "must not be empty".into()));
    }
    Ok(PriceRecord {
        region: row.region,
        key,
        value: PricedValue { value, year: row.year, status: row.status, source: row.source },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> PriceTable {
        let mut text = String::from("year,region,key,value,status,source\n");
        for key in PriceKey::ALL {
            let region = if key.is_global() { "all" } else { "eu" };
            text.push_str(&format!("2024,{region},{},0.1,data,test\n", key.name()));
        }
        text.push_str("2026,all,lithium_carbonate_usd_per_t,20000,assumption,test\n");
        PriceTable::from_csv(&text, "t.csv").unwrap()
    }

    #[test]
    fn latest_row_at_or_before_the_year_wins() {
        let t = table();
        let deck_2025 = t.deck(&Scenario::parse("2025-eu").unwrap(), "t").unwrap();
        assert_eq!(deck_2025.prices.get(PriceKey::LithiumCarbonate), 0.1);
        let deck_2028 = t.deck(&Scenario::parse("2028-eu").unwrap(), "t").unwrap();
        assert_eq!(deck_2028.prices.get(PriceKey::LithiumCarbonate), 20000.0);
        assert_eq!(deck_2028.provenance[0].status, Status::Assumption);
    }

    #[test]
    fn missing_year_is_an_error_naming_the_key() {
        let err = table().deck(&Scenario::parse("2023-eu").unwrap(), "t").unwrap_err().to_string();
        assert!(err.contains("no `lithium_carbonate_usd_per_t` for region `all` in or before 2023"), "{err}");
    }

    #[test]
    fn unknown_region_lists_known_ones() {
        let err = table().deck(&Scenario::parse("2024-mars").unwrap(), "t").unwrap_err().to_string();
        assert!(err.contains("unknown price region `mars`") && err.contains("eu"), "{err}");
    }

    #[test]
    fn set_from_text_checks_key_and_range() {
        let mut prices = table().deck(&Scenario::parse("2024-eu").unwrap(), "t").unwrap().prices;
        prices.set_from_text("cobalt_usd_per_t=30000").unwrap();
        assert_eq!(prices.get(PriceKey::Cobalt), 30000.0);
        let err = prices.set_from_text("cell_scrap_rate=1.5").unwrap_err().to_string();
        assert!(err.contains("`cell_scrap_rate` = 1.5: must be in [0, 0.9]"), "{err}");
        let err = prices.set_from_text("unobtainium_usd_per_t=1").unwrap_err().to_string();
        assert!(err.contains("unknown price key `unobtainium_usd_per_t`"), "{err}");
        let err = prices.set_from_text("cobalt_usd_per_t").unwrap_err().to_string();
        assert!(err.contains("must be written key=value"), "{err}");
    }

    #[test]
    fn commodity_row_with_a_region_is_refused() {
        let text = "year,region,key,value,status,source\n2024,eu,nickel_usd_per_t,1,data,x\n";
        let err = PriceTable::from_csv(text, "p.csv").unwrap_err().to_string();
        assert!(err.contains("p.csv: row 2, column `region`") && err.contains("must be `all`"), "{err}");
    }

    #[test]
    fn bad_scenario_text_is_refused() {
        let err = Scenario::parse("eu2028").unwrap_err().to_string();
        assert!(err.contains("must be YEAR-REGION"), "{err}");
    }
}
