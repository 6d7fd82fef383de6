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

/// The keyring "user" under which a subscription's login (from its address) is kept.
const SUBSCRIPTION: &str = "subscription";

/// Keeps the user name and password that were in a subscription's address.
pub fn save_subscription_login(url: &str, username: &str, password: &str) -> Result<()> {
    save_password(SUBSCRIPTION, url, &format!("{username}\n{password}"))
}

/// The login kept for a subscription, if any.
pub fn subscription_login(url: &str) -> Result<Option<(String, String)>> {
    match entry(SUBSCRIPTION, url)?.get_password() {
        Ok(p) => {
            let (user, password) = p.split_once('\n').unwrap_or((p.as_str(), ""));
            Ok(Some((user.to_string(), password.to_string())))
        }
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(keyring_error(e)),
    }
}

/// Forgets a subscription's login; one that was never saved is fine.
pub fn forget_subscription_login(url: &str) -> Result<()> {
    forget_password(SUBSCRIPTION, url)
}

/// Forgets an account's password; one that was never saved is fine.
pub fn forget_password(username: &str, url: &str) -> Result<()> {
    match entry(username, url)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(keyring_error(e)),
    }
}
