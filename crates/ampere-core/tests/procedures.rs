//! WLTP and EPA procedures: class selection on real vehicles, internal consistency of range, consumption and
//! usable energy, and agreement of the two WLTP range tests.

mod common;

use ampere_core::procedure::epa::{self, Adjustment};
use ampere_core::procedure::wltp::{self, RangeTest, WltcClass, WltpOptions};
use ampere_core::vehicle::{Vehicle, builtin};
use common::{assert_close, simple_spec};

fn zoe() -> Vehicle {
    builtin::load("renault_zoe_ze50_r135").unwrap()
}

#[test]
fn class_follows_power_to_mass_and_top_speed() {
    assert_eq!(wltp::class_of(&zoe()).1, WltcClass::Class3b);
    // A Dacia Spring 2021: 33 kW for about 1045 kg in running order, 125 km/h: PMR 31.6 → class 2.
    let mut spec = simple_spec();
    spec.mass.running_order_kg = 1045.0;
    spec.motor.peak_power_kw = 33.0;
    let spring = Vehicle::from_spec(&spec, "spring").unwrap();
    assert_eq!(wltp::class_of(&spring).1, WltcClass::Class2);
    spec.motor.peak_power_kw = 20.0;
    let weak = Vehicle::from_spec(&spec, "weak").unwrap();
    assert_eq!(wltp::class_of(&weak).1, WltcClass::Class1);
    spec.motor.peak_power_kw = 60.0;
    spec.homologation.max_speed_kmh = Some(110.0);
    let slow = Vehicle::from_spec(&spec, "slow").unwrap();
    assert_eq!(wltp::class_of(&slow).1, WltcClass::Class3a);
}

#[test]
fn wltp_usable_energy_range_and_wall_consumption_are_consistent() {
    let result = wltp::run(&zoe(), &WltpOptions::default()).unwrap();
    // Constant 0.985 one-way efficiency: the net DC energy to break-off is the window's stored energy × 0.985,
    // less the round-trip loss of what regen put back (it passes the battery twice), under 1 %.
    let window_dc_kwh = (0.98 - 0.029) * 54.66 * 0.985;
    assert!(result.usable_energy_kwh < window_dc_kwh && result.usable_energy_kwh > 0.99 * window_dc_kwh);
    assert_close(result.range_km, result.usable_energy_kwh * 1000.0 / result.ec_dc_wh_per_km, 1e-12, 0.0);
    assert_close(result.ec_ac_wh_per_km, result.ac_energy_kwh * 1000.0 / result.range_km, 1e-12, 0.0);
    assert!(result.city_range_km > result.range_km);
    assert_eq!(result.phases.len(), 4);
    assert_eq!(result.trace_miss.steps, 0);
    // The wall energy includes the battery's charging loss and the charger's.
    assert_close(result.ac_energy_kwh, (0.98 - 0.029) * 54.66 / 0.985 / 0.78, 1e-9, 0.0);
}

#[test]
fn shortened_and_consecutive_cycle_tests_agree() {
    let stp = wltp::run(&zoe(), &WltpOptions { range_test: RangeTest::Shortened, class: None }).unwrap();
    let ccp = wltp::run(&zoe(), &WltpOptions { range_test: RangeTest::ConsecutiveCycles, class: None }).unwrap();
    println!("STP {:.2} km, CCP {:.2} km", stp.range_km, ccp.range_km);
    // Same weighted consumption; the CCP's usable energy is lower because all its driving regenerates, and
    // regenerated energy pays the battery's efficiency twice (the STP spends a third of its energy at 100 km/h).
    assert_close(stp.ec_dc_wh_per_km, ccp.ec_dc_wh_per_km, 1e-6, 0.0);
    assert_close(stp.range_km, ccp.range_km, 0.01, 0.0);
    assert!(ccp.usable_energy_kwh < stp.usable_energy_kwh);
    // The CCP drives WLTCs until break-off, so its test distance is near the range itself.
    assert!((ccp.test_distance_km - ccp.range_km).abs() < 0.05 * ccp.range_km);
}

#[test]
fn epa_label_applies_the_adjustment() {
    let default = epa::run(&zoe(), Adjustment::Default).unwrap();
    for f in [&default.city, &default.highway, &default.combined] {
        assert_close(f.label_range_km, 0.7 * f.unadjusted_range_km, 1e-12, 0.0);
    }
    assert_close(
        default.combined.dc_wh_per_km,
        0.55 * default.city.dc_wh_per_km + 0.45 * default.highway.dc_wh_per_km,
        1e-12,
        0.0,
    );
    assert!(default.city.unadjusted_range_km > default.highway.unadjusted_range_km);
    let derived = epa::run(&zoe(), Adjustment::DerivedFiveCycle).unwrap();
    for f in [&derived.city, &derived.highway, &derived.combined] {
        assert!(f.adjustment >= 0.7 - 1e-12);
    }
    assert_close(default.usable_energy_kwh, derived.usable_energy_kwh, 1e-12, 0.0);
}
