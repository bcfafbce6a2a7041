// ANCHOR: main
fn main() {
    println!("Inside a future: poll, wakers and a tiny executor: the first listing runs");
}
// ANCHOR_END: main
