//! Issue #6 §2: the reference vehicles against their official WLTP figures, with one global calibration.
//!
//! The target is a mean absolute error of at most 4 % and no car beyond ±10 % on WLTP consumption at the
//! wall, over every car with an official consumption. The charging path behind the wall figure is the
//! charger model of `docs/models/vehicle-database.md` (a no-load draw by charger class and one conversion
//! efficiency, from ADAC's charging-loss measurements); a test checks that it reproduces them.

use std::sync::OnceLock;

use ampere_core::battery::{Battery, EcmPack};
use ampere_core::procedure::wltp;
use ampere_core::validation::{self, Role, TARGET_MAX_ABS_ERROR, TARGET_MEAN_ABS_ERROR, ValidationReport};
use ampere_core::vehicle::spec::{EfficiencySpec, RoadLoadSpec, VehicleSpec};
use ampere_core::vehicle::{RECHARGE_POWER_W, Vehicle, builtin};

fn report() -> &'static ValidationReport {
    static REPORT: OnceLock<ValidationReport> = OnceLock::new();
    REPORT.get_or_init(|| {
        let specs: Vec<(String, VehicleSpec)> =
            builtin::names().map(|name| (name.to_owned(), builtin::spec(name).unwrap())).collect();
        validation::validate(&specs).unwrap()
    })
}

#[test]
fn regression_issue_6_consumption_target_holds_for_every_car() {
    let errors: Vec<(String, f64)> =
        report().rows.iter().filter_map(|r| r.consumption_error.map(|e| (r.id.clone(), e))).collect();
    assert!(errors.len() >= 6, "too few cars with an official consumption: {errors:?}");
    let mean = errors.iter().map(|(_, e)| e.abs()).sum::<f64>() / errors.len() as f64;
    assert!(mean <= TARGET_MEAN_ABS_ERROR, "mean |error| {mean:.3} over {errors:?}");
    for (id, e) in &errors {
        assert!(e.abs() <= TARGET_MAX_ABS_ERROR, "{id}: consumption error {e:+.3}");
    }
    assert!(report().meets_consumption_target());
}

/// ADAC/ÖAMTC 2022 charging-loss test (share of the wall energy that does not reach the battery): (car, loss
/// at 2.3 kW from a household socket, loss on an 11 kW wallbox); sources in `docs/models/vehicle-database.md`.
const ADAC_2022_LOSSES: &[(&str, f64, f64)] = &[
    ("Fiat 500e", 0.127, 0.063),
    ("Tesla Model 3", 0.152, 0.077),
    ("VW ID.3", 0.136, 0.090),
    ("Renault Zoe ZE50", 0.242, 0.097),
];

#[test]
fn charger_classes_reproduce_the_measured_charging_losses() {
    let dedicated_cars = &ADAC_2022_LOSSES[..3];
    let mean = |column: fn(&(&str, f64, f64)) -> f64| dedicated_cars.iter().map(column).sum::<f64>() / 3.0;
    let (_, zoe_at_2_3_kw, zoe_at_11_kw) = ADAC_2022_LOSSES[3];
    // A dedicated on-board charger (the R5's class) against the three cars with one; the Zoe against itself.
    let r5 = builtin::load("renault_5_e_tech_52kwh_110kw").unwrap();
    let zoe = builtin::load("renault_zoe_ze50_r135").unwrap();
    for (vehicle, at_2_3_kw, at_11_kw) in [(&r5, mean(|m| m.1), mean(|m| m.2)), (&zoe, zoe_at_2_3_kw, zoe_at_11_kw)] {
        let loss = |power_w: f64| 1.0 - vehicle.charger_efficiency_at(power_w);
        assert!((loss(2300.0) - at_2_3_kw).abs() < 0.005, "{}: {:.4} at 2.3 kW", vehicle.name, loss(2300.0));
        assert!((loss(11_000.0) - at_11_kw).abs() < 0.005, "{}: {:.4} at 11 kW", vehicle.name, loss(11_000.0));
        // The wall figures assume the recharge at RECHARGE_POWER_W.
        assert_eq!(vehicle.charger_efficiency, vehicle.charger_efficiency_at(RECHARGE_POWER_W));
    }
}

#[test]
fn fit_set_is_fitted() {
    let consumption = report().consumption_stats(Some(Role::Fit));
    let range = report().range_stats(Some(Role::Fit));
    assert_eq!(consumption.count, validation::FIT_SET.len());
    assert!(consumption.mean_abs_error <= 0.03, "{consumption:?}");
    assert!(range.mean_abs_error <= 0.03, "{range:?}");
}

#[test]
fn ranges_of_all_cars_with_a_wltp_figure() {
    // The Model 3 is the widest miss (-14 %): the one generic motor curve is pessimistic for its motor.
    let range = report().range_stats(None);
    assert!(range.count >= 12, "{range:?}");
    assert!(range.mean_abs_error <= 0.05, "{range:?}");
    assert!(range.max_abs_error <= 0.15, "{range:?}");
}

/// The global calibration values of a reference car, as written in its file (the battery's efficiency is read
/// through its TOML form so that the test does not depend on which battery models exist).
fn global_values(spec: &VehicleSpec) -> (f64, EfficiencySpec, EfficiencySpec, f64, f64, Option<toml::Value>) {
    let RoadLoadSpec::Physics { rolling_resistance_coefficient, .. } = spec.road_load else {
        panic!("{}: reference cars use the physics road load", spec.name)
    };
    let battery = toml::Table::try_from(&spec.battery).unwrap();
    (
        rolling_resistance_coefficient,
        spec.driveline.efficiency.clone(),
        spec.motor.efficiency.clone(),
        spec.aux.power_w,
        spec.charger.ac_efficiency,
        battery.get("efficiency").cloned(),
    )
}

/// The reference cars: the built-in vehicles that carry official figures.
fn reference_specs() -> Vec<(&'static str, VehicleSpec)> {
    builtin::names()
        .map(|name| (name, builtin::spec(name).unwrap()))
        .filter(|(_, spec)| spec.official.is_some())
        .collect()
}

#[test]
fn every_reference_car_shares_the_global_calibration() {
    let cars = reference_specs();
    assert!(cars.len() >= 16, "{} reference cars", cars.len());
    let (first, reference) = (cars[0].0, global_values(&cars[0].1));
    assert!(reference.5.is_some(), "{first}: the battery efficiency is part of the calibration");
    for (name, spec) in &cars[1..] {
        assert_eq!(global_values(spec), reference, "{name} differs from {first}");
    }
}

#[test]
fn every_builtin_vehicle_names_its_sources_and_estimates() {
    for name in builtin::names() {
        let spec = builtin::spec(name).unwrap();
        let source = spec.source.as_ref().unwrap_or_else(|| panic!("{name}: no [source] table"));
        assert!(source.contains_key("estimates"), "{name}: [source] must list the estimated parameters");
    }
}

#[test]
fn spring_2021_on_class_3_matches_its_official_range() {
    // Driven on class 3b, as GTR 15's PMR with MRO - 75 kg selects, the file reproduces the official 230 km.
    let vehicle = builtin::load("dacia_spring_2021").unwrap();
    let options = wltp::WltpOptions { class: Some(wltp::WltcClass::Class3b), ..wltp::WltpOptions::default() };
    let result = wltp::run(&vehicle, &options).unwrap();
    assert!((result.range_km / 230.0 - 1.0).abs() <= 0.01, "range {:.1} km", result.range_km);
}

/// Issue #6 §3: the what-if variants, each its base car with an equivalent-circuit pack.
const VARIANTS: &[(&str, &str)] = &[
    ("variant_renault_5_52kwh_nmc_modules_ecm", "renault_5_e_tech_52kwh_110kw"),
    ("variant_renault_5_52kwh_lfp_ctp_2026", "renault_5_e_tech_52kwh_110kw"),
    ("variant_renault_5_52kwh_lmfp_ctp_2028", "renault_5_e_tech_52kwh_110kw"),
    ("variant_renault_5_52kwh_lmr_ctp_2028", "renault_5_e_tech_52kwh_110kw"),
    ("variant_twingo_class_lfp_ctp_2026", "renault_twingo_e_tech_2026"),
];

fn ecm_pack(vehicle: &Vehicle) -> &EcmPack {
    match &vehicle.battery {
        Battery::Ecm(pack) => pack,
        other => panic!("{}: an ECM pack expected, got {other:?}", vehicle.name),
    }
}

#[test]
fn variants_follow_from_the_pack_model() {
    // `cargo test -p ampere-core --test validation variants -- --nocapture` prints the table of
    // docs/models/vehicle-database.md.
    let reference_volume_m3 = ecm_pack(&builtin::load(VARIANTS[0].0).unwrap()).volume_m3;
    println!("variant | running order kg | pack kg | pack L | usable kWh | WLTP km | Wh/km wall");
    for (id, base_id) in VARIANTS {
        let vehicle = builtin::load(id).unwrap();
        let base = builtin::spec(base_id).unwrap();
        let pack = ecm_pack(&vehicle);
        // The pack model sets the mass: the base car without its battery, plus the modelled pack.
        let expected_kg = base.mass.running_order_kg - base.mass.battery_kg.unwrap() + pack.pack_mass_kg;
        assert!((vehicle.running_order_mass_kg - expected_kg).abs() < 1e-9, "{id}");
        if base_id.starts_with("renault_5") {
            // Same pack volume as the NMC reference, to within the pack volume of one cell.
            let per_cell_m3 = pack.volume_m3 / f64::from(pack.n_series * pack.n_parallel);
            assert!((pack.volume_m3 - reference_volume_m3).abs() <= per_cell_m3, "{id}: pack volume");
        }
        let result = wltp::run(&vehicle, &wltp::WltpOptions::default()).unwrap();
        assert_eq!(result.trace_miss.steps, 0, "{id}: the car must follow the WLTC and break off");
        println!(
            "{id} | {:.0} | {:.0} | {:.1} | {:.2} | {:.0} | {:.1}",
            vehicle.running_order_mass_kg,
            pack.pack_mass_kg,
            pack.volume_m3 * 1000.0,
            result.usable_energy_kwh,
            result.range_km,
            result.ec_ac_wh_per_km
        );
    }
}
