//! EPA label range and consumption for battery-electric vehicles (40 CFR 600.116-12, SAE J1634).
//!
//! The multi-cycle test (MCT) drives UDDS, HWFET, UDDS, a mid-test constant-speed cycle (65 mph), UDDS,
//! HWFET, UDDS and an end-of-test constant-speed cycle to break-off, from a full battery. Usable battery
//! energy UBE = DC energy discharged to break-off; city and highway DC consumption are the means over the
//! UDDS and HWFET cycles driven; unadjusted ranges are UBE / consumption; combined weights city 55 % and
//! highway 45 % (by energy per distance). AC consumption scales DC consumption by E_AC / UBE.
//!
//! Label adjustment: the default factor 0.7 (range × 0.7, consumption ÷ 0.7), or the derived 5-cycle
//! equations of 40 CFR 600.210-08 applied to MPGe (33.705 kWh per gallon equivalent):
//! city = 1 / (0.003259 + 1.1805 / MPGe_city), highway = 1 / (0.001376 + 1.3466 / MPGe_hwy), with the
//! adjustment not allowed to go below 0.7 (as FASTSim's `max_epa_adj = 0.3`).
//!
//! Simplifications (see `docs/models/procedures.md`): no key-off soaks; the mid-test constant-speed cycle
//! is sized to leave about 10 % of the usable energy for the end cycle; no 5-cycle test is simulated (the
//! derived adjustment is the one labels use when a maker does not run the full 5-cycle set).

use serde::Serialize;

use super::{Chain, constant_speed, wh_per_km};
use crate::cycle::builtin;
use crate::error::Result;
use crate::sim::{SimOptions, Summary, TraceMiss, simulate};
use crate::units::M_PER_MILE;
use crate::vehicle::Vehicle;

/// Test temperature, °C (EPA FTP: 20–30 °C, nominally 25 °C).
pub const EPA_AMBIENT_DEGC: f64 = 25.0;
/// Speed of the constant-speed cycles, km/h (65 mph).
const CSC_SPEED_KMH: f64 = 65.0 * M_PER_MILE / 1000.0;
/// Default label adjustment factor.
pub const DEFAULT_ADJUSTMENT: f64 = 0.7;
/// Energy in one gallon of gasoline equivalent, kWh (EPA).
pub const KWH_PER_GALLON_EQUIVALENT: f64 = 33.705;
/// Share of city driving in the combined figure.
pub const CITY_SHARE: f64 = 0.55;

/// How the unadjusted (dynamometer) results become label values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Adjustment {
    /// Multiply range by 0.7.
    #[default]
    Default,
    /// Derived 5-cycle equations (40 CFR 600.210-08), floored at 0.7.
    DerivedFiveCycle,
}

/// City, highway or combined figures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EpaFigures {
    /// DC consumption, unadjusted, Wh/km.
    pub dc_wh_per_km: f64,
    /// Unadjusted range, km.
    pub unadjusted_range_km: f64,
    /// Label adjustment factor applied (range multiplier).
    pub adjustment: f64,
    /// Label range, km.
    pub label_range_km: f64,
    /// Label consumption at the wall, kWh/100 mi.
    pub label_kwh_per_100mi: f64,
    /// Label MPGe.
    pub label_mpge: f64,
}

/// Results of the EPA procedure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EpaResult {
    /// Vehicle name.
    pub vehicle: String,
    /// Adjustment method.
    pub adjustment_method: Adjustment,
    /// Usable battery energy (DC, to break-off), kWh.
    pub usable_energy_kwh: f64,
    /// Energy from the wall to recharge, kWh.
    pub ac_energy_kwh: f64,
    /// City (UDDS).
    pub city: EpaFigures,
    /// Highway (HWFET).
    pub highway: EpaFigures,
    /// Combined 55/45.
    pub combined: EpaFigures,
    /// Shortfall against the traces before break-off.
    pub trace_miss: TraceMiss,
}

/// Run the EPA multi-cycle test and derive label values.
pub fn run(vehicle: &Vehicle, adjustment: Adjustment) -> Result<EpaResult> {
    let udds = builtin::load("udds")?;
    let hwfet = builtin::load("hwfet")?;
    let mut chain = Chain::new(vehicle, EPA_AMBIENT_DEGC);
    let (mut city, mut highway) = (Vec::new(), Vec::new());
    for leg in [Leg::Udds, Leg::Hwfet, Leg::Udds, Leg::MidCsc, Leg::Udds, Leg::Hwfet, Leg::Udds] {
        if chain.broke_off {
            break;
        }
        match leg {
            Leg::Udds => record(chain.drive(&udds), &mut city),
            Leg::Hwfet => record(chain.drive(&hwfet), &mut highway),
            Leg::MidCsc => {
                let hold_s = mid_csc_hold_s(vehicle, chain.terminal_j)?;
                chain.drive(&constant_speed("CSC mid", CSC_SPEED_KMH, hold_s)?);
            }
        }
    }
    if !chain.broke_off {
        chain.drive_to_break_off("CSC end", CSC_SPEED_KMH)?;
    }
    Ok(results(vehicle, adjustment, &chain, &city, &highway))
}

/// The legs of the multi-cycle test before the end constant-speed cycle.
#[derive(Clone, Copy)]
enum Leg {
    Udds,
    Hwfet,
    MidCsc,
}

/// Keep a completed cycle's DC energy and distance (a cycle cut short by break-off does not count).
fn record(summary: Summary, into: &mut Vec<(f64, f64)>) {
    if summary.break_off.is_none() {
        into.push((summary.energy.battery_terminal_j, summary.distance_m));
    }
}

/// Leave about 10 % of the usable energy for the end constant-speed cycle after the last three cycles, whose
/// energy is estimated from the three driven so far.
fn mid_csc_hold_s(vehicle: &Vehicle, used_j: f64) -> Result<f64> {
    let budget_j = 0.9 * vehicle.battery.usable_energy_j() - 2.0 * used_j;
    let probe = simulate(vehicle, &constant_speed("probe", CSC_SPEED_KMH, 60.0)?, &SimOptions::default());
    Ok((budget_j / (probe.summary.energy.battery_terminal_j / probe.summary.duration_s)).max(0.0))
}

fn mean_wh_per_km(parts: &[(f64, f64)]) -> f64 {
    let (e, d) = parts.iter().fold((0.0, 0.0), |(e, d), (pe, pd)| (e + pe, d + pd));
    wh_per_km(e, d)
}

fn results(
    vehicle: &Vehicle,
    method: Adjustment,
    chain: &Chain,
    city: &[(f64, f64)],
    highway: &[(f64, f64)],
) -> EpaResult {
    let ube_kwh = chain.terminal_j / 3.6e6;
    let ac_energy_kwh = chain.recharge_wall_j() / 3.6e6;
    let ac_per_dc = if ube_kwh > 0.0 { ac_energy_kwh / ube_kwh } else { 0.0 };
    let city_dc = mean_wh_per_km(city);
    let highway_dc = mean_wh_per_km(highway);
    let combined_dc = CITY_SHARE * city_dc + (1.0 - CITY_SHARE) * highway_dc;
    let figures = |dc_wh_per_km: f64, adjustment: f64| {
        let unadjusted_range_km = if dc_wh_per_km > 0.0 { ube_kwh * 1000.0 / dc_wh_per_km } else { 0.0 };
        let label_wall_wh_per_km = dc_wh_per_km * ac_per_dc / adjustment;
        let label_kwh_per_100mi = label_wall_wh_per_km * M_PER_MILE / 1000.0 / 10.0;
        EpaFigures {
            dc_wh_per_km,
            unadjusted_range_km,
            adjustment,
            label_range_km: unadjusted_range_km * adjustment,
            label_kwh_per_100mi,
            label_mpge: if label_kwh_per_100mi > 0.0 {
                KWH_PER_GALLON_EQUIVALENT * 100.0 / label_kwh_per_100mi
            } else {
                0.0
            },
        }
    };
    let unadjusted_mpge = |dc: f64| {
        let kwh_per_100mi = dc * ac_per_dc * M_PER_MILE / 1e4;
        if kwh_per_100mi > 0.0 { KWH_PER_GALLON_EQUIVALENT * 100.0 / kwh_per_100mi } else { 0.0 }
    };
    let (city_adj, highway_adj) = match method {
        Adjustment::Default => (DEFAULT_ADJUSTMENT, DEFAULT_ADJUSTMENT),
        Adjustment::DerivedFiveCycle => {
            let derived = |mpge: f64, intercept: f64, slope: f64| {
                if mpge > 0.0 {
                    (1.0 / (intercept + slope / mpge) / mpge).max(DEFAULT_ADJUSTMENT)
                } else {
                    DEFAULT_ADJUSTMENT
                }
            };
            (
                derived(unadjusted_mpge(city_dc), 0.003259, 1.1805),
                derived(unadjusted_mpge(highway_dc), 0.001376, 1.3466),
            )
        }
    };
    // The combined adjustment follows from adjusting city and highway consumption separately.
    let combined_label_dc = CITY_SHARE * city_dc / city_adj + (1.0 - CITY_SHARE) * highway_dc / highway_adj;
    let combined_adj = if combined_label_dc > 0.0 { combined_dc / combined_label_dc } else { DEFAULT_ADJUSTMENT };
    EpaResult {
        vehicle: vehicle.name.clone(),
        adjustment_method: method,
        usable_energy_kwh: ube_kwh,
        ac_energy_kwh,
        city: figures(city_dc, city_adj),
        highway: figures(highway_dc, highway_adj),
        combined: figures(combined_dc, combined_adj),
        trace_miss: chain.trace_miss,
    }
}
