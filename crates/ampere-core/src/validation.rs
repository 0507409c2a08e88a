//! Validation of the reference vehicles against their official WLTP figures.
//!
//! Each vehicle with a published WLTP range is driven through the WLTP procedure ([`wltp::run`], shortened
//! test) from its file as written, and its simulated range and consumption at the wall are compared with the
//! `[official]` figures. There is no per-vehicle correction: the files share one global calibration set
//! (aux power, driveline and battery efficiency, motor curve, effective rolling resistance, charger
//! conversion efficiency); the rolling resistance and the recharge power behind the wall figure
//! ([`crate::vehicle::RECHARGE_POWER_W`]) were fitted on the cars of [`FIT_SET`] and checked on all the others,
//! and the charger's no-load draw follows its class (`docs/models/vehicle-database.md`).
//!
//! Errors are relative, (simulated − official) / official. The consumption target of the reference
//! database is a mean absolute error of at most [`TARGET_MEAN_ABS_ERROR`] and no car beyond
//! [`TARGET_MAX_ABS_ERROR`].

use serde::Serialize;

use crate::error::Result;
use crate::procedure::wltp::{self, WltcClass, WltpOptions};
use crate::vehicle::{Vehicle, VehicleSpec};

/// The vehicles the global calibration was fitted on; every other vehicle is a check.
pub const FIT_SET: &[&str] = &["renault_5_e_tech_52kwh_110kw", "byd_dolphin_60kwh_150kw", "mg4_64kwh_nmc"];

/// Largest acceptable mean absolute relative error of the WLTP consumption at the wall.
pub const TARGET_MEAN_ABS_ERROR: f64 = 0.04;

/// Largest acceptable absolute relative error of any one car's WLTP consumption at the wall.
pub const TARGET_MAX_ABS_ERROR: f64 = 0.10;

/// Whether a vehicle took part in fitting the calibration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Used to fit the global calibration.
    Fit,
    /// Not used in the fit: an independent check.
    Check,
}

/// Simulated against official figures for one vehicle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidationRow {
    /// Built-in name (or file name) of the vehicle.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Fit or check.
    pub role: Role,
    /// WLTC class the car was tested on.
    pub class: WltcClass,
    /// Simulated range, km.
    pub range_km: f64,
    /// Official range, km.
    pub official_range_km: f64,
    /// (simulated − official) / official range.
    pub range_error: f64,
    /// Simulated consumption at the wall, Wh/km.
    pub consumption_wh_per_km: f64,
    /// Official consumption at the wall, Wh/km (not every car has one).
    pub official_consumption_wh_per_km: Option<f64>,
    /// (simulated − official) / official consumption.
    pub consumption_error: Option<f64>,
    /// Simulated DC consumption, Wh/km.
    pub dc_consumption_wh_per_km: f64,
    /// Distance the car fell short of the WLTC traces before break-off, m (non-zero: it cannot follow them).
    pub trace_shortfall_m: f64,
}

/// Error statistics over a set of rows.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ErrorStats {
    /// Number of cars.
    pub count: usize,
    /// Mean absolute relative error (0 when there are none).
    pub mean_abs_error: f64,
    /// Largest absolute relative error (0 when there are none).
    pub max_abs_error: f64,
}

impl ErrorStats {
    fn of(errors: impl Iterator<Item = f64>) -> Self {
        let (count, sum, max) = errors.fold((0, 0.0, 0.0_f64), |(n, s, m), e| (n + 1, s + e.abs(), m.max(e.abs())));
        ErrorStats { count, mean_abs_error: if count > 0 { sum / count as f64 } else { 0.0 }, max_abs_error: max }
    }
}

/// Simulated against official figures for a set of vehicles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidationReport {
    /// One row per vehicle with an official WLTP range.
    pub rows: Vec<ValidationRow>,
    /// Vehicles without an official WLTP range (not validated), by id.
    pub skipped: Vec<String>,
}

impl ValidationReport {
    /// Consumption errors of the rows with `role` (all rows when `None`).
    pub fn consumption_stats(&self, role: Option<Role>) -> ErrorStats {
        ErrorStats::of(self.rows_with(role).filter_map(|r| r.consumption_error))
    }

    /// Range errors of the rows with `role` (all rows when `None`).
    pub fn range_stats(&self, role: Option<Role>) -> ErrorStats {
        ErrorStats::of(self.rows_with(role).map(|r| r.range_error))
    }

    /// Whether the consumption errors meet the targets.
    pub fn meets_consumption_target(&self) -> bool {
        let stats = self.consumption_stats(None);
        stats.count > 0 && stats.mean_abs_error <= TARGET_MEAN_ABS_ERROR && stats.max_abs_error <= TARGET_MAX_ABS_ERROR
    }

    fn rows_with(&self, role: Option<Role>) -> impl Iterator<Item = &ValidationRow> {
        self.rows.iter().filter(move |r| role.is_none_or(|wanted| r.role == wanted))
    }
}

/// Run the WLTP procedure on every `(id, spec)` with an official WLTP range and compare.
pub fn validate(vehicles: &[(String, VehicleSpec)]) -> Result<ValidationReport> {
    let mut report = ValidationReport { rows: Vec::new(), skipped: Vec::new() };
    for (id, spec) in vehicles {
        match validate_one(id, spec)? {
            Some(row) => report.rows.push(row),
            None => report.skipped.push(id.clone()),
        }
    }
    Ok(report)
}

/// One vehicle; `None` when it has no official WLTP range.
pub fn validate_one(id: &str, spec: &VehicleSpec) -> Result<Option<ValidationRow>> {
    let official = spec.official.as_ref();
    let Some(official_range_km) = official.and_then(|o| o.wltp_range_km) else { return Ok(None) };
    let official_consumption = official.and_then(|o| o.wltp_consumption_wh_per_km);
    let vehicle = Vehicle::from_spec(spec, id)?;
    let result = wltp::run(&vehicle, &WltpOptions::default())?;
    let relative = |simulated: f64, official: f64| (simulated - official) / official;
    Ok(Some(ValidationRow {
        id: id.to_owned(),
        name: spec.name.clone(),
        role: if FIT_SET.contains(&id) { Role::Fit } else { Role::Check },
        class: result.class,
        range_km: result.range_km,
        official_range_km,
        range_error: relative(result.range_km, official_range_km),
        consumption_wh_per_km: result.ec_ac_wh_per_km,
        official_consumption_wh_per_km: official_consumption,
        consumption_error: official_consumption.map(|o| relative(result.ec_ac_wh_per_km, o)),
        dc_consumption_wh_per_km: result.ec_dc_wh_per_km,
        trace_shortfall_m: result.trace_miss.distance_short_m,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_of_nothing_are_zero() {
        let stats = ErrorStats::of(std::iter::empty());
        assert_eq!((stats.count, stats.mean_abs_error, stats.max_abs_error), (0, 0.0, 0.0));
    }

    #[test]
    fn stats_use_absolute_errors() {
        let stats = ErrorStats::of([0.02, -0.06].into_iter());
        assert_eq!(stats.count, 2);
        assert!((stats.mean_abs_error - 0.04).abs() < 1e-12);
        assert!((stats.max_abs_error - 0.06).abs() < 1e-12);
    }

    #[test]
    fn a_car_without_a_wltp_figure_is_skipped() {
        let spec = crate::vehicle::builtin::spec("byd_seagull_30kwh").unwrap();
        assert!(validate_one("byd_seagull_30kwh", &spec).unwrap().is_none());
    }
}
