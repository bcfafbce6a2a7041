// ANCHOR: main
fn main() {
    println!("tokio's channels and an async actor: the first listing runs");
}
// ANCHOR_END: main
