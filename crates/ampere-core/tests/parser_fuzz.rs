//! Fuzz-style property tests of the parsers (stable Rust has no cargo-fuzz here, so proptest generates the
//! inputs): arbitrary text never panics the CSV cycle reader or the vehicle reader, and a vehicle file whose
//! numbers are replaced by arbitrary values is either refused with an error or simulates to finite numbers.

mod common;

use ampere_core::cycle::DriveCycle;
use ampere_core::sim::{SimOptions, simulate};
use ampere_core::vehicle::Vehicle;
use proptest::prelude::*;

const ZOE: &str = include_str!("../../../data/vehicles/renault_zoe_ze50_r135.toml");

/// Numbers a user might mistype: zero, negatives, huge, tiny, non-finite.
fn odd_number() -> impl Strategy<Value = String> {
    prop_oneof![
        (-1e6..1e6f64).prop_map(|v| format!("{v:?}")),
        Just("0.0".to_owned()),
        Just("-1.0".to_owned()),
        Just("1e308".to_owned()),
        Just("1e-300".to_owned()),
        Just("nan".to_owned()),
        Just("inf".to_owned()),
        Just("-inf".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn csv_reader_never_panics_on_arbitrary_text(text in "\\PC{0,300}") {
        let _ = DriveCycle::from_csv(&text, "fuzz.csv");
    }

    #[test]
    fn csv_reader_never_panics_on_cycle_shaped_text(
        header in prop::sample::select(vec!["time_s,speed_kmh", "time_s,speed_mps,grade", "time_s,speed_mph,elevation_m,ambient_degc", "speed_kmh,time_s"]),
        rows in prop::collection::vec(prop::collection::vec(odd_number(), 1..5), 0..20),
    ) {
        let mut text = header.to_owned();
        for row in rows {
            text.push('\n');
            text.push_str(&row.join(","));
        }
        if let Ok(cycle) = DriveCycle::from_csv(&text, "fuzz.csv") {
            prop_assert!(cycle.speed_mps().iter().all(|v| v.is_finite() && *v >= 0.0));
            prop_assert!(cycle.time_s().windows(2).all(|w| w[1] > w[0]));
        }
    }

    #[test]
    fn vehicle_reader_never_panics_on_arbitrary_text(text in "\\PC{0,300}") {
        let _ = Vehicle::from_toml(&text, "fuzz.toml");
    }

    #[test]
    fn mutated_vehicle_is_refused_or_simulates_to_finite_numbers(line_idx in 0usize..200, value in odd_number()) {
        // Replace the number on one `key = number` line of a real vehicle file.
        let (mutated, line) = common::replace_one_number(ZOE, line_idx, &value);
        if let Ok(vehicle) = Vehicle::from_toml(&mutated, "fuzz.toml") {
            let cycle = ampere_core::cycle::builtin::load("us06").unwrap();
            let summary = simulate(&vehicle, &cycle, &SimOptions::default()).summary;
            prop_assert!(summary.energy.battery_internal_j.is_finite(), "{line}");
            prop_assert!(summary.distance_m.is_finite() && summary.soc_end.is_finite());
            prop_assert!(summary.energy_balance_residual() < 1e-9, "{line}: residual {}", summary.energy_balance_residual());
        }
    }
}
