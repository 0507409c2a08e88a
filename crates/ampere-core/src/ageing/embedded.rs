//! Data files compiled into the binary (`data/ageing`, `data/climates`, `data/usage`): one table of
//! `(name, text)` per kind, looked up by name with an error that lists the names.

use crate::error::{Error, Result};

/// Names and file texts of one kind of built-in data.
pub type Embedded = &'static [(&'static str, &'static str)];

/// Declare `const $table: Embedded` holding `data/$dir/$name.toml` for each name.
macro_rules! embedded_toml {
    ($table:ident, $dir:literal, [$($name:literal),* $(,)?]) => {
        /// Names and TOML text of the built-in files of this kind.
        const $table: $crate::ageing::embedded::Embedded = &[
            $(($name, include_str!(concat!("../../../../data/", $dir, "/", $name, ".toml")))),*
        ];
    };
}
pub(crate) use embedded_toml;

/// The text of built-in `name` in `table`; `kind` names the kind of thing in the error.
pub fn text(table: Embedded, kind: &'static str, name: &str) -> Result<&'static str> {
    table.iter().find(|(n, _)| *n == name).map(|(_, text)| *text).ok_or_else(|| Error::UnknownName {
        kind,
        name: name.to_owned(),
        known: names(table).collect::<Vec<_>>().join(", "),
    })
}

/// Names in `table`, in declaration order.
pub fn names(table: Embedded) -> impl Iterator<Item = &'static str> {
    table.iter().map(|(name, _)| *name)
}
