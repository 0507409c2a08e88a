//! The comparison study behind `ampere compare`: every model of ampere run on every vehicle of a study, one
//! [`Row`] per vehicle with each number and where it comes from.
//!
//! Per vehicle (in parallel across vehicles, rayon; the result order is the study's):
//! * WLTP range and consumption at the wall: [`ampere_core::procedure::wltp::run`] (shortened test).
//! * 10→80 % DC session and the power-vs-SOC curve: [`ampere_core::charging::charge`] with the study charger.
//! * Pack, pack cost and vehicle cost: [`ampere_core::cost::CostModel`] at the vehicle's price scenario.
//! * SOH over years, at 8 years/160,000 km and Euro 7: [`ampere_core::ageing::scenario::run`] with the
//!   cell's mapped ageing model, the study usage and climate, energy per km from the vehicle engine.
//! * Official figures from the vehicle file's `[official]` table, citing its `[source]` entry.
//!
//! A number that a model cannot produce for a vehicle (no cell known for an energy-store battery, no segment
//! for the glider cost, …) is a [`Figure`] without value whose source says "not modelled yet" and why; a
//! figure the maker does not publish says "not published". Nothing is filled in.

mod spec;
mod vehicle;

use std::collections::BTreeMap;

use ampere_core::ageing::climate::Climate;
use ampere_core::ageing::usage::UsageProfile;
use ampere_core::cost::CostData;
use ampere_core::cost::prices::Deck;
use ampere_core::cycle::DriveCycle;
use ampere_core::error::Result;
use ampere_core::vehicle::VehicleSpec;
use rayon::prelude::*;
use serde::Serialize;

pub use spec::{AgeingSpec, ChargingSpec, DEFAULT_STUDY, DEFAULT_STUDY_ORIGIN, EntrySpec, PlantSpec, StudySpec};
pub use vehicle::{CHARGE_FROM_SOC, CHARGE_TO_SOC};

/// One number with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The value in the unit of its key; `None` when not published or not modelled.
    pub value: Option<f64>,
    /// `official: <file> [source].<key>: <citation>`, `model: <which model and inputs>`, `not published`,
    /// or `not modelled yet: <reason>`.
    pub source: String,
}

impl Figure {
    /// A model result; a non-finite value (which a model should never give) becomes "not modelled yet".
    pub fn model(value: f64, model: impl std::fmt::Display) -> Figure {
        if value.is_finite() {
            Figure { value: Some(value), source: format!("model: {model}") }
        } else {
            Figure::not_modelled(format!("{model} gave a non-finite value"))
        }
    }

    /// A published figure, or "not published" without one.
    pub fn official(value: Option<f64>, citation: &str) -> Figure {
        match value {
            Some(v) if v.is_finite() => Figure { value: Some(v), source: format!("official: {citation}") },
            _ => Figure { value: None, source: "not published".into() },
        }
    }

    /// A number ampere cannot compute yet for this vehicle, and why.
    pub fn not_modelled(reason: impl std::fmt::Display) -> Figure {
        Figure { value: None, source: format!("not modelled yet: {reason}") }
    }
}

/// A text attribute (chemistry, cell) with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Label {
    /// The text; `None` when unknown.
    pub text: Option<String>,
    /// Where it comes from, as for [`Figure::source`].
    pub source: String,
}

/// Euro 7 battery-durability verdict (both points for cars: 80 % at 5 years/100,000 km, 72 % at 8
/// years/160,000 km, whichever first).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// Pass or fail; `None` when not modelled.
    pub pass: Option<bool>,
    /// The model and inputs, or why there is no verdict.
    pub source: String,
}

/// One point of the DC charging curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ChargePoint {
    /// Displayed SOC, %.
    pub soc_percent: f64,
    /// Power into the battery, kW.
    pub power_kw: f64,
}

/// State of health at the end of a year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SohPoint {
    /// Age, years.
    pub years: f64,
    /// Relative capacity, %.
    pub soh_percent: f64,
}

/// Everything the study says about one vehicle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Built-in name or file stem.
    pub id: String,
    /// Display name from the vehicle file.
    pub name: String,
    /// Short name for charts.
    pub label: String,
    /// Legend group.
    pub group: String,
    /// The vehicle file (built-in data path or the user's file).
    pub origin: String,
    /// `energy store` or `ECM pack (<cell> <s>s<p>p, <integration>)`.
    pub battery_model: String,
    /// Cost scenario `YEAR-REGION`.
    pub scenario: String,
    /// WLTC class the WLTP procedure selected.
    pub wltc_class: String,
    /// Simulated WLTP test mass, kg.
    pub test_mass_kg: Figure,
    /// Simulated WLTP combined range, km.
    pub wltp_range_km: Figure,
    /// Published WLTP combined range, km.
    pub official_wltp_range_km: Figure,
    /// Simulated WLTP combined consumption at the wall, Wh/km.
    pub wltp_consumption_wh_per_km: Figure,
    /// Published WLTP combined consumption at the wall, Wh/km.
    pub official_wltp_consumption_wh_per_km: Figure,
    /// Simulated DC charging time from 10 % to 80 % displayed SOC, min.
    pub charge_10_80_min: Figure,
    /// Published DC charging time, min, over [`Row::official_charge_window`].
    pub official_charge_min: Figure,
    /// SOC window of the published charging time.
    pub official_charge_window: Option<String>,
    /// Highest simulated DC charging power, kW.
    pub peak_charge_power_kw: Figure,
    /// Pack energy (gross), kWh.
    pub pack_energy_kwh: Figure,
    /// Cell chemistry.
    pub chemistry: Label,
    /// Library cell the battery, cost and ageing models use.
    pub cell: Label,
    /// Pack cost per kWh of the cost model's pack, USD/kWh.
    pub pack_usd_per_kwh: Figure,
    /// Pack cost, USD.
    pub pack_cost_usd: Figure,
    /// Vehicle manufacturing cost, USD.
    pub vehicle_cost_usd: Figure,
    /// Modelled price before tax (cost plus margin), USD.
    pub model_price_usd: Figure,
    /// Published list price, EUR.
    pub list_price_eur: Figure,
    /// Published list price, CNY.
    pub list_price_cny: Figure,
    /// Published list price, USD.
    pub list_price_usd: Figure,
    /// Relative capacity at the Euro 7 end point (8 years or 160,000 km, whichever first), %.
    pub soh_8y_160000km_percent: Figure,
    /// Euro 7 verdict.
    pub euro7: Verdict,
    /// DC charging power against displayed SOC, every 1 % (empty when not modelled).
    pub charge_curve: Vec<ChargePoint>,
    /// SOH at the end of each year (year 0 = 100 %; empty when not modelled).
    pub soh_curve: Vec<SohPoint>,
    /// Vehicle cost breakdown, USD (when modelled).
    pub cost_breakdown: Option<ampere_core::cost::VehicleCost>,
    /// Things worth knowing about the numbers (the car cannot follow the trace, ageing inputs outside a model's
    /// tested range, …).
    pub notes: Vec<String>,
}

impl Row {
    /// Every numeric figure of the row with its key (the JSON/CSV name), in report order.
    pub fn figures(&self) -> [(&'static str, &Figure); 17] {
        [
            ("wltp_range_km", &self.wltp_range_km),
            ("official_wltp_range_km", &self.official_wltp_range_km),
            ("wltp_consumption_wh_per_km", &self.wltp_consumption_wh_per_km),
            ("official_wltp_consumption_wh_per_km", &self.official_wltp_consumption_wh_per_km),
            ("test_mass_kg", &self.test_mass_kg),
            ("charge_10_80_min", &self.charge_10_80_min),
            ("official_charge_min", &self.official_charge_min),
            ("peak_charge_power_kw", &self.peak_charge_power_kw),
            ("pack_energy_kwh", &self.pack_energy_kwh),
            ("pack_usd_per_kwh", &self.pack_usd_per_kwh),
            ("pack_cost_usd", &self.pack_cost_usd),
            ("vehicle_cost_usd", &self.vehicle_cost_usd),
            ("model_price_usd", &self.model_price_usd),
            ("list_price_eur", &self.list_price_eur),
            ("list_price_cny", &self.list_price_cny),
            ("list_price_usd", &self.list_price_usd),
            ("soh_8y_160000km_percent", &self.soh_8y_160000km_percent),
        ]
    }

    /// The figure of `key` (one of [`Row::figures`]).
    pub fn figure(&self, key: &str) -> Option<&Figure> {
        self.figures().into_iter().find(|(k, _)| *k == key).map(|(_, f)| f)
    }
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Study title.
    pub study: String,
    /// Study description.
    pub description: String,
    /// The study file.
    pub origin: String,
    /// Default cost scenario.
    pub scenario: String,
    /// Usage profile of the ageing runs.
    pub usage: String,
    /// Climate of the ageing runs.
    pub climate: String,
    /// Cycle mix of the ageing runs' energy per km.
    pub cycle_mix: BTreeMap<String, f64>,
    /// The DC charger.
    pub charging: ChargingSpec,
    /// The assembly plant.
    pub plant: PlantSpec,
    /// One row per vehicle, in study order.
    pub rows: Vec<Row>,
}

/// A vehicle of the study, read by the caller.
#[derive(Debug, Clone)]
pub struct StudyVehicle {
    /// The study entry.
    pub entry: EntrySpec,
    /// Built-in name or file stem.
    pub id: String,
    /// Where the vehicle spec came from (file path), for errors and provenance.
    pub origin: String,
    /// The spec.
    pub spec: VehicleSpec,
}

/// A study with every input resolved (the CLI reads the files; this crate does no I/O).
#[derive(Debug, Clone)]
pub struct Study {
    /// The study file.
    pub spec: StudySpec,
    /// Where it came from.
    pub origin: String,
    /// The vehicles, in study order.
    pub vehicles: Vec<StudyVehicle>,
    /// Usage profile for ageing.
    pub usage: UsageProfile,
    /// Climate for ageing.
    pub climate: Climate,
    /// Cycles of `spec.ageing.cycle_mix` with their shares.
    pub cycle_mix: Vec<(DriveCycle, f64)>,
    /// Cost parameter library.
    pub cost_data: CostData,
    /// Price deck of every scenario the study uses.
    pub decks: BTreeMap<String, Deck>,
}

impl Study {
    /// Assemble a study; price decks come from the built-in price table (`data/prices/`).
    pub fn new(
        spec: StudySpec,
        origin: &str,
        vehicles: Vec<StudyVehicle>,
        usage: UsageProfile,
        climate: Climate,
        cycle_mix: Vec<(DriveCycle, f64)>,
    ) -> Result<Study> {
        let table = ampere_core::cost::builtin::price_table()?;
        let mut decks = BTreeMap::new();
        for scenario in spec.scenarios() {
            let parsed = ampere_core::cost::Scenario::parse(&scenario).map_err(|e| {
                ampere_core::Error::field(origin, "scenario", &scenario, format!("{e} (the study or a vehicle entry)"))
            })?;
            decks.insert(scenario, table.deck(&parsed, "data/prices")?);
        }
        Ok(Study {
            spec,
            origin: origin.to_owned(),
            vehicles,
            usage,
            climate,
            cycle_mix,
            cost_data: ampere_core::cost::builtin::data()?,
            decks,
        })
    }

    /// Run every model on every vehicle (in parallel); rows come back in study order.
    pub fn run(&self) -> Result<Comparison> {
        let rows = self.vehicles.par_iter().map(|v| vehicle::compare(self, v)).collect::<Result<Vec<_>>>()?;
        let spec = &self.spec;
        Ok(Comparison {
            study: spec.name.clone(),
            description: spec.description.clone(),
            origin: self.origin.clone(),
            scenario: spec.scenario.clone(),
            usage: self.usage.name.clone(),
            climate: self.climate.name.clone(),
            cycle_mix: spec.ageing.cycle_mix.clone(),
            charging: spec.charging.clone(),
            plant: spec.plant,
            rows,
        })
    }
}
