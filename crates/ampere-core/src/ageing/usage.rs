//! Usage profile generator: one year of hourly SOC and cell temperature from a named driving and charging
//! pattern, a climate and a vehicle/pack description.
//!
//! Per hour, one action, in this order of priority:
//!
//! * **drive** while trip distance is pending (each trip hour adds `day_km/n_trips`; up to `mean_speed_kmh`
//!   km per hour): `ΔSOC = −km·energy_per_km_wh/(1000·usable_energy_kwh)`;
//! * **DC fast charge** instead, when driving on would take SOC below `dc_below_soc`: up to `dc_target_soc`
//!   at `dc_power_kw`;
//! * **AC charge** when plugged at home: plugging happens at `plug_in_hour` if SOC < `plug_in_below_soc`,
//!   then `home_power_kw` until `target_soc`;
//! * **park** otherwise.
//!
//! Daily distance is log-normal with mean `weekday_km`/`weekend_km` and coefficient of variation
//! `daily_km_cv`, from a seeded generator (the same file always gives the same profile).
//!
//! Cell temperature is a lumped pack: `C·dT/dt = UA·(T_amb − T) + P_heat`, integrated exactly over each hour,
//! with `P_heat = loss_fraction·|battery energy|/1 h` while driving or charging, and thermal management that
//! holds the pack within [`heating_below_degc`, `cooling_above_degc`] while driving or charging (a thermostat;
//! parked, the pack follows ambient). Ambient comes from [`Climate::ambient_degc`].
//!
//! [`heating_below_degc`]: PackThermal::heating_below_degc
//! [`cooling_above_degc`]: PackThermal::cooling_above_degc

use serde::{Deserialize, Serialize};

use crate::ageing::climate::Climate;
use crate::ageing::embedded::{self, embedded_toml};
use crate::ageing::series::Series;
use crate::error::{Error, Result, check, parse_toml};

embedded_toml!(USAGES, "usage", ["commuter", "long_commuter", "taxi", "city_weekend"]);

const HOURS_PER_YEAR: usize = 365 * 24;

/// A driving and charging pattern (`data/usage/*.toml`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UsageProfile {
    /// Short name.
    pub name: String,
    /// What the pattern represents and where its numbers come from.
    pub source: String,
    /// Mean distance on a weekday, km.
    pub weekday_km: f64,
    /// Mean distance on a Saturday or Sunday, km.
    pub weekend_km: f64,
    /// Coefficient of variation of the daily distance (0 = the same every day).
    pub daily_km_cv: f64,
    /// Hours of the day (0–23) at which trips start; the day's distance is split evenly.
    pub trip_hours: Vec<u32>,
    /// Average driving speed, km/h (sets how many hours a trip takes).
    pub mean_speed_kmh: f64,
    /// Hour of the day the car is plugged in at home.
    pub plug_in_hour: u32,
    /// Plug in only when SOC is below this (1 = every day).
    pub plug_in_below_soc: f64,
    /// Home AC charge target SOC.
    pub target_soc: f64,
    /// Home charger power, kW.
    pub home_power_kw: f64,
    /// DC fast charge when a trip would take SOC below this.
    pub dc_below_soc: f64,
    /// DC fast charge target SOC.
    pub dc_target_soc: f64,
    /// DC fast charger power, kW.
    pub dc_power_kw: f64,
    /// Seed of the daily-distance generator.
    pub seed: u64,
}

/// The vehicle and pack as the generator needs them (until the vehicle engine provides them).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UsageVehicle {
    /// DC energy drawn from the pack per km, Wh/km.
    pub energy_per_km_wh: f64,
    /// Usable pack energy when new, kWh.
    pub usable_energy_kwh: f64,
    /// Pack thermal model.
    pub thermal: PackThermal,
}

/// Lumped thermal model of the pack.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PackThermal {
    /// Heat capacity, J/K.
    pub heat_capacity_j_per_k: f64,
    /// Conductance to ambient, W/K.
    pub conductance_w_per_k: f64,
    /// Fraction of battery energy turned into heat in the pack while driving or charging.
    pub loss_fraction: f64,
    /// Active heating holds the pack at or above this while driving or charging, °C.
    pub heating_below_degc: f64,
    /// Active cooling holds the pack at or below this while driving or charging, °C.
    pub cooling_above_degc: f64,
}

impl Default for UsageVehicle {
    /// A compact BEV: 160 Wh/km DC, 60 kWh usable, 400 kg of cells and structure at ~1 kJ/(kg·K), 15 W/K to
    /// ambient, 3 % losses as heat, thermal management holding 10–35 °C while active (ampere assumptions, to be
    /// replaced by the vehicle engine's values).
    fn default() -> Self {
        UsageVehicle {
            energy_per_km_wh: 160.0,
            usable_energy_kwh: 60.0,
            thermal: PackThermal {
                heat_capacity_j_per_k: 4.0e5,
                conductance_w_per_k: 15.0,
                loss_fraction: 0.03,
                heating_below_degc: 10.0,
                cooling_above_degc: 35.0,
            },
        }
    }
}

/// A generated year.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageYear {
    /// Hourly SOC and cell temperature over one year.
    pub series: Series,
    /// Distance driven in the year, km.
    pub distance_km: f64,
    /// Hours spent DC fast charging.
    pub dc_charge_hours: usize,
}

impl UsageProfile {
    /// Parse and validate a usage TOML file.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self> {
        let profile: UsageProfile = parse_toml(text, origin)?;
        profile.validate(origin)?;
        Ok(profile)
    }

    /// A built-in profile by name.
    pub fn builtin(name: &str) -> Result<Self> {
        Self::from_toml(embedded::text(USAGES, "usage profile", name)?, name)
    }

    /// Names of the built-in profiles.
    pub fn names() -> impl Iterator<Item = &'static str> {
        embedded::names(USAGES)
    }

    fn validate(&self, origin: &str) -> Result<()> {
        check::non_negative(origin, "weekday_km", self.weekday_km)?;
        check::non_negative(origin, "weekend_km", self.weekend_km)?;
        check::in_range(origin, "daily_km_cv", self.daily_km_cv, 0.0, 2.0)?;
        check::in_range(origin, "mean_speed_kmh", self.mean_speed_kmh, 5.0, 150.0)?;
        check::in_range(origin, "plug_in_below_soc", self.plug_in_below_soc, 0.0, 1.0)?;
        check::in_range(origin, "target_soc", self.target_soc, 0.1, 1.0)?;
        check::positive(origin, "home_power_kw", self.home_power_kw)?;
        check::in_range(origin, "dc_below_soc", self.dc_below_soc, 0.0, self.dc_target_soc)?;
        check::in_range(origin, "dc_target_soc", self.dc_target_soc, 0.1, 1.0)?;
        check::positive(origin, "dc_power_kw", self.dc_power_kw)?;
        let hours_ok = !self.trip_hours.is_empty() && self.trip_hours.iter().all(|&h| h < 24);
        if !hours_ok || self.plug_in_hour >= 24 {
            let value = format!("{:?} / {}", self.trip_hours, self.plug_in_hour);
            return Err(Error::field(
                origin,
                "trip_hours / plug_in_hour",
                value,
                "hours must be 0–23, at least one trip hour",
            ));
        }
        Ok(())
    }

    /// Generate one year, starting on a Monday, 1 January 00:00, with SOC at `target_soc`.
    pub fn generate(&self, vehicle: &UsageVehicle, climate: &Climate, origin: &str) -> Result<UsageYear> {
        validate_vehicle(vehicle, origin)?;
        let mut state = HourState::new(self);
        let mut rng = SplitMix64(self.seed);
        let (mut t_s, mut soc, mut temperature) = (
            Vec::with_capacity(HOURS_PER_YEAR),
            Vec::with_capacity(HOURS_PER_YEAR),
            Vec::with_capacity(HOURS_PER_YEAR),
        );
        let mut day_km = 0.0;
        for hour in 0..HOURS_PER_YEAR {
            let (day, hour_of_day) = (hour / 24, (hour % 24) as u32);
            if hour_of_day == 0 {
                let weekend = day % 7 >= 5;
                let mean = if weekend { self.weekend_km } else { self.weekday_km };
                day_km = rng.log_normal(mean, self.daily_km_cv);
            }
            let time_s = hour as f64 * 3600.0;
            t_s.push(time_s);
            soc.push(state.soc);
            temperature.push(state.temperature_degc);
            if self.trip_hours.contains(&hour_of_day) {
                state.pending_km += day_km / self.trip_hours.len() as f64;
            }
            let energy_kwh = state.act(self, vehicle, hour_of_day);
            state.update_temperature(vehicle, climate.ambient_degc(time_s), energy_kwh);
        }
        let series = Series::new(t_s, soc, temperature, origin)?;
        Ok(UsageYear { series, distance_km: state.distance_km, dc_charge_hours: state.dc_charge_hours })
    }
}

fn validate_vehicle(vehicle: &UsageVehicle, origin: &str) -> Result<()> {
    check::in_range(origin, "energy_per_km_wh", vehicle.energy_per_km_wh, 50.0, 1000.0)?;
    check::in_range(origin, "usable_energy_kwh", vehicle.usable_energy_kwh, 5.0, 300.0)?;
    let th = &vehicle.thermal;
    check::positive(origin, "thermal.heat_capacity_j_per_k", th.heat_capacity_j_per_k)?;
    check::positive(origin, "thermal.conductance_w_per_k", th.conductance_w_per_k)?;
    check::in_range(origin, "thermal.loss_fraction", th.loss_fraction, 0.0, 0.3)?;
    check::in_range(origin, "thermal.heating_below_degc", th.heating_below_degc, -40.0, th.cooling_above_degc)?;
    check::in_range(origin, "thermal.cooling_above_degc", th.cooling_above_degc, th.heating_below_degc, 60.0)?;
    Ok(())
}

/// The car's state between hours.
struct HourState {
    soc: f64,
    temperature_degc: f64,
    pending_km: f64,
    plugged: bool,
    distance_km: f64,
    dc_charge_hours: usize,
    active: bool,
}

impl HourState {
    fn new(profile: &UsageProfile) -> Self {
        HourState {
            soc: profile.target_soc,
            temperature_degc: 20.0,
            pending_km: 0.0,
            plugged: false,
            distance_km: 0.0,
            dc_charge_hours: 0,
            active: false,
        }
    }

    /// Do this hour's action; returns the battery energy moved, kWh (absolute).
    fn act(&mut self, profile: &UsageProfile, vehicle: &UsageVehicle, hour_of_day: u32) -> f64 {
        let usable = vehicle.usable_energy_kwh;
        self.active = true;
        if self.pending_km > 0.0 {
            self.plugged = false;
            let km = self.pending_km.min(profile.mean_speed_kmh);
            let energy_kwh = km * vehicle.energy_per_km_wh / 1000.0;
            if self.soc - energy_kwh / usable < profile.dc_below_soc {
                self.dc_charge_hours += 1;
                return self.charge(profile.dc_target_soc, profile.dc_power_kw, usable);
            }
            self.soc -= energy_kwh / usable;
            self.pending_km -= km;
            self.distance_km += km;
            return energy_kwh;
        }
        if hour_of_day == profile.plug_in_hour && self.soc < profile.plug_in_below_soc {
            self.plugged = true;
        }
        if self.plugged && self.soc < profile.target_soc {
            return self.charge(profile.target_soc, profile.home_power_kw, usable);
        }
        self.active = false;
        0.0
    }

    fn charge(&mut self, target_soc: f64, power_kw: f64, usable_kwh: f64) -> f64 {
        let delta = (target_soc - self.soc).clamp(0.0, power_kw / usable_kwh);
        self.soc += delta;
        delta * usable_kwh
    }

    /// Exact one-hour step of the lumped pack, then thermal management while active.
    fn update_temperature(&mut self, vehicle: &UsageVehicle, ambient_degc: f64, energy_kwh: f64) {
        let th = &vehicle.thermal;
        let heat_w = th.loss_fraction * energy_kwh * 1000.0; // kWh over one hour → kW → W
        let equilibrium = ambient_degc + heat_w / th.conductance_w_per_k;
        let decay = (-3600.0 * th.conductance_w_per_k / th.heat_capacity_j_per_k).exp();
        let mut t = equilibrium + (self.temperature_degc - equilibrium) * decay;
        if self.active {
            t = t.clamp(th.heating_below_degc, th.cooling_above_degc);
        }
        self.temperature_degc = t;
    }
}

/// SplitMix64 (Steele, Lea & Flood, OOPSLA 2014): a small, seedable generator, so profiles are reproducible
/// without a dependency.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// Log-normal with this mean and coefficient of variation (Box–Muller normal).
    fn log_normal(&mut self, mean: f64, cv: f64) -> f64 {
        if mean == 0.0 || cv == 0.0 {
            return mean;
        }
        let sigma2 = (1.0 + cv * cv).ln();
        let normal = (-2.0 * self.uniform().ln()).sqrt() * (2.0 * std::f64::consts::PI * self.uniform()).cos();
        mean * (normal * sigma2.sqrt() - 0.5 * sigma2).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_generates_a_plausible_year() {
        let climate = Climate::builtin("paris").unwrap();
        for name in UsageProfile::names() {
            let profile = UsageProfile::builtin(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            let year = profile.generate(&UsageVehicle::default(), &climate, name).unwrap();
            let expected_km = 261.0 * profile.weekday_km + 104.0 * profile.weekend_km;
            assert!(
                (year.distance_km / expected_km - 1.0).abs() < 0.1,
                "{name}: {} km vs {expected_km}",
                year.distance_km
            );
            assert!(year.series.soc().iter().all(|s| (0.0..=1.0).contains(s)));
        }
    }

    #[test]
    fn energy_balance_matches_distance() {
        let climate = Climate::builtin("madrid").unwrap();
        let profile = UsageProfile::builtin("commuter").unwrap();
        let vehicle = UsageVehicle::default();
        let year = profile.generate(&vehicle, &climate, "commuter").unwrap();
        // Discharge equals driving energy: Σ negative ΔSOC · usable = km · Wh/km.
        let discharged: f64 = year.series.soc().windows(2).map(|w| (w[0] - w[1]).max(0.0)).sum();
        let want = year.distance_km * vehicle.energy_per_km_wh / 1000.0 / vehicle.usable_energy_kwh;
        assert!((discharged - want).abs() / want < 0.01, "{discharged} vs {want}");
    }

    #[test]
    fn log_normal_mean_is_kept() {
        let mut rng = SplitMix64(7);
        let mean = (0..20_000).map(|_| rng.log_normal(40.0, 0.5)).sum::<f64>() / 20_000.0;
        assert!((mean - 40.0).abs() < 1.0, "{mean}");
    }
}
