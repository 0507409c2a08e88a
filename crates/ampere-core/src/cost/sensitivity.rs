//! Sensitivity: a tornado of the chosen output when each deck input moves by ±X % alone.
//!
//! ```text
//! low_k  = output(prices with input k · (1 − x)),   high_k = output(prices with input k · (1 + x))
//! swing_k = |high_k − low_k|;  bars sorted by swing, largest first
//! ```
//!
//! An input whose raised value would leave its allowed range (only a scrap rate above 0.9) is raised to the
//! limit instead, and its bar is flagged `clipped` so the user sees it.

use super::model::{CostBreakdown, CostModel};
use super::prices::{PriceKey, Prices};

/// Which output the tornado ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Cell cost, USD/kWh.
    CellUsdPerKwh,
    /// Pack cost, USD/kWh.
    PackUsdPerKwh,
    /// Vehicle cost, USD (falls back to pack USD/kWh when the model has no vehicle).
    VehicleCostUsd,
}

impl Output {
    /// The value of this output in `cost`.
    pub fn of(self, cost: &CostBreakdown) -> f64 {
        match (self, cost.vehicle) {
            (Output::CellUsdPerKwh, _) => cost.cell.total_usd_per_kwh,
            (Output::VehicleCostUsd, Some(vehicle)) => vehicle.total_cost_usd,
            (Output::PackUsdPerKwh | Output::VehicleCostUsd, _) => cost.pack.usd_per_kwh,
        }
    }
}

/// One bar of the tornado.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Bar {
    /// Input name (with unit).
    pub input: &'static str,
    /// Input value in the base deck.
    pub base_value: f64,
    /// Output with the input lowered.
    pub low: f64,
    /// Output with the input raised.
    pub high: f64,
    /// True when the raised value hit the input's upper limit.
    pub clipped: bool,
}

impl Bar {
    /// |high − low|.
    pub fn swing(&self) -> f64 {
        (self.high - self.low).abs()
    }
}

/// Upper limit of an input that has one (only the scrap rate).
fn upper_limit(key: PriceKey) -> f64 {
    match key {
        PriceKey::CellScrapRate => 0.9,
        _ => f64::INFINITY,
    }
}

/// The tornado of `output` for ±`fraction` (e.g. 0.2) on every deck input, largest swing first.
pub fn tornado(model: &CostModel, prices: &Prices, fraction: f64, output: Output) -> Vec<Bar> {
    let mut bars: Vec<Bar> = PriceKey::ALL
        .into_iter()
        .map(|key| {
            let base_value = prices.get(key);
            let raised = (base_value * (1.0 + fraction)).min(upper_limit(key));
            let high_factor = if base_value == 0.0 { 1.0 } else { raised / base_value };
            Bar {
                input: key.name(),
                base_value,
                low: output.of(&model.evaluate(&prices.scaled(key, 1.0 - fraction))),
                high: output.of(&model.evaluate(&prices.scaled(key, high_factor))),
                clipped: raised < base_value * (1.0 + fraction),
            }
        })
        .collect();
    bars.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
    bars
}

#[cfg(test)]
mod tests {
    use super::super::builtin;
    use super::*;

    #[test]
    fn lithium_matters_more_than_cobalt_for_lfp() {
        let data = builtin::data().unwrap();
        let model =
            CostModel::new(&data, "lfp_prismatic_blade", &builtin::pack_spec("market_lfp").unwrap(), "p").unwrap();
        let bars = tornado(&model, &builtin::deck("2024-china").unwrap().prices, 0.2, Output::PackUsdPerKwh);
        let swing = |name: &str| bars.iter().find(|b| b.input == name).unwrap().swing();
        assert!(swing("lithium_carbonate_usd_per_t") > 0.5);
        assert_eq!(swing("cobalt_usd_per_t"), 0.0);
        assert!(bars.windows(2).all(|w| w[0].swing() >= w[1].swing()));
    }
}
