//! Analytical checks of the vehicle model: steady cruise, coast-down, pure regen, trace miss.

mod common;

use ampere_core::sim::{Limit, SimOptions, simulate};
use ampere_core::units::{STANDARD_PRESSURE_PA, degc_to_k, dry_air_density};
use ampere_core::vehicle::Vehicle;
use common::{assert_close, cycle, simple_spec};

fn options() -> SimOptions {
    SimOptions { ambient_degc: 20.0, ..SimOptions::default() }
}

#[test]
fn steady_cruise_draws_closed_form_road_load_power() {
    let vehicle = Vehicle::from_spec(&simple_spec(), "test").unwrap();
    let v = 25.0;
    let duration = 600.0;
    let trace: Vec<(f64, f64)> = (0..=600).map(|t| (f64::from(t), v)).collect();
    let result = simulate(&vehicle, &cycle(&trace), &options());
    let rho = dry_air_density(degc_to_k(20.0), STANDARD_PRESSURE_PA);
    let force = 0.5 * rho * 0.30 * 2.2 * v * v + 1500.0 * 9.80665 * 0.009;
    let wheel_j = force * v * duration;
    let e = &result.summary.energy;
    assert_close(e.aero_j + e.rolling_j, wheel_j, 1e-12, 0.0);
    let terminal_j = (force * v / 0.97 / 0.90 + 400.0) * duration;
    assert_close(e.battery_terminal_j, terminal_j, 1e-12, 0.0);
    assert_close(e.battery_internal_j, terminal_j / 0.98, 1e-12, 0.0);
}

#[test]
fn coast_down_trace_needs_no_tractive_energy() {
    // With a coast-down road load F = f0 + f2·v², a free roll obeys m_eff·dv/dt = −(f0 + f2·v²), so
    // v(t) = √(f0/f2)·tan(atan(v0·√(f2/f0)) − √(f0·f2)/m_eff · t). Following that trace takes no traction and
    // no braking, up to the time discretisation.
    let mut spec = simple_spec();
    spec.road_load =
        toml::from_str("model = \"wltp_coastdown\"\nf0_n = 130.0\nf1_n_per_kmh = 0.0\nf2_n_per_kmh2 = 0.03").unwrap();
    let vehicle = Vehicle::from_spec(&spec, "test").unwrap();
    let (f0, f2): (f64, f64) = (130.0, 0.03 * 3.6 * 3.6);
    let m_eff = vehicle.mass_kg + vehicle.rotating_mass_kg;
    let v0: f64 = 30.0;
    let phase0 = (v0 * (f2 / f0).sqrt()).atan();
    let rate = (f0 * f2).sqrt() / m_eff;
    let t_stop = phase0 / rate;
    let dt = 0.1;
    let n = (t_stop / dt).floor() as usize;
    let trace: Vec<(f64, f64)> =
        (0..=n).map(|i| (i as f64 * dt, (f0 / f2).sqrt() * (phase0 - rate * i as f64 * dt).tan())).collect();
    let result = simulate(&vehicle, &cycle(&trace), &options());
    let e = &result.summary.energy;
    let kinetic_lost = -e.kinetic_j;
    assert!(kinetic_lost > 0.5 * m_eff * 29.0 * 29.0);
    // Whatever went through the driveline or the friction brakes is discretisation error.
    let drive_j = e.driveline_loss_j / 0.03 + e.friction_brake_j;
    assert!(drive_j < 1e-4 * kinetic_lost, "{drive_j} J of {kinetic_lost} J");
    assert_close(e.aero_j + e.rolling_j, kinetic_lost, 1e-4, 0.0);
}

#[test]
fn pure_regen_recovers_kinetic_energy_through_the_efficiencies() {
    // Decelerate 30 → 10 m/s in 20 s on the flat, with a battery half full (so it can take charge) and no
    // fade above 0 km/h: everything beyond the road load comes back through driveline and motor.
    let vehicle = Vehicle::from_spec(&simple_spec(), "test").unwrap();
    let trace: Vec<(f64, f64)> = (0..=20).map(|t| (f64::from(t), 30.0 - f64::from(t))).collect();
    let result = simulate(&vehicle, &cycle(&trace), &SimOptions { initial_soc: Some(0.5), ..options() });
    let e = &result.summary.energy;
    let braking_at_wheel_j = -(e.kinetic_j + e.aero_j + e.rolling_j);
    assert!(braking_at_wheel_j > 0.0);
    assert_close(e.friction_brake_j, 0.0, 0.0, 1e-9);
    assert_close(e.regen_recovered_j, braking_at_wheel_j * 0.97 * 0.90, 1e-12, 0.0);
    assert_close(e.battery_terminal_j, -e.regen_recovered_j + 400.0 * 20.0, 1e-12, 0.0);
}

#[test]
fn full_battery_takes_no_regen_and_friction_brakes_take_it_all() {
    let vehicle = Vehicle::from_spec(&simple_spec(), "test").unwrap();
    let trace: Vec<(f64, f64)> = (0..=20).map(|t| (f64::from(t), 30.0 - f64::from(t))).collect();
    let result = simulate(&vehicle, &cycle(&trace), &options());
    let e = &result.summary.energy;
    // At max SOC the battery takes nothing; only the aux load absorbs regen.
    assert_close(e.regen_recovered_j, 400.0 * 20.0, 1e-9, 0.0);
    assert!(e.friction_brake_j > 0.0);
    assert!(result.summary.energy_balance_residual() < 1e-12);
}

#[test]
fn weak_motor_misses_the_trace_and_reports_it() {
    let mut spec = simple_spec();
    spec.motor.peak_power_kw = 15.0;
    let vehicle = Vehicle::from_spec(&spec, "test").unwrap();
    let wltc = ampere_core::cycle::builtin::load("wltc_class3b").unwrap();
    let result = simulate(&vehicle, &wltc, &SimOptions { record_trace: true, ..options() });
    let miss = result.summary.trace_miss;
    assert!(miss.steps > 50 && miss.distance_short_m > 100.0 && miss.worst_speed_deficit_mps > 5.0, "{miss:?}");
    let trace = result.trace.unwrap();
    assert!(trace.limited_by.contains(&Limit::Motor));
    // The achieved speed never exceeds the motor's power at any limited step.
    for (idx, limit) in trace.limited_by.iter().enumerate() {
        if *limit == Limit::Motor {
            assert!(trace.motor_shaft_power_w[idx] <= 15e3 * (1.0 + 1e-9));
        }
    }
    assert!(result.summary.energy_balance_residual() < 1e-9);
}

#[test]
fn small_battery_runs_empty_and_breaks_off() {
    let mut spec = simple_spec();
    spec.battery = toml::from_str(
        "model = \"energy\"\nenergy_kwh = 0.5\nmin_soc = 0.1\nmax_soc = 0.9\nmax_discharge_power_kw = 150.0\nmax_charge_power_kw = 80.0\nefficiency = 0.98",
    )
    .unwrap();
    let vehicle = Vehicle::from_spec(&spec, "test").unwrap();
    let wltc = ampere_core::cycle::builtin::load("wltc_class3b").unwrap();
    let result = simulate(&vehicle, &wltc, &options());
    let s = &result.summary;
    assert!(s.break_off.is_some());
    assert!(s.soc_end >= 0.1 - 1e-12, "SOC {} below the window", s.soc_end);
    assert!(s.energy.aux_unserved_j > 0.0);
    assert!(s.energy_balance_residual() < 1e-9);
}

#[test]
fn traction_limit_caps_acceleration() {
    let mut spec = simple_spec();
    spec.motor.peak_power_kw = 1000.0;
    spec.traction = Some(
        toml::from_str("friction_coefficient = 0.3\ndrive = \"fwd\"\ndrive_axle_weight_share = 0.6\ncg_height_m = 0.5\nwheelbase_m = 2.6")
            .unwrap(),
    );
    let vehicle = Vehicle::from_spec(&spec, "test").unwrap();
    let a_max = 0.3 * 0.6 * 9.80665 / (1.0 + 0.5 * 0.3 / 2.6);
    let trace = [(0.0, 0.0), (1.0, 5.0), (2.0, 10.0)];
    let result = simulate(&vehicle, &cycle(&trace), &SimOptions { record_trace: true, ..options() });
    let speeds = result.trace.unwrap().speed_mps;
    assert_close(speeds[1], a_max, 1e-12, 0.0);
    assert_close(speeds[2], 2.0 * a_max, 1e-12, 0.0);
}

#[test]
fn grade_books_potential_energy() {
    let vehicle = Vehicle::from_spec(&simple_spec(), "test").unwrap();
    let csv = "time_s,speed_mps,grade\n0,10,0\n100,10,0.05\n200,10,0.05";
    let climb = ampere_core::cycle::DriveCycle::from_csv(csv, "climb").unwrap();
    let result = simulate(&vehicle, &climb, &options());
    let rise_m = 2000.0 * 0.05 / (1.0 + 0.05f64 * 0.05).sqrt();
    assert_close(result.summary.energy.grade_j, 1500.0 * 9.80665 * rise_m, 1e-12, 0.0);
}

#[test]
fn identical_runs_are_bit_identical() {
    let vehicle = ampere_core::vehicle::builtin::load("renault_zoe_ze50_r135").unwrap();
    let cycle = ampere_core::cycle::builtin::load("us06").unwrap();
    let a = simulate(&vehicle, &cycle, &SimOptions::default());
    let b = simulate(&vehicle, &cycle, &SimOptions::default());
    assert_eq!(a, b);
}
