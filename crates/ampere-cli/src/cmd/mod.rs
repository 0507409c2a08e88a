//! One module per subcommand; each has an `Args` (clap) and a `run`.

pub mod age;
pub mod bench;
pub mod cost;
pub mod cycles;
pub mod range;
pub mod simulate;
