//! Bottom-up cost of cells, packs and vehicles (issue 5), after Argonne's BatPaC (MARKET.md §3).
//!
//! The chain is *cell design → bill of materials → materials cost* (`cell`, `chemistry`, `materials`; the
//! cathode price is built from commodity prices), *+ manufacturing cost per process step* scaled with plant
//! GWh/yr and regional factor prices (`process`, `overheads`), *→ pack* (`pack`: modules, cell-to-pack or
//! cell-to-body, BMS, thermal, housing, assembly) *→ vehicle* (`vehicle`: drive, charger, wiring, glider,
//! final assembly absorbed over volume, price). Scenario inputs (commodities by year, factor prices by
//! region) come from a price deck (`prices`), and `sensitivity` ranks them in a tornado. `validate` compares
//! the model with BloombergNEF survey figures and BatPaC's own calibration pack.
//!
//! Build a [`CostModel`] once (validation and all allocation happen there), then
//! [`CostModel::evaluate`] any number of [`Prices`]: evaluation allocates nothing and takes microseconds.
//!
//! ```
//! use ampere_core::cost::{CostModel, builtin};
//!
//! let data = builtin::data().unwrap();
//! let pack = builtin::pack_spec("b_segment_ctp").unwrap();
//! let model = CostModel::new(&data, "lfp_prismatic_blade", &pack, "b_segment_ctp").unwrap();
//! let mut prices = builtin::deck("2028-eu").unwrap().prices;
//! prices.set_from_text("lithium_carbonate_usd_per_t=30000").unwrap();
//! let cost = model.evaluate(&prices);
//! assert!(cost.pack.usd_per_kwh > cost.cell.total_usd_per_kwh);
//! assert!(cost.vehicle.unwrap().price_usd > cost.vehicle.unwrap().total_cost_usd);
//! ```
//!
//! Money is in US dollars of the price rows' years (no inflation adjustment); energy per kWh of nominal
//! cell energy.

pub mod builtin;
pub mod cell;
pub mod chemistry;
pub mod data;
pub mod materials;
pub mod model;
pub mod overheads;
pub mod pack;
pub mod prices;
pub mod process;
pub mod sensitivity;
pub mod validate;
pub mod vehicle;

pub use data::CostData;
pub use model::{CellCost, CostBreakdown, CostModel};
pub use pack::{PackCost, PackSpec};
pub use prices::{PriceKey, Prices, Scenario};
pub use vehicle::{Segment, VehicleCost, VehicleSpec};
