/work/main/target/debug/deps/weekly_core-31f50afa92a732db.d: crates/core/src/lib.rs crates/core/src/archive.rs crates/core/src/fold.rs crates/core/src/index.rs crates/core/src/load.rs crates/core/src/query.rs

/work/main/target/debug/deps/weekly_core-31f50afa92a732db: crates/core/src/lib.rs crates/core/src/archive.rs crates/core/src/fold.rs crates/core/src/index.rs crates/core/src/load.rs crates/core/src/query.rs

crates/core/src/lib.rs:
crates/core/src/archive.rs:
crates/core/src/fold.rs:
crates/core/src/index.rs:
crates/core/src/load.rs:
crates/core/src/query.rs:
