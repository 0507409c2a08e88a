//! A whole ageing scenario: a cell's model, a usage profile, a climate and a vehicle, aged for some years and
//! assessed for durability. This is what `ampere age --cell … --usage … --climate …` runs.

use crate::ageing::climate::Climate;
use crate::ageing::driver::{AgeingResult, DriverMode, DriverOptions};
use crate::ageing::durability::{self, Durability, RangeBasis, Requirement};
use crate::ageing::model::AgeingModel;
use crate::ageing::series::Series;
use crate::ageing::usage::{UsageProfile, UsageVehicle};
use crate::error::{Result, check};

/// Inputs of a scenario.
#[derive(Debug, Clone)]
pub struct Scenario<'a> {
    /// The cell's ageing model.
    pub model: &'a AgeingModel,
    /// Multiplier on every fade increment (cell-to-pack or calibration factor; 1 = as published).
    pub degradation_scalar: f64,
    /// Driving and charging pattern.
    pub usage: &'a UsageProfile,
    /// Vehicle energy use and pack thermal model.
    pub vehicle: UsageVehicle,
    /// Where the car lives.
    pub climate: &'a Climate,
    /// Horizon, years.
    pub years: f64,
    /// Driver mode.
    pub mode: DriverMode,
    /// Warranty to check.
    pub warranty: Requirement,
}

/// Outputs of a scenario.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ScenarioResult {
    /// Model name.
    pub model: String,
    /// Usage profile name.
    pub usage: String,
    /// Climate name.
    pub climate: String,
    /// Distance per year, km.
    pub km_per_year: f64,
    /// Equivalent full cycles per year of the generated profile (new cell).
    pub efc_per_year: f64,
    /// Hours of DC fast charging per year.
    pub dc_charge_hours_per_year: usize,
    /// Mean cell temperature over the year, °C.
    pub mean_cell_temperature_degc: f64,
    /// The generated year of hourly SOC and cell temperature the driver repeats (not serialised: see
    /// [`Series::to_csv`]).
    #[serde(skip)]
    pub series: Series,
    /// Ageing trace and validity warnings.
    pub ageing: AgeingResult,
    /// SOH per year, milestones, Euro 7 and warranty checks.
    pub durability: Durability,
}

/// Generate the usage year, age the cell and assess it.
pub fn run(scenario: &Scenario<'_>) -> Result<ScenarioResult> {
    check::in_range("scenario", "years", scenario.years, 0.1, 50.0)?;
    check::in_range("scenario", "degradation_scalar", scenario.degradation_scalar, 0.0, 10.0)?;
    let year = scenario.usage.generate(&scenario.vehicle, scenario.climate, &scenario.usage.name)?;
    let options = DriverOptions {
        mode: scenario.mode,
        years: scenario.years,
        degradation_scalar: scenario.degradation_scalar,
        ..DriverOptions::default()
    };
    let ageing = scenario.model.simulate(&year.series, options)?;
    let range = RangeBasis {
        usable_energy_kwh: scenario.vehicle.usable_energy_kwh,
        energy_per_km_wh: scenario.vehicle.energy_per_km_wh,
    };
    let durability = durability::assess(&ageing.trace, year.distance_km, Some(range), scenario.warranty);
    let temperatures = year.series.temperature_degc();
    Ok(ScenarioResult {
        model: scenario.model.card().name.clone(),
        usage: scenario.usage.name.clone(),
        climate: scenario.climate.name.clone(),
        km_per_year: year.distance_km,
        efc_per_year: year.series.efc(),
        dc_charge_hours_per_year: year.dc_charge_hours,
        mean_cell_temperature_degc: temperatures.iter().sum::<f64>() / temperatures.len() as f64,
        series: year.series,
        ageing,
        durability,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ageing::durability::DEFAULT_WARRANTY;

    #[test]
    fn lfp_commuter_in_paris_keeps_most_capacity() {
        let model = AgeingModel::builtin("lfp_gr_250ah_prismatic").unwrap();
        let usage = UsageProfile::builtin("commuter").unwrap();
        let climate = Climate::builtin("paris").unwrap();
        let scenario = Scenario {
            model: &model,
            degradation_scalar: 1.0,
            usage: &usage,
            vehicle: UsageVehicle::default(),
            climate: &climate,
            years: 10.0,
            mode: DriverMode::Default,
            warranty: DEFAULT_WARRANTY,
        };
        let result = run(&scenario).unwrap();
        assert_eq!(result.durability.yearly.len(), 10);
        let q10 = result.durability.yearly[9].q;
        assert!((0.85..1.0).contains(&q10), "{q10}");
        assert_eq!(result.durability.euro7[1].pass, Some(true));
    }
}
