//! Calendar passwords live in the operating system's keyring (Secret Service on Linux, Keychain
//! on macOS, Credential Manager on Windows), never in the SQLite file, exports or logs.
//!
//! One entry per calendar account: service `sanctum-caldav`, user `<user name> <calendar URL>`.

use std::time::Duration;

use crate::error::{Error, Result};

const SERVICE: &str = "sanctum-caldav";

/// How many times one keyring call is tried. The Secret Service client gives the keyring
/// daemon two seconds per D-Bus call; a daemon that is starting, unlocking or busy on a loaded
/// machine can miss that, and one missed reply must not fail the user's action.
const ATTEMPTS: u32 = 3;

/// Runs one keyring call, again after a pause when the keyring did not answer. Every call here
/// is safe to repeat: saving replaces, reading reads, and forgetting what is gone is fine.
fn retried<T>(mut call: impl FnMut() -> keyring::Result<T>) -> keyring::Result<T> {
    let mut attempt = 1;
    loop {
        match call() {
            Err(keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_))
                if attempt < ATTEMPTS =>
            {
                std::thread::sleep(Duration::from_millis(250 * u64::from(attempt)));
                attempt += 1;
            }
            other => return other,
        }
    }
}

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
    let entry = entry(username, url)?;
    retried(|| entry.set_password(password)).map_err(keyring_error)
}

/// The saved password of an account.
pub fn password(username: &str, url: &str) -> Result<String> {
    let entry = entry(username, url)?;
    match retried(|| entry.get_password()) {
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
    let entry = entry(SUBSCRIPTION, url)?;
    match retried(|| entry.get_password()) {
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
    let entry = entry(username, url)?;
    match retried(|| entry.delete_credential()) {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(keyring_error(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn unanswered() -> keyring::Error {
        keyring::Error::PlatformFailure("D-Bus error: Did not receive a reply".into())
    }

    #[test]
    fn a_keyring_that_misses_a_reply_is_asked_again_and_a_dead_one_is_named() {
        let calls = Cell::new(0);
        let got = retried(|| {
            calls.set(calls.get() + 1);
            if calls.get() < ATTEMPTS {
                Err(unanswered())
            } else {
                Ok("secret")
            }
        });
        assert_eq!(got.unwrap(), "secret");
        assert_eq!(calls.get(), ATTEMPTS);

        calls.set(0);
        let got = retried(|| -> keyring::Result<()> {
            calls.set(calls.get() + 1);
            Err(unanswered())
        });
        assert_eq!(calls.get(), ATTEMPTS, "never more than {ATTEMPTS} tries");
        let message = keyring_error(got.unwrap_err()).to_string();
        assert!(message.contains("keyring is not available"), "{message}");
        assert!(message.contains("start your desktop's keyring"), "{message}");

        // An answer that is final (no entry) is not asked again.
        calls.set(0);
        let got = retried(|| -> keyring::Result<()> {
            calls.set(calls.get() + 1);
            Err(keyring::Error::NoEntry)
        });
        assert!(matches!(got, Err(keyring::Error::NoEntry)));
        assert_eq!(calls.get(), 1);
    }
}
