//! How the background guard opens the app: the command-line arguments for the quick-log box
//! and for a screen, and reading them back on the app's side.

use sanctum_core::api::guard::Navigation;

/// The argument that opens the app on the quick-log box (the shortcut, "Log a fire…").
pub const QUICKLOG: &str = "--quicklog";
/// The argument that opens the app at a screen: `--open=planner[,BLOCK_ID,DATE]`.
pub const OPEN: &str = "--open=";

/// The arguments that open the app at `to`.
pub fn navigation_args(to: &Navigation) -> Vec<String> {
    let mut arg = format!("{OPEN}{}", to.screen);
    if let (Some(block), Some(date)) = (to.block_id, to.date) {
        arg.push_str(&format!(",{block},{date}"));
    }
    vec![arg]
}

/// Reads `--open=...` back (the app's side).
pub fn navigation_from(args: &[String]) -> Option<Navigation> {
    let value = args.iter().find_map(|a| a.strip_prefix(OPEN))?;
    let mut parts = value.split(',');
    let screen = parts.next().filter(|s| !s.is_empty())?.to_string();
    let block_id = parts.next().and_then(|b| b.parse().ok());
    let date = parts.next().and_then(|d| d.parse().ok());
    Some(Navigation { screen, block_id, date })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_screen_to_open_goes_through_the_command_line_and_back() {
        let to = Navigation {
            screen: "planner".into(),
            block_id: Some(7),
            date: chrono::NaiveDate::from_ymd_opt(2026, 12, 7),
        };
        let args = navigation_args(&to);
        assert_eq!(args, ["--open=planner,7,2026-12-07"]);
        assert_eq!(navigation_from(&args), Some(to));
        let plain = Navigation { screen: "log".into(), block_id: None, date: None };
        assert_eq!(navigation_from(&navigation_args(&plain)), Some(plain));
        assert_eq!(navigation_from(&["--open=".to_string()]), None);
        assert_eq!(navigation_from(&["--hidden".to_string()]), None);
    }
}
