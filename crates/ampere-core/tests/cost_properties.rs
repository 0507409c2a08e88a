//! Issue 5 properties: cost is monotone in commodity prices, per-kWh cost falls with plant volume, vehicle
//! fixed costs are absorbed over volume, and every evaluation is finite.

use ampere_core::cost::{CostData, CostModel, PriceKey, Prices, builtin};
use proptest::prelude::*;

/// The chemistry library's cells (every one has a cost entry).
fn cells() -> Vec<&'static str> {
    ampere_core::battery::cell::builtin_cell_names().collect()
}

const SCENARIOS: [&str; 9] =
    ["2024-china", "2024-eu", "2024-us", "2026-china", "2026-eu", "2026-us", "2028-china", "2028-eu", "2028-us"];

/// Commodity inputs: the global deck keys except the non-commodity price index.
fn commodities() -> Vec<PriceKey> {
    PriceKey::ALL.into_iter().filter(|k| k.is_global() && *k != PriceKey::OtherMaterialsIndex).collect()
}

fn setup(cell_idx: usize, scenario_idx: usize, pack: &str) -> (CostModel, Prices) {
    let data: CostData = builtin::data().unwrap();
    let model = CostModel::new(&data, cells()[cell_idx], &builtin::pack_spec(pack).unwrap(), pack).unwrap();
    (model, builtin::deck(SCENARIOS[scenario_idx]).unwrap().prices)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn cost_is_monotone_in_every_commodity_price(
        cell_idx in 0..cells().len(),
        scenario_idx in 0..SCENARIOS.len(),
        key_idx in 0..commodities().len(),
        factor in 1.0f64..5.0,
    ) {
        let (model, prices) = setup(cell_idx, scenario_idx, "b_segment_ctp");
        let key = commodities()[key_idx];
        let base = model.evaluate(&prices);
        let dearer = model.evaluate(&prices.scaled(key, factor));
        prop_assert!(dearer.cell.total_usd_per_kwh >= base.cell.total_usd_per_kwh);
        prop_assert!(dearer.pack.total_usd >= base.pack.total_usd);
        prop_assert!(dearer.vehicle.unwrap().price_usd >= base.vehicle.unwrap().price_usd);
    }

    #[test]
    fn per_kwh_cost_falls_with_plant_volume(
        cell_idx in 0..cells().len(),
        scenario_idx in 0..SCENARIOS.len(),
        gwh in 0.5f64..100.0,
        growth in 1.01f64..4.0,
    ) {
        let (model, mut prices) = setup(cell_idx, scenario_idx, "market_nmc");
        prices.set(PriceKey::CellPlantGwh, gwh, "test").unwrap();
        let small = model.evaluate(&prices);
        let large = model.evaluate(&prices.scaled(PriceKey::CellPlantGwh, growth));
        prop_assert!(large.cell.total_usd_per_kwh < small.cell.total_usd_per_kwh);
        prop_assert!(large.pack.usd_per_kwh < small.pack.usd_per_kwh);
    }

    #[test]
    fn every_evaluation_is_finite_and_positive(
        cell_idx in 0..cells().len(),
        scenario_idx in 0..SCENARIOS.len(),
        scales in proptest::collection::vec(0.2f64..3.0, PriceKey::ALL.len()),
    ) {
        let (model, mut prices) = setup(cell_idx, scenario_idx, "b_segment_ctp");
        for (key, scale) in PriceKey::ALL.into_iter().zip(scales) {
            let value = prices.get(key) * scale;
            let value = if key == PriceKey::CellScrapRate { value.min(0.9) } else { value };
            prices.set(key, value, "test").unwrap();
        }
        let cost = model.evaluate(&prices);
        let vehicle = cost.vehicle.unwrap();
        for value in [cost.cell.total_usd_per_kwh, cost.pack.total_usd, vehicle.total_cost_usd, vehicle.price_usd] {
            prop_assert!(value.is_finite() && value > 0.0, "{value}");
        }
    }

    #[test]
    fn more_vehicles_on_the_same_line_cost_less_each(
        scenario_idx in 0..SCENARIOS.len(),
        volume_share in 0.1f64..0.6,
        cadence_gain in 1.01f64..1.6,
    ) {
        let data = builtin::data().unwrap();
        let pack = builtin::pack_spec("b_segment_ctp").unwrap();
        let prices = builtin::deck(SCENARIOS[scenario_idx]).unwrap().prices;
        let model = CostModel::new(&data, "lfp_prismatic_blade", &pack, "b_segment_ctp").unwrap();
        let mut vehicle = *model.vehicle().unwrap();
        let capacity = vehicle.line_rate_vehicles_per_hour * data.vehicle().operating_hours_per_year;
        vehicle.vehicles_per_year = volume_share * capacity;
        let base = model.clone().with_vehicle(vehicle, "test").unwrap().evaluate(&prices).vehicle.unwrap();
        vehicle.vehicles_per_year *= cadence_gain;
        let busy = model.with_vehicle(vehicle, "test").unwrap().evaluate(&prices).vehicle.unwrap();
        prop_assert!(busy.total_cost_usd < base.total_cost_usd);
        prop_assert!((base.assembly_fixed_usd / busy.assembly_fixed_usd - cadence_gain).abs() < 1e-9);
    }
}
