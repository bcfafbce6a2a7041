use std::future::ready;
use std::hint::black_box;
use std::mem::{size_of, size_of_val};

// ANCHOR: main
async fn small_local() -> u64 {
    let n = black_box(7u64);
    ready(()).await;
    n
}

async fn kilobyte_across_await() -> u8 {
    let buffer = black_box([1u8; 1024]);
    ready(()).await;
    buffer[0]
}

async fn awaits_the_kilobyte() -> u8 {
    kilobyte_across_await().await + 1
}

fn main() {
    let sizes = [
        ("small_local()", size_of_val(&small_local())),
        (
            "kilobyte_across_await()",
            size_of_val(&kilobyte_across_await()),
        ),
        ("awaits_the_kilobyte()", size_of_val(&awaits_the_kilobyte())),
        ("tokio::time::Sleep", size_of::<tokio::time::Sleep>()),
    ];
    for (future, bytes) in sizes {
        println!("{future:<24} {bytes:>5} bytes");
    }
}
// ANCHOR_END: main
