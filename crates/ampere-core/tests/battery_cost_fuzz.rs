//! Fuzz-style property tests of the battery and cost inputs, as `parser_fuzz.rs` does for cycles and vehicles
//! (proptest generates the inputs): arbitrary text never panics the cell, BPX, current-profile, HPPC, pack-cost
//! and price readers; a current profile with odd values is refused or runs a cell without a NaN; a cell file
//! with one number replaced by an odd value is refused or discharges without a NaN.

mod common;

use ampere_core::battery::bpx::cell_spec_from_bpx;
use ampere_core::battery::cell::Cell;
use ampere_core::battery::fit::HppcData;
use ampere_core::battery::profile::{CellRunOptions, CellTrace, CurrentProfile};
use ampere_core::cost::pack::PackSpec as CostPackSpec;
use ampere_core::cost::prices::{PriceTable, Scenario};
use proptest::prelude::*;

const LG_M50: &str = include_str!("../../../data/cells/nmc811_lg_m50.toml");

fn options() -> CellRunOptions {
    CellRunOptions { initial_soc: 0.9, ambient_k: 298.15, conductance_w_per_k: 0.5 }
}

fn assert_no_nan(trace: &CellTrace, context: &str) -> Result<(), TestCaseError> {
    let columns = [&trace.voltage_v, &trace.soc, &trace.temperature_k];
    prop_assert!(columns.iter().all(|c| c.iter().all(|v| !v.is_nan())), "{context}: {:?}", trace.voltage_v.last());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn readers_never_panic_on_arbitrary_text(text in "\\PC{0,300}") {
        let _ = Cell::from_toml(&text, "fuzz.toml");
        let _ = cell_spec_from_bpx(&text, "fuzz.json");
        let _ = CurrentProfile::from_csv(&text, "fuzz.csv");
        let _ = HppcData::from_csv(&text, "fuzz.csv");
        let _ = CostPackSpec::from_toml(&text, "fuzz.toml");
        let _ = PriceTable::from_csv(&text, "fuzz.csv");
        let _ = Scenario::parse(&text);
    }

    #[test]
    fn current_profile_is_refused_or_runs_without_nan(
        rows in prop::collection::vec((common::odd_value(1.0..600.0), common::odd_value(-20.0..20.0)), 0..30),
    ) {
        let mut text = "time_s,current_a".to_owned();
        let times = common::running_times(rows.iter().map(|row| &row.0));
        for ((_, current), time) in rows.iter().zip(&times) {
            text.push_str(&format!("\n{time},{current}"));
        }
        if let Ok(profile) = CurrentProfile::from_csv(&text, "fuzz.csv") {
            let cell = Cell::from_toml(LG_M50, "lg_m50").expect("built-in");
            assert_no_nan(&cell.run_profile(&profile, &options()), &text)?;
        }
    }

    #[test]
    fn mutated_cell_is_refused_or_discharges_without_nan(line_idx in 0usize..100, value in common::odd_value(-10.0..10.0)) {
        let (mutated, line) = common::replace_one_number(LG_M50, line_idx, &value);
        if let Ok(cell) = Cell::from_toml(&mutated, "fuzz.toml") {
            // Ten minutes at 5 A, then ten at −5 A.
            let profile = CurrentProfile {
                time_s: (0..=1200).map(f64::from).collect(),
                current_a: (0..=1200).map(|t| if t < 600 { 5.0 } else { -5.0 }).collect(),
                voltage_v: None,
            };
            assert_no_nan(&cell.run_profile(&profile, &options()), &line)?;
        }
    }
}
