//! Property tests of the equivalent-circuit cell and pack (issue 3 §6), over random library cells, ambient
//! temperatures, step lengths and power demands (many beyond the limits):
//! - SOC never leaves the pack's SOC window (to 1e-12);
//! - the energy at the terminals, Σ V̄·Ī·Δt, equals the energy demanded when the demand is within the limits
//!   (to 1e-9 relative: the closed-form current meets the power exactly), and the chemical
//!   energy Σ OCV·I·Δt equals the change of stored energy Q·∫OCV dz (to 0.5 % of the energy moved: the step
//!   reads the OCV at its start, a first-order error of < 0.15 % for steps ≤ 1 s);
//! - a pack of Ns × Np identical cells behaves as one cell scaled: voltage × Ns, current × Np, the same SOC,
//!   temperature and binding limit (to 1e-9 relative).

use ampere_core::battery::cell::builtin_cell_names;
use ampere_core::battery::{BatteryModel, BatteryState, EcmPack};
use proptest::prelude::*;

const MIN_SOC: f64 = 0.1;
const MAX_SOC: f64 = 0.9;

fn pack(cell: &str, series: u32, parallel: u32, conductance_per_cell_w_per_k: f64) -> EcmPack {
    let passive = conductance_per_cell_w_per_k * f64::from(series * parallel);
    let text = format!(
        "cell = \"{cell}\"\nseries = {series}\nparallel = {parallel}\nintegration = \"cell_to_pack\"\n\
         min_soc = {MIN_SOC}\nmax_soc = {MAX_SOC}\n[cooling]\nkind = \"none\"\npassive_conductance_w_per_k = {passive}\n"
    );
    EcmPack::from_spec(&toml::from_str(&text).unwrap(), "property test").unwrap()
}

fn cell_name() -> impl Strategy<Value = &'static str> {
    let names: Vec<&'static str> = builtin_cell_names().collect();
    prop::sample::select(names)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn soc_stays_in_window(
        cell in cell_name(),
        soc0 in MIN_SOC..MAX_SOC,
        ambient_degc in -25.0..45.0f64,
        dt_s in 0.1..30.0f64,
        demands_w in prop::collection::vec(-400.0..400.0f64, 1..300),
    ) {
        let pack = pack(cell, 1, 1, 0.05);
        let ambient_k = ambient_degc + 273.15;
        let mut state = BatteryState::rested(soc0, ambient_k);
        for demand_w in demands_w {
            pack.step(&mut state, demand_w, dt_s, ambient_k);
            prop_assert!(state.soc >= MIN_SOC - 1e-12 && state.soc <= MAX_SOC + 1e-12, "SOC {}", state.soc);
        }
    }

    #[test]
    fn terminal_energy_is_the_integral_of_v_times_i(
        cell in cell_name(),
        soc0 in 0.2..0.8f64,
        dt_s in 0.1..1.0f64,
        fractions in prop::collection::vec(-1.0..1.0f64, 1..400),
    ) {
        // A strong tie to a 25 °C ambient keeps the cell at the OCV's reference temperature.
        let pack = pack(cell, 1, 1, 1e3);
        let ambient_k = 298.15;
        let mut state = BatteryState::rested(soc0, ambient_k);
        let (mut demanded_j, mut terminal_j, mut chemical_j, mut moved_j) = (0.0, 0.0, 0.0, 0.0);
        for fraction in fractions {
            let limits = pack.limits(&state, dt_s);
            let demand_w = if fraction >= 0.0 { fraction * limits.discharge_w } else { fraction * limits.charge_w };
            let flow = pack.step(&mut state, demand_w, dt_s, ambient_k);
            demanded_j += demand_w * dt_s;
            terminal_j += flow.voltage_v * flow.current_a * dt_s;
            chemical_j += flow.internal_power_w * dt_s;
            moved_j += flow.internal_power_w.abs() * dt_s;
        }
        prop_assert!((terminal_j - demanded_j).abs() <= 1e-9 * moved_j.max(1.0), "{terminal_j} J vs {demanded_j} J");
        // Stored energy released: Q·∫ OCV dz from the final to the initial SOC (fine trapezoid).
        let n = 2000;
        let dz = (soc0 - state.soc) / f64::from(n);
        let stored_j: f64 = (0..n)
            .map(|k| {
                let z = state.soc + dz * f64::from(k);
                0.5 * (pack.cell().ocv.at(z, ambient_k) + pack.cell().ocv.at(z + dz, ambient_k)) * dz
            })
            .sum::<f64>()
            * pack.cell().capacity_c;
        prop_assert!((chemical_j - stored_j).abs() <= 5e-3 * moved_j + 1e-6, "{chemical_j} J vs {stored_j} J");
    }

    #[test]
    fn pack_is_one_cell_scaled(
        cell in cell_name(),
        series in 1u32..200,
        parallel in 1u32..6,
        soc0 in MIN_SOC..MAX_SOC,
        ambient_degc in -25.0..45.0f64,
        dt_s in 0.1..10.0f64,
        demands_w in prop::collection::vec(-300.0..300.0f64, 1..200),
    ) {
        let one = pack(cell, 1, 1, 0.05);
        let many = pack(cell, series, parallel, 0.05);
        let n_cells = f64::from(series * parallel);
        let ambient_k = ambient_degc + 273.15;
        let (mut s1, mut sn) = (BatteryState::rested(soc0, ambient_k), BatteryState::rested(soc0, ambient_k));
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-3);
        for demand_w in demands_w {
            let a = one.step_power(&mut s1, demand_w, dt_s, ambient_k, 0.0);
            let b = many.step_power(&mut sn, demand_w * n_cells, dt_s, ambient_k, 0.0);
            prop_assert!(close(b.flow.voltage_v, a.flow.voltage_v * f64::from(series)), "{b:?} vs {a:?}");
            prop_assert!(close(b.flow.current_a, a.flow.current_a * f64::from(parallel)), "{b:?} vs {a:?}");
            prop_assert!(close(b.flow.loss_w, a.flow.loss_w * n_cells), "{b:?} vs {a:?}");
            prop_assert_eq!(a.bound, b.bound);
            prop_assert!(close(sn.soc, s1.soc) && close(sn.temperature_k, s1.temperature_k), "{sn:?} vs {s1:?}");
        }
    }
}
