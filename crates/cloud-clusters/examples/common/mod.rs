//! What the examples share: settings read from the environment with errors that
//! say what to set, and errors reported as sentences (`Display`), not `Debug`.

// Each example uses the part it needs.
#![allow(dead_code)]

use std::process::ExitCode;

/// The value of the environment variable `name`, or a sentence naming it and
/// saying what to set it to.
pub fn required(name: &str, what: &str) -> Result<String, String> {
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => Ok(value),
        Ok(_) => Err(format!("{name} is empty: set it to {what}")),
        Err(std::env::VarError::NotPresent) => Err(format!("{name} is not set: set it to {what}")),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(format!("{name} is not valid Unicode: set it to {what}"))
        }
    }
}

/// Prints `error: <sentence>` for a failed run and turns it into the exit code.
pub fn report(result: Result<(), Box<dyn std::error::Error>>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
