/work/main/target/debug/deps/weekly_core-8462650c43d2fd38.d: crates/core/src/lib.rs crates/core/src/archive.rs crates/core/src/fold.rs crates/core/src/index.rs crates/core/src/load.rs crates/core/src/query.rs

/work/main/target/debug/deps/libweekly_core-8462650c43d2fd38.rlib: crates/core/src/lib.rs crates/core/src/archive.rs crates/core/src/fold.rs crates/core/src/index.rs crates/core/src/load.rs crates/core/src/query.rs

/work/main/target/debug/deps/libweekly_core-8462650c43d2fd38.rmeta: crates/core/src/lib.rs crates/core/src/archive.rs crates/core/src/fold.rs crates/core/src/index.rs crates/core/src/load.rs crates/core/src/query.rs

crates/core/src/lib.rs:
crates/core/src/archive.rs:
crates/core/src/fold.rs:
crates/core/src/index.rs:
crates/core/src/load.rs:
crates/core/src/query.rs:
