//! Ambient temperature of a place over a typical year, from monthly normals.
//!
//! `T_amb(t) = M(day) + ½·R(day)·cos(2π·(hour − 15)/24)`, where `M` and `R` are the monthly mean and mean
//! daily range (mean daily maximum − mean daily minimum) interpolated linearly between mid-month days (cyclic
//! over a 365-day year), and the daily maximum falls at 15:00 local time. Built-in cities live in
//! `data/climates/*.toml`, each with its source; a user climate is a TOML file of the same shape or a CSV with
//! columns `month,mean_degc,daily_range_degc` (12 rows, months 1–12).

use serde::Deserialize;

use crate::ageing::embedded::{self, embedded_toml};
use crate::ageing::series::row_error;
use crate::error::{Error, Result, check, parse_toml};

embedded_toml!(CLIMATES, "climates", ["oslo", "paris", "madrid", "shenzhen", "beijing"]);

/// Day of the year (0-based, 365-day year) at the middle of each month.
const MID_MONTH_DAY: [f64; 12] = [15.0, 45.0, 74.0, 104.0, 135.0, 165.0, 196.0, 227.0, 257.0, 288.0, 318.0, 349.0];

/// Hour of the daily maximum temperature.
const HOUR_OF_MAXIMUM: f64 = 15.0;

/// A validated climate.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Climate {
    /// Short name, e.g. `oslo`.
    pub name: String,
    /// Where the numbers come from.
    pub source: String,
    /// Monthly mean air temperature, °C (January first).
    pub monthly_mean_degc: [f64; 12],
    /// Monthly mean daily temperature range, K (January first).
    pub monthly_daily_range_degc: [f64; 12],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClimateFile {
    name: String,
    #[serde(default)]
    station: String,
    source: String,
    monthly_mean_degc: [f64; 12],
    monthly_daily_range_degc: [f64; 12],
}

impl Climate {
    /// Validate monthly values: means in −50…50 °C, ranges in 0…30 K.
    pub fn new(name: &str, source: &str, mean: [f64; 12], range: [f64; 12], origin: &str) -> Result<Self> {
        for month in 0..12 {
            check::in_range(origin, &format!("monthly_mean_degc[{month}]"), mean[month], -50.0, 50.0)?;
            check::in_range(origin, &format!("monthly_daily_range_degc[{month}]"), range[month], 0.0, 30.0)?;
        }
        Ok(Climate {
            name: name.to_owned(),
            source: source.to_owned(),
            monthly_mean_degc: mean,
            monthly_daily_range_degc: range,
        })
    }

    /// Parse a climate TOML file.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self> {
        let file: ClimateFile = parse_toml(text, origin)?;
        let source = if file.station.is_empty() { file.source } else { format!("{} ({})", file.source, file.station) };
        Climate::new(&file.name, &source, file.monthly_mean_degc, file.monthly_daily_range_degc, origin)
    }

    /// Parse a climate CSV: `month,mean_degc,daily_range_degc`, one row per month 1–12 in order.
    pub fn from_csv(text: &str, origin: &str) -> Result<Self> {
        let mut lines = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
        let header = lines.next().unwrap_or("").replace(' ', "");
        if header != "month,mean_degc,daily_range_degc" {
            let problem = format!("header must be `month,mean_degc,daily_range_degc`, found `{header}`");
            return Err(Error::InvalidTable { origin: origin.to_owned(), problem });
        }
        let (mut mean, mut range) = ([0.0; 12], [0.0; 12]);
        let mut n_rows = 0;
        for (idx, line) in lines.enumerate() {
            let row = idx + 2;
            let bad = |column: &str, problem: String| row_error(origin, row, column, problem);
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            let [month, m, r] = fields.as_slice() else {
                return Err(bad("month", format!("expected 3 fields, found {}", fields.len())));
            };
            if idx >= 12 || month.parse::<usize>() != Ok(idx + 1) {
                return Err(bad("month", format!("`{month}`: months must be 1 to 12 in order")));
            }
            let number = |column: &str, text: &str| {
                text.parse::<f64>().map_err(|_| bad(column, format!("`{text}` is not a number")))
            };
            mean[idx] = number("mean_degc", m)?;
            range[idx] = number("daily_range_degc", r)?;
            n_rows += 1;
        }
        if n_rows != 12 {
            return Err(Error::InvalidTable {
                origin: origin.to_owned(),
                problem: format!("needs 12 months, found {n_rows}"),
            });
        }
        Climate::new(origin, origin, mean, range, origin)
    }

    /// A built-in climate by name.
    pub fn builtin(name: &str) -> Result<Self> {
        Self::from_toml(embedded::text(CLIMATES, "climate", name)?, name)
    }

    /// Names of the built-in climates.
    pub fn names() -> impl Iterator<Item = &'static str> {
        embedded::names(CLIMATES)
    }

    /// Ambient temperature, °C, at `t_s` seconds after 1 January 00:00 (years of 365 days repeat).
    pub fn ambient_degc(&self, t_s: f64) -> f64 {
        let day = (t_s / 86_400.0).rem_euclid(365.0);
        let hour = (t_s / 3600.0).rem_euclid(24.0);
        let mean = interpolate_monthly(&self.monthly_mean_degc, day);
        let range = interpolate_monthly(&self.monthly_daily_range_degc, day);
        mean + 0.5 * range * (2.0 * std::f64::consts::PI * (hour - HOUR_OF_MAXIMUM) / 24.0).cos()
    }
}

/// Cyclic linear interpolation of monthly values at `day` (0…365).
fn interpolate_monthly(values: &[f64; 12], day: f64) -> f64 {
    let next = MID_MONTH_DAY.iter().position(|&mid| mid > day).unwrap_or(12);
    let (prev_idx, next_idx) = ((next + 11) % 12, next % 12);
    let prev_day = if next == 0 { MID_MONTH_DAY[11] - 365.0 } else { MID_MONTH_DAY[prev_idx] };
    let next_day = if next == 12 { MID_MONTH_DAY[0] + 365.0 } else { MID_MONTH_DAY[next_idx] };
    let w = (day - prev_day) / (next_day - prev_day);
    values[prev_idx] + w * (values[next_idx] - values[prev_idx])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_loads() {
        for name in Climate::names() {
            let climate = Climate::builtin(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!climate.source.is_empty());
        }
    }

    #[test]
    fn mid_month_mean_and_daily_swing() {
        let paris = Climate::builtin("paris").unwrap();
        let mid_july_15h = (196.0 * 24.0 + 15.0) * 3600.0;
        let mid_july_3h = (196.0 * 24.0 + 3.0) * 3600.0;
        // Within a day of mid-July the monthly interpolation moves the mean by < 0.01 K.
        assert!((paris.ambient_degc(mid_july_15h) - (21.4 + 4.9)).abs() < 0.01);
        assert!((paris.ambient_degc(mid_july_3h) - (21.4 - 4.9)).abs() < 0.01);
    }

    #[test]
    fn interpolation_is_cyclic() {
        let values = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0];
        // 1 January lies 16 days after mid-December and 15 before mid-January.
        assert!((interpolate_monthly(&values, 0.0) - 11.0 * 15.0 / 31.0).abs() < 1e-9);
        assert!((interpolate_monthly(&values, 364.9) - interpolate_monthly(&values, 0.0)).abs() < 0.04);
    }

    #[test]
    fn csv_climate_names_bad_row() {
        let text = "month,mean_degc,daily_range_degc\n1,0,5\n3,1,5\n";
        let err = Climate::from_csv(text, "c.csv").unwrap_err();
        assert_eq!(err.to_string(), "c.csv: row 3, column `month`: `3`: months must be 1 to 12 in order");
    }
}
