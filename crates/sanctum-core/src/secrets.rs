//! Calendar passwords live in the operating system's keyring (Secret Service on Linux, Keychain
//! on macOS, Credential Manager on Windows), never in the SQLite file, exports or logs.
//!
//! One entry per calendar account: service `sanctum-caldav`, user `<user name> <calendar URL>`.

use crate::error::{Error, Result};

const SERVICE: &str = "sanctum-caldav";

fn entry(username: &str, url: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, &format!("{username} {url}")).map_err(keyring_error)
}

fn keyring_error(e: keyring::Error) -> Error {
    Error::Keyring(match e {
        keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => format!(
            "the system keyring is not available ({e}); start your desktop's keyring (for \
             example GNOME Keyring or KWallet) and try again"
        ),
        other => other.to_string(),
    })
}

/// Saves (or replaces) the password of an account.
pub fn save_password(username: &str, url: &str, password: &str) -> Result<()> {
    entry(username, url)?.set_password(password).map_err(keyring_error)
}

/// The saved password of an account.
pub fn password(username: &str, url: &str) -> Result<String> {
    match entry(username, url)?.get_password() {
        Ok(p) => Ok(p),
        Err(keyring::Error::NoEntry) => Err(Error::Keyring(format!(
            "no password saved for {username} at {url}; enter it again (sanctum calendar \
             password ID, or Settings → Calendars)"
        ))),
        Err(e) => Err(keyring_error(e)),
    }
}

/// Forgets an account's password; one that was never saved is fine.
pub fn forget_password(username: &str, url: &str) -> Result<()> {
    match entry(username, url)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(keyring_error(e)),
    }
}
