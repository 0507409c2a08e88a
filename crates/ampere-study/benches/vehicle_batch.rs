//! One BEV over WLTC class 3b and UDDS (the inner loop), and a batch of 1000 variants on all cores.

use ampere_core::cycle::builtin;
use ampere_core::sim::{SimOptions, simulate};
use ampere_core::vehicle::{Vehicle, builtin as vehicles};
use ampere_study::batch::run_batch;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn variants(n: usize) -> Vec<Vehicle> {
    let spec = vehicles::spec("renault_zoe_ze50_r135").unwrap();
    (0..n)
        .map(|i| {
            let mut s = spec.clone();
            s.mass.running_order_kg *= 0.9 + 0.2 * i as f64 / n as f64;
            Vehicle::from_spec(&s, "variant").unwrap()
        })
        .collect()
}

fn single_runs(c: &mut Criterion) {
    let vehicle = vehicles::load("renault_zoe_ze50_r135").unwrap();
    let options = SimOptions::default();
    for name in ["wltc_class3b", "udds"] {
        let cycle = builtin::load(name).unwrap();
        c.bench_function(&format!("zoe_{name}"), |b| {
            b.iter(|| simulate(black_box(&vehicle), black_box(&cycle), &options))
        });
    }
}

fn batch(c: &mut Criterion) {
    let cycle = builtin::load("wltc_class3b").unwrap();
    let fleet = variants(1000);
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.bench_function("zoe_variants_1000_wltc_class3b", |b| {
        b.iter(|| run_batch(black_box(&fleet), &cycle, &SimOptions::default()))
    });
    group.finish();
}

criterion_group!(benches, single_runs, batch);
criterion_main!(benches);
