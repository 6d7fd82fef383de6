//! Refreshing calendars into the local cache, and publishing focus blocks to CalDAV calendars.
//!
//! **Refresh**: a calendar is read (file, URL or CalDAV) for [`PAST_DAYS`] back and
//! [`AHEAD_WEEKS`] ahead; only a complete read replaces the cache, in one transaction, so a
//! failed read leaves the previous events (Sanctum works offline with them) and notes the error.
//! Events in Sanctum's own UID namespace are left out, so published focus blocks never count as
//! meetings.
//!
//! **Publish**: each active block is one resource `sanctum-block-<id>-<install>.ics` holding one
//! recurring busy event with the intention in its description (and, with the `publish_batches`
//! setting, each batch slot one `sanctum-batch-<id>-<install>.ics`). Before each request the journal
//! (`published_events`) records what is about to happen (`sending` / `deleting`); after the
//! server answers it records `sent` or forgets the entry. A publish cut off midway (network,
//! crash, kill) leaves `sending`/`deleting` entries that the next run finishes. Only resources
//! with Sanctum's names for this database are ever written or deleted: events others created are
//! never touched, not even listed beyond their names.
//!
//! **Edits made on the shared calendar** — the rule: Sanctum's focus blocks are the truth, and
//! nothing is overwritten unseen. Every write is conditional on the version Sanctum last saw
//! (`If-Match` with the journal's ETag, `If-None-Match: *` to create), so a change made in
//! between is never overwritten blindly. When the server's copy of one of Sanctum's events is
//! not the one Sanctum wrote (someone moved it, retitled it, changed one occurrence, deleted it),
//! the next publish puts Sanctum's version back **and says so**: the report names the event and
//! what had changed, the CLI prints it, and the calendar shows it in Settings until the next
//! publish. To move a focus block, move it in Sanctum. A server copy that differs only in its
//! ETag (another Sanctum on this database wrote the same event) is taken as it is, silently.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::remote::{self, CalDav};
use super::{
    read_ics_as, Calendar, CalendarKind, NewCalendar, PublishState, Published, ReadCalendar, Reader,
};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::time::Span;

/// Days of past events kept in the cache (the review and the planner look back).
pub const PAST_DAYS: i64 = 14;
/// Weeks of future events read (suggestions look at most this far).
pub const AHEAD_WEEKS: i64 = 26;

/// The window a refresh reads.
pub fn refresh_window(now: DateTime<Utc>) -> Span {
    Span { start: now - Duration::days(PAST_DAYS), end: now + Duration::weeks(AHEAD_WEEKS) }
}

/// Whether a UID is one of Sanctum's published focus blocks.
pub fn is_sanctum_uid(uid: &str) -> bool {
    uid.starts_with("sanctum-") && uid.ends_with("@sanctum.local")
}

/// Calendars due for a scheduled refresh: never read, or last read (or last tried, per
/// `attempts`) at least `every` ago. A zero interval means only on demand.
pub fn due(
    calendars: &[Calendar],
    attempts: &std::collections::HashMap<i64, DateTime<Utc>>,
    every: Duration,
    now: DateTime<Utc>,
) -> Vec<i64> {
    if every <= Duration::zero() {
        return Vec::new();
    }
    calendars
        .iter()
        .filter(|c| {
            let last = attempts.get(&c.id).copied().max(c.refreshed_at);
            last.is_none_or(|t| now - t >= every)
        })
        .map(|c| c.id)
        .collect()
}

/// Checks a CalDAV account against its calendar, then keeps the password in the keyring: a
/// wrong address or password is refused before anything is saved.
pub fn sign_in(url: &str, username: &str, password: &str) -> Result<()> {
    CalDav::new(url, username, password).check()?;
    crate::secrets::save_password(username, url, password)
}

/// Removes a calendar, its cached events and publish journal, and its saved password.
pub fn remove(store: &Store, id: i64) -> Result<Calendar> {
    let removed = store.remove_calendar(id)?;
    forget_login(&removed.spec)?;
    Ok(removed)
}

fn forget_login(spec: &NewCalendar) -> Result<()> {
    match (&spec.kind, &spec.username) {
        (CalendarKind::Caldav, Some(user)) => crate::secrets::forget_password(user, &spec.location),
        // Only a subscription that had a login in its address has one. Best effort: without a
        // keyring (a headless machine) none was ever saved, and removing must still work.
        (CalendarKind::Url, _) => {
            let _ = crate::secrets::forget_subscription_login(&spec.location);
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A calendar checked and read, ready to keep: [`prepare_add`] does the slow part (network,
/// keyring) without the store, [`commit_add`] keeps it in one write.
#[derive(Debug)]
pub struct PreparedCalendar {
    spec: NewCalendar,
    read: ReadCalendar,
    /// The password (CalDAV) or the address's login (subscription), for the keyring.
    login: Option<(String, String)>,
}

/// Checks a new calendar and reads it once: a CalDAV account is signed in (its password, given
/// or from the address, is kept only if the calendar is added), a subscription's login in its
/// address is taken out of it, and a calendar that cannot be read, is cut off, or (a file or
/// subscription) has no event that can be read is refused. Nothing is kept yet. `password` is
/// asked only for a CalDAV calendar whose fields are valid.
pub fn prepare_add(
    mut new: NewCalendar,
    password: impl FnOnce() -> Result<Option<String>>,
    window: Span,
    reader: &Reader,
) -> Result<PreparedCalendar> {
    let from_address = new.take_credentials();
    let spec = new.validated()?;
    let login = match spec.kind {
        CalendarKind::File => None,
        CalendarKind::Url => from_address,
        CalendarKind::Caldav => {
            let password = match from_address {
                Some((_, p)) if !p.is_empty() => Some(p),
                _ => password()?,
            }
            .filter(|p| !p.is_empty())
            .ok_or_else(|| {
                Error::invalid(
                    "password",
                    "is empty; a CalDAV calendar needs the account's password",
                )
            })?;
            let user = spec.username.clone().unwrap_or_default();
            CalDav::new(&spec.location, &user, &password).check()?;
            Some((user, password))
        }
    };
    let read = read_with(&spec, login.clone(), window, reader)?;
    check_read(&spec, &read, 0)?;
    if spec.kind != CalendarKind::Caldav && read.events.is_empty() && read.event_components > 0 {
        return Err(Error::invalid(
            "calendar",
            format!(
                "{}: none of its {} events could be read ({}); it was not added",
                spec.location,
                read.event_components,
                read.problems.first().map(String::as_str).unwrap_or("no reason given")
            ),
        ));
    }
    if spec.kind != CalendarKind::Caldav && read.event_components == 0 {
        return Err(Error::invalid(
            "calendar",
            format!("{}: there are no events in it; it was not added", spec.location),
        ));
    }
    Ok(PreparedCalendar { spec, read, login })
}

/// Keeps a prepared calendar: its login in the keyring, then the calendar with its events in
/// one write (the login is forgotten again if that write fails).
pub fn commit_add(
    store: &Store,
    prepared: PreparedCalendar,
    now: DateTime<Utc>,
) -> Result<Refreshed> {
    let PreparedCalendar { spec, read, login } = prepared;
    if let Some((user, password)) = &login {
        match spec.kind {
            CalendarKind::Caldav => crate::secrets::save_password(user, &spec.location, password)?,
            _ => crate::secrets::save_subscription_login(&spec.location, user, password)?,
        }
    }
    match store.add_calendar(spec.clone(), &read.events, now) {
        Ok(calendar) => {
            store.learn_addresses(&read.addresses)?;
            Ok(Refreshed { calendar, events: read.events.len(), problems: read.problems })
        }
        Err(e) => {
            if login.is_some() {
                let _ = forget_login(&spec);
            }
            Err(e)
        }
    }
}

/// Adds a calendar, all or nothing: [`prepare_add`] then [`commit_add`].
pub fn add(
    store: &Store,
    new: NewCalendar,
    password: impl FnOnce() -> Result<Option<String>>,
    now: DateTime<Utc>,
) -> Result<Refreshed> {
    let prepared =
        prepare_add(new, password, refresh_window(now), &Reader::of(&store.settings()?))?;
    commit_add(store, prepared, now)
}

/// Refuses a read that cannot be a whole calendar: cut off before its END:VCALENDAR, or with
/// nothing readable where the cache had `cached` events in the same window.
fn check_read(spec: &NewCalendar, read: &ReadCalendar, cached: usize) -> Result<()> {
    if !read.complete {
        return Err(Error::Remote(format!(
            "{}: the calendar was cut off (it does not end with END:VCALENDAR); try again later \
             (Sanctum keeps using the events it already has)",
            spec.location
        )));
    }
    if read.events.is_empty() && cached > 0 {
        let why = match read.problems.first() {
            Some(p) => format!("none of its events could be read ({p})"),
            None => "it now reads as empty".to_string(),
        };
        return Err(Error::Remote(format!(
            "{}: {why}, where {cached} events were read before; keeping those. If the calendar \
             really is empty now, remove it and add it again",
            spec.location
        )));
    }
    Ok(())
}

/// The CalDAV client of a calendar, with its password from the keyring.
pub fn caldav(calendar: &Calendar) -> Result<CalDav> {
    let user = calendar.spec.username.as_deref().unwrap_or("");
    let password = crate::secrets::password(user, &calendar.spec.location)?;
    Ok(CalDav::new(&calendar.spec.location, user, &password))
}

/// Reads a calendar's events in `window` without touching the store (no lock is held while the
/// network is slow).
pub fn fetch(calendar: &Calendar, window: Span, reader: &Reader) -> Result<ReadCalendar> {
    let login = match calendar.spec.kind {
        CalendarKind::Caldav => {
            let user = calendar.spec.username.clone().unwrap_or_default();
            let password = crate::secrets::password(&user, &calendar.spec.location)?;
            Some((user, password))
        }
        _ => None,
    };
    read_with(&calendar.spec, login, window, reader)
}

/// Reads a calendar with a known login (CalDAV) or the keyring's (a subscription that asks).
///
/// The owner's addresses the calendar reveals (a CalDAV account's address set, a Google feed's
/// name) count as the user's for this read already, and are returned to be remembered.
fn read_with(
    spec: &NewCalendar,
    login: Option<(String, String)>,
    window: Span,
    reader: &Reader,
) -> Result<ReadCalendar> {
    let zone = reader.zone;
    let as_me = |text: &str, extra: &[String]| {
        let mut me = reader.me.clone();
        me.extend(extra.iter().filter(|a| !reader.me.contains(a)).cloned());
        read_ics_as(text, window, zone, &me)
    };
    // A file or feed named after an address is its owner's (Google names each feed so): read
    // again as that owner if the name was not yet known to be the user's.
    let as_owner = |text: &str| -> Result<ReadCalendar> {
        let read = as_me(text, &[])?;
        match read.name.as_deref().and_then(super::read::name_as_address) {
            Some(owner) if reader.not_me.contains(&owner) => Ok(read),
            Some(owner) if reader.me.contains(&owner) => {
                Ok(ReadCalendar { addresses: vec![owner], ..read })
            }
            Some(owner) => {
                Ok(ReadCalendar { addresses: vec![owner.clone()], ..as_me(text, &[owner])? })
            }
            None => Ok(read),
        }
    };
    let mut read = match spec.kind {
        CalendarKind::File => {
            let text = crate::files::read_capped("location", std::path::Path::new(&spec.location))
                .map_err(|e| match e {
                    Error::Invalid { field, message } => Error::Invalid {
                        field,
                        message: format!("{message}; check the file is still there"),
                    },
                    other => other,
                })?;
            as_owner(&super::lines::decode(&text, None))?
        }
        CalendarKind::Url => {
            // An address from before logins were taken out of them still carries its own.
            let (url, in_address) = remote::split_credentials(&spec.location);
            let text = remote::fetch_ics(&url, || match login.or(in_address) {
                Some(l) => Ok(Some(l)),
                None => crate::secrets::subscription_login(&url),
            })?;
            as_owner(&text)?
        }
        CalendarKind::Caldav => {
            let (user, password) = login.unwrap_or_default();
            let dav = CalDav::new(&spec.location, &user, &password);
            // Servers that do not say who the user is (or fail to) are read without it.
            let mut owner = dav.user_addresses().unwrap_or_default();
            owner.retain(|a| !reader.not_me.contains(a));
            let mut all = ReadCalendar { addresses: owner.clone(), ..ReadCalendar::default() };
            for resource in dav.events(window)? {
                let Some(data) = resource.data else { continue };
                match as_me(&data, &owner) {
                    Ok(one) if !one.complete => {
                        return Err(Error::Remote(format!(
                            "{}: the server sent {} cut off; try again later (Sanctum keeps \
                             using the events it already has)",
                            spec.location, resource.href
                        )))
                    }
                    Ok(one) => {
                        all.events.extend(one.events);
                        all.problems.extend(one.problems);
                        all.event_components += one.event_components;
                    }
                    Err(e) => all.problems.push(format!("{}: {e}", resource.href)),
                }
            }
            all.complete = true;
            if all.events.len() > super::read::MAX_OCCURRENCES {
                return Err(super::read::too_many());
            }
            all.events.sort_by_key(|e| (e.start, e.end));
            all
        }
    };
    read.events.retain(|e| !is_sanctum_uid(&e.uid));
    Ok(read)
}

/// What a refresh did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Refreshed {
    pub calendar: Calendar,
    pub events: usize,
    /// Events that could not be read, each with its reason.
    pub problems: Vec<String>,
}

/// Saves a fetch's outcome: the events on success, the error otherwise (cache kept).
pub fn save_refresh(
    store: &Store,
    id: i64,
    fetched: Result<ReadCalendar>,
    now: DateTime<Utc>,
) -> Result<Refreshed> {
    let checked = fetched.and_then(|read| {
        let calendar = store.calendar(id)?;
        let cached = store.cached_event_count(id, refresh_window(now))?;
        check_read(&calendar.spec, &read, cached)?;
        Ok(read)
    });
    match checked {
        Ok(read) => {
            move_legacy_login(store, id)?;
            store.learn_addresses(&read.addresses)?;
            let calendar = store.replace_calendar_events(id, &read.events, now)?;
            Ok(Refreshed { calendar, events: read.events.len(), problems: read.problems })
        }
        Err(e) => {
            store.set_calendar_error(id, Some(&e.to_string()))?;
            Err(e)
        }
    }
}

/// A subscription added before Sanctum took logins out of addresses keeps its user name and
/// password in its address: after a successful read they move to the keyring, and the address
/// is kept without them.
fn move_legacy_login(store: &Store, id: i64) -> Result<()> {
    let calendar = store.calendar(id)?;
    if calendar.spec.kind != CalendarKind::Url {
        return Ok(());
    }
    let (clean, login) = remote::split_credentials(&calendar.spec.location);
    if let Some((user, password)) = login {
        crate::secrets::save_subscription_login(&clean, &user, &password)?;
        store.set_calendar_location(id, &clean)?;
    }
    Ok(())
}

/// Fetches and saves one calendar (the command line's path; the app fetches without the lock).
pub fn refresh(store: &Store, id: i64, now: DateTime<Utc>) -> Result<Refreshed> {
    let calendar = store.calendar(id)?;
    let fetched = fetch(&calendar, refresh_window(now), &Reader::of(&store.settings()?));
    save_refresh(store, id, fetched, now)
}

/// What a publish did to one calendar.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PublishReport {
    pub calendar_id: i64,
    pub calendar: String,
    pub sent: usize,
    pub deleted: usize,
    pub unchanged: usize,
    /// Events of Sanctum's that had been changed or deleted on the calendar and were put back,
    /// each as one sentence naming the event and what had changed.
    pub restored: Vec<String>,
}

impl PublishReport {
    /// What the user is told about the calendar after this publish: the events put back, if any.
    pub fn note(&self) -> Option<String> {
        (!self.restored.is_empty()).then(|| {
            format!("the last publish put Sanctum's version back: {}", self.restored.join("; "))
        })
    }
}

/// The significant properties of each VEVENT of an iCalendar text, by RECURRENCE-ID ("" for
/// the series): what a colleague's edit would change. Parameters are sorted, lines unfolded,
/// so a server that rewrites the text without changing it compares equal.
fn significant(text: &str) -> std::collections::BTreeMap<String, Vec<(String, String)>> {
    const SIGNIFICANT: &[&str] = &[
        "SUMMARY",
        "DTSTART",
        "DTEND",
        "DURATION",
        "RRULE",
        "RDATE",
        "EXDATE",
        "DESCRIPTION",
        "TRANSP",
        "STATUS",
    ];
    let mut out = std::collections::BTreeMap::new();
    for calendar in super::lines::parse(text) {
        for event in calendar.components.iter().filter(|c| c.name == "VEVENT") {
            let id = event.prop("RECURRENCE-ID").map(|p| p.value.trim().to_string());
            let mut props: Vec<(String, String)> = event
                .properties
                .iter()
                .filter(|p| SIGNIFICANT.contains(&p.name.as_str()))
                .map(|p| {
                    let mut params: Vec<String> =
                        p.params.iter().map(|(k, v)| format!("{k}={v}")).collect();
                    params.sort();
                    // A rule's parts in any order are the same rule.
                    let value = if p.name == "RRULE" {
                        let mut parts: Vec<String> =
                            p.value.split(';').map(|x| x.trim().to_ascii_uppercase()).collect();
                        parts.sort();
                        parts.join(";")
                    } else {
                        p.text()
                    };
                    (format!("{};{}", p.name, params.join(";")), value)
                })
                .collect();
            props.sort();
            out.insert(id.unwrap_or_default(), props);
        }
    }
    out
}

/// What differs between Sanctum's version of an event and the server's, in words (empty when
/// nothing a person would notice does).
fn what_changed(ours: &str, theirs: &str) -> Vec<&'static str> {
    let (ours, theirs) = (significant(ours), significant(theirs));
    let mut changed = Vec::new();
    let mut note = |what: &'static str| {
        if !changed.contains(&what) {
            changed.push(what);
        }
    };
    let series = |m: &std::collections::BTreeMap<String, Vec<(String, String)>>| {
        m.get("").cloned().unwrap_or_default()
    };
    let (a, b) = (series(&ours), series(&theirs));
    let of = |props: &[(String, String)], names: &[&str]| -> Vec<(String, String)> {
        props
            .iter()
            .filter(|(k, _)| names.iter().any(|n| k.starts_with(&format!("{n};"))))
            .cloned()
            .collect()
    };
    for (names, what) in [
        (&["DTSTART", "DTEND", "DURATION"][..], "its time"),
        (&["SUMMARY"][..], "its title"),
        (&["RRULE", "RDATE", "EXDATE"][..], "its repeat"),
        (&["DESCRIPTION"][..], "its description"),
        (&["TRANSP", "STATUS"][..], "whether it is busy"),
    ] {
        if of(&a, names) != of(&b, names) {
            note(what);
        }
    }
    let single = |m: &std::collections::BTreeMap<String, Vec<(String, String)>>| {
        m.iter()
            .filter(|(k, _)| !k.is_empty())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<Vec<_>>()
    };
    if single(&ours) != single(&theirs) {
        note("single occurrences");
    }
    changed
}

/// The SUMMARY of an event text, for messages.
fn title_of(text: &str) -> String {
    super::lines::parse(text)
        .iter()
        .flat_map(|c| c.components.iter())
        .find_map(|e| e.prop("SUMMARY").map(super::lines::Property::text))
        .unwrap_or_else(|| "a focus block".to_string())
}

/// Writes (or, with no content, deletes) one of Sanctum's resources on the condition that the
/// server still has the version `expected` (`None`: no resource; `Some(None)`: one without an
/// etag); when someone changed it in between (HTTP 412), the server's current version is read
/// and the write is tried once more against it. Returns the new etag, and what the server's copy
/// had that differs from `content` when the first attempt found it changed (empty if nothing a
/// person would notice: another Sanctum on this database wrote the same).
fn write_checked(
    dav: &CalDav,
    name: &str,
    content: Option<&str>,
    expected: Option<Option<&str>>,
) -> Result<(Option<String>, Vec<&'static str>)> {
    fn condition(e: Option<Option<&str>>) -> remote::Expected<'_> {
        match e {
            None => remote::Expected::Nothing,
            // If-Match compares strongly: a weak etag (`W/"…"`) would never match.
            Some(Some(etag)) if !etag.trim_start().starts_with("W/") => {
                remote::Expected::Version(etag)
            }
            Some(_) => remote::Expected::Anything,
        }
    }
    let attempt = |e: Option<Option<&str>>| match content {
        Some(text) => dav.put(name, text, condition(e)),
        None if e.is_none() => Ok(remote::Written::Done(None)), // nothing there to delete
        None => dav.delete(name, condition(e)),
    };
    match attempt(expected)? {
        remote::Written::Done(etag) => Ok((etag, Vec::new())),
        remote::Written::Changed => {
            let now = dav.get(name)?;
            let changes = match (&now, content) {
                (Some((text, _)), Some(ours)) => what_changed(ours, text),
                _ => Vec::new(),
            };
            let current = now.as_ref().map(|(_, etag)| etag.as_deref());
            match attempt(current)? {
                remote::Written::Done(etag) => Ok((etag, changes)),
                remote::Written::Changed => Err(Error::Remote(format!(
                    "{}: {name} kept changing on the server while Sanctum wrote it; publish \
                     again in a moment",
                    dav.url
                ))),
            }
        }
    }
}

/// The resources Sanctum wants in a published calendar: (name, iCalendar text). Active focus
/// blocks, and batch slots when the `publish_batches` setting is on.
pub fn wanted(store: &Store) -> Result<Vec<(String, String)>> {
    use crate::focus::{FocusBlock, NewFocusBlock, Repeat};
    use crate::ics::{event_name, export_block, EventKind};
    let install = store.install_id()?;
    let moved = store.moved_occurrences()?;
    let event = |what: &str, b: &FocusBlock, kind: EventKind| {
        let base = event_name(what, b.id, &install);
        (format!("{base}.ics"), export_block(b, &moved, &format!("{base}@sanctum.local"), kind))
    };
    let mut out: Vec<(String, String)> = store
        .blocks()?
        .iter()
        .filter(|b| !b.spec.paused)
        .map(|b| event("block", b, EventKind::FocusBlock))
        .collect();
    if store.settings()?.publish_batches {
        // A batch slot as a weekly series; batches have no start date, so the series starts
        // on a fixed Monday (which keeps the text the same from one publish to the next).
        let anchor = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
        let stamp = DateTime::<Utc>::UNIX_EPOCH;
        for batch in store.batches()? {
            let Some(slot) = batch.slot else { continue };
            let as_block = FocusBlock {
                id: batch.id,
                spec: NewFocusBlock {
                    title: batch.name,
                    intention: String::new(),
                    repeat: Repeat::Weekly { days: slot.days },
                    start: slot.start,
                    end: slot.end,
                    timezone: slot.timezone,
                    active_from: anchor,
                    active_until: None,
                    paused: false,
                },
                created_at: stamp,
                updated_at: stamp,
            };
            out.push(event("batch", &as_block, EventKind::BatchSlot));
        }
    }
    Ok(out)
}

/// Publishes to every calendar marked for it; stops at the first calendar that fails (its
/// error is noted on it) and returns that error.
pub fn publish_all(store: &Store) -> Result<Vec<PublishReport>> {
    let mut reports = Vec::new();
    for calendar in store.calendars()?.into_iter().filter(|c| c.spec.publish) {
        match caldav(&calendar).and_then(|dav| publish(store, &calendar, &dav)) {
            Ok(r) => {
                store.set_calendar_error(calendar.id, r.note().as_deref())?;
                reports.push(r);
            }
            Err(e) => {
                store.set_calendar_error(calendar.id, Some(&format!("publishing: {e}")))?;
                return Err(e);
            }
        }
    }
    Ok(reports)
}

/// Brings one CalDAV calendar in line with the focus blocks, finishing any interrupted publish.
pub fn publish(store: &Store, calendar: &Calendar, dav: &CalDav) -> Result<PublishReport> {
    let wanted = wanted(store)?;
    let journal = store.published(calendar.id)?;
    // What the server has of ours (names only): events someone deleted there are sent again,
    // leftovers the journal lost (e.g. after restoring an older backup) are deleted.
    let install = store.install_id()?;
    let ours = |name: &str| {
        (name.starts_with("sanctum-block-") || name.starts_with("sanctum-batch-"))
            && name.ends_with(&format!("-{install}.ics"))
    };
    let on_server: std::collections::HashMap<String, Option<String>> = dav
        .list()?
        .into_iter()
        .map(|r| (remote::resource_name(&r.href).to_string(), r.etag))
        .filter(|(n, _)| ours(n))
        .collect();
    let mut report = PublishReport {
        calendar_id: calendar.id,
        calendar: calendar.spec.name.clone(),
        ..PublishReport::default()
    };
    for (name, content) in &wanted {
        let last = journal.iter().find(|j| &j.name == name && j.state == PublishState::Sent);
        let server = on_server.get(name).map(Option::as_deref);
        // What happened on the calendar since Sanctum last wrote this event.
        let mut adopt = None;
        let changed_there = match (last, server) {
            (Some(_), None) => Some("deleted on the calendar".to_string()),
            (Some(j), Some(Some(now))) if j.etag.as_deref() != Some(now) => match &j.etag {
                // The server gave no etag when Sanctum wrote it: take the one it lists now.
                None => {
                    adopt = Some(now.to_string());
                    None
                }
                Some(_) => match dav.get(name)? {
                    None => Some("deleted on the calendar".to_string()),
                    Some((text, _)) => {
                        let what = what_changed(&j.content, &text);
                        if what.is_empty() {
                            adopt = Some(now.to_string());
                            None
                        } else {
                            Some(format!("changed on the calendar ({})", what.join(", ")))
                        }
                    }
                },
            },
            _ => None,
        };
        if changed_there.is_none()
            && server.is_some()
            && last.is_some_and(|j| &j.content == content)
        {
            if let (Some(etag), Some(j)) = (adopt, last) {
                store.journal_publish(calendar.id, &Published { etag: Some(etag), ..j.clone() })?;
            }
            report.unchanged += 1;
            continue;
        }
        let mut entry = Published {
            name: name.clone(),
            content: content.clone(),
            etag: None,
            state: PublishState::Sending,
        };
        store.journal_publish(calendar.id, &entry)?;
        let (etag, raced) = write_checked(dav, name, Some(content), server)?;
        entry.etag = etag;
        entry.state = PublishState::Sent;
        store.journal_publish(calendar.id, &entry)?;
        match changed_there {
            Some(what) => report.restored.push(format!("{:?} was {what}", title_of(content))),
            None if !raced.is_empty() && last.is_some() => report.restored.push(format!(
                "{:?} was changed on the calendar while Sanctum published ({})",
                title_of(content),
                raced.join(", ")
            )),
            None => report.sent += 1,
        }
    }
    // Blocks deleted or paused since: their events go (changed there or not: the block is gone).
    let mut stale: Vec<String> = journal
        .iter()
        .filter(|j| !wanted.iter().any(|(n, _)| *n == j.name))
        .map(|j| j.name.clone())
        .collect();
    for name in on_server.keys() {
        if !wanted.iter().any(|(n, _)| n == name) && !stale.contains(name) {
            stale.push(name.clone());
        }
    }
    stale.sort();
    for name in stale {
        let entry = Published {
            name: name.clone(),
            content: String::new(),
            etag: None,
            state: PublishState::Deleting,
        };
        store.journal_publish(calendar.id, &entry)?;
        write_checked(dav, &name, None, on_server.get(&name).map(Option::as_deref))?;
        store.forget_published(calendar.id, &name)?;
        report.deleted += 1;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::NewCalendar;
    use std::collections::HashMap;

    #[test]
    fn a_server_rewriting_the_text_is_no_change_and_an_edit_is_named() {
        let ours = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u\r\nDTSTAMP:20261201T000000Z\r\n\
            DTSTART;TZID=Europe/London:20261201T130000\r\nDTEND;TZID=Europe/London:20261201T1\
            70000\r\nRRULE:FREQ=WEEKLY;WKST=MO;BYDAY=TU\r\nSUMMARY:Focus time: Strategy\r\n\
            END:VEVENT\r\nEND:VCALENDAR\r\n";
        // Refolded, parameters quoted, rule parts reordered, a new DTSTAMP and PRODID.
        let rewritten = "BEGIN:VCALENDAR\r\nPRODID:-//Radicale//EN\r\nBEGIN:VEVENT\r\n\
            SUMMARY:Focus time:\r\n  Strategy\r\nUID:u\r\nDTSTAMP:20261202T101010Z\r\n\
            DTSTART;TZID=\"Europe/London\":20261201T130000\r\n\
            DTEND;TZID=Europe/London:20261201T170000\r\nRRULE:BYDAY=TU;FREQ=WEEKLY;WKST=MO\r\n\
            END:VEVENT\r\nEND:VCALENDAR\r\n";
        assert!(what_changed(ours, rewritten).is_empty(), "{:?}", what_changed(ours, rewritten));
        let moved = ours.replace("T130000", "T140000");
        assert_eq!(what_changed(ours, &moved), ["its time"]);
        let retitled = ours.replace("Strategy", "Coffee");
        assert_eq!(what_changed(ours, &retitled), ["its title"]);
        let one_moved = ours.replace(
            "END:VEVENT\r\nEND:VCALENDAR",
            "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:u\r\nRECURRENCE-ID;TZID=Europe/London:20261208T1\
             30000\r\nDTSTART:20261209T090000Z\r\nDTEND:20261209T120000Z\r\nEND:VEVENT\r\n\
             END:VCALENDAR",
        );
        assert_eq!(what_changed(ours, &one_moved), ["single occurrences"]);
        assert_eq!(title_of(ours), "Focus time: Strategy");
    }

    #[test]
    fn every_database_exports_its_own_uids_and_keeps_them() {
        use crate::focus::{parse_days, NewFocusBlock, Repeat};
        let now: DateTime<Utc> = "2026-11-25T12:00:00Z".parse().unwrap_or_default();
        let uids = |store: &Store| -> Vec<String> {
            let ics = store.blocks_ics(now).unwrap_or_default();
            ics.lines().filter_map(|l| l.strip_prefix("UID:")).map(str::to_string).collect()
        };
        let team: Vec<Store> = (0..3)
            .map(|_| {
                let store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
                let block = NewFocusBlock {
                    title: "Strategy".into(),
                    intention: String::new(),
                    repeat: Repeat::Weekly { days: parse_days("tue").unwrap_or_default() },
                    start: chrono::NaiveTime::from_hms_opt(13, 0, 0).unwrap_or_default(),
                    end: chrono::NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default(),
                    timezone: "Europe/London".into(),
                    active_from: "2026-11-24".parse().unwrap_or_default(),
                    active_until: None,
                    paused: false,
                };
                store.add_block(block, now).unwrap_or_else(|e| panic!("{e}"));
                store
            })
            .collect();
        let all: Vec<String> = team.iter().flat_map(&uids).collect();
        assert_eq!(all.len(), 3, "{all:?}");
        let distinct: std::collections::BTreeSet<&String> = all.iter().collect();
        assert_eq!(distinct.len(), 3, "everyone's first block has its own UID: {all:?}");
        for store in &team {
            let first = uids(store);
            assert_eq!(uids(store), first, "the same database exports the same UIDs");
            assert!(first.iter().all(|u| is_sanctum_uid(u)), "{first:?}");
            // The published event of the block carries the same UID as the exported one.
            let published = wanted(store).unwrap_or_default();
            assert!(published[0].1.contains(&format!("UID:{}", first[0])), "{}", published[0].1);
        }
    }

    #[test]
    fn scheduled_refresh_takes_what_is_due_and_waits_after_a_failure() {
        let store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        let now: DateTime<Utc> = "2026-11-25T12:00:00Z".parse().unwrap_or_default();
        // Adding a calendar reads it: it counts as read when it was added.
        let add = |url: &str, added: DateTime<Utc>| {
            let spec = NewCalendar {
                name: String::new(),
                kind: CalendarKind::Url,
                location: url.into(),
                username: None,
                read_busy: true,
                publish: false,
            };
            store.add_calendar(spec, &[], added).map(|c| c.id).unwrap_or_default()
        };
        let a = add("https://example.com/a.ics", now - Duration::minutes(10));
        let b = add("https://example.com/b.ics", now - Duration::minutes(60));
        let calendars = store.calendars().unwrap_or_default();
        let every = Duration::minutes(30);
        assert_eq!(due(&calendars, &HashMap::new(), every, now), vec![b], "a was read 10 min ago");
        assert_eq!(
            due(&calendars, &HashMap::new(), every, now + Duration::minutes(20)),
            vec![a, b]
        );
        // b failed 5 minutes ago: it waits for the interval too, not a minute.
        let tried = HashMap::from([(b, now - Duration::minutes(5))]);
        assert!(due(&calendars, &tried, every, now).is_empty());
        assert_eq!(due(&calendars, &tried, every, now + Duration::minutes(22)), vec![a]);
        assert_eq!(due(&calendars, &tried, every, now + Duration::minutes(25)), vec![a, b]);
        assert!(due(&calendars, &HashMap::new(), Duration::zero(), now).is_empty(), "off");
    }
}
