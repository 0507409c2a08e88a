//! FASTSim 3.1.0 parity: with `convention = "fastsim"`, the DC battery energy of its four resource BEVs on
//! UDDS and HWFET must be within 0.1 % of FASTSim's own result (`tests/data/fastsim/reference.csv`). The same
//! vehicles under ampere's default physics are checked to stay within a documented band of FASTSim.

use ampere_core::cycle::DriveCycle;
use ampere_core::fastsim::spec_from_yaml;
use ampere_core::sim::{SimOptions, simulate};
use ampere_core::units::J_PER_KWH;
use ampere_core::vehicle::Vehicle;
use ampere_core::vehicle::spec::ConventionSpec;

const REFERENCE: &str = include_str!("data/fastsim/reference.csv");

fn yaml_for(vehicle: &str) -> &'static str {
    match vehicle {
        "2016 Nissan Leaf 30 kWh thrml" => include_str!("data/fastsim/2016_Nissan_Leaf_30_kWh_thrml.yaml"),
        "2020 Chevrolet Bolt EV thrml" => include_str!("data/fastsim/2020_Chevrolet_Bolt_EV_thrml.yaml"),
        "2022 Tesla Model 3 RWD thrml" => include_str!("data/fastsim/2022_Tesla_Model_3_RWD_thrml.yaml"),
        "2022_Renault_Zoe_ZE50_R135" => include_str!("data/fastsim/2022_Renault_Zoe_ZE50_R135.yaml"),
        other => panic!("no fixture for {other}"),
    }
}

fn cycle_for(name: &str) -> DriveCycle {
    let text = match name {
        "udds" => include_str!("data/fastsim/udds_mps.csv"),
        "hwfet" => include_str!("data/fastsim/hwfet_mps.csv"),
        other => panic!("no cycle {other}"),
    };
    DriveCycle::from_csv(text, name).unwrap()
}

struct Reference {
    vehicle: String,
    cycle: String,
    distance_km: f64,
    energy_kwh: f64,
    soc_final: f64,
}

fn references() -> Vec<Reference> {
    REFERENCE
        .lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            Reference {
                vehicle: f[0].to_owned(),
                cycle: f[1].to_owned(),
                distance_km: f[2].parse().unwrap(),
                energy_kwh: f[3].parse().unwrap(),
                soc_final: f[6].parse().unwrap(),
            }
        })
        .collect()
}

fn run(reference: &Reference, convention: ConventionSpec) -> ampere_core::sim::Summary {
    let mut spec = spec_from_yaml(yaml_for(&reference.vehicle), &reference.vehicle).unwrap();
    spec.convention = convention;
    let vehicle = Vehicle::from_spec(&spec, &reference.vehicle).unwrap();
    simulate(&vehicle, &cycle_for(&reference.cycle), &SimOptions { ambient_degc: 22.0, ..SimOptions::default() })
        .summary
}

#[test]
fn fastsim_convention_matches_fastsim_dc_energy_within_0_1_percent() {
    let references = references();
    assert_eq!(references.len(), 8);
    for reference in &references {
        let summary = run(reference, ConventionSpec::Fastsim);
        let energy_kwh = summary.energy.battery_terminal_j / J_PER_KWH;
        let error = energy_kwh / reference.energy_kwh - 1.0;
        println!(
            "{} {}: ampere {energy_kwh:.6} kWh, FASTSim {:.6} kWh, {:+.4} %",
            reference.vehicle,
            reference.cycle,
            reference.energy_kwh,
            100.0 * error
        );
        // The issue asks for 0.1 %; the implementation reproduces FASTSim to rounding, so hold it to 1e-5.
        assert!(error.abs() < 1e-5, "{} {}: {:+.4} %", reference.vehicle, reference.cycle, 100.0 * error);
        assert!((summary.distance_m / 1000.0 - reference.distance_km).abs() < 1e-4);
        assert!(
            (summary.soc_end - reference.soc_final).abs() < 1e-4,
            "SOC {} vs {}",
            summary.soc_end,
            reference.soc_final
        );
        assert_eq!(summary.trace_miss.steps, 0);
    }
}

/// ampere's default physics against FASTSim on the same vehicles. The differences come from regen efficiency
/// read at the operating point instead of at zero power (more regen recovered), the regen fade below
/// 10 km/h (less), exact road-load integrals, g = 9.80665 and air density at 22 °C from the ideal-gas law.
/// Band measured when written: see `docs/models/vehicle.md`.
#[test]
fn ampere_physics_differs_from_fastsim_within_documented_band() {
    for reference in &references() {
        let summary = run(reference, ConventionSpec::Ampere);
        let energy_kwh = summary.energy.battery_terminal_j / J_PER_KWH;
        let difference = energy_kwh / reference.energy_kwh - 1.0;
        println!(
            "{} {}: ampere physics {energy_kwh:.4} kWh vs FASTSim {:.4} kWh: {:+.2} %",
            reference.vehicle,
            reference.cycle,
            reference.energy_kwh,
            100.0 * difference
        );
        let band = if reference.cycle == "udds" { (-0.04, -0.01) } else { (0.0, 0.01) };
        assert!(
            difference > band.0 && difference < band.1,
            "{} {}: {:+.2} %",
            reference.vehicle,
            reference.cycle,
            100.0 * difference
        );
        assert!(summary.energy_balance_residual() < 1e-9);
    }
}
