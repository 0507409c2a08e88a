//! One module per subcommand; each has an `Args` (clap) and a `run`.

pub mod age;
pub mod cycles;
