//! # ampere-core
//!
//! The models of ampere, an EV design studio: drive cycles, vehicle energy, battery cells and packs,
//! ageing and cost. The crate does no file, network or Python I/O: it parses text it is handed (TOML, CSV,
//! YAML) into validated models and returns plain values. The `ampere` CLI and future bindings are thin
//! layers over it.
//!
//! The flow is always *spec → model → simulate → result*: a `*Spec` is the serde shape of a file (human
//! units in the field names), `from_spec` validates it once into an SI model whose invariants hold, and the
//! simulation returns results in which physical limits (a trace the car cannot follow, a cell at its voltage
//! limit) are data, never errors.
//!
//! Conventions (see `docs/ARCHITECTURE.md`): SI inside; names carry their unit where it is not SI-obvious;
//! battery power and current are positive when discharging; grade is rise/run, positive uphill.

pub mod ageing;
pub mod battery;
pub mod cost;
pub mod cycle;
pub mod error;
pub mod fastsim;
pub mod interp;
pub mod procedure;
pub mod sim;
pub mod units;
pub mod vehicle;

pub use error::{Error, Result};
