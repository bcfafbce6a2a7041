//! "Be the scheduler" in the browser: every `.scheduler` of the rendered book is played to
//! every outcome of its race. For each stepper (`code/<crate>/examples/outcomes/*.stepper.toml`)
//! and each outcome of its outcomes file's `possible:` set, `listing_check::stepper` computes a
//! schedule (`Model::schedule_to`); the check clicks the actors' buttons (`data-thread`) in that
//! order on the page and checks that the root's `data-outcome` is that outcome, that Undo takes
//! it away and the same last click brings it back, and that Reset removes it. After Reset and
//! after each click it compares the actors whose buttons are enabled with those
//! `Model::enabled` lets move in the state `Model::step` reached (`STEP_MISMATCH`): a thread at
//! a lock another holds, a store buffer with nothing in it. The bank race's
//! overdraft is played with the keyboard (Enter on each button), as a reader without a mouse
//! would. A stepper that no page shows is a problem too.
//!
//! `--self-test` breaks the page's script twice ([`break_scheduler`]): its subtraction adds,
//! and the bank race's schedules must end elsewhere; a lock no longer blocks, and the deadlock
//! race's buttons must differ from what stepper.rs lets move.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result, bail};
use fantoccini::Locator;
use listing_check::stepper::{self, Model};
use serde_json::{Value, json};

use super::self_test::{Expected, replace_required};
use super::session::Session;

// The problems, as the report words them (the self-test looks for the same words).
/// "the schedule to {outcome} ({names}) {WRONG_OUTCOME} {found}".
pub const WRONG_OUTCOME: &str = "ended, on the page, in data-outcome =";
/// "{NOT_RESET} {outcome}".
pub const NOT_RESET: &str = "Reset left data-outcome =";
/// "{model}, the schedule to {outcome} ({names}), {after}: {STEP_MISMATCH} {page}; stepper.rs:
/// {rust}".
pub const STEP_MISMATCH: &str = "the page lets move";

/// The model whose overdraft is played with the keyboard, and that outcome.
const KEYBOARD: (&str, &str) = ("ch05-race-conditions/bank-race", "-100");
/// The lines of scheduler.js that the self-test breaks, and what they become.
const SUBTRACT: &str = "case '-': return a - b;";
const BROKEN_SUBTRACT: &str = "case '-': return a + b;";
const BLOCKED: &str = "const blocked = action.kind === 'lock'";
const NEVER_BLOCKED: &str = "const blocked = false && action.kind === 'lock'";
/// The model whose schedules pass a thread waiting for a lock (the self-test's second breakage).
const LOCKING: &str = "ch09-threading-bugs/deadlock-opposite-order";

/// The item of the report for one scheduler.
pub fn item_name(model: &str) -> String {
    format!("scheduler {model}")
}

/// One scheduler of the book: where it is, and a schedule to each outcome.
struct Plan {
    page: String,
    model: String,
    schedules: Vec<Schedule>,
}

/// A schedule to `outcome`: the actors' names (`data-thread`), and the names that
/// `Model::enabled` lets move before the first step and after each (`names.len() + 1` sets).
struct Schedule {
    outcome: String,
    names: Vec<String>,
    movable: Vec<BTreeSet<String>>,
}

impl Schedule {
    fn new(stepper: &Model, outcome: String, actors: Vec<stepper::Actor>) -> Schedule {
        let movable_in = |state: &stepper::State| {
            let actors = stepper.enabled(state).into_iter();
            actors.map(|a| stepper.actor_name(a)).collect()
        };
        let mut state = stepper.start();
        let mut movable = vec![movable_in(&state)];
        for &actor in &actors {
            state = stepper.step(&state, actor);
            movable.push(movable_in(&state));
        }
        let names = actors.into_iter().map(|a| stepper.actor_name(a)).collect();
        Schedule {
            outcome,
            names,
            movable,
        }
    }
}

/// The schedulers of the rendered book in `dir` (pages in SUMMARY order), with the steppers of
/// the repository at `root`; and the steppers no page shows.
fn plans(root: &Path, dir: &Path, pages: &[String]) -> Result<(Vec<Plan>, Vec<String>)> {
    let mut plans = Vec::new();
    for page in pages {
        let html = std::fs::read_to_string(dir.join(page))?;
        for piece in html.split("<div class=\"scheduler\" data-model=\"").skip(1) {
            let model = piece.split('"').next().unwrap_or_default().to_string();
            let (package, name) = model
                .split_once('/')
                .with_context(|| format!("{page}: a scheduler named `{model}`"))?;
            let stepper = Model::read(&root.join(stepper::file(package, name)))
                .map_err(anyhow::Error::msg)?;
            let outcomes_file = root.join(listing_check::outcomes::file(package, name));
            let text = std::fs::read_to_string(&outcomes_file)
                .with_context(|| outcomes_file.display().to_string())?;
            let mut schedules = Vec::new();
            for outcome in stepper::possible(&text) {
                let Some(actors) = stepper.schedule_to(&outcome) else {
                    bail!("{model}: stepper.rs finds no schedule to {outcome}");
                };
                schedules.push(Schedule::new(&stepper, outcome, actors));
            }
            plans.push(Plan {
                page: page.clone(),
                model,
                schedules,
            });
        }
    }
    let shown: BTreeSet<&str> = plans.iter().map(|p| p.model.as_str()).collect();
    let mut missing = Vec::new();
    for (dir, file) in stepper::stepper_files(root) {
        let model = Model::read(&file).map_err(anyhow::Error::msg)?;
        let id = format!(
            "{}/{}",
            dir.file_name().unwrap_or_default().to_string_lossy(),
            model.model
        );
        if !shown.contains(id.as_str()) {
            missing.push(id);
        }
    }
    Ok((plans, missing))
}

/// Plays one schedule by clicking (Reset first), then Undo and the last click again. `movable`
/// is the names of the enabled actor buttons after Reset and after each click, also when a step
/// fails (`error`).
const PLAY: &str = r#"
const [model, names] = arguments;
const root = Array.from(document.querySelectorAll('div.scheduler')).find(r => r.dataset.model === model);
if (!root) return { error: 'the page has no div.scheduler with data-model=' + model };
const button = (selector, name) => Array.from(root.querySelectorAll(selector)).find(b => name === undefined || b.dataset.thread === name);
const reset = button('button[data-reset]');
const undo = button('button[data-undo]');
if (!reset || !undo) return { error: 'no Reset or no Undo button' };
const movableNow = () => Array.from(root.querySelectorAll('button[data-thread]')).filter(b => !b.disabled).map(b => b.dataset.thread);
reset.click();
if ('outcome' in root.dataset) return { error: 'Reset left data-outcome = ' + root.dataset.outcome };
const movable = [movableNow()];
for (let i = 0; i < names.length; i++) {
    if ('outcome' in root.dataset) {
        return { movable, error: `data-outcome = ${root.dataset.outcome} after ${i} of the ${names.length} steps` };
    }
    const b = button('button[data-thread]', names[i]);
    if (!b) return { movable, error: `step ${i + 1}: no button with data-thread = ${names[i]}` };
    if (b.disabled) return { movable, error: `step ${i + 1}: the button of ${names[i]} is disabled` };
    b.click();
    movable.push(movableNow());
}
const outcome = root.dataset.outcome === undefined ? null : root.dataset.outcome;
const announced = (root.querySelector('[aria-live]') || {}).textContent || '';
let undone = null;
let redone = null;
if (names.length > 0) {
    undo.click();
    undone = root.dataset.outcome === undefined ? null : root.dataset.outcome;
    button('button[data-thread]', names[names.length - 1]).click();
    redone = root.dataset.outcome === undefined ? null : root.dataset.outcome;
}
return { outcome, movable, announced, undone, redone };
"#;

impl Session<'_> {
    /// Every scheduler of the book, played to every outcome; one report item each.
    pub async fn check_schedulers(
        &mut self,
        root: &Path,
        pages: &[String],
    ) -> Result<()> {
        let (plans, missing) = plans(root, self.dir, pages)?;
        if !missing.is_empty() {
            let problems = missing
                .iter()
                .map(|m| {
                    format!(
                        "the stepper {m} is on no page (write {{{{#scheduler {m}}}}})"
                    )
                })
                .collect();
            self.push_item("scheduler", String::new(), problems).await?;
        }
        for plan in &plans {
            let problems = match self.play(plan).await {
                Ok(problems) => problems,
                Err(e) => vec![format!("{e:#}")],
            };
            let keyboard = if plan.model == KEYBOARD.0 {
                format!("; {} again by keyboard", KEYBOARD.1)
            } else {
                String::new()
            };
            let detail = format!(
                "{}: {} outcome(s), each reached by clicking its schedule ({}), \
                 the enabled buttons at each step those stepper.rs lets move{keyboard}; \
                 Undo and Reset take it away",
                plan.page,
                plan.schedules.len(),
                plan.schedules
                    .iter()
                    .map(|s| format!("{}: {} steps", s.outcome, s.names.len()))
                    .collect::<Vec<_>>()
                    .join("; ")
            );
            self.push_item(&item_name(&plan.model), detail, problems)
                .await?;
        }
        Ok(())
    }

    async fn play(&mut self, plan: &Plan) -> Result<Vec<String>> {
        let model = &plan.model;
        self.client.goto(&self.url(&plan.page)).await?;
        let ready = format!(
            "Array.from(document.querySelectorAll('div.scheduler')).some(r => r.dataset.model === {} && r.querySelector('button[data-reset]'))",
            json!(model)
        );
        if !self.wait_until(&ready).await {
            bail!("the scheduler of {model} shows no buttons on {}", plan.page);
        }
        let mut problems = Vec::new();
        for schedule in &plan.schedules {
            let (outcome, names) = (&schedule.outcome, &schedule.names);
            let shown = format!("the schedule to {outcome} ({})", names.join(", "));
            let facts = self
                .client
                .execute(PLAY, vec![json!(model), json!(names)])
                .await?;
            if facts["error"].is_null() || facts["movable"].is_array() {
                let on_page = &facts["movable"];
                problems.extend(movable_mismatch(model, &shown, schedule, on_page));
            }
            if let Some(error) = facts["error"].as_str() {
                problems.push(format!("{shown}: {error}"));
                continue;
            }
            let found = &facts["outcome"];
            if found != &json!(outcome) {
                problems.push(format!(
                    "{shown} {WRONG_OUTCOME} {found}, not \"{outcome}\""
                ));
                continue;
            }
            if facts["announced"]
                .as_str()
                .is_none_or(|a| !a.contains(outcome.as_str()))
            {
                problems.push(format!(
                    "{shown}: the aria-live region does not say the outcome: {}",
                    facts["announced"]
                ));
            }
            if !names.is_empty()
                && (facts["undone"] != Value::Null || facts["redone"] != json!(outcome))
            {
                problems.push(format!(
                    "{shown}: Undo left data-outcome = {}, and the last click again gave {}",
                    facts["undone"], facts["redone"]
                ));
            }
        }
        if model == KEYBOARD.0 {
            problems.extend(self.play_by_keyboard(plan).await?);
        }
        Ok(problems)
    }

    /// The overdraft with the keyboard: Enter on each actor's button, then Reset.
    async fn play_by_keyboard(&mut self, plan: &Plan) -> Result<Vec<String>> {
        let model = &plan.model;
        let Some(Schedule { names, .. }) =
            plan.schedules.iter().find(|s| s.outcome == KEYBOARD.1)
        else {
            return Ok(vec![format!("no schedule to {}", KEYBOARD.1)]);
        };
        let quoted = |text: &str| text.replace('\\', "\\\\").replace('"', "\\\"");
        let within = format!(".scheduler[data-model=\"{}\"]", quoted(model));
        let client = self.client;
        let press = |selector: String| async move {
            let button = client
                .find(Locator::Css(&selector))
                .await
                .with_context(|| format!("finding {selector}"))?;
            button
                .send_keys("\u{e007}")
                .await
                .with_context(|| format!("pressing Enter on {selector}"))
        };
        press(format!("{within} button[data-reset]")).await?;
        for name in names {
            press(format!("{within} button[data-thread=\"{}\"]", quoted(name))).await?;
        }
        let outcome_of = format!(
            "return (Array.from(document.querySelectorAll('div.scheduler')).find(r => r.dataset.model === {}) || {{dataset: {{}}}}).dataset.outcome || null",
            json!(model)
        );
        let mut problems = Vec::new();
        let found = self.client.execute(&outcome_of, vec![]).await?;
        if found != json!(KEYBOARD.1) {
            problems.push(format!(
                "the schedule to {} by keyboard ({}) {WRONG_OUTCOME} {found}, not \"{}\"",
                KEYBOARD.1,
                names.join(", "),
                KEYBOARD.1
            ));
        }
        press(format!("{within} button[data-reset]")).await?;
        let after = self.client.execute(&outcome_of, vec![]).await?;
        if after != Value::Null {
            problems.push(format!("{NOT_RESET} {after} (by keyboard)"));
        }
        Ok(problems)
    }
}

/// The first step of `schedule` (0: after Reset) after which the page's enabled actor buttons
/// (`page`, from [`PLAY`]: one list per step played) are not the actors `Model::enabled` lets
/// move; the problem, naming the model, the step and both sets.
fn movable_mismatch(
    model: &str,
    shown: &str,
    schedule: &Schedule,
    page: &Value,
) -> Option<String> {
    let set = |names: &BTreeSet<String>| {
        let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
        format!("{{{}}}", quoted.join(", "))
    };
    let Some(page) = page.as_array() else {
        return Some(format!(
            "{model}, {shown}: the page reported no enabled buttons"
        ));
    };
    for (step, (on_page, rust)) in page.iter().zip(&schedule.movable).enumerate() {
        let on_page: BTreeSet<String> = on_page
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|n| n.as_str().map(str::to_string))
            .collect();
        if &on_page != rust {
            let after = match step {
                0 => "after Reset".to_string(),
                n => format!("after step {n} ({})", schedule.names[n - 1]),
            };
            return Some(format!(
                "{model}, {shown}, {after}: {STEP_MISMATCH} {}; stepper.rs: {}",
                set(&on_page),
                set(rust)
            ));
        }
    }
    None
}

/// The self-test's breakages of scheduler.js: its subtraction adds, so the bank race's balance
/// (the one model that subtracts) ends elsewhere than stepper.rs says; and a lock held by
/// another thread no longer blocks, so the deadlock race enables a button stepper.rs does not.
pub fn break_scheduler(dir: &Path) -> Result<Vec<Expected>> {
    // mdBook names it scheduler.js, or scheduler-<hash>.js.
    let scripts = dir.join("book/theme-extra");
    let script = std::fs::read_dir(&scripts)
        .with_context(|| format!("the self-test cannot list {}", scripts.display()))?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with("scheduler") && name.ends_with(".js")
        })
        .with_context(|| format!("{} has no scheduler*.js", scripts.display()))?;
    let text = std::fs::read_to_string(&script)?;
    let text = replace_required(&text, SUBTRACT, BROKEN_SUBTRACT, &script)?;
    let text = replace_required(&text, BLOCKED, NEVER_BLOCKED, &script)?;
    std::fs::write(&script, text)?;
    Ok(vec![
        Expected::new(
            &item_name(KEYBOARD.0),
            "scheduler.js's subtraction made an addition",
            &[WRONG_OUTCOME, "not \"-100\""],
        ),
        Expected::new(
            &item_name(LOCKING),
            "scheduler.js lets a thread take a lock another thread holds",
            &[LOCKING, STEP_MISMATCH],
        ),
    ])
}
