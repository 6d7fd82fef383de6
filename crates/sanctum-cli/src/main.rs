//! `sanctum`: the command line. Opens the store once, does one thing, prints it.

mod blocks;
mod calendars;
mod cli;
mod output;
mod planning;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sanctum: {e}");
            // 2 for input the user can fix, like clap's own usage errors; 1 for everything else.
            ExitCode::from(if e.kind() == "invalid" || e.kind() == "not_found" { 2 } else { 1 })
        }
    }
}
