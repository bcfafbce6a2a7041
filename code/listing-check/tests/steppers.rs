//! The "be the scheduler" models are faithful: each one's schedules end in exactly the outcomes
//! loom enumerated for its race, and each step quotes a line its listing really has.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use listing_check::stepper::{self, Model};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn models() -> Vec<(PathBuf, PathBuf, Model)> {
    stepper::stepper_files(&root())
        .into_iter()
        .map(|(dir, file)| {
            let model = Model::read(&file).unwrap_or_else(|e| panic!("{e}"));
            (dir, file, model)
        })
        .collect()
}

#[test]
fn every_outcome_file_has_one_stepper_and_every_stepper_an_outcome_file() {
    let mut files = BTreeSet::new();
    for dir in std::fs::read_dir(root().join("code")).unwrap().flatten() {
        if let Ok(outcomes) = std::fs::read_dir(dir.path().join("output/outcomes")) {
            for file in outcomes.flatten() {
                let name = file
                    .path()
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .to_string();
                files.insert(format!("{}/{name}", dir.file_name().to_string_lossy()));
            }
        }
    }
    let steppers: Vec<String> = models()
        .iter()
        .map(|(dir, _, m)| {
            format!("{}/{}", dir.file_name().unwrap().to_string_lossy(), m.model)
        })
        .collect();
    for (dir, file, model) in models() {
        let package = dir.file_name().unwrap().to_string_lossy().to_string();
        assert_eq!(
            file,
            root().join(stepper::file(&package, &model.model)),
            "{{{{#scheduler {package}/{}}}}} looks for its stepper there",
            model.model
        );
    }
    let unique: BTreeSet<String> = steppers.iter().cloned().collect();
    assert_eq!(
        unique.len(),
        steppers.len(),
        "two steppers for one race: {steppers:?}"
    );
    assert_eq!(unique, files, "steppers vs output/outcomes/*.txt");
}

#[test]
fn every_schedule_ends_in_exactly_the_outcomes_loom_found() {
    let models = models();
    assert!(!models.is_empty(), "no stepper model found");
    for (dir, file, model) in models {
        let outcome_file = dir
            .join("output/outcomes")
            .join(format!("{}.txt", model.model));
        let text = std::fs::read_to_string(&outcome_file)
            .unwrap_or_else(|e| panic!("{}: {e}", outcome_file.display()));
        let loom = stepper::possible(&text);
        let (reached, states) = model.every_outcome();
        assert_eq!(
            reached,
            loom,
            "{}: the outcomes its schedules reach ({states} states) differ from the `possible:` \
             lines of {}",
            file.display(),
            outcome_file.display()
        );
        for outcome in &loom {
            assert!(
                model.schedule_to(outcome).is_some(),
                "{}: no schedule reaches {outcome}",
                file.display()
            );
        }
    }
}

#[test]
fn every_step_quotes_a_line_of_its_listing() {
    for (dir, file, model) in models() {
        let listing = dir.join(&model.listing);
        let source = std::fs::read_to_string(&listing)
            .unwrap_or_else(|e| panic!("{}: {}: {e}", file.display(), listing.display()));
        let wrong = model.misquoted(&source);
        assert!(
            wrong.is_empty(),
            "{}: these steps quote lines that {} does not have: {wrong:#?}",
            file.display(),
            listing.display()
        );
    }
}
