//! One module per subcommand; each has an `Args` (clap) and a `run`.

pub mod age;
pub mod bench;
pub mod cell;
pub mod charge;
pub mod compare;
pub mod cost;
pub mod cycles;
pub mod range;
pub mod simulate;
pub mod validate;
