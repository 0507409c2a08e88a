//! DC charging of the cars against their published charging times (issue 3 §5; the table is in
//! `docs/models/battery.md` §7). Two tests: the ECM packs that model real cars, and the energy-store reference
//! cars charged through their equivalent packs (`charging::equivalent`).
//!
//! ECM cars: `examples/zoe_ecm.toml` (Renault Zoe ZE50, 10–80 % in 53 min, measured) and the Renault 5 52 kWh
//! rebuild `variant_renault_5_52kwh_nmc_modules_ecm` (15–80 % in 30 min, manufacturer). Published figures are
//! read from the base cars' `[official]` tables. Tolerance: each within 15 %, mean absolute error within
//! 10 %. Why: the published times are rounded to the minute, name neither charger nor pack temperature, and
//! the cells' charge-current maps are estimates (`data/cells/nmc622_large.toml`); a model that held the
//! peak power from plug-in to 80 % (the energy store) is 16–31 % short on these two cars and fails.

use ampere_core::battery::BatterySpec;
use ampere_core::charging::{ChargeOptions, Charger, Preconditioning, REFERENCE_DC_CHARGER, SessionBattery};
use ampere_core::units::degc_to_k;
use ampere_core::vehicle::{Vehicle, builtin};

/// Published (from %, minutes) of a built-in car: `dc_charge_window` "LO-80 %…" and `dc_charge_time_min`.
fn published(base: &str) -> (f64, f64) {
    let official = builtin::spec(base).unwrap().official.unwrap();
    let window = official.dc_charge_window.unwrap();
    let (from, rest) = window.split_once('-').unwrap();
    assert!(rest.starts_with("80"), "{base}: window {window}");
    (from.trim().parse().unwrap(), official.dc_charge_time_min.unwrap())
}

fn minutes(battery: &SessionBattery, from_percent: f64) -> f64 {
    // The `ampere charge` defaults: a 350 kW, 500 A, 1000 V charger at 95 %, 25 °C.
    let c = REFERENCE_DC_CHARGER;
    let charger = Charger::dc(c.power_kw, c.current_a, c.max_voltage_v, c.efficiency, "test").unwrap();
    let options = ChargeOptions {
        from_soc: from_percent / 100.0,
        to_soc: 0.8,
        ambient_k: degc_to_k(25.0),
        preconditioning: Preconditioning::None,
        dt_s: 1.0,
    };
    let summary = battery.charge(&charger, &options).unwrap().summary;
    assert!(summary.reached);
    summary.duration_s / 60.0
}

#[test]
fn ecm_packs_charge_in_the_published_times() {
    let zoe = Vehicle::from_toml(include_str!("../../../data/vehicles/examples/zoe_ecm.toml"), "zoe_ecm").unwrap();
    let r5 = builtin::load("variant_renault_5_52kwh_nmc_modules_ecm").unwrap();
    let cars = [(&zoe, "renault_zoe_ze50_r135"), (&r5, "renault_5_e_tech_52kwh_110kw")];
    let errors: Vec<f64> = cars
        .iter()
        .map(|(vehicle, base)| {
            let (from, published_min) = published(base);
            let model_min = minutes(&SessionBattery::Own(&vehicle.battery), from);
            let error = model_min / published_min - 1.0;
            println!(
                "{base}: {from}–80 % published {published_min} min, model {model_min:.1} min ({:+.1} %)",
                error * 100.0
            );
            error
        })
        .collect();
    let (mean, max) = mean_and_max(&errors);
    assert!(max <= 0.15, "largest error {:.1} %", max * 100.0);
    assert!(mean <= 0.10, "mean absolute error {:.1} %", mean * 100.0);
}

/// Mean and largest absolute relative error.
fn mean_and_max(errors: &[f64]) -> (f64, f64) {
    let mean = errors.iter().map(|e| e.abs()).sum::<f64>() / errors.len() as f64;
    (mean, errors.iter().map(|e| e.abs()).fold(0.0, f64::max))
}

/// Every built-in energy-store car with a published DC time to 80 % and a published chemistry of a library
/// cell charges through its equivalent pack (the same path as `ampere charge` and `ampere compare`).
/// Tolerances: each car within 50 %, the NMC cars within 20 %, mean absolute error within 25 %, and no car
/// farther from its published time than the flat store (the model before the equivalent pack, printed beside
/// it: a taper can only lengthen a session). Why the LFP cars need the wide bound (worst: MG4 51 kWh LFP, short
/// by 47 %): one stand-in cell per chemistry, whose charge map (the Blade class's 2C to 50 % SOC, 1.5C at
/// 80 %) is far more generous than these cars' own BMSs (`docs/models/battery.md` §7). The Dacia Springs
/// publish no chemistry: no equivalent pack, they stay energy stores (checked here too).
#[test]
fn energy_store_cars_charge_in_the_published_times_through_their_equivalent_packs() {
    const TOLERANCE: f64 = 0.50;
    const NMC_TOLERANCE: f64 = 0.20;
    const MEAN_TOLERANCE: f64 = 0.25;
    let mut pack_errors = Vec::new();
    let mut store_errors = Vec::new();
    for name in builtin::names() {
        let spec = builtin::spec(name).unwrap();
        let has_time = spec.official.as_ref().is_some_and(|o| o.dc_charge_time_min.is_some());
        if !matches!(spec.battery, BatterySpec::Energy(_)) || !has_time {
            continue;
        }
        let vehicle = Vehicle::from_spec(&spec, name).unwrap();
        let battery = SessionBattery::of(&spec, &vehicle, name).unwrap();
        let (from, published_min) = published(name);
        let store_min = minutes(&SessionBattery::Own(&vehicle.battery), from);
        let SessionBattery::Equivalent(pack) = &battery else {
            assert!(name.starts_with("dacia_spring"), "{name}: no equivalent pack");
            println!("{name}: {from}–80 % published {published_min} min, energy store {store_min:.1} min");
            continue;
        };
        let model_min = minutes(&battery, from);
        let (error, store_error) = (model_min / published_min - 1.0, store_min / published_min - 1.0);
        println!(
            "{name}: {from}–80 % published {published_min} min, equivalent pack {model_min:.1} min ({:+.1} %), \
             energy store {store_min:.1} min ({:+.1} %); {}",
            error * 100.0,
            store_error * 100.0,
            battery.description()
        );
        assert!(error.abs() <= store_error.abs(), "{name}: farther than the flat store");
        if pack.cell == "nmc622_large" {
            assert!(error.abs() <= NMC_TOLERANCE, "{name} (NMC): {:.1} %", error * 100.0);
        }
        pack_errors.push(error);
        store_errors.push(store_error);
    }
    assert_eq!(pack_errors.len(), 8, "cars with an equivalent pack and a published time");
    let (mean, max) = mean_and_max(&pack_errors);
    let (store_mean, store_max) = mean_and_max(&store_errors);
    println!(
        "equivalent packs: mean |error| {:.1} %, largest {:.1} %; energy stores: {:.1} %, {:.1} %",
        mean * 100.0,
        max * 100.0,
        store_mean * 100.0,
        store_max * 100.0
    );
    assert!(max <= TOLERANCE, "largest error {:.1} %", max * 100.0);
    assert!(mean <= MEAN_TOLERANCE, "mean absolute error {:.1} %", mean * 100.0);
    assert!(
        mean < store_mean,
        "equivalent packs {:.1} % against energy stores {:.1} %",
        mean * 100.0,
        store_mean * 100.0
    );
}
