//! What the benchmarks (`xtask/benches/`) and their tests need from the library.

pub mod synthetic;
