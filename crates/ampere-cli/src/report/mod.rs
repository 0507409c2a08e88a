//! Writers of the `ampere compare` report: `compare.json` (every number with its source), `compare.csv`
//! (one row per vehicle, a value and a source column per figure) and `report.html` (self-contained page).
//! Numbers are formatted here once ([`number`]), so the terminal, the CSV and the page agree.

mod csv;
mod html;
mod svg;

use std::path::{Path, PathBuf};

use ampere_study::compare::{Comparison, Figure, Row, Verdict};
use anyhow::{Context, Result};

/// The files written.
pub struct ReportFiles {
    /// The HTML page.
    pub html: PathBuf,
    /// The CSV table.
    pub csv: PathBuf,
    /// The JSON of everything.
    pub json: PathBuf,
}

/// Write the three files into `dir` (created if missing).
pub fn write(dir: &Path, comparison: &Comparison) -> Result<ReportFiles> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let files =
        ReportFiles { html: dir.join("report.html"), csv: dir.join("compare.csv"), json: dir.join("compare.json") };
    save(&files.json, &serde_json::to_string_pretty(comparison)?)?;
    save(&files.csv, &csv::table(comparison))?;
    save(&files.html, &html::page(comparison))?;
    Ok(files)
}

fn save(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write `{}`", path.display()))
}

/// A number with `decimals` digits after the point, no thousands separator (so a reader can parse it back).
pub fn number(value: f64, decimals: usize) -> String {
    format!("{value:.decimals$}")
}

/// The list price to show: EUR when published, else CNY, else USD, with its currency.
pub fn list_price(row: &Row) -> Option<(&Figure, &'static str)> {
    [(&row.list_price_eur, "EUR"), (&row.list_price_cny, "CNY"), (&row.list_price_usd, "USD")]
        .into_iter()
        .find(|(figure, _)| figure.value.is_some())
}

/// `pass`, `FAIL` or `not modelled yet`.
pub fn euro7_text(verdict: &Verdict) -> &'static str {
    match verdict.pass {
        Some(true) => "pass",
        Some(false) => "FAIL",
        None => "not modelled yet",
    }
}
