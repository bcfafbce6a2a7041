use std::any::Any;
use std::panic;

use rayon::prelude::*;

// ANCHOR: main
fn message(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "(not a string)"
    }
}

fn main() {
    let a = [2, 2, 10];
    let b = [1, 0, 2];
    let outcome = panic::catch_unwind(|| {
        let quotients: Vec<i32> = a.par_iter().zip(&b).map(|(&a, &b)| a / b).collect();
        println!("collect returned {quotients:?}");
    });
    println!("after collect");
    if let Err(payload) = outcome {
        println!("the panic reached main: {}", message(payload.as_ref()));
    }
}
// ANCHOR_END: main
