//! Issue 5 validation: the cost model against BloombergNEF survey figures (±15 %) and BatPaC's NMC622
//! calibration pack (±10 %). The checks and tolerances live in `data/cost/validation.toml`; the same checks are
//! printed by `ampere cost validate`.

use ampere_core::cost::builtin;

#[test]
fn every_validation_check_is_within_its_tolerance() {
    let checks = builtin::validation().unwrap();
    let mut failures = Vec::new();
    for check in &checks {
        println!(
            "{:<60} model {:>8.3} ref {:>8.3} error {:>+6.1} %",
            check.name,
            check.model,
            check.reference,
            100.0 * check.error()
        );
        if !check.passes() {
            failures.push(format!(
                "{}: model {:.3} vs {:.3} ({:+.1} %)",
                check.name,
                check.model,
                check.reference,
                100.0 * check.error()
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_issue_checks_are_all_present() {
    let names: Vec<String> = builtin::validation().unwrap().into_iter().map(|c| c.name).collect();
    for year in 2021..=2025 {
        assert!(names.iter().any(|n| n == &format!("BNEF {year} average pack")), "{year}");
    }
    for wanted in ["Europe / China", "LFP pack", "NMC pack", "BatPaC v5 NMC622"] {
        assert!(names.iter().any(|n| n.contains(wanted)), "{wanted}");
    }
}
