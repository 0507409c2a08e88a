//! Import of a cell from BPX (Battery Parameter eXchange, the JSON format of PyBaMM and About:Energy;
//! schema: `bpx/schema.py` of the FaradayInstitution/BPX repository) into ampere's equivalent-circuit cell.
//!
//! What BPX gives directly: capacity (`Nominal cell capacity [A.h]`), cut-offs, mass (`Density [kg.m-3]` ×
//! `Volume [m3]`), specific heat, and the OCV: U(z) = U₊(y(z)) − U₋(x(z)) with the stoichiometries linear in
//! SOC between the electrodes' `Minimum stoichiometry`/`Maximum stoichiometry` (x = x_min + z(x_max − x_min),
//! y = y_max − z(y_max − y_min)), the entropic coefficient likewise from the electrodes' `Entropic change
//! coefficient [V.K-1]`. OCPs and the other functions may be numbers, tables `{"x": [..], "y": [..]}` (linear)
//! or expressions in `x` (Python syntax: + − * / **, exp, log, sqrt, tanh, …; see [`Expression`]).
//!
//! What an ECM needs and BPX does not have, estimated from the physical parameters at each SOC and
//! temperature (Arrhenius with the file's activation energies) and marked as estimates in `[source]`:
//! - R0 = electrolyte and solid ohmic drop (L/(3κB) in each electrode, L/(κB) in the separator, over the total
//!   electrode area) plus the linearised Butler–Volmer charge-transfer resistance R T/(F j₀ a L A) of each
//!   electrode, j₀ = F k √(θ(1 − θ)) at the initial electrolyte concentration (BPX's normalised rate k);
//! - one RC pair per electrode for solid diffusion: R = |dU/dθ| R_p/(5 D F c_max a L A) (the steady surface
//!   excess of a sphere under constant flux) and τ = R_p²/(35 D) (the mean time constant of that response,
//!   Σ-weighted over the diffusion modes; equal to the polynomial-profile value of Subramanian et al. 2005,
//!   J. Electrochem. Soc. 152 A2002), negative electrode first;
//! - current and temperature limits (absent from BPX): 3C discharge, 1C charge, −20…60 °C, unless the file's
//!   `User-defined` section gives `Maximum discharge current [A]`, `Maximum charge current [A]`,
//!   `Minimum temperature [K]`, `Maximum temperature [K]`.
//!
//! Not supported (a clear error): blended electrodes (`Particle` sub-sections) and OCPs given only as
//! lithiation/delithiation branches.

use std::collections::BTreeMap;

use serde_json::Value;

use super::cell::{CellSpec, Chemistry, ResistanceSpec};
use super::ocv::OcvSpec;
use crate::error::{Error, Format, Result};
use crate::interp::{Interpolation, Table1d};

const FARADAY: f64 = 96_485.332_12;
const GAS_CONSTANT: f64 = 8.314_462_618;
/// SOC grid of the imported OCV and resistance tables.
const SOC_POINTS: usize = 201;
/// Temperatures of the imported resistance tables, °C.
const TEMPERATURES_DEGC: [f64; 4] = [-20.0, 0.0, 25.0, 45.0];

/// Parse a BPX JSON text into a cell spec; `origin` names the file in errors.
pub fn cell_spec_from_bpx(text: &str, origin: &str) -> Result<CellSpec> {
    let root: Value = serde_json::from_str(text).map_err(|e| Error::Syntax {
        origin: origin.to_owned(),
        format: Format::Json,
        message: e.to_string(),
    })?;
    let bpx = Bpx { root: &root, origin };
    let header = bpx.section(&["Header"])?;
    let cell = bpx.section(&["Parameterisation", "Cell"])?;
    let cell_path = "Parameterisation.Cell";
    let capacity_ah = bpx.number(cell, cell_path, "Nominal cell capacity [A.h]")?;
    let min_voltage_v = bpx.number(cell, cell_path, "Lower voltage cut-off [V]")?;
    let max_voltage_v = bpx.number(cell, cell_path, "Upper voltage cut-off [V]")?;
    let volume_m3 = bpx.number(cell, cell_path, "Volume [m3]")?;
    let density = bpx.number(cell, cell_path, "Density [kg.m-3]")?;
    let specific_heat = bpx.number(cell, cell_path, "Specific heat capacity [J.K-1.kg-1]")?;
    let reference_k = bpx.optional_number(cell, cell_path, "Reference temperature [K]")?.unwrap_or(298.15);
    let area_m2 = bpx.number(cell, cell_path, "Electrode area [m2]")?
        * bpx.number(cell, cell_path, "Number of electrode pairs connected in parallel to make a cell")?;

    let negative = Electrode::read(&bpx, "Negative electrode")?;
    let positive = Electrode::read(&bpx, "Positive electrode")?;
    let soc: Vec<f64> = (0..SOC_POINTS).map(|k| k as f64 / (SOC_POINTS - 1) as f64).collect();
    let stoichiometries = |z: f64| {
        (
            negative.sto_min + z * (negative.sto_max - negative.sto_min),
            positive.sto_max - z * (positive.sto_max - positive.sto_min),
        )
    };
    let voltage_v: Vec<f64> = soc
        .iter()
        .map(|&z| {
            let (x, y) = stoichiometries(z);
            positive.ocp.eval(y) - negative.ocp.eval(x)
        })
        .collect();
    let entropic_mv_per_k = (negative.entropic.is_some() || positive.entropic.is_some()).then(|| {
        let du = |e: &Electrode, sto: f64| e.entropic.as_ref().map_or(0.0, |f| f.eval(sto));
        soc.iter()
            .map(|&z| {
                let (x, y) = stoichiometries(z);
                (du(&positive, y) - du(&negative, x)) * 1e3
            })
            .collect()
    });
    let nominal_voltage_v = voltage_v.iter().sum::<f64>() / voltage_v.len() as f64;

    let electrolyte = Electrolyte::read(&bpx)?;
    let separator = bpx.section(&["Parameterisation", "Separator"])?;
    let separator_ohm_m2 = bpx.number(separator, "Parameterisation.Separator", "Thickness [m]")?
        / bpx.number(separator, "Parameterisation.Separator", "Transport efficiency")?;
    // Rows of R0, R1, τ1, R2, τ2 (one per SOC point, one value per temperature).
    let mut tables: [Vec<Vec<f64>>; 5] = Default::default();
    for &z in &soc {
        let (x, y) = stoichiometries(z);
        let mut row = [Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new()];
        for t_degc in TEMPERATURES_DEGC {
            let t_k = t_degc + 273.15;
            let kappa = electrolyte.conductivity(t_k, reference_k);
            let ohmic =
                (negative.ohmic_ohm_m2(kappa) + separator_ohm_m2 / kappa + positive.ohmic_ohm_m2(kappa)) / area_m2;
            let r0 = ohmic
                + negative.charge_transfer_ohm(x, t_k, reference_k, area_m2)
                + positive.charge_transfer_ohm(y, t_k, reference_k, area_m2);
            let (rn, tau_n) = negative.diffusion_rc(x, t_k, reference_k, area_m2);
            let (rp, tau_p) = positive.diffusion_rc(y, t_k, reference_k, area_m2);
            for (column, value) in row.iter_mut().zip([r0 * 1e3, rn * 1e3, tau_n, rp * 1e3, tau_p]) {
                column.push(value);
            }
        }
        for (table, column) in tables.iter_mut().zip(row) {
            table.push(column);
        }
    }
    let [r0_mohm, r1_mohm, tau1_s, r2_mohm, tau2_s] = tables;
    let resistance = ResistanceSpec {
        soc: soc.clone(),
        temperature_degc: TEMPERATURES_DEGC.to_vec(),
        r0_mohm,
        r1_mohm,
        tau1_s,
        r2_mohm: Some(r2_mohm),
        tau2_s: Some(tau2_s),
    };

    let user = bpx.root.pointer("/Parameterisation/User-defined");
    let user_number = |key: &str| -> Result<Option<f64>> {
        match user {
            Some(section) => bpx.optional_number(section, "Parameterisation.User-defined", key),
            None => Ok(None),
        }
    };
    let title = [header.get("Title"), header.get("Description")]
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    let (chemistry, chemistry_note) = chemistry(&title, nominal_voltage_v);
    let mut source = BTreeMap::new();
    source.insert("cell".into(), format!("BPX file {origin}: {title}"));
    source.insert(
        "ocv".into(),
        "BPX electrode OCPs along the stoichiometry line between the electrodes' minimum/maximum stoichiometries"
            .into(),
    );
    source.insert(
        "resistance".into(),
        "estimate from the BPX physical parameters (ohmic + linearised Butler-Volmer R0, one diffusion RC pair per \
         electrode), see ampere_core::battery::bpx"
            .into(),
    );
    source.insert("chemistry".into(), chemistry_note);
    let mut limit = |key: &str, default: f64, note: &str| -> Result<f64> {
        Ok(match user_number(key)? {
            Some(value) => value,
            None => {
                source.insert(key.to_owned(), format!("estimate: {note} (BPX has no such field)"));
                default
            }
        })
    };
    let max_discharge_current_a = limit("Maximum discharge current [A]", 3.0 * capacity_ah, "3C")?;
    let max_charge_current_a = limit("Maximum charge current [A]", capacity_ah, "1C")?;
    let min_temperature_degc = limit("Minimum temperature [K]", 253.15, "-20 °C")? - 273.15;
    let max_temperature_degc = limit("Maximum temperature [K]", 333.15, "60 °C")? - 273.15;
    Ok(CellSpec {
        name: origin.rsplit(['/', '\\']).next().unwrap_or(origin).trim_end_matches(".json").to_owned(),
        chemistry,
        source,
        capacity_ah,
        nominal_voltage_v,
        min_voltage_v,
        max_voltage_v,
        mass_kg: density * volume_m3,
        volume_l: volume_m3 * 1e3,
        specific_heat_j_per_kg_k: specific_heat,
        max_discharge_current_a,
        max_charge_current_a,
        min_temperature_degc,
        max_temperature_degc,
        ocv: OcvSpec {
            soc,
            voltage_v,
            entropic_mv_per_k,
            reference_temperature_degc: reference_k - 273.15,
            hysteresis_v: 0.0,
            hysteresis_rate: 0.0,
        },
        resistance,
        charge_limit: None,
    })
}

/// Chemistry from the file's title and description, else from the mean OCV (below 3.45 V: LFP).
fn chemistry(text: &str, mean_ocv_v: f64) -> (Chemistry, String) {
    let upper = text.to_uppercase();
    let keywords = [
        ("LMFP", Chemistry::Lmfp),
        ("LFP", Chemistry::Lfp),
        ("NMC811", Chemistry::Nmc811),
        ("NMC622", Chemistry::Nmc622),
        ("NCA", Chemistry::Nca),
        ("SODIUM", Chemistry::SodiumIon),
        ("NA-ION", Chemistry::SodiumIon),
        ("LMR", Chemistry::Lmr),
        ("NMC", Chemistry::Nmc622),
    ];
    match keywords.iter().find(|(key, _)| upper.contains(key)) {
        Some((key, chemistry)) => (*chemistry, format!("from `{key}` in the BPX header")),
        None if mean_ocv_v < 3.45 => {
            (Chemistry::Lfp, format!("estimate: mean OCV {mean_ocv_v:.2} V (no chemistry in the header)"))
        }
        None => (Chemistry::Nmc622, format!("estimate: mean OCV {mean_ocv_v:.2} V (no chemistry in the header)")),
    }
}

/// Access to the JSON tree with errors that name the file and the dotted path.
struct Bpx<'a> {
    root: &'a Value,
    origin: &'a str,
}

impl<'a> Bpx<'a> {
    fn missing(&self, path: &str, what: &str) -> Error {
        Error::InvalidTable { origin: self.origin.to_owned(), problem: format!("missing `{path}` ({what})") }
    }

    fn section(&self, path: &[&str]) -> Result<&'a Value> {
        let mut node = self.root;
        for (depth, key) in path.iter().enumerate() {
            node = node.get(key).ok_or_else(|| self.missing(&path[..=depth].join("."), "a BPX section"))?;
        }
        Ok(node)
    }

    fn optional_number(&self, section: &Value, path: &str, key: &str) -> Result<Option<f64>> {
        match section.get(key) {
            None => Ok(None),
            Some(value) => value
                .as_f64()
                .filter(|v| v.is_finite())
                .map(Some)
                .ok_or_else(|| Error::field(self.origin, format!("{path}.{key}"), value, "must be a number")),
        }
    }

    fn number(&self, section: &Value, path: &str, key: &str) -> Result<f64> {
        self.optional_number(section, path, key)?.ok_or_else(|| self.missing(&format!("{path}.{key}"), "a number"))
    }

    fn function(&self, section: &Value, path: &str, key: &str) -> Result<Option<Function>> {
        let field = format!("{path}.{key}");
        let Some(value) = section.get(key) else { return Ok(None) };
        if let Some(number) = value.as_f64() {
            return Ok(Some(Function::Constant(number)));
        }
        if let Some(text) = value.as_str() {
            return Ok(Some(Function::Expression(Expression::parse(text, self.origin, &field)?)));
        }
        let axis =
            |name: &str| -> Option<Vec<f64>> { value.get(name)?.as_array()?.iter().map(Value::as_f64).collect() };
        match (axis("x"), axis("y")) {
            (Some(x), Some(y)) => {
                Ok(Some(Function::Table(Table1d::new(x, y, Interpolation::Linear, self.origin, &field)?)))
            }
            _ => Err(Error::field(
                self.origin,
                field,
                "(object)",
                "must be a number, an expression in x, or {\"x\": [..], \"y\": [..]}",
            )),
        }
    }
}

/// A BPX function of one variable.
#[derive(Debug, Clone)]
enum Function {
    Constant(f64),
    Table(Table1d),
    Expression(Expression),
}

impl Function {
    fn eval(&self, x: f64) -> f64 {
        match self {
            Function::Constant(c) => *c,
            Function::Table(table) => table.eval(x),
            Function::Expression(expression) => expression.eval(x),
        }
    }
}

/// Arrhenius factor exp(Eₐ/R (1/T_ref − 1/T)).
fn arrhenius(activation_j_per_mol: f64, t_k: f64, reference_k: f64) -> f64 {
    (activation_j_per_mol / GAS_CONSTANT * (1.0 / reference_k - 1.0 / t_k)).exp()
}

/// One (single-material) electrode as far as the ECM needs it.
struct Electrode {
    ocp: Function,
    entropic: Option<Function>,
    sto_min: f64,
    sto_max: f64,
    thickness_m: f64,
    transport_efficiency: f64,
    conductivity_s_per_m: f64,
    area_per_volume: f64,
    radius_m: f64,
    c_max: f64,
    diffusivity: Function,
    diffusivity_ea: f64,
    rate_constant: f64,
    rate_ea: f64,
}

impl Electrode {
    fn read(bpx: &Bpx, name: &str) -> Result<Self> {
        let section = bpx.section(&["Parameterisation", name])?;
        let path = format!("Parameterisation.{name}");
        if section.get("Particle").is_some() {
            return Err(Error::InvalidTable {
                origin: bpx.origin.to_owned(),
                problem: format!("`{path}` is a blended electrode (`Particle` sections): not supported"),
            });
        }
        let ocp = match bpx.function(section, &path, "OCP [V]")? {
            Some(ocp) => ocp,
            None if section.get("OCP (lithiation) [V]").is_some() => {
                return Err(Error::InvalidTable {
                    origin: bpx.origin.to_owned(),
                    problem: format!("`{path}` gives its OCP only as lithiation/delithiation branches: not supported"),
                });
            }
            None => return Err(bpx.missing(&format!("{path}.OCP [V]"), "the open-circuit potential")),
        };
        let sto_min = bpx.number(section, &path, "Minimum stoichiometry")?;
        let sto_max = bpx.number(section, &path, "Maximum stoichiometry")?;
        if !(0.0 <= sto_min && sto_min < sto_max && sto_max <= 1.0) {
            return Err(Error::field(
                bpx.origin,
                format!("{path}.Minimum stoichiometry"),
                format!("{sto_min}…{sto_max}"),
                "needs 0 ≤ minimum < maximum ≤ 1",
            ));
        }
        Ok(Electrode {
            ocp,
            entropic: bpx.function(section, &path, "Entropic change coefficient [V.K-1]")?,
            sto_min,
            sto_max,
            thickness_m: bpx.number(section, &path, "Thickness [m]")?,
            transport_efficiency: bpx.number(section, &path, "Transport efficiency")?,
            conductivity_s_per_m: bpx.number(section, &path, "Conductivity [S.m-1]")?,
            area_per_volume: bpx.number(section, &path, "Surface area per unit volume [m-1]")?,
            radius_m: bpx.number(section, &path, "Particle radius [m]")?,
            c_max: bpx.number(section, &path, "Maximum concentration [mol.m-3]")?,
            diffusivity: bpx
                .function(section, &path, "Diffusivity [m2.s-1]")?
                .ok_or_else(|| bpx.missing(&format!("{path}.Diffusivity [m2.s-1]"), "particle diffusivity"))?,
            diffusivity_ea: bpx
                .optional_number(section, &path, "Diffusivity activation energy [J.mol-1]")?
                .unwrap_or(0.0),
            rate_constant: bpx.number(section, &path, "Reaction rate constant [mol.m-2.s-1]")?,
            rate_ea: bpx
                .optional_number(section, &path, "Reaction rate constant activation energy [J.mol-1]")?
                .unwrap_or(0.0),
        })
    }

    /// Ohmic area-resistance of the electrode (electrolyte and solid, a third of the thickness each), Ω·m².
    fn ohmic_ohm_m2(&self, kappa: f64) -> f64 {
        self.thickness_m / 3.0 * (1.0 / (kappa * self.transport_efficiency) + 1.0 / self.conductivity_s_per_m)
    }

    /// Linearised Butler–Volmer resistance at stoichiometry `sto`, Ω.
    fn charge_transfer_ohm(&self, sto: f64, t_k: f64, reference_k: f64, area_m2: f64) -> f64 {
        // j₀ vanishes at θ = 0 or 1; stoichiometry limits are inside (0, 1), this only guards the division.
        let theta = sto.clamp(1e-3, 1.0 - 1e-3);
        let j0 =
            FARADAY * self.rate_constant * arrhenius(self.rate_ea, t_k, reference_k) * (theta * (1.0 - theta)).sqrt();
        GAS_CONSTANT * t_k / (FARADAY * j0 * self.area_per_volume * self.thickness_m * area_m2)
    }

    /// Solid-diffusion RC pair at stoichiometry `sto`: (R Ω, τ s).
    fn diffusion_rc(&self, sto: f64, t_k: f64, reference_k: f64, area_m2: f64) -> (f64, f64) {
        let d = self.diffusivity.eval(sto) * arrhenius(self.diffusivity_ea, t_k, reference_k);
        let h = 1e-4;
        let lo = (sto - h).max(0.0);
        let hi = (sto + h).min(1.0);
        let slope = ((self.ocp.eval(hi) - self.ocp.eval(lo)) / (hi - lo)).abs();
        let resistance = slope * self.radius_m
            / (5.0 * d * FARADAY * self.c_max * self.area_per_volume * self.thickness_m * area_m2);
        (resistance, self.radius_m * self.radius_m / (35.0 * d))
    }
}

/// Electrolyte conductivity at the initial (rest) concentration.
struct Electrolyte {
    conductivity: Function,
    concentration: f64,
    activation: f64,
}

impl Electrolyte {
    fn read(bpx: &Bpx) -> Result<Self> {
        let path = "Parameterisation.Electrolyte";
        let section = bpx.section(&["Parameterisation", "Electrolyte"])?;
        // BPX ≥ 0.5 moved the initial concentration to State.Initial conditions; older files keep it here.
        let concentration = match bpx.root.pointer("/State/Initial conditions") {
            Some(state) => {
                bpx.optional_number(state, "State.Initial conditions", "Initial electrolyte concentration [mol.m-3]")?
            }
            None => None,
        };
        let concentration = match concentration {
            Some(c) => c,
            None => bpx.number(section, path, "Initial concentration [mol.m-3]")?,
        };
        Ok(Electrolyte {
            conductivity: bpx
                .function(section, path, "Conductivity [S.m-1]")?
                .ok_or_else(|| bpx.missing(&format!("{path}.Conductivity [S.m-1]"), "electrolyte conductivity"))?,
            concentration,
            activation: bpx.optional_number(section, path, "Conductivity activation energy [J.mol-1]")?.unwrap_or(0.0),
        })
    }

    fn conductivity(&self, t_k: f64, reference_k: f64) -> f64 {
        self.conductivity.eval(self.concentration) * arrhenius(self.activation, t_k, reference_k)
    }
}

/// A BPX expression in one variable `x`: Python arithmetic (`+ - * / **`, parentheses, unary minus,
/// numbers with exponents) and the functions exp, log, log10, sqrt, tanh, sinh, cosh, abs.
#[derive(Debug, Clone)]
pub struct Expression {
    root: Node,
}

#[derive(Debug, Clone)]
enum Node {
    Number(f64),
    X,
    Neg(Box<Node>),
    Binary(char, Box<Node>, Box<Node>),
    Call(Builtin, Box<Node>),
}

/// A function of one variable that expressions may call.
type Builtin = fn(f64) -> f64;

const FUNCTIONS: [(&str, Builtin); 8] = [
    ("exp", f64::exp),
    ("log", f64::ln),
    ("log10", f64::log10),
    ("sqrt", f64::sqrt),
    ("tanh", f64::tanh),
    ("sinh", f64::sinh),
    ("cosh", f64::cosh),
    ("abs", f64::abs),
];

impl Expression {
    /// Parse `text`; `origin` and `field` name it in errors.
    pub fn parse(text: &str, origin: &str, field: &str) -> Result<Self> {
        let mut parser = Parser { text, bytes: text.as_bytes(), pos: 0 };
        let fail = |pos: usize, what: &str| {
            Error::field(origin, field, format!("`{text}`"), format!("{what} at character {}", pos + 1))
        };
        let root = parser.sum().map_err(|(pos, what)| fail(pos, &what))?;
        parser.skip_space();
        if parser.pos < parser.bytes.len() {
            return Err(fail(parser.pos, "unexpected text"));
        }
        Ok(Expression { root })
    }

    /// Value at `x`.
    pub fn eval(&self, x: f64) -> f64 {
        self.root.eval(x)
    }
}

impl Node {
    fn eval(&self, x: f64) -> f64 {
        match self {
            Node::Number(v) => *v,
            Node::X => x,
            Node::Neg(a) => -a.eval(x),
            Node::Binary(op, a, b) => {
                let (a, b) = (a.eval(x), b.eval(x));
                match op {
                    '+' => a + b,
                    '-' => a - b,
                    '*' => a * b,
                    '/' => a / b,
                    _ => a.powf(b),
                }
            }
            Node::Call(f, a) => f(a.eval(x)),
        }
    }
}

type ParseResult = std::result::Result<Node, (usize, String)>;

/// Recursive descent with Python's precedence: `**` binds tighter than unary minus on its left and is right
/// associative (`-x**2` is −(x²), `2**-1` is 0.5).
struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.bytes.get(self.pos).copied()
    }

    fn sum(&mut self) -> ParseResult {
        let mut node = self.product()?;
        while let Some(op @ (b'+' | b'-')) = self.peek() {
            self.pos += 1;
            node = Node::Binary(op as char, Box::new(node), Box::new(self.product()?));
        }
        Ok(node)
    }

    fn product(&mut self) -> ParseResult {
        let mut node = self.unary()?;
        loop {
            match self.peek() {
                Some(b'*') if self.bytes.get(self.pos + 1) != Some(&b'*') => {}
                Some(b'/') => {}
                _ => return Ok(node),
            }
            let op = self.bytes[self.pos] as char;
            self.pos += 1;
            node = Node::Binary(op, Box::new(node), Box::new(self.unary()?));
        }
    }

    fn unary(&mut self) -> ParseResult {
        match self.peek() {
            Some(b'-') => {
                self.pos += 1;
                Ok(Node::Neg(Box::new(self.unary()?)))
            }
            Some(b'+') => {
                self.pos += 1;
                self.unary()
            }
            _ => self.power(),
        }
    }

    fn power(&mut self) -> ParseResult {
        let base = self.atom()?;
        if self.peek() == Some(b'*') && self.bytes.get(self.pos + 1) == Some(&b'*') {
            self.pos += 2;
            return Ok(Node::Binary('^', Box::new(base), Box::new(self.unary()?)));
        }
        Ok(base)
    }

    fn atom(&mut self) -> ParseResult {
        let start = match self.peek() {
            Some(_) => self.pos,
            None => return Err((self.pos, "expression ends early".into())),
        };
        let c = self.bytes[start];
        if c == b'(' {
            self.pos += 1;
            let inner = self.sum()?;
            return match self.peek() {
                Some(b')') => {
                    self.pos += 1;
                    Ok(inner)
                }
                _ => Err((self.pos, "missing `)`".into())),
            };
        }
        if c.is_ascii_digit() || c == b'.' {
            let mut end = start;
            while end < self.bytes.len() {
                let b = self.bytes[end];
                let exponent_sign =
                    (b == b'+' || b == b'-') && end > start && matches!(self.bytes[end - 1], b'e' | b'E');
                if b.is_ascii_digit() || b == b'.' || b == b'e' || b == b'E' || exponent_sign {
                    end += 1;
                } else {
                    break;
                }
            }
            self.pos = end;
            return self.text[start..end].parse().map(Node::Number).map_err(|_| (start, "bad number".into()));
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let mut end = start;
            while end < self.bytes.len() && (self.bytes[end].is_ascii_alphanumeric() || self.bytes[end] == b'_') {
                end += 1;
            }
            self.pos = end;
            let name = &self.text[start..end];
            if name == "x" {
                return Ok(Node::X);
            }
            let Some((_, f)) = FUNCTIONS.iter().find(|(n, _)| *n == name) else {
                return Err((
                    start,
                    format!(
                        "unknown name `{name}` (the variable is `x`; functions: exp, log, log10, sqrt, tanh, sinh, cosh, abs)"
                    ),
                ));
            };
            if self.peek() != Some(b'(') {
                return Err((self.pos, format!("`{name}` needs `(`")));
            }
            return Ok(Node::Call(*f, Box::new(self.atom()?)));
        }
        Err((start, format!("unexpected `{}`", c as char)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_follow_python_precedence() {
        let e = |s: &str, x: f64| Expression::parse(s, "t", "f").unwrap().eval(x);
        assert_eq!(e("-x**2", 3.0), -9.0);
        assert_eq!(e("2**-1", 0.0), 0.5);
        assert_eq!(e("2**3**2", 0.0), 512.0);
        assert_eq!(e("1 - 2 - 3", 0.0), -4.0);
        assert_eq!(e("8 / 2 / 2", 0.0), 2.0);
        assert!((e("1.5e-3 * exp(x) + tanh(0)", 0.0) - 1.5e-3).abs() < 1e-15);
        assert!(
            (e("0.1297 * (x / 1000) ** 3 - 2.51 * (x / 1000) ** 1.5 + 3.329 * (x / 1000)", 1000.0) - 0.9487).abs()
                < 1e-12
        );
        let err = Expression::parse("2 * sin(x)", "cell.json", "OCP").unwrap_err().to_string();
        assert!(err.contains("cell.json") && err.contains("OCP") && err.contains("unknown name `sin`"), "{err}");
        let err = Expression::parse("(x + 1", "cell.json", "OCP").unwrap_err().to_string();
        assert!(err.contains("missing `)`"), "{err}");
    }

    #[test]
    fn missing_fields_are_named() {
        let err = cell_spec_from_bpx("{\"Header\": {}}", "c.json").unwrap_err().to_string();
        assert!(err.contains("c.json") && err.contains("Parameterisation"), "{err}");
        let text = r#"{"Header": {}, "Parameterisation": {"Cell": {"Nominal cell capacity [A.h]": "five"}}}"#;
        let err = cell_spec_from_bpx(text, "c.json").unwrap_err().to_string();
        assert!(err.contains("Parameterisation.Cell.Nominal cell capacity [A.h]") && err.contains("number"), "{err}");
    }
}
