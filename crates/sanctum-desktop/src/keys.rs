//! The quick-log shortcut: parsing what the user typed, and on X11 a listener that does not
//! poll.
//!
//! tauri-plugin-global-shortcut's X11 backend (the `global-hotkey` crate) looks at its X
//! connection every 50 ms: about 1,200 wake-ups a minute in a process that otherwise sleeps
//! until its next reminder, most of Sanctum's idle CPU in the background (docs/performance.md).
//! This listener grabs the key on the root window and blocks on the connection instead, so its
//! thread wakes only when the X server has something for it. Registering and releasing happen on
//! other threads through the same connection (x11rb's connection is shared between threads).

pub use global_hotkey::hotkey::HotKey as Shortcut;
#[cfg(target_os = "linux")]
use global_hotkey::hotkey::{Code, Modifiers};

#[cfg(target_os = "linux")]
pub use x11::Listener;

/// Reads a key combination; the error says what to write instead (the parser's own message
/// points at its bug tracker).
pub fn parse(text: &str) -> Result<Shortcut, String> {
    text.parse::<Shortcut>().map_err(|_| {
        format!(
            "'{text}' is not a key combination; write modifiers and one key joined by +, like \
             CommandOrControl+Shift+Space (modifiers: Ctrl, Alt, Shift, Super, CommandOrControl; \
             keys: A-Z, 0-9, F1-F24, Space, Enter, ...)"
        )
    })
}

/// The message when the desktop refuses a shortcut: what it said, and what to do.
pub fn refused(text: &str, why: &str) -> String {
    format!(
        "The desktop refused the quick-log shortcut {text} ({why}). Another program may own it: \
         pick another one in Settings."
    )
}

#[cfg(target_os = "linux")]
mod x11 {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};

    use super::{Code, Modifiers, Shortcut};
    use x11rb::connection::Connection;
    use x11rb::errors::ReplyError;
    use x11rb::protocol::xkb::{self, ConnectionExt as _};
    use x11rb::protocol::xproto::{ConnectionExt as _, GrabMode, Keycode, ModMask, Window};
    use x11rb::protocol::{ErrorKind, Event};
    use x11rb::rust_connection::RustConnection;

    /// One grabbed key combination.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    struct Grab {
        keycode: Keycode,
        mods: ModMask,
    }

    /// The modifiers a shortcut is compared on; Caps Lock and Num Lock are ignored.
    const COMPARED: [ModMask; 4] = [ModMask::CONTROL, ModMask::SHIFT, ModMask::M1, ModMask::M4];
    fn locks() -> [ModMask; 4] {
        [ModMask::default(), ModMask::M2, ModMask::LOCK, ModMask::M2 | ModMask::LOCK]
    }

    /// A connection to the X server holding at most one grabbed shortcut.
    pub struct Listener {
        conn: RustConnection,
        root: Window,
        grabbed: Mutex<Option<Grab>>,
        pressed: AtomicBool,
    }

    impl std::fmt::Debug for Listener {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Listener").field("root", &self.root).finish_non_exhaustive()
        }
    }

    impl Listener {
        /// Connects to the display in `DISPLAY`; an error when there is none (a Wayland-only
        /// session), so the caller can fall back.
        pub fn connect() -> Result<Arc<Listener>, String> {
            let (conn, screen) = RustConnection::connect(None).map_err(|e| e.to_string())?;
            // Held keys repeat as press/release pairs unless the server is asked to tell real
            // releases from repeats; without XKB a held shortcut fires again, nothing worse.
            if conn.xkb_use_extension(1, 0).ok().and_then(|c| c.reply().ok()).is_some() {
                let flag = xkb::PerClientFlag::DETECTABLE_AUTO_REPEAT;
                if let Ok(c) = conn.xkb_per_client_flags(
                    xkb::ID::USE_CORE_KBD.into(),
                    flag,
                    flag,
                    Default::default(),
                    Default::default(),
                    Default::default(),
                ) {
                    let _ = c.reply();
                }
            }
            let root = conn.setup().roots.get(screen).map(|s| s.root).ok_or("no X screen")?;
            Ok(Arc::new(Listener { conn, root, grabbed: Mutex::new(None), pressed: false.into() }))
        }

        /// Runs `on_press` (on the listener's thread) each time the grabbed combination goes down.
        pub fn listen(self: &Arc<Self>, on_press: impl Fn() + Send + 'static) {
            let me = Arc::clone(self);
            let spawned =
                std::thread::Builder::new().name("sanctum-shortcut".into()).spawn(move || {
                    let compared = COMPARED.iter().fold(0u16, |m, c| m | u16::from(*c));
                    loop {
                        let event = match me.conn.wait_for_event() {
                            Ok(e) => e,
                            Err(e) => {
                                eprintln!(
                                    "sanctum: the shortcut stopped: the X connection closed ({e})"
                                );
                                return;
                            }
                        };
                        let grab = me.grabbed.lock().ok().and_then(|g| *g);
                        match (event, grab) {
                            // Once per press: a held key's repeats are not new presses.
                            (Event::KeyPress(e), Some(g))
                                if e.detail == g.keycode
                                    && (u16::from(e.state) & compared) == u16::from(g.mods)
                                    && !me.pressed.swap(true, Ordering::SeqCst) =>
                            {
                                on_press();
                            }
                            (Event::KeyRelease(e), Some(g)) if e.detail == g.keycode => {
                                me.pressed.store(false, Ordering::SeqCst);
                            }
                            _ => {}
                        }
                    }
                });
            if let Err(e) = spawned {
                eprintln!("sanctum: no shortcut: {e}");
            }
        }

        /// Grabs `shortcut` in place of the one held (which is released only once the new one is
        /// held); the error says why the server refused.
        pub fn grab(&self, shortcut: &Shortcut) -> Result<(), String> {
            let keysym = keysym(shortcut.key)
                .ok_or_else(|| format!("the key {} cannot be a shortcut here", shortcut.key))?;
            let keycode = self
                .keycode(keysym)?
                .ok_or_else(|| format!("no key on this keyboard types {}", shortcut.key))?;
            let wanted = Grab { keycode, mods: mods(shortcut.mods) };
            let mut grabbed = self.grabbed.lock().map_err(|_| "the shortcut's state is broken")?;
            if *grabbed == Some(wanted) {
                return Ok(());
            }
            let locks = locks();
            for (n, lock) in locks.iter().enumerate() {
                let sent = self.conn.grab_key(
                    false,
                    self.root,
                    wanted.mods | *lock,
                    keycode,
                    GrabMode::ASYNC,
                    GrabMode::ASYNC,
                );
                let checked = sent.map_err(ReplyError::from).and_then(|c| c.check());
                if let Err(e) = checked {
                    for undo in &locks[..n] {
                        self.ungrab_one(wanted, *undo);
                    }
                    return Err(match e {
                        ReplyError::X11Error(x) if x.error_kind == ErrorKind::Access => {
                            "another program holds it".to_string()
                        }
                        other => other.to_string(),
                    });
                }
            }
            if let Some(old) = grabbed.replace(wanted) {
                for lock in locks {
                    self.ungrab_one(old, lock);
                }
            }
            self.pressed.store(false, Ordering::SeqCst);
            let _ = self.conn.flush();
            Ok(())
        }

        fn ungrab_one(&self, grab: Grab, lock: ModMask) {
            if let Ok(c) = self.conn.ungrab_key(grab.keycode, self.root, grab.mods | lock) {
                c.ignore_error();
            }
        }

        /// The key that types `keysym` on this keyboard.
        fn keycode(&self, keysym: u32) -> Result<Option<Keycode>, String> {
            let setup = self.conn.setup();
            let (min, max) = (setup.min_keycode, setup.max_keycode);
            let map = self
                .conn
                .get_keyboard_mapping(min, max.saturating_sub(min).saturating_add(1))
                .map_err(|e| e.to_string())?
                .reply()
                .map_err(|e| e.to_string())?;
            let per = usize::from(map.keysyms_per_keycode).max(1);
            Ok(map
                .keysyms
                .chunks(per)
                .position(|syms| syms.contains(&keysym))
                .and_then(|i| u8::try_from(i).ok())
                .map(|i| min.saturating_add(i)))
        }
    }

    fn mods(m: Modifiers) -> ModMask {
        let mut x = ModMask::default();
        for (ours, theirs) in [
            (Modifiers::CONTROL, ModMask::CONTROL),
            (Modifiers::SHIFT, ModMask::SHIFT),
            (Modifiers::ALT, ModMask::M1),
            (Modifiers::SUPER | Modifiers::META, ModMask::M4),
        ] {
            if m.intersects(ours) {
                x |= theirs;
            }
        }
        x
    }

    /// The X keysym of a key by its code name (`KeyA`, `Digit1`, `F5`, `Space`, ...).
    fn keysym(code: Code) -> Option<u32> {
        let name = code.to_string();
        let one = |prefix: &str| {
            name.strip_prefix(prefix)
                .filter(|rest| rest.len() == 1)
                .and_then(|rest| rest.chars().next())
        };
        if let Some(c) = one("Key").filter(char::is_ascii_uppercase) {
            // Latin letters' keysyms are their lower-case code points.
            return Some(u32::from(c.to_ascii_lowercase()));
        }
        if let Some(c) = one("Digit").filter(char::is_ascii_digit) {
            return Some(u32::from(c));
        }
        if let Some(n) = name.strip_prefix('F').and_then(|n| n.parse::<u32>().ok()) {
            return (1..=35).contains(&n).then(|| xkeysym::key::F1 + n - 1);
        }
        use xkeysym::key;
        Some(match code {
            Code::Space => key::space,
            Code::Enter => key::Return,
            Code::Tab => key::Tab,
            Code::Escape => key::Escape,
            Code::Backspace => key::BackSpace,
            Code::Delete => key::Delete,
            Code::Insert => key::Insert,
            Code::Home => key::Home,
            Code::End => key::End,
            Code::PageUp => key::Page_Up,
            Code::PageDown => key::Page_Down,
            Code::ArrowUp => key::Up,
            Code::ArrowDown => key::Down,
            Code::ArrowLeft => key::Left,
            Code::ArrowRight => key::Right,
            Code::Minus => key::minus,
            Code::Equal => key::equal,
            Code::BracketLeft => key::bracketleft,
            Code::BracketRight => key::bracketright,
            Code::Backslash => key::backslash,
            Code::Semicolon => key::semicolon,
            Code::Quote => key::apostrophe,
            Code::Backquote => key::grave,
            Code::Comma => key::comma,
            Code::Period => key::period,
            Code::Slash => key::slash,
            Code::Pause => key::Pause,
            Code::PrintScreen => key::Print,
            _ => return None,
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn keys_a_user_can_choose_have_keysyms_and_modifiers_map_to_x() {
            let s: Shortcut = "CommandOrControl+Shift+Space".parse().unwrap();
            assert_eq!(keysym(s.key), Some(0x20));
            assert_eq!(mods(s.mods), ModMask::CONTROL | ModMask::SHIFT);
            let s: Shortcut = "Alt+Super+K".parse().unwrap();
            assert_eq!(keysym(s.key), Some(u32::from(b'k')));
            assert_eq!(mods(s.mods), ModMask::M1 | ModMask::M4);
            assert_eq!(keysym("Ctrl+7".parse::<Shortcut>().unwrap().key), Some(u32::from(b'7')));
            assert_eq!(
                keysym("Ctrl+F12".parse::<Shortcut>().unwrap().key),
                Some(xkeysym::key::F12)
            );
            assert_eq!(
                keysym("Ctrl+Enter".parse::<Shortcut>().unwrap().key),
                Some(xkeysym::key::Return)
            );
            assert_eq!(keysym(Code::AudioVolumeUp), None, "a key without a keysym is refused");
        }
    }
}
