//! WLTP for battery-electric vehicles (UN GTR 15; EU 2017/1151 Annex XXI, Sub-Annex 8).
//!
//! 1. **Cycle class** from the power-to-mass ratio PMR = rated power [W] / mass in running order [kg]:
//!    class 1 for PMR ≤ 22, class 2 for 22 < PMR ≤ 34, class 3 above; class 3a when the maximum speed is
//!    below 120 km/h, else 3b.
//! 2. **Range test**, from a full battery at 23 °C, until break-off (the battery cannot supply the trace):
//!    - shortened test procedure (STP): DS1 = WLTC + city cycle (Low + Medium), CSS_M at 100 km/h,
//!      DS2 = DS1 again, then CSS_E at 100 km/h to break-off;
//!    - consecutive-cycle procedure (CCP): WLTCs back to back until break-off.
//! 3. **Results.** UBE = DC energy discharged at the battery terminals until break-off. DC consumption of a
//!    cycle (or phase, or city part) j is EC_j = ΔE_j / d_j, weighted over the repetitions with
//!    K₁ = ΔE₁ / UBE and the remaining weight 1 − K₁ shared equally by the later repetitions. Pure electric
//!    range PER = UBE / EC (combined, city and per phase). The official consumption at the wall is
//!    EC_AC = E_AC / PER, with E_AC the energy from the mains to recharge (battery charging and charger
//!    losses included).
//!
//! Simplifications, stated in `docs/models/procedures.md`: no cycle downscaling or capped-speed
//! procedure for low-powered cars (a trace miss is reported instead); CSS_M is sized to leave about 10 % of
//! the estimated UBE for CSS_E; ramps into and out of the constant-speed segments at 0.5 m/s²; no key-off
//! soaks (the battery model has no time-dependent state at rest beyond relaxation, which soaks would only
//! help complete).

use serde::Serialize;

use super::{Chain, constant_speed, wh_per_km};
use crate::cycle::{DriveCycle, builtin};
use crate::error::Result;
use crate::sim::{PhaseSummary, SimOptions, Summary, TraceMiss, simulate};
use crate::units::MPS_PER_KMH;
use crate::vehicle::Vehicle;

/// Test temperature, °C.
pub const WLTP_AMBIENT_DEGC: f64 = 23.0;
/// Speed of the constant-speed segments, km/h.
pub const CSS_SPEED_KMH: f64 = 100.0;
/// Share of the usable energy CSS_M leaves for CSS_E.
const CSS_E_SHARE: f64 = 0.10;

/// WLTC class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WltcClass {
    /// PMR ≤ 22 W/kg.
    Class1,
    /// 22 < PMR ≤ 34 W/kg.
    Class2,
    /// PMR > 34 W/kg, v_max < 120 km/h.
    Class3a,
    /// PMR > 34 W/kg, v_max ≥ 120 km/h.
    Class3b,
}

impl WltcClass {
    /// Select the class from the power-to-mass ratio (W/kg) and the maximum speed (km/h).
    pub fn select(pmr_w_per_kg: f64, max_speed_kmh: f64) -> Self {
        if pmr_w_per_kg <= 22.0 {
            WltcClass::Class1
        } else if pmr_w_per_kg <= 34.0 {
            WltcClass::Class2
        } else if max_speed_kmh < 120.0 {
            WltcClass::Class3a
        } else {
            WltcClass::Class3b
        }
    }

    /// Name of the built-in cycle.
    pub fn cycle_name(self) -> &'static str {
        match self {
            WltcClass::Class1 => "wltc_class1",
            WltcClass::Class2 => "wltc_class2",
            WltcClass::Class3a => "wltc_class3a",
            WltcClass::Class3b => "wltc_class3b",
        }
    }
}

/// Which range test to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RangeTest {
    /// Shortened test procedure (what most makers use).
    #[default]
    Shortened,
    /// Consecutive WLTCs to break-off.
    ConsecutiveCycles,
}

/// Options of the WLTP procedure.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct WltpOptions {
    /// STP or CCP.
    pub range_test: RangeTest,
    /// Force a cycle class instead of selecting it.
    pub class: Option<WltcClass>,
}

/// Consumption and range of one WLTC phase.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WltpPhase {
    /// Phase name.
    pub name: String,
    /// Weighted DC consumption, Wh/km.
    pub ec_dc_wh_per_km: f64,
    /// Phase-specific range UBE / EC, km.
    pub range_km: f64,
}

/// Results of the WLTP procedure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WltpResult {
    /// Vehicle name.
    pub vehicle: String,
    /// Power-to-mass ratio, W/kg.
    pub pmr_w_per_kg: f64,
    /// Cycle class used.
    pub class: WltcClass,
    /// Range test used.
    pub range_test: RangeTest,
    /// Usable battery energy (DC, to break-off), kWh.
    pub usable_energy_kwh: f64,
    /// Weighted combined DC consumption, Wh/km.
    pub ec_dc_wh_per_km: f64,
    /// Weighted city (Low + Medium) DC consumption, Wh/km.
    pub ec_dc_city_wh_per_km: f64,
    /// Pure electric range, combined, km.
    pub range_km: f64,
    /// Pure electric range, city, km.
    pub city_range_km: f64,
    /// Per phase.
    pub phases: Vec<WltpPhase>,
    /// Energy from the wall to recharge after the test, kWh.
    pub ac_energy_kwh: f64,
    /// Official combined consumption at the wall, E_AC / PER, Wh/km.
    pub ec_ac_wh_per_km: f64,
    /// Distance actually driven until break-off, km.
    pub test_distance_km: f64,
    /// Shortfall against the WLTC traces before break-off (non-zero: the car cannot follow the cycle).
    pub trace_miss: TraceMiss,
}

/// The class the vehicle is tested on.
pub fn class_of(vehicle: &Vehicle) -> (f64, WltcClass) {
    let pmr = vehicle.rated_power_w / vehicle.running_order_mass_kg;
    (pmr, WltcClass::select(pmr, vehicle.max_speed_mps / MPS_PER_KMH))
}

/// Run the WLTP procedure.
pub fn run(vehicle: &Vehicle, options: &WltpOptions) -> Result<WltpResult> {
    let (pmr, selected) = class_of(vehicle);
    let class = options.class.unwrap_or(selected);
    let wltc = builtin::load(class.cycle_name())?;
    let city = city_cycle(&wltc)?;
    let mut chain = Chain::new(vehicle, WLTP_AMBIENT_DEGC);
    let repetitions = match options.range_test {
        RangeTest::Shortened => shortened(vehicle, &mut chain, &wltc, &city)?,
        RangeTest::ConsecutiveCycles => consecutive(&mut chain, &wltc),
    };
    Ok(results(vehicle, pmr, class, options.range_test, &chain, &repetitions))
}

/// The WLTC city cycle: Low and Medium phases (the first two).
fn city_cycle(wltc: &DriveCycle) -> Result<DriveCycle> {
    wltc.sub_cycle(format!("{} city", wltc.name()), 0, 1)
}

/// What each complete WLTC (and city cycle) of the test consumed.
struct Repetitions {
    /// Per complete WLTC: its phases.
    wltc: Vec<Vec<PhaseSummary>>,
    /// Per city part driven (within a WLTC or as a city cycle): (DC energy J, distance m).
    city: Vec<(f64, f64)>,
}

fn shortened(vehicle: &Vehicle, chain: &mut Chain, wltc: &DriveCycle, city: &DriveCycle) -> Result<Repetitions> {
    let mut reps = Repetitions { wltc: Vec::new(), city: Vec::new() };
    if !drive_dynamic_segment(chain, wltc, city, &mut reps) {
        return Ok(reps);
    }
    let ds1_j = chain.terminal_j;
    chain.drive(&constant_speed("CSS_M", CSS_SPEED_KMH, css_m_hold_s(vehicle, ds1_j)?)?);
    if chain.broke_off || !drive_dynamic_segment(chain, wltc, city, &mut reps) {
        return Ok(reps);
    }
    chain.drive_to_break_off("CSS_E", CSS_SPEED_KMH)?;
    Ok(reps)
}

/// DS1 or DS2: a WLTC then a city cycle. Returns false at break-off.
fn drive_dynamic_segment(chain: &mut Chain, wltc: &DriveCycle, city: &DriveCycle, reps: &mut Repetitions) -> bool {
    drive_wltc(chain, wltc, reps) && drive_city(chain, city, reps)
}

fn consecutive(chain: &mut Chain, wltc: &DriveCycle) -> Repetitions {
    let mut reps = Repetitions { wltc: Vec::new(), city: Vec::new() };
    while drive_wltc(chain, wltc, &mut reps) {}
    reps
}

/// Drive a WLTC; record it when completed. Returns false at break-off.
fn drive_wltc(chain: &mut Chain, wltc: &DriveCycle, reps: &mut Repetitions) -> bool {
    let summary = chain.drive(wltc);
    if summary.break_off.is_some() {
        return false;
    }
    reps.city.push(city_part(&summary));
    reps.wltc.push(summary.phases);
    true
}

/// Drive a city cycle; record it when completed. Returns false at break-off.
fn drive_city(chain: &mut Chain, city: &DriveCycle, reps: &mut Repetitions) -> bool {
    let summary = chain.drive(city);
    if summary.break_off.is_some() {
        return false;
    }
    reps.city.push(city_part(&summary));
    true
}

fn city_part(summary: &Summary) -> (f64, f64) {
    summary.phases.iter().take(2).fold((0.0, 0.0), |(e, d), p| (e + p.battery_terminal_j, d + p.distance_m))
}

/// CSS_M length: leave about 10 % of the estimated usable energy for CSS_E after DS2.
fn css_m_hold_s(vehicle: &Vehicle, dynamic_segment_j: f64) -> Result<f64> {
    let usable_j = vehicle.battery.usable_energy_j();
    let budget_j = usable_j * (1.0 - CSS_E_SHARE) - 2.0 * dynamic_segment_j;
    let probe = simulate(vehicle, &constant_speed("probe", CSS_SPEED_KMH, 60.0)?, &SimOptions::default());
    let cruise_w = probe.summary.energy.battery_terminal_j / probe.summary.duration_s;
    Ok((budget_j / cruise_w).max(0.0))
}

/// K-weighted consumption over repetitions: K₁ = ΔE₁/UBE, the rest shares 1 − K₁ equally.
fn weighted(parts: &[(f64, f64)], ube_j: f64) -> f64 {
    match parts {
        [] => 0.0,
        [(e, d)] => wh_per_km(*e, *d),
        [(e1, d1), rest @ ..] => {
            let k1 = e1 / ube_j;
            let k_rest = (1.0 - k1) / rest.len() as f64;
            k1 * wh_per_km(*e1, *d1) + rest.iter().map(|(e, d)| k_rest * wh_per_km(*e, *d)).sum::<f64>()
        }
    }
}

fn results(
    vehicle: &Vehicle,
    pmr: f64,
    class: WltcClass,
    range_test: RangeTest,
    chain: &Chain,
    reps: &Repetitions,
) -> WltpResult {
    let ube_j = chain.terminal_j;
    let ube_kwh = ube_j / 3.6e6;
    let range = |ec_wh_per_km: f64| if ec_wh_per_km > 0.0 { ube_kwh * 1000.0 / ec_wh_per_km } else { 0.0 };
    let combined: Vec<(f64, f64)> = reps
        .wltc
        .iter()
        .map(|phases| phases.iter().fold((0.0, 0.0), |(e, d), p| (e + p.battery_terminal_j, d + p.distance_m)))
        .collect();
    let ec_dc = weighted(&combined, ube_j);
    let ec_city = weighted(&reps.city, ube_j);
    let phase_names: Vec<String> =
        reps.wltc.first().map(|ps| ps.iter().map(|p| p.name.clone()).collect()).unwrap_or_default();
    let phases = phase_names
        .iter()
        .enumerate()
        .map(|(idx, name)| {
            let parts: Vec<(f64, f64)> =
                reps.wltc.iter().map(|ps| (ps[idx].battery_terminal_j, ps[idx].distance_m)).collect();
            let ec = weighted(&parts, ube_j);
            WltpPhase { name: name.clone(), ec_dc_wh_per_km: ec, range_km: range(ec) }
        })
        .collect();
    let range_km = range(ec_dc);
    let ac_energy_kwh = chain.recharge_wall_j() / 3.6e6;
    WltpResult {
        vehicle: vehicle.name.clone(),
        pmr_w_per_kg: pmr,
        class,
        range_test,
        usable_energy_kwh: ube_kwh,
        ec_dc_wh_per_km: ec_dc,
        ec_dc_city_wh_per_km: ec_city,
        range_km,
        city_range_km: range(ec_city),
        phases,
        ac_energy_kwh,
        ec_ac_wh_per_km: if range_km > 0.0 { ac_energy_kwh * 1000.0 / range_km } else { 0.0 },
        test_distance_km: chain.distance_m / 1000.0,
        trace_miss: chain.trace_miss,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_boundaries() {
        assert_eq!(WltcClass::select(22.0, 150.0), WltcClass::Class1);
        assert_eq!(WltcClass::select(22.1, 150.0), WltcClass::Class2);
        assert_eq!(WltcClass::select(34.0, 150.0), WltcClass::Class2);
        assert_eq!(WltcClass::select(34.1, 119.9), WltcClass::Class3a);
        assert_eq!(WltcClass::select(34.1, 120.0), WltcClass::Class3b);
    }

    #[test]
    fn weighting_of_identical_cycles_is_their_consumption() {
        let parts = [(1000.0 * 3.6, 10.0), (1000.0 * 3.6, 10.0), (1000.0 * 3.6, 10.0)];
        assert!((weighted(&parts, 3.0 * 3600.0) - 100.0).abs() < 1e-12);
    }

    #[test]
    fn first_cycle_weight_is_its_energy_share() {
        // ΔE₁ = 40 % of UBE at 200 Wh/km, the two others at 100 Wh/km: 0.4·200 + 0.6·100 = 140.
        let ube = 10_000.0;
        let parts = [(4000.0, 20.0), (3000.0, 30.0), (3000.0, 30.0)];
        let ec1 = wh_per_km(parts[0].0, parts[0].1);
        let ec2 = wh_per_km(parts[1].0, parts[1].1);
        assert!((weighted(&parts, ube) - (0.4 * ec1 + 0.6 * ec2)).abs() < 1e-12);
    }
}
