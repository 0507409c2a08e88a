//! Battery speed (issue 3 §4 and §7). `battery/cell_thevenin_1800s`: one ECM cell over the 1800 s dynamic
//! profile, the cell and profile of the PyBaMM Thevenin comparison (`tests/battery_pybamm.rs`; PyBaMM's time
//! on the same input: `scripts/battery/time_pybamm.py`, which also runs this bench). `zoe_wltc3b_*`: the
//! Renault Zoe ZE50 over WLTC class 3b with its energy store and with the equivalent-circuit pack of
//! `data/vehicles/examples/zoe_ecm.toml` (issue 3's target: the pack at most 2× the store). Results:
//! BENCHMARKS.md.

use std::hint::black_box;

use ampere_core::battery::cell::Cell;
use ampere_core::battery::profile::{CellRunOptions, CurrentProfile};
use ampere_core::cycle::builtin;
use ampere_core::sim::{SimOptions, simulate};
use ampere_core::vehicle::{Vehicle, builtin as vehicles};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("battery");
    let cell = Cell::from_toml(include_str!("../tests/data/battery/thevenin_cell.toml"), "thevenin_cell.toml")
        .expect("validation cell");
    let profile = CurrentProfile::from_csv(include_str!("../tests/data/battery/thevenin_wltc.csv"), "thevenin_wltc")
        .expect("dynamic profile");
    // As the PyBaMM comparison runs it: SOC 0.8, 25 °C, no heat exchange.
    let options = CellRunOptions { initial_soc: 0.8, ambient_k: 298.15, conductance_w_per_k: 0.0 };
    group.bench_function("cell_thevenin_1800s", |b| b.iter(|| cell.run_profile(black_box(&profile), &options)));

    let cycle = builtin::load("wltc_class3b").expect("WLTC class 3b");
    let store = vehicles::load("renault_zoe_ze50_r135").expect("Zoe");
    let pack = Vehicle::from_toml(include_str!("../../../data/vehicles/examples/zoe_ecm.toml"), "zoe_ecm.toml")
        .expect("Zoe with an ECM pack");
    let options = SimOptions::default();
    for (name, vehicle) in [("zoe_wltc3b_energy_store", &store), ("zoe_wltc3b_ecm_pack", &pack)] {
        group.bench_function(name, |b| b.iter(|| simulate(black_box(vehicle), black_box(&cycle), &options)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
