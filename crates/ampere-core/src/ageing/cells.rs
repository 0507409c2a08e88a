//! Which ageing model stands for each cell of the chemistry library (`data/ageing/cell_map.toml`, where each
//! choice is explained; cells without published ageing data — LMFP, sodium-ion, LMR — map to the closest
//! chemistry and say so).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::ageing::model::AgeingModel;
use crate::error::{Error, Result, parse_toml};

const CELL_MAP: &str = include_str!("../../../../data/ageing/cell_map.toml");

/// One cell's ageing model.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CellAgeing {
    /// Name of the ageing model (see [`AgeingModel::names`]).
    pub model: String,
    /// Multiplier on every fade increment (1 = as published).
    pub degradation_scalar: f64,
    /// Why this model stands for this cell.
    pub note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CellMap {
    cells: BTreeMap<String, CellAgeing>,
}

fn cell_map() -> Result<CellMap> {
    parse_toml(CELL_MAP, "data/ageing/cell_map.toml")
}

/// The ageing model for a chemistry-library cell name.
pub fn for_cell(name: &str) -> Result<CellAgeing> {
    let map = cell_map()?;
    map.cells.get(name).cloned().ok_or_else(|| Error::UnknownName {
        kind: "cell",
        name: name.to_owned(),
        known: map.cells.keys().cloned().collect::<Vec<_>>().join(", "),
    })
}

/// Names of the mapped cells.
pub fn cell_names() -> Result<Vec<String>> {
    Ok(cell_map()?.cells.into_keys().collect())
}

/// Load the mapped model of a cell.
pub fn model_for_cell(name: &str) -> Result<(AgeingModel, CellAgeing)> {
    let entry = for_cell(name)?;
    Ok((AgeingModel::builtin(&entry.model)?, entry))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_library_cell_maps_to_a_builtin_model() {
        let names: Vec<&str> = crate::battery::cell::builtin_cell_names().collect();
        assert_eq!(cell_names().unwrap().len(), names.len());
        for name in names {
            let (model, entry) = model_for_cell(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(model.card().name, entry.model);
            assert!(entry.degradation_scalar > 0.0 && !entry.note.is_empty());
        }
    }

    #[test]
    fn unknown_cell_lists_the_known_ones() {
        let err = for_cell("lead_acid").unwrap_err().to_string();
        assert!(err.starts_with("unknown cell `lead_acid`; built-in ones are: lfp_a123_26650"), "{err}");
    }
}
