//! Properties of the ageing driver and models: capacity never grows with time under use or storage inside
//! the models' tested ranges, hotter storage fades Arrhenius models faster, runs are deterministic, and
//! inputs outside a model's tested range come back as warnings.

mod common;

use ampere_core::ageing::driver::{DriverMode, DriverOptions};
use ampere_core::ageing::warnings::WarningKind;
use ampere_core::ageing::{AgeingModel, Series};
use proptest::prelude::*;

/// `days` of hourly samples: a daily discharge of `dod` from `top` starting at 08:00 over `hours_per_leg`
/// hours, recharged from 20:00 at the same rate; constant temperature.
fn daily_cycles(days: usize, top: f64, dod: f64, hours_per_leg: usize, temperature_degc: f64) -> Series {
    let n = days * 24 + 1;
    let step = dod / hours_per_leg as f64;
    let soc: Vec<f64> = (0..n)
        .map(|h| {
            let hod = h % 24;
            let down = hod.saturating_sub(8).min(hours_per_leg) as f64 * step;
            let up = hod.saturating_sub(20).min(hours_per_leg) as f64 * step;
            (top - down + up).clamp(0.0, 1.0)
        })
        .collect();
    let t_s = (0..n).map(|h| h as f64 * 3600.0).collect();
    Series::new(t_s, soc, vec![temperature_degc; n], "daily_cycles").expect("valid")
}

fn storage(days: usize, soc: f64, temperature_degc: f64) -> Series {
    let n = days * 24 + 1;
    Series::new((0..n).map(|h| h as f64 * 3600.0).collect(), vec![soc; n], vec![temperature_degc; n], "storage")
        .expect("valid")
}

fn all_models() -> Vec<AgeingModel> {
    AgeingModel::names().map(|n| AgeingModel::builtin(n).expect("builtin")).collect()
}

fn options(years: f64) -> DriverOptions {
    DriverOptions { years, ..DriverOptions::default() }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn capacity_never_increases_under_cycling(
        top in 0.6f64..1.0, dod in 0.05f64..0.5, legs in 1usize..4, t in 15.0f64..35.0,
    ) {
        let series = daily_cycles(30, top, dod, legs, t);
        for model in all_models() {
            let trace = model.simulate(&series, options(1.0)).expect("runs").trace;
            for w in trace.q.windows(2) {
                prop_assert!(w[1] <= w[0] + 1e-12, "{}: q rose from {} to {}", model.card().name, w[0], w[1]);
            }
            prop_assert!(trace.r.windows(2).all(|w| w[1] >= w[0] - 1e-12), "{}: r fell", model.card().name);
        }
    }

    #[test]
    fn capacity_never_increases_in_storage(soc in 0.3f64..1.0, t in 0.0f64..45.0) {
        let series = storage(7, soc, t);
        for model in all_models() {
            let trace = model.simulate(&series, options(1.0)).expect("runs").trace;
            prop_assert!(trace.q.iter().all(|q| q.is_finite()));
            for w in trace.q.windows(2) {
                prop_assert!(w[1] <= w[0] + 1e-12, "{}: q rose from {} to {}", model.card().name, w[0], w[1]);
            }
        }
    }

    #[test]
    fn hotter_storage_fades_arrhenius_models_faster(soc in 0.3f64..1.0, t in 0.0f64..35.0) {
        for name in ["lfp_gr_250ah_prismatic", "nca_gr_panasonic_3ah", "lfp_gr_sony_murata_3ah"] {
            let model = AgeingModel::builtin(name).expect("builtin");
            let cool = model.simulate(&storage(7, soc, t), options(1.0)).expect("runs").trace.final_q();
            let warm = model.simulate(&storage(7, soc, t + 10.0), options(1.0)).expect("runs").trace.final_q();
            prop_assert!(warm < cool, "{name}: {warm} !< {cool}");
        }
    }
}

#[test]
fn runs_are_deterministic() {
    let series = daily_cycles(10, 0.9, 0.3, 2, 25.0);
    for mode in [DriverMode::Default, DriverMode::BlastCompat] {
        for model in all_models() {
            let opts = DriverOptions { mode, years: 2.0, ..DriverOptions::default() };
            assert_eq!(model.simulate(&series, opts).expect("runs"), model.simulate(&series, opts).expect("runs"));
        }
    }
}

#[test]
fn cold_cycling_is_reported_as_a_validity_warning() {
    let model = AgeingModel::builtin("lfp_gr_250ah_prismatic").expect("builtin");
    let result = model.simulate(&daily_cycles(10, 0.95, 0.85, 4, 0.0), options(1.0)).expect("runs");
    let warning = result.warnings.iter().find(|w| w.kind == WarningKind::CyclingTemperature).expect("warned");
    assert_eq!(warning.allowed, [10.0, 45.0]);
    assert!((warning.worst_value - 0.0).abs() < 1e-9);
    assert!(result.trace.final_q().is_finite());
}

#[test]
fn cycling_inside_the_tested_range_raises_no_warning() {
    // DOD 0.85 over 4 h legs = 0.21 C, 25 °C: inside every range of the LFP 250 Ah fit.
    let model = AgeingModel::builtin("lfp_gr_250ah_prismatic").expect("builtin");
    let result = model.simulate(&daily_cycles(10, 0.95, 0.85, 4, 25.0), options(1.0)).expect("runs");
    assert!(result.warnings.is_empty(), "{:?}", result.warnings);
}

#[test]
fn fast_charge_beyond_the_tested_rate_is_reported() {
    // 0.9 in one hour = 0.9 C charge, above the 0.65 C the LFP 250 Ah cell was tested at.
    let model = AgeingModel::builtin("lfp_gr_250ah_prismatic").expect("builtin");
    let result = model.simulate(&daily_cycles(10, 0.95, 0.9, 1, 25.0), options(1.0)).expect("runs");
    let kinds: Vec<WarningKind> = result.warnings.iter().map(|w| w.kind).collect();
    assert!(kinds.contains(&WarningKind::ChargeRate), "{kinds:?}");
}

#[test]
fn a_current_consistent_with_the_soc_ages_the_cell_as_the_soc_does() {
    for model in all_models() {
        let with_current = common::driven_by_current(30, model.card().capacity_ah);
        let soc_only = common::without_current(&with_current);
        let name = &model.card().name;
        // A month repeated for a year: the SOC-only run derives later passes' stressors from the first's, the
        // run with a current goes over the samples every time.
        let (a, b) = (model.simulate(&with_current, options(1.0)), model.simulate(&soc_only, options(1.0)));
        let (a, b) = (a.expect("runs"), b.expect("runs"));
        assert_eq!(a.trace.q.len(), b.trace.q.len(), "{name}");
        for (x, y) in [(a.trace.final_q(), b.trace.final_q()), (a.trace.final_r(), b.trace.final_r())] {
            assert!((x - y).abs() <= 1e-12 * y, "{name}: {x} with the current, {y} from the SOC");
        }
        assert!(a.trace.final_q() < 0.999, "{name}: {}", a.trace.final_q());
        // blast-compat reads no current, as BLAST-Lite.
        let compat = DriverOptions { mode: DriverMode::BlastCompat, ..options(1.0) };
        let (a, b) = (model.simulate(&with_current, compat), model.simulate(&soc_only, compat));
        assert_eq!(a.expect("runs").trace.q, b.expect("runs").trace.q, "{name}");
    }
}

#[test]
fn the_default_driver_takes_c_rates_from_the_current() {
    // The same current read against a cell of 2/3 the capacity is 0.3 C instead of 0.2 C: LG M50's cycling fade
    // grows with the discharge rate.
    let model = AgeingModel::builtin("nmc811_grsi_lg_m50").expect("builtin");
    let capacity_ah = model.card().capacity_ah;
    let series = common::driven_by_current(30, capacity_ah);
    let smaller_cell = DriverOptions { cell_capacity_ah: Some(capacity_ah / 1.5), ..options(1.0) };
    let q_nominal = model.simulate(&series, options(1.0)).expect("runs").trace.final_q();
    let q_faster = model.simulate(&series, smaller_cell).expect("runs").trace.final_q();
    assert!(q_faster < q_nominal - 1e-4, "{q_faster} at 0.3 C, {q_nominal} at 0.2 C");
}
