//! Built-in cycles against their published durations and distances, and every bad-input case of the CSV
//! reader with the message it must give.

use ampere_core::cycle::{DriveCycle, builtin};

/// (name, published duration s, published distance km). Sources in `data/cycles/SOURCES.md`.
const PUBLISHED: &[(&str, f64, f64)] = &[
    ("wltc_class1", 1611.0, 11.428),
    ("wltc_class2", 1800.0, 22.649),
    ("wltc_class3a", 1800.0, 23.194),
    ("wltc_class3b", 1800.0, 23.266),
    ("nedc", 1180.0, 11.023),
    ("udds", 1369.0, 11.99),
    ("ftp75", 1874.0, 17.77),
    ("hwfet", 765.0, 16.51),
    ("us06", 600.0, 12.89),
    // EPA rounds SC03 to "3.6 mi"; its published mean speed, 21.6 mph over 596 s, gives 3.576 mi.
    ("sc03", 596.0, 21.6 * 596.0 / 3600.0 * 1.609_344),
    ("artemis_urban", 993.0, 4.874),
    ("artemis_rural", 1082.0, 17.275),
    ("artemis_motorway_150", 1068.0, 29.547),
];

#[test]
fn builtin_cycles_match_published_duration_and_distance_within_half_a_percent() {
    assert_eq!(PUBLISHED.len(), builtin::names().count());
    for &(name, duration_s, distance_km) in PUBLISHED {
        let cycle = builtin::load(name).unwrap();
        let s = cycle.stats();
        assert!((s.duration_s / duration_s - 1.0).abs() < 0.005, "{name}: {} s vs {duration_s} s", s.duration_s);
        assert!(
            (s.distance_m / 1000.0 / distance_km - 1.0).abs() < 0.005,
            "{name}: {} km vs {distance_km} km",
            s.distance_m / 1000.0
        );
    }
}

#[test]
fn wltc_class3b_phase_distances_match_gtr15() {
    let cycle = builtin::load("wltc_class3b").unwrap();
    let published = [3.095, 4.756, 7.162, 8.254];
    for ((_, stats), km) in cycle.phase_stats().into_iter().zip(published) {
        assert!((stats.distance_m / 1000.0 / km - 1.0).abs() < 0.002);
    }
}

fn error_of(csv: &str) -> String {
    DriveCycle::from_csv(csv, "trip.csv").unwrap_err().to_string()
}

#[test]
fn units_of_speed_columns_are_converted() {
    let kmh = DriveCycle::from_csv("time_s,speed_kmh\n0,0\n1,36", "a").unwrap();
    let mph = DriveCycle::from_csv("time_s,speed_mph\n0,0\n1,10", "b").unwrap();
    assert!((kmh.speed_mps()[1] - 10.0).abs() < 1e-12);
    assert!((mph.speed_mps()[1] - 4.4704).abs() < 1e-12);
}

#[test]
fn irregular_steps_elevation_and_ambient_are_read() {
    let cycle = DriveCycle::from_csv(
        "time_s,speed_mps,elevation_m,ambient_degc\n0,10,100,5\n0.5,10,100.05,5\n2.5,10,100.25,6",
        "hill.csv",
    )
    .unwrap();
    assert!((cycle.grade()[1] - 0.01).abs() < 1e-6);
    assert_eq!(cycle.ambient_degc().unwrap()[2], 6.0);
}

#[test]
fn non_finite_value_names_row_and_column() {
    let err = error_of("time_s,speed_kmh\n0,0\n1,NaN");
    assert!(err.contains("trip.csv: row 3, column `speed_kmh`") && err.contains("not a finite number"), "{err}");
}

#[test]
fn text_in_number_column_names_row_and_column() {
    let err = error_of("time_s,speed_kmh\n0,0\n1,fast");
    assert!(err.contains("row 3, column `speed_kmh`") && err.contains("`fast` is not a number"), "{err}");
}

#[test]
fn time_not_increasing_names_row() {
    let err = error_of("time_s,speed_kmh\n0,0\n1,5\n1,6");
    assert!(err.contains("row 4, column `time_s`") && err.contains("not after the previous 1 s"), "{err}");
}

#[test]
fn negative_speed_names_row() {
    let err = error_of("time_s,speed_mps\n0,0\n1,-2");
    assert!(err.contains("row 3, column `speed_mps`") && err.contains("must be ≥ 0"), "{err}");
}

#[test]
fn missing_time_column() {
    let err = error_of("t,speed_kmh\n0,0");
    assert!(err.contains("unknown column `t`"), "{err}");
    let err = error_of("speed_kmh\n0");
    assert!(err.contains("missing column `time_s`"), "{err}");
}

#[test]
fn missing_speed_column() {
    let err = error_of("time_s,grade\n0,0\n1,0");
    assert!(err.contains("missing speed column"), "{err}");
}

#[test]
fn duplicate_column() {
    let err = error_of("time_s,speed_kmh,speed_kmh\n0,0,0");
    assert!(err.contains("column `speed_kmh` appears twice"), "{err}");
}

#[test]
fn two_speed_columns() {
    let err = error_of("time_s,speed_kmh,speed_mps\n0,0,0");
    assert!(err.contains("more than one speed column"), "{err}");
}

#[test]
fn grade_and_elevation_together() {
    let err = error_of("time_s,speed_kmh,grade,elevation_m\n0,0,0,0");
    assert!(err.contains("both `grade` and `elevation_m`"), "{err}");
}

#[test]
fn empty_file() {
    let err = error_of("time_s,speed_kmh\n");
    assert!(err.contains("trip.csv: no data rows"), "{err}");
    let err = error_of("");
    assert!(err.contains("trip.csv"), "{err}");
}

#[test]
fn ragged_row_is_a_syntax_error_naming_the_line() {
    let err = error_of("time_s,speed_kmh\n0,0\n1");
    assert!(err.contains("trip.csv: CSV syntax") && err.contains("line: 3"), "{err}");
}

#[test]
fn more_than_ten_million_rows_is_refused() {
    // 10,000,001 rows of "i,0": about 90 MB of text, read in well under a second with optimisation.
    let mut text = String::with_capacity(100_000_000);
    text.push_str("time_s,speed_kmh\n");
    for i in 0..=10_000_000u32 {
        text.push_str(&i.to_string());
        text.push_str(",0\n");
    }
    let err = error_of(&text);
    assert!(err.contains("more than 10000000 rows"), "{err}");
}
