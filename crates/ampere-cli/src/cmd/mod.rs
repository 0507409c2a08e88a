//! One module per subcommand; each has an `Args` (clap) and a `run`.

pub mod cell;
pub mod charge;
pub mod cycles;
