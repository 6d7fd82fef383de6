//! `sanctum`: the command line. Opens the store once, does one thing, prints it.

/// `println!` through [`output::emit`].
macro_rules! say {
    () => { $crate::output::emit("\n") };
    ($($arg:tt)*) => { $crate::output::emit(&format!("{}\n", format_args!($($arg)*))) };
}

/// `print!` through [`output::emit`].
macro_rules! say_raw {
    ($($arg:tt)*) => { $crate::output::emit(&format!($($arg)*)) };
}

mod blocks;
mod calendars;
mod cli;
mod output;
mod planning;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A panic is a bug; if one slips through, say so in one line, not a Rust backtrace.
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        output::warn(&format!("internal error, please report it: {what}"));
    }));
    let args = match cli::Args::try_parse() {
        Ok(args) => args,
        Err(e) => return usage_error(&e),
    };
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            output::warn(&e.to_string());
            // 2 for input the user can fix, like a bad argument; 1 for failures to read or write.
            ExitCode::from(if e.is_input() { 2 } else { 1 })
        }
    }
}

/// Help and version as clap prints them; a bad argument as one line that names it (exit 2).
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
        || e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    {
        output::emit(&e.render().to_string());
        return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    let text = e.to_string();
    let first = text.lines().next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    output::warn(&format!("{first}; see sanctum --help"));
    ExitCode::from(2)
}
