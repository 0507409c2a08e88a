//! `ampere validate`: simulated WLTP range and consumption of the reference vehicles against their official
//! figures, with the error of each and the mean absolute error of the fit and check sets.

use ampere_core::validation::{self, ErrorStats, Role, ValidationReport};
use ampere_core::vehicle::builtin;
use anyhow::Result;

use crate::input;
use crate::table::Table;

/// Arguments of `ampere validate`.
#[derive(clap::Args)]
pub struct Args {
    /// Vehicles to validate (built-in names or TOML files); all built-in reference cars (those with an
    /// `[official]` table) when none is given.
    vehicles: Vec<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Run the command.
pub fn run(args: &Args) -> Result<()> {
    let specs = if args.vehicles.is_empty() {
        let all =
            builtin::names().map(|name| Ok((name.to_owned(), builtin::spec(name)?))).collect::<Result<Vec<_>>>()?;
        all.into_iter().filter(|(_, spec)| spec.official.is_some()).collect()
    } else {
        args.vehicles.iter().map(|name| Ok((name.clone(), input::vehicle_spec(name)?))).collect::<Result<Vec<_>>>()?
    };
    let report = validation::validate(&specs)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", text(&report));
    }
    Ok(())
}

fn text(report: &ValidationReport) -> String {
    let mut table =
        Table::new(["vehicle", "set", "class", "range km", "official", "error", "Wh/km wall", "official", "error"]);
    for r in &report.rows {
        table.row([
            r.id.clone(),
            match r.role {
                Role::Fit => "fit".to_owned(),
                Role::Check => "check".to_owned(),
            },
            format!("{:?}", r.class),
            format!("{:.0}", r.range_km),
            format!("{:.0}", r.official_range_km),
            percent(Some(r.range_error)),
            format!("{:.1}", r.consumption_wh_per_km),
            r.official_consumption_wh_per_km.map_or("-".to_owned(), |o| format!("{o:.1}")),
            percent(r.consumption_error),
        ]);
    }
    let mut out =
        format!("WLTP (shortened test) simulated from each file against its official figures\n\n{}\n", table.render());
    let mut stats = Table::new(["errors", "cars", "mean |error|", "max |error|"]);
    for (label, s) in [
        ("consumption, fit set", report.consumption_stats(Some(Role::Fit))),
        ("consumption, check set", report.consumption_stats(Some(Role::Check))),
        ("consumption, all", report.consumption_stats(None)),
        ("range, fit set", report.range_stats(Some(Role::Fit))),
        ("range, check set", report.range_stats(Some(Role::Check))),
        ("range, all", report.range_stats(None)),
    ] {
        stats.row(stats_row(label, s));
    }
    out.push_str(&stats.render());
    out.push_str(&format!(
        "\ntarget on consumption at the wall (mean |error| <= {:.0} %, every car within {:.0} %): {}\n",
        validation::TARGET_MEAN_ABS_ERROR * 100.0,
        validation::TARGET_MAX_ABS_ERROR * 100.0,
        if report.meets_consumption_target() { "met" } else { "not met (see docs/models/vehicle-database.md)" }
    ));
    if !report.skipped.is_empty() {
        out.push_str(&format!("no official WLTP figure, not validated: {}\n", report.skipped.join(", ")));
    }
    out
}

fn stats_row(label: &str, s: ErrorStats) -> [String; 4] {
    [
        label.to_owned(),
        s.count.to_string(),
        format!("{:.1}%", s.mean_abs_error * 100.0),
        format!("{:.1}%", s.max_abs_error * 100.0),
    ]
}

fn percent(error: Option<f64>) -> String {
    error.map_or("-".to_owned(), |e| format!("{:+.1}%", e * 100.0))
}
