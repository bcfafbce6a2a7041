//! "Be the scheduler": the step-by-step models of the book's races, which the page lets a reader
//! play by hand (`{{#scheduler CRATE/MODEL}}`) and which a test proves faithful to the model
//! checker: every schedule of a stepper model ends in exactly the outcomes that loom enumerated
//! for the same race (`output/outcomes/<model>.txt`, its `possible:` lines).
//!
//! A model is `code/<crate>/examples/outcomes/<model>.stepper.toml`: shared variables, threads
//! with locals, and each thread's steps. A step quotes a line of the listing (`code`, checked to
//! exist in the listing's source) and does one indivisible thing (`do`), in a small language
//! the page's script (`book/theme-extra/scheduler.js`) runs the same way:
//!
//! | `do` | what the step does |
//! |---|---|
//! | `NAME = EXPR` | sets a local of the thread, or else a shared variable |
//! | `lock NAME` / `unlock NAME` | takes or releases a lock; a thread cannot take a lock another holds |
//! | `end-unless NAME` | the thread ends here unless its local NAME is not 0 |
//! | `log TEXT` | appends TEXT to the shared log |
//! | `buffer NAME = EXPR` | puts a store into the thread's store buffer, not yet in memory |
//!
//! `EXPR` is a name or an integer, or two of them around one of `+ - >= > <= < ==`. A name
//! reads the thread's local, else the newest store to it in the thread's own store buffer, else
//! memory. A store buffer is an actor of its own: each of its steps writes its oldest store to
//! memory (x86-TSO's model; ARM allows more reorderings than this). When nothing can move, the
//! outcome is the model's `outcome` template filled in (`{NAME}` a shared variable or a thread's
//! local, `{log}` the log joined with " → "), or `deadlock` if a thread has steps left.
//!
//! [`Model::read`] also refuses a model it would play unfaithfully: a lock taken twice, released
//! without being held, or still held where its thread may end; a thread with a store buffer that
//! also takes a lock or stores to memory directly (the rules are at `Model::validate`).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// One `.stepper.toml`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// The outcome file's stem: `output/outcomes/<model>.txt`.
    pub model: String,
    /// The listing whose lines the steps quote, relative to the crate (`src/bin/x.rs`).
    pub listing: String,
    /// What the reader is asked to reach.
    pub challenge: String,
    /// The outcome, with `{NAME}` and `{log}` filled in at the end.
    pub outcome: String,
    #[serde(default)]
    pub shared: BTreeMap<String, i64>,
    #[serde(rename = "thread")]
    pub threads: Vec<Thread>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Thread {
    pub name: String,
    #[serde(default)]
    pub locals: BTreeMap<String, i64>,
    #[serde(rename = "step")]
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// A line of the listing, as written there (without its indentation).
    pub code: String,
    /// What the line is doing at this step, when one line does several things ("knives").
    #[serde(default)]
    pub note: String,
    /// What the step does, in the language of this module's documentation.
    #[serde(rename = "do")]
    pub action: String,
}

/// Where everything stands between two steps.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct State {
    pub memory: BTreeMap<String, i64>,
    pub locals: Vec<BTreeMap<String, i64>>,
    /// The index of each thread's next step (its number of steps once it has ended).
    pub next: Vec<usize>,
    /// Each thread's store buffer, oldest first.
    pub buffers: Vec<Vec<(String, i64)>>,
    /// Which thread holds each lock that is held.
    pub locks: BTreeMap<String, usize>,
    pub log: Vec<String>,
}

/// Who can take the next step: a thread, or a thread's store buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Thread(usize),
    Buffer(usize),
}

/// What the page calls a thread's store buffer, after the thread's name: the `data-thread` of
/// its button, which the browser check clicks (`Model::actor_name`) and the page's script
/// reads from the model's spec (`buffer_suffix`), so the name is spelled here only.
pub const BUFFER_SUFFIX: &str = " store buffer";

/// The stepper of model `name` of a crate, relative to the repository root:
/// `code/<package>/examples/outcomes/<name, with _ for ->.stepper.toml`.
pub fn file(package: &str, name: &str) -> String {
    format!(
        "code/{package}/examples/outcomes/{}.stepper.toml",
        name.replace('-', "_")
    )
}

impl Model {
    pub fn read(path: &Path) -> Result<Model, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Model::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// A model from the text of a `.stepper.toml`, checked as [`Model::read`] checks it.
    pub fn parse(text: &str) -> Result<Model, String> {
        let model: Model = toml::from_str(text).map_err(|e| e.to_string())?;
        model.validate()?;
        Ok(model)
    }

    /// The actor's name on the page (its button's `data-thread`): the thread's name, or the
    /// thread's name and [`BUFFER_SUFFIX`] for its store buffer.
    pub fn actor_name(&self, actor: Actor) -> String {
        match actor {
            Actor::Thread(t) => self.threads[t].name.clone(),
            Actor::Buffer(t) => format!("{}{BUFFER_SUFFIX}", self.threads[t].name),
        }
    }

    /// Every action parses and every name it uses is declared; and each thread keeps to what
    /// the stepper models faithfully:
    /// - `end-unless` tests a local, and `buffer` stores to a shared variable;
    /// - a thread takes a lock it does not hold (a std `Mutex` locked twice by one thread never
    ///   returns), releases only one it holds, and holds none where it may end (at an
    ///   `end-unless`, or after its last step): a returning thread's guards drop, while a lock
    ///   left held here would block the others for ever, a deadlock the program does not have;
    /// - a thread that buffers its stores neither takes a lock nor writes a shared variable
    ///   directly: on x86 both are locked instructions, which wait for the thread's buffer to
    ///   drain, and the stepper does not drain it first (a direct store could then be
    ///   overwritten by an older buffered one).
    fn validate(&self) -> Result<(), String> {
        for (t, thread) in self.threads.iter().enumerate() {
            let buffers = thread
                .steps
                .iter()
                .any(|s| matches!(Action::parse(&s.action), Ok(Action::Buffer(..))));
            let mut held = BTreeSet::new();
            for step in &thread.steps {
                let wrong = |problem: String| {
                    format!(
                        "thread {t} ({}), step `{}`: {problem}",
                        thread.name, step.action
                    )
                };
                let action = Action::parse(&step.action)?;
                for name in action.names() {
                    let known = thread.locals.contains_key(name)
                        || self.shared.contains_key(name)
                        || name.parse::<i64>().is_ok()
                        || matches!(action, Action::Lock(_) | Action::Unlock(_));
                    if !known {
                        return Err(wrong(format!(
                            "`{name}` is neither a local nor a shared variable"
                        )));
                    }
                }
                let local = |name: &str| thread.locals.contains_key(name);
                let problem = match action {
                    Action::EndUnless(name) if !local(name) => {
                        Some(format!("`{name}` is not a local of the thread"))
                    }
                    Action::EndUnless(_) if !held.is_empty() => Some(format!(
                        "the thread may end here holding {held:?}: its guards would drop"
                    )),
                    Action::Buffer(name, _) if !self.shared.contains_key(name) => {
                        Some(format!("`{name}` is not a shared variable"))
                    }
                    Action::Assign(name, _) if buffers && !local(name) => Some(format!(
                        "a thread that buffers its stores cannot also store to `{name}` directly"
                    )),
                    Action::Lock(_) if buffers => Some(
                        "a thread that buffers its stores cannot take a lock".to_string(),
                    ),
                    Action::Lock(name) if !held.insert(name) => {
                        Some(format!("the thread already holds `{name}`"))
                    }
                    Action::Unlock(name) if !held.remove(name) => {
                        Some(format!("the thread does not hold `{name}`"))
                    }
                    _ => None,
                };
                if let Some(problem) = problem {
                    return Err(wrong(problem));
                }
            }
            if !held.is_empty() {
                return Err(format!(
                    "thread {t} ({}) ends holding {held:?}: its guards would drop",
                    thread.name
                ));
            }
        }
        Ok(())
    }

    pub fn start(&self) -> State {
        State {
            memory: self.shared.clone(),
            locals: self.threads.iter().map(|t| t.locals.clone()).collect(),
            next: vec![0; self.threads.len()],
            buffers: vec![Vec::new(); self.threads.len()],
            locks: BTreeMap::new(),
            log: Vec::new(),
        }
    }

    /// The actors that can move in `state`, threads first, in the model's order.
    pub fn enabled(&self, state: &State) -> Vec<Actor> {
        let mut actors = Vec::new();
        for (t, thread) in self.threads.iter().enumerate() {
            if let Some(step) = thread.steps.get(state.next[t]) {
                let blocked = matches!(
                    Action::parse(&step.action),
                    Ok(Action::Lock(lock)) if state.locks.get(lock).is_some_and(|&h| h != t)
                );
                if !blocked {
                    actors.push(Actor::Thread(t));
                }
            }
        }
        for (t, buffer) in state.buffers.iter().enumerate() {
            if !buffer.is_empty() {
                actors.push(Actor::Buffer(t));
            }
        }
        actors
    }

    /// The state after `actor` takes its step.
    pub fn step(&self, state: &State, actor: Actor) -> State {
        let mut state = state.clone();
        match actor {
            Actor::Buffer(t) => {
                let (name, value) = state.buffers[t].remove(0);
                state.memory.insert(name, value);
            }
            Actor::Thread(t) => {
                let step = &self.threads[t].steps[state.next[t]];
                state.next[t] += 1;
                match Action::parse(&step.action).expect("validated when read") {
                    Action::Assign(name, expr) => {
                        let value = expr.eval(&state, t);
                        if state.locals[t].contains_key(name) {
                            state.locals[t].insert(name.to_string(), value);
                        } else {
                            state.memory.insert(name.to_string(), value);
                        }
                    }
                    Action::Buffer(name, expr) => {
                        let value = expr.eval(&state, t);
                        state.buffers[t].push((name.to_string(), value));
                    }
                    Action::Lock(lock) => {
                        state.locks.insert(lock.to_string(), t);
                    }
                    Action::Unlock(lock) => {
                        state.locks.remove(lock);
                    }
                    Action::EndUnless(name) => {
                        if state.locals[t].get(name).copied().unwrap_or(0) == 0 {
                            state.next[t] = self.threads[t].steps.len();
                        }
                    }
                    Action::Log(text) => state.log.push(text.to_string()),
                }
            }
        }
        state
    }

    /// The outcome of a state where nothing can move.
    pub fn outcome(&self, state: &State) -> String {
        let stuck =
            (0..self.threads.len()).any(|t| state.next[t] < self.threads[t].steps.len());
        if stuck {
            return "deadlock".to_string();
        }
        let mut text = self.outcome.replace("{log}", &state.log.join(" → "));
        for (name, value) in &state.memory {
            text = text.replace(&format!("{{{name}}}"), &value.to_string());
        }
        for locals in &state.locals {
            for (name, value) in locals {
                text = text.replace(&format!("{{{name}}}"), &value.to_string());
            }
        }
        text
    }

    /// Every outcome some schedule reaches, with the number of distinct states explored.
    pub fn every_outcome(&self) -> (BTreeSet<String>, usize) {
        let mut outcomes = BTreeSet::new();
        let mut seen = HashSet::new();
        let mut stack = vec![self.start()];
        while let Some(state) = stack.pop() {
            if !seen.insert(state.clone()) {
                continue;
            }
            let actors = self.enabled(&state);
            if actors.is_empty() {
                outcomes.insert(self.outcome(&state));
            }
            for actor in actors {
                stack.push(self.step(&state, actor));
            }
        }
        (outcomes, seen.len())
    }

    /// The first schedule (a list of actors) that ends in `outcome`, if any.
    pub fn schedule_to(&self, outcome: &str) -> Option<Vec<Actor>> {
        fn search(
            model: &Model,
            state: &State,
            path: &mut Vec<Actor>,
            outcome: &str,
        ) -> bool {
            let actors = model.enabled(state);
            if actors.is_empty() {
                return model.outcome(state) == outcome;
            }
            for actor in actors {
                path.push(actor);
                if search(model, &model.step(state, actor), path, outcome) {
                    return true;
                }
                path.pop();
            }
            false
        }
        let mut path = Vec::new();
        search(self, &self.start(), &mut path, outcome).then_some(path)
    }

    /// The steps whose `code` is not a line of `source` (compared without indentation).
    pub fn misquoted<'a>(&'a self, source: &str) -> Vec<&'a str> {
        let lines: BTreeSet<&str> = source.lines().map(str::trim).collect();
        self.threads
            .iter()
            .flat_map(|t| &t.steps)
            .map(|s| s.code.trim())
            .filter(|code| !lines.contains(code))
            .collect()
    }
}

/// One step's action.
enum Action<'a> {
    Assign(&'a str, Expr<'a>),
    Buffer(&'a str, Expr<'a>),
    Lock(&'a str),
    Unlock(&'a str),
    EndUnless(&'a str),
    Log(&'a str),
}

impl<'a> Action<'a> {
    fn parse(text: &'a str) -> Result<Action<'a>, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let expr = |words: &[&'a str]| Expr::parse(words, text);
        match words.as_slice() {
            ["lock", name] => Ok(Action::Lock(name)),
            ["unlock", name] => Ok(Action::Unlock(name)),
            ["end-unless", name] => Ok(Action::EndUnless(name)),
            ["log", ..] => Ok(Action::Log(text.trim()["log".len()..].trim())),
            ["buffer", name, "=", rest @ ..] => Ok(Action::Buffer(name, expr(rest)?)),
            [name, "=", rest @ ..] => Ok(Action::Assign(name, expr(rest)?)),
            _ => Err(format!("`{text}` is not an action")),
        }
    }

    fn names(&self) -> Vec<&'a str> {
        match self {
            Action::Assign(name, expr) | Action::Buffer(name, expr) => {
                let mut names = vec![*name];
                names.extend(expr.names());
                names
            }
            Action::Lock(name) | Action::Unlock(name) | Action::EndUnless(name) => {
                vec![name]
            }
            Action::Log(_) => Vec::new(),
        }
    }
}

/// A name or an integer, or two around an operator.
enum Expr<'a> {
    Term(&'a str),
    Binary(&'a str, &'a str, &'a str),
}

impl<'a> Expr<'a> {
    fn parse(words: &[&'a str], text: &str) -> Result<Expr<'a>, String> {
        match words {
            [term] => Ok(Expr::Term(term)),
            [a, op, b] if ["+", "-", ">=", ">", "<=", "<", "=="].contains(op) => {
                Ok(Expr::Binary(a, op, b))
            }
            _ => Err(format!("`{text}`: an expression is a term, or `a OP b`")),
        }
    }

    fn names(&self) -> Vec<&'a str> {
        match self {
            Expr::Term(a) => vec![a],
            Expr::Binary(a, _, b) => vec![a, b],
        }
    }

    fn eval(&self, state: &State, thread: usize) -> i64 {
        let term = |word: &str| -> i64 {
            if let Ok(n) = word.parse() {
                return n;
            }
            if let Some(&v) = state.locals[thread].get(word) {
                return v;
            }
            if let Some((_, v)) =
                state.buffers[thread].iter().rev().find(|(n, _)| n == word)
            {
                return *v;
            }
            state.memory.get(word).copied().unwrap_or(0)
        };
        match self {
            Expr::Term(a) => term(a),
            Expr::Binary(a, op, b) => {
                let (a, b) = (term(a), term(b));
                match *op {
                    "+" => a + b,
                    "-" => a - b,
                    ">=" => i64::from(a >= b),
                    ">" => i64::from(a > b),
                    "<=" => i64::from(a <= b),
                    "<" => i64::from(a < b),
                    _ => i64::from(a == b),
                }
            }
        }
    }
}

/// Every stepper model of the repository: `(crate directory, model file)`, sorted.
pub fn stepper_files(root: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut found = Vec::new();
    let Ok(crates) = std::fs::read_dir(root.join("code")) else {
        return found;
    };
    for dir in crates.flatten().map(|e| e.path()) {
        let Ok(files) = std::fs::read_dir(dir.join("examples/outcomes")) else {
            continue;
        };
        for file in files.flatten().map(|e| e.path()) {
            if file.to_string_lossy().ends_with(".stepper.toml") {
                found.push((dir.clone(), file));
            }
        }
    }
    found.sort();
    found
}

/// The `possible:` values of an outcome file.
pub fn possible(outcome_file: &str) -> BTreeSet<String> {
    outcome_file
        .lines()
        .filter_map(|l| l.strip_prefix("possible: "))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_LOCKS: &str = r#"
model = "two-locks"
listing = "x.rs"
challenge = "Deadlock both threads."
outcome = "{log}"
[[thread]]
name = "A"
step = [
  { code = "let a = a.lock();", do = "lock a" },
  { code = "let b = b.lock();", do = "lock b" },
  { code = "log!(A);", do = "log A" },
  { code = "drop(b);", do = "unlock b" },
  { code = "drop(a);", do = "unlock a" },
]
[[thread]]
name = "B"
step = [
  { code = "let b = b.lock();", do = "lock b" },
  { code = "let a = a.lock();", do = "lock a" },
  { code = "log!(B);", do = "log B" },
  { code = "drop(a);", do = "unlock a" },
  { code = "drop(b);", do = "unlock b" },
]
"#;

    #[test]
    fn locks_taken_in_opposite_orders_can_deadlock() {
        let model: Model = toml::from_str(TWO_LOCKS).unwrap();
        model.validate().unwrap();
        let (outcomes, _) = model.every_outcome();
        let expected: BTreeSet<String> =
            ["A → B", "B → A", "deadlock"].map(String::from).into();
        assert_eq!(outcomes, expected);
        let path = model.schedule_to("deadlock").unwrap();
        assert_eq!(path, [Actor::Thread(0), Actor::Thread(1)]);
    }

    #[test]
    fn a_store_buffer_lets_both_loads_miss_both_stores() {
        let text = r#"
model = "sb"
listing = "x.rs"
challenge = ""
outcome = "r1={r1} r2={r2}"
shared = { x = 0, y = 0 }
[[thread]]
name = "1"
locals = { r1 = 0 }
step = [{ code = "x.store(1)", do = "buffer x = 1" }, { code = "y.load()", do = "r1 = y" }]
[[thread]]
name = "2"
locals = { r2 = 0 }
step = [{ code = "y.store(1)", do = "buffer y = 1" }, { code = "x.load()", do = "r2 = x" }]
"#;
        let model: Model = toml::from_str(text).unwrap();
        let (outcomes, _) = model.every_outcome();
        assert!(outcomes.contains("r1=0 r2=0"), "{outcomes:?}");
        assert_eq!(outcomes.len(), 4);
        // Stores straight to memory: the buffer gone, so is the outcome.
        let direct: Model = toml::from_str(&text.replace("buffer ", "")).unwrap();
        assert!(!direct.every_outcome().0.contains("r1=0 r2=0"));
    }

    #[test]
    fn an_unknown_name_or_action_is_refused() {
        let bad = TWO_LOCKS.replace("log B", "nonsense here");
        let model: Model = toml::from_str(&bad).unwrap();
        assert!(model.validate().is_err());
        let bad = TWO_LOCKS.replace(r#"do = "log A""#, r#"do = "z = q + 1""#);
        let model: Model = toml::from_str(&bad).unwrap();
        assert!(model.validate().unwrap_err().contains("`z`"));
    }

    #[test]
    fn a_model_the_stepper_cannot_play_faithfully_is_refused() {
        let refused = |from: &str, to: &str, problem: &str| {
            let text = TWO_LOCKS.replacen(from, to, 1);
            assert_ne!(text, TWO_LOCKS, "{from}");
            let model: Model = toml::from_str(&text).unwrap();
            let error = model.validate().unwrap_err();
            assert!(error.contains(problem), "{from} -> {to}: {error}");
        };
        // One thread locks a twice; releases b, which it does not hold; ends holding b.
        refused(
            r#"do = "lock b" }"#,
            r#"do = "lock a" }"#,
            "already holds `a`",
        );
        refused(
            r#"do = "lock b" }"#,
            r#"do = "log b" }"#,
            "does not hold `b`",
        );
        refused(r#"do = "unlock b" }"#, r#"do = "log b" }"#, "ends holding");
        let with_flag =
            TWO_LOCKS.replace("name = \"A\"", "name = \"A\"\nlocals = { ok = 1 }");
        let model: Model = toml::from_str(&with_flag).unwrap();
        model.validate().unwrap();
        let early = with_flag.replacen(r#"do = "log A""#, r#"do = "end-unless ok""#, 1);
        let model: Model = toml::from_str(&early).unwrap();
        assert!(
            model
                .validate()
                .unwrap_err()
                .contains("may end here holding")
        );
        // One thread's store buffer beside a direct store or a lock of the same thread, or
        // holding a store to a local.
        let buffered = r#"
model = "m"
listing = "x.rs"
challenge = ""
outcome = "{x}"
shared = { x = 0 }
[[thread]]
name = "T"
locals = { r = 0 }
step = [{ code = "a", do = "buffer x = 1" }, { code = "b", do = "log b" }]
"#;
        let model: Model = toml::from_str(buffered).unwrap();
        model.validate().unwrap();
        for (to, problem) in [
            ("x = 2", "cannot also store to `x` directly"),
            ("lock m", "cannot take a lock"),
            ("r = x", ""),
        ] {
            let text = buffered.replace("log b", to);
            let model: Model = toml::from_str(&text).unwrap();
            match model.validate() {
                Ok(()) => assert!(problem.is_empty(), "{to}"),
                Err(error) => {
                    assert!(!problem.is_empty() && error.contains(problem), "{error}")
                }
            }
        }
        let local = buffered.replace("buffer x = 1", "buffer r = 1");
        let model: Model = toml::from_str(&local).unwrap();
        assert!(
            model
                .validate()
                .unwrap_err()
                .contains("`r` is not a shared variable")
        );
    }

    #[test]
    fn a_misquoted_line_is_named() {
        let model: Model = toml::from_str(TWO_LOCKS).unwrap();
        let source = "fn main() {\n    let a = a.lock();\n    let b = b.lock();\n}\n";
        let wrong = model.misquoted(source);
        assert!(wrong.contains(&"log!(A);") && !wrong.contains(&"let a = a.lock();"));
    }
}
