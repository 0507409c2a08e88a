//! Pins every model's ten-year result in both driver modes to 1e-12 relative, on the benchmark input
//! (`profile_commuter_temperate.csv` tiled to ten years of hourly samples, as in `benches/ageing.rs`), on
//! `profile_taxi_hot.csv` (one year, repeated by the driver; heavy cycling, so chunks are EFC-limited) and on a
//! synthetic 6-EFC/day series (the only one where the Sony/Murata break-in term advances). The values were
//! recorded with the ageing sources of commit b48c6cd, before the speed work of issue 4 §5, so any optimisation
//! of the driver, the stressors or the rate laws that changes results beyond rounding fails here.

use ampere_core::ageing::driver::{DriverMode, DriverOptions};
use ampere_core::ageing::{AgeingModel, Series};

/// One year of hourly samples swinging SOC 0.5 → 1 → 0.5 → 0 → … (0.5 C, 6 EFC a day) at 25 ± 5 °C: chunks
/// above 3 EFC/day, where the Sony/Murata break-in term advances.
fn fast_cycling() -> Series {
    let n = 365 * 24 + 1;
    let t_s = (0..n).map(|h| h as f64 * 3600.0).collect();
    let soc = (0..n).map(|h| [0.5, 1.0, 0.5, 0.0][h % 4]).collect();
    let temperature = (0..n).map(|h| 25.0 + 5.0 * (h as f64 * std::f64::consts::TAU / 24.0).sin()).collect();
    Series::new(t_s, soc, temperature, "fast_cycling").expect("valid")
}

/// Relative tolerance: rounding-level differences (reassociated sums, fused exponentials) pass, a changed
/// formula or a skipped sample does not.
const REL_TOL: f64 = 1e-12;

/// (profile, model, mode, trace rows, final q, final r, final EFC, final calendar loss).
type Pin = (&'static str, &'static str, DriverMode, usize, f64, f64, f64, f64);

/// Recorded before optimising.
#[rustfmt::skip]
const PINNED: [Pin; 36] = [
    ("commuter_temperate_x10", "lfp_gr_250ah_prismatic", DriverMode::Default, 3507, 9.535229071237707e-1, 1e0, 6.522000000000041e2, 2.2830816194269243e-2),
    ("commuter_temperate_x10", "lfp_gr_250ah_prismatic", DriverMode::BlastCompat, 3651, 9.536895240540857e-1, 1e0, 6.520250000000066e2, 2.265542247394209e-2),
    ("commuter_temperate_x10", "lfp_gr_sony_murata_3ah", DriverMode::Default, 3507, 9.204284505572772e-1, 1.0633005568763125e0, 6.522000000000041e2, 7.927041434354373e-2),
    ("commuter_temperate_x10", "lfp_gr_sony_murata_3ah", DriverMode::BlastCompat, 3651, 9.208420807215413e-1, 1.0626553280466797e0, 6.520250000000066e2, 7.885778315055107e-2),
    ("commuter_temperate_x10", "nmc811_grsi_lg_m50", DriverMode::Default, 3507, 7.411712208516539e-1, 1e0, 6.522000000000041e2, 1.8267895295129397e-1),
    ("commuter_temperate_x10", "nmc811_grsi_lg_m50", DriverMode::BlastCompat, 3651, 7.414312006606563e-1, 1e0, 6.520250000000066e2, 1.8253501516946213e-1),
    ("commuter_temperate_x10", "nmc622_gr_denso_50ah", DriverMode::Default, 3507, 9.053131278415104e-1, 1e0, 6.522000000000041e2, 4.026834986323164e-2),
    ("commuter_temperate_x10", "nmc622_gr_denso_50ah", DriverMode::BlastCompat, 3651, 9.051933796789774e-1, 1e0, 6.520250000000066e2, 4.002393603615293e-2),
    ("commuter_temperate_x10", "nca_gr_panasonic_3ah", DriverMode::Default, 3507, 8.864675335976677e-1, 1e0, 6.522000000000041e2, 1.0568555854058055e-1),
    ("commuter_temperate_x10", "nca_gr_panasonic_3ah", DriverMode::BlastCompat, 3651, 8.869506112583896e-1, 1e0, 6.520250000000066e2, 1.0521229112046696e-1),
    ("commuter_temperate_x10", "nmc111_gr_kokam_75ah", DriverMode::Default, 3507, 9.687179995599015e-1, 2.904767141824043e0, 6.522000000000041e2, 2.6782493790874266e-2),
    ("commuter_temperate_x10", "nmc111_gr_kokam_75ah", DriverMode::BlastCompat, 3651, 9.689417244508398e-1, 2.885515061447105e0, 6.520250000000066e2, 2.6595423125024147e-2),
    ("taxi_hot", "lfp_gr_250ah_prismatic", DriverMode::Default, 3662, 8.443182942125289e-1, 1e0, 3.9430799999998203e3, 5.758336697494467e-2),
    ("taxi_hot", "lfp_gr_250ah_prismatic", DriverMode::BlastCompat, 3810, 8.460821022829632e-1, 1e0, 3.8891399999999344e3, 5.794863175474725e-2),
    ("taxi_hot", "lfp_gr_sony_murata_3ah", DriverMode::Default, 3662, 8.239462753910786e-1, 1.2816372030862904e0, 3.9430799999998203e3, 1.4121706843825346e-1),
    ("taxi_hot", "lfp_gr_sony_murata_3ah", DriverMode::BlastCompat, 3810, 8.240371441315364e-1, 1.279531849549142e0, 3.8891399999999344e3, 1.41651057026734e-1),
    ("taxi_hot", "nmc811_grsi_lg_m50", DriverMode::Default, 3662, 6.159810214796091e-1, 1e0, 3.9410382891145146e3, 2.050069217237991e-1),
    ("taxi_hot", "nmc811_grsi_lg_m50", DriverMode::BlastCompat, 3810, 6.198365757915344e-1, 1e0, 3.872570905856121e3, 2.0260177038333005e-1),
    ("taxi_hot", "nmc622_gr_denso_50ah", DriverMode::Default, 3662, 6.288585361505555e-1, 1e0, 3.9430379997205287e3, 8.188903970895894e-2),
    ("taxi_hot", "nmc622_gr_denso_50ah", DriverMode::BlastCompat, 3810, 6.282576670247214e-1, 1e0, 3.8776389235957377e3, 7.973776316248925e-2),
    ("taxi_hot", "nca_gr_panasonic_3ah", DriverMode::Default, 3662, 7.322828852793645e-1, 1e0, 3.9430799999998203e3, 1.8244588635307393e-1),
    ("taxi_hot", "nca_gr_panasonic_3ah", DriverMode::BlastCompat, 3810, 7.283940141510814e-1, 1e0, 3.8891399999999344e3, 1.8694028150612657e-1),
    ("taxi_hot", "nmc111_gr_kokam_75ah", DriverMode::Default, 3662, 8.287950368391883e-1, 8.252457499060556e0, 3.9430799999998203e3, 8.871179018081278e-2),
    ("taxi_hot", "nmc111_gr_kokam_75ah", DriverMode::BlastCompat, 3810, 8.27938921649188e-1, 8.360426656640131e0, 3.8891399999999344e3, 9.013021116205049e-2),
    ("fast_cycling", "lfp_gr_250ah_prismatic", DriverMode::Default, 14618, 4.6200096738902086e-1, 1e0, 1.4351212667132033e4, 3.366492877554417e-2),
    ("fast_cycling", "lfp_gr_250ah_prismatic", DriverMode::BlastCompat, 17532, 4.916174719664214e-1, 1e0, 1.4875803654971121e4, 3.421141857844894e-2),
    ("fast_cycling", "lfp_gr_sony_murata_3ah", DriverMode::Default, 14618, 5.835169791307485e-1, 1.5699921968917043e0, 1.681415545546378e4, 9.62996631365033e-2),
    ("fast_cycling", "lfp_gr_sony_murata_3ah", DriverMode::BlastCompat, 17532, 5.838330306655346e-1, 1.6169778631426246e0, 1.6819027047531898e4, 9.708763952977499e-2),
    ("fast_cycling", "nmc811_grsi_lg_m50", DriverMode::Default, 14618, 4.385038571032867e-1, 1e0, 1.3241247532830208e4, 1.6067003320795942e-1),
    ("fast_cycling", "nmc811_grsi_lg_m50", DriverMode::BlastCompat, 17532, 4.4560429773560073e-1, 1e0, 1.321878946640077e4, 1.6975731608985922e-1),
    ("fast_cycling", "nmc622_gr_denso_50ah", DriverMode::Default, 14618, 2.783754457522989e-1, 1e0, 1.0008439121026608e4, 7.457589564717199e-2),
    ("fast_cycling", "nmc622_gr_denso_50ah", DriverMode::BlastCompat, 17532, 2.9415063246248374e-1, 1e0, 1.0073244764223495e4, 8.310727992802378e-2),
    ("fast_cycling", "nca_gr_panasonic_3ah", DriverMode::Default, 14618, 5.534547782899464e-1, 1e0, 1.5673399037938629e4, 1.4035896957521876e-1),
    ("fast_cycling", "nca_gr_panasonic_3ah", DriverMode::BlastCompat, 17532, 5.565956942243795e-1, 1e0, 1.5694223958783921e4, 1.3692710826665375e-1),
    ("fast_cycling", "nmc111_gr_kokam_75ah", DriverMode::Default, 14618, 1.5400683697228912e-2, 7.069607860981696e1, 6.1592845408132525e3, 6.673699040783233e-2),
    ("fast_cycling", "nmc111_gr_kokam_75ah", DriverMode::BlastCompat, 17532, 1.6522216545978297e-2, 6.589177787657789e1, 6.215460573903353e3, 4.415329492367401e-2),
];

fn close(got: f64, want: f64) -> bool {
    (got - want).abs() <= REL_TOL * want.abs()
}

#[test]
fn ten_year_results_are_pinned() {
    let commuter = Series::from_csv(include_str!("data/ageing/profile_commuter_temperate.csv"), "commuter_temperate")
        .expect("profile")
        .repeated(10);
    let taxi = Series::from_csv(include_str!("data/ageing/profile_taxi_hot.csv"), "taxi_hot").expect("profile");
    let mut failures = Vec::new();
    let cycling = fast_cycling();
    for (profile, series) in [("commuter_temperate_x10", &commuter), ("taxi_hot", &taxi), ("fast_cycling", &cycling)] {
        for name in AgeingModel::names() {
            let model = AgeingModel::builtin(name).expect("builtin");
            for mode in [DriverMode::Default, DriverMode::BlastCompat] {
                let options = DriverOptions { mode, years: 10.0, ..DriverOptions::default() };
                let trace = model.simulate(series, options).expect("runs").trace;
                let got = (
                    trace.q.len(),
                    trace.final_q(),
                    trace.final_r(),
                    *trace.efc.last().expect("rows"),
                    *trace.calendar_loss.last().expect("rows"),
                );
                println!(
                    "(\"{profile}\", \"{name}\", DriverMode::{mode:?}, {}, {:e}, {:e}, {:e}, {:e}),",
                    got.0, got.1, got.2, got.3, got.4
                );
                match PINNED.iter().find(|p| p.0 == profile && p.1 == name && p.2 == mode) {
                    Some(&(_, _, _, rows, q, r, efc, calendar)) => {
                        let ok = got.0 == rows
                            && close(got.1, q)
                            && close(got.2, r)
                            && close(got.3, efc)
                            && close(got.4, calendar);
                        if !ok {
                            failures.push(format!(
                                "{profile} {name} {mode:?}: got {got:?}, pinned ({rows}, {q:e}, {r:e}, {efc:e}, {calendar:e})"
                            ));
                        }
                    }
                    None => failures.push(format!("{profile} {name} {mode:?}: not pinned")),
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
