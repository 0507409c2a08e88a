//! Issue 5 speed: one full cell → pack → vehicle cost evaluation must take microseconds so that a design study
//! can cost every candidate. Also measured: building a model (parsing excluded) and a 17-input tornado.

use std::hint::black_box;

use ampere_core::cost::sensitivity::{Output, tornado};
use ampere_core::cost::{CostModel, builtin};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench_cost(c: &mut Criterion) {
    let data = builtin::data().unwrap();
    let pack = builtin::pack_spec("b_segment_ctp").unwrap();
    let prices = builtin::deck("2028-eu").unwrap().prices;
    let model = CostModel::new(&data, "lfp_prismatic_blade", &pack, "b_segment_ctp").unwrap();

    c.bench_function("cost/evaluate_cell_pack_vehicle", |b| b.iter(|| black_box(&model).evaluate(black_box(&prices))));
    c.bench_function("cost/build_model", |b| {
        b.iter(|| CostModel::new(black_box(&data), "lfp_prismatic_blade", black_box(&pack), "b_segment_ctp").unwrap())
    });
    c.bench_function("cost/tornado_17_inputs", |b| {
        b.iter(|| tornado(black_box(&model), black_box(&prices), 0.2, Output::VehicleCostUsd))
    });
}

criterion_group!(benches, bench_cost);
criterion_main!(benches);
