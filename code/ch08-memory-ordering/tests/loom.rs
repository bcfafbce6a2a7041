//! Model checks of the chapter's listings, run by
//! `cargo test --release -p ch08-memory-ordering --features loom --test loom`.
#![cfg(feature = "loom")]
