//! Battery ageing: calendar and cycle fade of published cell models, driven by SOC and temperature time
//! series, with usage and climate profile generation and durability checks (issue 4).
//!
//! Pieces, from the inside out:
//!
//! * [`models`]: one fade law per paper (LFP 250 Ah prismatic, Sony/Murata LFP 3 Ah with resistance, LG M50
//!   NMC811, DENSO NMC622 50 Ah, Panasonic NCA 3.2 Ah, Kokam NMC111 75 Ah with resistance). Each gives relative
//!   capacity `q = 1 − calendar loss(t, T, SOC) − cycling loss(EFC, DOD, C-rate, T)` from state laws in
//!   [`laws`]; equations and parameters are those of the papers as NREL BLAST-Lite 1.1.0 implements them.
//! * [`stressors`] and [`driver`]: the chunking driver, in a `blast-compat` mode that reproduces BLAST-Lite
//!   1.1.0 and a default mode that fixes its quirks ([`driver::DriverMode`]); [`rainflow`] finds turning points;
//!   [`fast_exp`] is the exponential the per-sample rate laws use (speed notes: `docs/models/ageing.md`).
//! * [`warnings`]: inputs outside a model's tested range are returned as data with the result.
//! * [`climate`], [`usage`]: hourly SOC and cell temperature from a named usage profile, a city climate and a
//!   pack thermal model; [`vehicle_link`] takes energy per km and usable energy from the vehicle engine;
//!   [`cells`] maps the chemistry library's cells to models; [`embedded`] holds the compiled-in data files.
//! * [`durability`]: years and km to 80 %/70 %, the Euro 7 minimum-performance check (Regulation (EU)
//!   2024/1257: ≥ 80 % at 5 years/100 000 km, ≥ 72 % at 8 years/160 000 km) and a warranty check;
//!   [`scenario`] runs usage → driver → durability in one call.
//!
//! Full equations, driver semantics and measured differences: `docs/models/ageing.md`.

pub mod anode;
pub mod cells;
pub mod climate;
pub mod driver;
pub mod durability;
pub mod embedded;
pub mod fast_exp;
pub mod laws;
pub mod model;
pub mod models;
pub mod rainflow;
pub mod scenario;
pub mod series;
pub mod stressors;
pub mod usage;
pub mod vehicle_link;
pub mod warnings;

pub use driver::{AgeingResult, AgeingTrace, DriverMode, DriverOptions};
pub use model::AgeingModel;
pub use series::Series;
