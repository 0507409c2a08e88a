//! Helpers shared by the integration tests.

#![allow(dead_code)] // Each test binary uses a different subset of the helpers.

use ampere_core::cycle::DriveCycle;
use ampere_core::vehicle::VehicleSpec;

/// A plain test vehicle with constant efficiencies, no regen fade, flat physics; tests edit what they need.
pub const SIMPLE_VEHICLE: &str = r#"
name = "test car"

[mass]
running_order_kg = 1500.0
test_mass_kg = 1500.0
rotating_mass_share = 0.03

[road_load]
model = "physics"
drag_coefficient = 0.30
frontal_area_m2 = 2.2
rolling_resistance_coefficient = 0.009

[wheels]
radius_m = 0.3

[driveline]
ratio = 9.0
efficiency = 0.97

[motor]
peak_power_kw = 100.0
efficiency = 0.90

[regen]
fade_start_kmh = 0.0
fade_end_kmh = 0.0

[aux]
power_w = 400.0

[battery]
model = "energy"
energy_kwh = 50.0
min_soc = 0.05
max_soc = 0.95
max_discharge_power_kw = 150.0
max_charge_power_kw = 80.0
efficiency = 0.98
"#;

/// The simple vehicle's spec.
pub fn simple_spec() -> VehicleSpec {
    toml::from_str(SIMPLE_VEHICLE).unwrap()
}

/// A cycle from (time, speed m/s) pairs.
pub fn cycle(points: &[(f64, f64)]) -> DriveCycle {
    DriveCycle::new("test", points.iter().map(|p| p.0).collect(), points.iter().map(|p| p.1).collect(), None, None)
        .unwrap()
}

/// Assert |got − want| ≤ rtol·|want| + atol, printing both.
#[track_caller]
pub fn assert_close(got: f64, want: f64, rtol: f64, atol: f64) {
    let tolerance = rtol * want.abs() + atol;
    assert!((got - want).abs() <= tolerance, "got {got}, want {want} (tolerance {tolerance:e})");
}

/// `text` (a TOML file) with the number on one of its `key = number` lines replaced by `value`: the
/// `line_idx`-th such line, counted cyclically. Returns the new text and the line as replaced, for messages.
pub fn replace_one_number(text: &str, line_idx: usize, value: &str) -> (String, String) {
    let lines: Vec<&str> = text.lines().collect();
    let is_number = |v: &str| v.split('#').next().unwrap_or("").trim().parse::<f64>().is_ok();
    let numeric: Vec<usize> =
        (0..lines.len()).filter(|&idx| lines[idx].split('=').nth(1).is_some_and(is_number)).collect();
    let target = numeric[line_idx % numeric.len()];
    let replaced = format!("{}= {value}", lines[target].split('=').next().unwrap_or(""));
    let mutated: Vec<&str> =
        lines.iter().enumerate().map(|(idx, &line)| if idx == target { replaced.as_str() } else { line }).collect();
    (mutated.join("\n"), replaced)
}

/// The time column of a fuzzed table from its fuzzed steps: the running sum of the steps that are numbers (so that
/// most rows are valid and the model runs), the odd value itself where a step is not.
pub fn running_times<'a>(steps: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut t = 0.0;
    steps
        .into_iter()
        .map(|step| match step.parse::<f64>() {
            Ok(dt) => {
                t += dt;
                format!("{t:?}")
            }
            Err(_) => {
                t += 1.0;
                step.clone()
            }
        })
        .collect()
}

/// Values a hand-edited or measured file might hold, for the fuzz-style tests: mostly `typical`, else zero, ±1,
/// out-of-range, huge, tiny, not finite or not a number.
pub fn odd_value(typical: std::ops::Range<f64>) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        9 => typical.prop_map(|v| format!("{v:?}")),
        1 => prop::sample::select(vec!["0", "1", "-1", "100", "-60", "1e-300", "1e30", "-1e30", "1e308", "nan", "inf", "", "x"])
            .prop_map(str::to_owned),
    ]
}

/// The current (A, positive on discharge) a cell of `capacity_ah` carries to follow `series`' SOC: at each sample
/// the central difference of SOC over time (one-sided at the ends).
pub fn implied_current_a(series: &ampere_core::ageing::Series, capacity_ah: f64) -> Vec<f64> {
    let (t_s, soc) = (series.t_s(), series.soc());
    let n = series.len();
    (0..n)
        .map(|idx| {
            let (before, after) = (idx.saturating_sub(1), (idx + 1).min(n - 1));
            -capacity_ah * (soc[after] - soc[before]) / ((t_s[after] - t_s[before]) / 3600.0)
        })
        .collect()
}

/// `days` of hourly samples of a cell of `capacity_ah` driven at C-rates by hour of day (discharge at 08:00–09:00
/// and 17:00–18:00, charge 20:00–23:00, 0.2 C each), from SOC 0.9 and at a temperature rising with the day: the
/// series with its current, and the SOC the current gives by the trapezoid.
pub fn driven_by_current(days: usize, capacity_ah: f64) -> ampere_core::ageing::Series {
    let c_rate_at = |hour: usize| match hour % 24 {
        8 | 9 | 17 | 18 => -0.2,
        20..=23 => 0.2,
        _ => 0.0,
    };
    let n = days * 24 + 1;
    let mut soc = vec![0.9];
    for hour in 1..n {
        soc.push(soc[hour - 1] + 0.5 * (c_rate_at(hour - 1) + c_rate_at(hour)));
    }
    let t_s = (0..n).map(|h| h as f64 * 3600.0).collect();
    let temperature_degc = (0..n).map(|h| 15.0 + (h % 24) as f64 * 0.5).collect();
    let current_a = (0..n).map(|h| -c_rate_at(h) * capacity_ah).collect();
    let series = ampere_core::ageing::Series::new(t_s, soc, temperature_degc, "driven_by_current").expect("valid");
    series.with_current_a(current_a, "driven_by_current").expect("consistent")
}

/// `series` without its current: C-rates from its SOC.
pub fn without_current(series: &ampere_core::ageing::Series) -> ampere_core::ageing::Series {
    let (t_s, soc, temperature_degc) = (series.t_s(), series.soc(), series.temperature_degc());
    ampere_core::ageing::Series::new(t_s.to_vec(), soc.to_vec(), temperature_degc.to_vec(), "without_current")
        .expect("valid")
}
