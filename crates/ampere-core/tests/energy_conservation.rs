//! Property tests: over random vehicles and random cycles, the battery's internal energy equals the sum of
//! every loss, the wheel work, the change of kinetic and potential energy and friction braking (to 1e-9
//! relative), SOC stays in its window, and the achieved speed never exceeds the trace.

mod common;

use ampere_core::cycle::DriveCycle;
use ampere_core::interp::Interpolation;
use ampere_core::sim::{SimOptions, simulate};
use ampere_core::vehicle::spec::{ConventionSpec, EfficiencySpec, EfficiencyTableSpec};
use ampere_core::vehicle::{Vehicle, VehicleSpec};
use proptest::prelude::*;

fn vehicle_strategy() -> impl Strategy<Value = VehicleSpec> {
    (
        (800.0..3000.0f64, 0.2..0.5f64, 1.5..3.5f64, 0.005..0.015f64),
        (10.0..300.0f64, 0.85..0.99f64, prop::bool::ANY, 0.0..2000.0f64),
        (1.0..100.0f64, 5.0..300.0f64, 5.0..200.0f64, prop::bool::ANY),
        (prop::bool::ANY, 0.0..20.0f64, prop::option::of(0.5..3.0f64)),
    )
        .prop_map(|(body, drive, battery, rules)| {
            let (mass, cd, area, crr) = body;
            let (motor_kw, eta_driveline, curve, aux_w) = drive;
            let (energy_kwh, discharge_kw, charge_kw, fastsim) = battery;
            let (torque_limited, fade_kmh, max_decel) = rules;
            let mut spec = common::simple_spec();
            spec.mass.running_order_kg = mass;
            spec.mass.test_mass_kg = Some(mass);
            spec.road_load = toml::from_str(&format!(
                "model = \"physics\"\ndrag_coefficient = {cd}\nfrontal_area_m2 = {area}\nrolling_resistance_coefficient = {crr}"
            ))
            .unwrap();
            spec.motor.peak_power_kw = motor_kw;
            spec.motor.peak_torque_nm = torque_limited.then_some(motor_kw * 3.0);
            if curve {
                spec.motor.efficiency = EfficiencySpec::Table(EfficiencyTableSpec::PowerFraction {
                    output_power_fraction: vec![0.0, 0.1, 0.5, 1.0],
                    efficiency: vec![0.8, 0.9, 0.95, 0.92],
                    interpolation: Interpolation::StepLower,
                });
            }
            spec.driveline.efficiency = EfficiencySpec::Constant(eta_driveline);
            spec.aux.power_w = aux_w;
            spec.regen.fade_start_kmh = fade_kmh;
            spec.regen.max_deceleration_mps2 = max_decel;
            spec.battery = toml::from_str(&format!(
                "model = \"energy\"\nenergy_kwh = {energy_kwh}\nmin_soc = 0.1\nmax_soc = 0.9\nmax_discharge_power_kw = {discharge_kw}\nmax_charge_power_kw = {charge_kw}\nefficiency = 0.97"
            ))
            .unwrap();
            if fastsim {
                spec.convention = ConventionSpec::Fastsim;
            }
            spec
        })
}

fn cycle_strategy() -> impl Strategy<Value = DriveCycle> {
    prop::collection::vec((0.1..3.0f64, 0.0..45.0f64, -0.08..0.08f64), 2..400).prop_map(|steps| {
        let mut t = 0.0;
        let mut time = vec![0.0];
        let mut speed = vec![0.0];
        let mut grade = vec![0.0];
        for (dt, v, g) in steps {
            t += dt;
            time.push(t);
            speed.push(v);
            grade.push(g);
        }
        DriveCycle::new("random", time, speed, Some(grade), None).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn energy_is_conserved_and_soc_stays_in_window(spec in vehicle_strategy(), cycle in cycle_strategy(), soc in 0.1..0.9f64) {
        let vehicle = Vehicle::from_spec(&spec, "random").unwrap();
        let result = simulate(&vehicle, &cycle, &SimOptions { initial_soc: Some(soc), record_trace: true, ..SimOptions::default() });
        let summary = &result.summary;
        prop_assert!(summary.energy_balance_residual() < 1e-9, "residual {}", summary.energy_balance_residual());
        let trace = result.trace.unwrap();
        for (idx, &s) in trace.soc.iter().enumerate() {
            prop_assert!((0.1 - 1e-12..=0.9 + 1e-12).contains(&s), "SOC {s} at row {idx}");
            prop_assert!(trace.speed_mps[idx] <= trace.speed_target_mps[idx] + 1e-9);
            prop_assert!(trace.friction_brake_power_w[idx] >= -1e-9);
        }
        prop_assert!(summary.energy.aux_unserved_j >= -1e-9);
    }
}
