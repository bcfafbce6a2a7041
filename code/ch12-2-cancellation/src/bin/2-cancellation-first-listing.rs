// ANCHOR: main
fn main() {
    println!("Cancellation and graceful shutdown: the first listing runs");
}
// ANCHOR_END: main
