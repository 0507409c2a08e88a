//! # ampere-study
//!
//! Design studies on top of `ampere-core`: many vehicle variants over one cycle on every core
//! ([`batch`]), and the comparison study behind `ampere compare` ([`compare`]). The core stays single-threaded and deterministic; parallelism lives here, and results are
//! collected by index so that a batch returns the same numbers in the same order whatever the thread count.

pub mod batch;
pub mod compare;
