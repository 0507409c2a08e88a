//! Validation checks: the model against published figures (`data/cost/validation.toml`).
//!
//! Market averages are modelled as a volume-weighted mean over regions and chemistries:
//!
//! ```text
//! avg = Σ_r Σ_c w_rc · pack_USD/kWh(design_c, deck year-r) / Σ w_rc
//! w_r,lfp = share_r · lfp_share_r,   w_r,nmc = share_r · (1 − lfp_share_r)
//! ```
//!
//! with one representative design per chemistry (`[designs]`) and the mix of `[[mix]]` (assumptions). A check
//! is either such an average, a ratio of two averages (the Europe/China gap), or one pack at one scenario
//! (the BatPaC calibration). Survey prices are contract prices that follow spot commodity prices with a
//! lag: market averages use commodity prices `(1 − λ)·p(year) + λ·p(year − 1)` with λ =
//! `commodity_lag_weight` of the validation file (an assumption; regional inputs are not lagged); checks
//! of spot figures (`spot = true`) use λ = 0. The relative error (model − reference)/reference must be within the tolerance.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::data::CostData;
use super::model::CostModel;
use super::pack::PackSpec;
use super::prices::{PriceTable, Prices, Scenario};
use crate::error::{Error, Result, check, parse_toml};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Design {
    cell: String,
    pack: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MixRow {
    year: u16,
    region: String,
    share: f64,
    lfp_share: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Filter {
    regions: Vec<String>,
    chemistries: Vec<String>,
}

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum CheckKind {
    Average {
        year: u16,
        filter: Filter,
        /// A spot-price figure: commodity prices of the year itself, without contract lag.
        #[serde(default)]
        spot: bool,
    },
    Ratio {
        year: u16,
        numerator: Filter,
        denominator: Filter,
    },
    Pack {
        scenario: String,
        cell: String,
        pack: String,
    },
}

// No `deny_unknown_fields` here: serde cannot combine it with `flatten`; the flattened enum denies them.
#[derive(Deserialize)]
struct CheckSpec {
    name: String,
    reference: f64,
    unit: String,
    tolerance: f64,
    source: String,
    #[serde(flatten)]
    kind: CheckKind,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidationSpec {
    commodity_lag_weight: f64,
    designs: BTreeMap<String, Design>,
    mix: Vec<MixRow>,
    check: Vec<CheckSpec>,
}

/// The result of one check.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CheckResult {
    /// What is checked.
    pub name: String,
    /// Model value.
    pub model: f64,
    /// Published value.
    pub reference: f64,
    /// Unit of both values.
    pub unit: String,
    /// Allowed relative error (0.15 = ±15 %).
    pub tolerance: f64,
    /// Where the reference comes from.
    pub source: String,
}

impl CheckResult {
    /// Relative error (model − reference)/reference.
    pub fn error(&self) -> f64 {
        (self.model - self.reference) / self.reference
    }

    /// True when |error| ≤ tolerance.
    pub fn passes(&self) -> bool {
        self.error().abs() <= self.tolerance
    }
}

/// Everything a check needs to cost designs.
pub struct Library<'a> {
    /// Cells and parameters.
    pub data: &'a CostData,
    /// Price table.
    pub prices: &'a PriceTable,
    /// Pack lookup by name.
    pub pack: &'a dyn Fn(&str) -> Result<PackSpec>,
}

/// Run every check of the validation file `text`.
pub fn run(library: &Library, text: &str, origin: &str) -> Result<Vec<CheckResult>> {
    let spec: ValidationSpec = parse_toml(text, origin)?;
    check::in_range(origin, "commodity_lag_weight", spec.commodity_lag_weight, 0.0, 1.0)?;
    spec.check
        .iter()
        .map(|check| {
            let model = match &check.kind {
                CheckKind::Average { year, filter, spot } => {
                    let lag = if *spot { 0.0 } else { spec.commodity_lag_weight };
                    average(library, &spec, *year, filter, lag, origin)?
                }
                CheckKind::Ratio { year, numerator, denominator } => {
                    let lag = spec.commodity_lag_weight;
                    average(library, &spec, *year, numerator, lag, origin)?
                        / average(library, &spec, *year, denominator, lag, origin)?
                }
                CheckKind::Pack { scenario, cell, pack } => {
                    let prices = library.prices.deck(&Scenario::parse(scenario)?, "price table")?.prices;
                    pack_usd_per_kwh(library, &prices, cell, pack)?
                }
            };
            Ok(CheckResult {
                name: check.name.clone(),
                model,
                reference: check.reference,
                unit: check.unit.clone(),
                tolerance: check.tolerance,
                source: check.source.clone(),
            })
        })
        .collect()
}

fn pack_usd_per_kwh(library: &Library, prices: &Prices, cell: &str, pack: &str) -> Result<f64> {
    let model = CostModel::new(library.data, cell, &(library.pack)(pack)?, pack)?;
    Ok(model.evaluate(prices).pack.usd_per_kwh)
}

fn average(
    library: &Library,
    spec: &ValidationSpec,
    year: u16,
    filter: &Filter,
    lag: f64,
    origin: &str,
) -> Result<f64> {
    let mut weighted = 0.0;
    let mut weights = 0.0;
    for row in spec.mix.iter().filter(|r| r.year == year && filter.regions.contains(&r.region)) {
        let deck = |year: u16| library.prices.deck(&Scenario { year, region: row.region.clone() }, "price table");
        let prices = deck(year)?.prices.with_lagged_commodities(&deck(year - 1)?.prices, lag);
        for chemistry in &filter.chemistries {
            let weight = match chemistry.as_str() {
                "lfp" => row.share * row.lfp_share,
                _ => row.share * (1.0 - row.lfp_share),
            };
            let design = spec.designs.get(chemistry).ok_or_else(|| {
                Error::field(origin, "check.filter.chemistries", chemistry, "must name a table of [designs]")
            })?;
            weighted += weight * pack_usd_per_kwh(library, &prices, &design.cell, &design.pack)?;
            weights += weight;
        }
    }
    if weights <= 0.0 {
        return Err(Error::InvalidTable {
            origin: origin.to_owned(),
            problem: format!("no market mix for {year} in {:?}", filter.regions),
        });
    }
    Ok(weighted / weights)
}
