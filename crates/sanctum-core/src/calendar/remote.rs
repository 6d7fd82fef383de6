//! Talking to calendar servers: fetching an .ics subscription, and CalDAV (RFC 4791) reads and
//! writes over plain HTTP with Basic authentication.
//!
//! Every failure becomes an [`Error::Remote`] that says what happened and what to do: the
//! server could not be reached, refused the user name or password, has no calendar at that
//! address, or sent more than [`MAX_BODY_BYTES`].

use std::time::Duration as StdDuration;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use ureq::http::{Method, Request, Response};
use ureq::Body;

use crate::error::{Error, Result};
use crate::time::Span;

/// Largest calendar body read (a year of a busy calendar is a few MiB).
pub const MAX_BODY_BYTES: u64 = 50 * 1024 * 1024;
/// Seconds before a request gives up.
const TIMEOUT_SECS: u64 = 30;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(StdDuration::from_secs(TIMEOUT_SECS)))
        .http_status_as_error(false)
        .allow_non_standard_methods(true)
        .user_agent(concat!("Sanctum/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// `webcal://` is how calendar apps name https subscriptions.
pub fn normalise_url(url: &str) -> String {
    let url = url.trim();
    match url.get(..9) {
        Some(scheme) if scheme.eq_ignore_ascii_case("webcal://") => {
            format!("https://{}", &url[9..])
        }
        _ => url.to_string(),
    }
}

/// Splits the user name and password out of an address (`https://user:pass@host/…`): the
/// address without them, and them (percent-decoded). Credentials never stay in an address
/// Sanctum keeps, prints or exports; they go to the keyring.
pub fn split_credentials(url: &str) -> (String, Option<(String, String)>) {
    let url = normalise_url(url);
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return (url, None);
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else {
        return (url, None);
    };
    let userinfo = &rest[..at];
    let (user, pass) = userinfo.split_once(':').unwrap_or((userinfo, ""));
    let clean = format!("{}{}", &url[..scheme_end], &rest[at + 1..]);
    (clean, Some((percent_decode(user), percent_decode(pass))))
}

/// Checks that `url` is an http(s) or webcal address without credentials in it.
pub fn check_url(field: &'static str, url: &str) -> Result<String> {
    let (url, credentials) = split_credentials(url);
    if credentials.is_some() {
        return Err(Error::invalid(
            field,
            format!("{url:?} had a user name or password in it; give them separately (they are kept in the system keyring)"),
        ));
    }
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) || url.len() < 10 {
        return Err(Error::invalid(
            field,
            format!("{url:?} is not a web address (it should start with https://, http:// or webcal://)"),
        ));
    }
    Ok(url)
}

fn basic_auth(user: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

fn network(url: &str, e: &ureq::Error) -> Error {
    let why = match e {
        ureq::Error::Timeout(_) => format!("no answer within {TIMEOUT_SECS} s"),
        ureq::Error::HostNotFound => "the server name is unknown".to_string(),
        ureq::Error::ConnectionFailed => "the connection was refused".to_string(),
        ureq::Error::BodyExceedsLimit(n) => {
            format!("the calendar is larger than {} MiB", n / 1024 / 1024)
        }
        other => other.to_string(),
    };
    Error::Remote(format!(
        "{url}: {why}; check the address and your connection (Sanctum keeps using the events it \
         already has)"
    ))
}

fn status_error(url: &str, status: u16, doing: &str) -> Error {
    let why = match status {
        401 => "the server refused the user name or password; enter them again".to_string(),
        403 => "the server does not allow this account to do that".to_string(),
        404 => "there is no calendar at this address; check it (copy it from your calendar's \
                sharing or CalDAV settings)"
            .to_string(),
        405 | 501 => "this address does not speak CalDAV; use the calendar's CalDAV address".into(),
        s if s >= 500 => format!("the server failed (HTTP {s}); try again later"),
        s => format!("the server answered HTTP {s}"),
    };
    Error::Remote(format!("{doing} {url}: {why}"))
}

fn read_body(url: &str, response: &mut Response<Body>) -> Result<String> {
    response
        .body_mut()
        .with_config()
        .limit(MAX_BODY_BYTES)
        .read_to_string()
        .map_err(|e| network(url, &e))
}

/// The body of a calendar download, in the charset its Content-Type names (see
/// [`super::lines::decode`]).
fn read_calendar_body(url: &str, response: &mut Response<Body>) -> Result<String> {
    let charset =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).and_then(|v| {
            v.split(';').skip(1).find_map(|p| {
                let (k, v) = p.split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case("charset")
                    .then(|| v.trim().trim_matches('"').to_string())
            })
        });
    let bytes = response
        .body_mut()
        .with_config()
        .limit(MAX_BODY_BYTES)
        .read_to_vec()
        .map_err(|e| network(url, &e))?;
    Ok(super::lines::decode(&bytes, charset.as_deref()))
}

/// Downloads an .ics subscription; `login` (user name, password) is sent only when the server
/// asks for it (HTTP 401), so the keyring is asked only for subscriptions that need it.
pub fn fetch_ics(
    url: &str,
    login: impl FnOnce() -> Result<Option<(String, String)>>,
) -> Result<String> {
    let url = normalise_url(url);
    let mut response = agent().get(&url).call().map_err(|e| network(&url, &e))?;
    if response.status().as_u16() == 401 {
        if let Some((user, password)) = login()? {
            response = agent()
                .get(&url)
                .header("Authorization", basic_auth(&user, &password))
                .call()
                .map_err(|e| network(&url, &e))?;
        }
    }
    let status = response.status().as_u16();
    if status >= 400 {
        return Err(status_error(&url, status, "reading"));
    }
    read_calendar_body(&url, &mut response)
}

/// A CalDAV calendar collection and the account to reach it with.
#[derive(Clone)]
pub struct CalDav {
    /// The collection's URL, ending in `/`.
    pub url: String,
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for CalDav {
    // The password never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CalDav").field("url", &self.url).field("username", &self.username).finish()
    }
}

/// One resource of a collection: where it is and its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub href: String,
    pub etag: Option<String>,
    pub data: Option<String>,
}

const CALDAV_NS: &str = "urn:ietf:params:xml:ns:caldav";

impl CalDav {
    pub fn new(url: &str, username: &str, password: &str) -> CalDav {
        let mut url = normalise_url(url);
        if !url.ends_with('/') {
            url.push('/');
        }
        CalDav { url, username: username.to_string(), password: password.to_string() }
    }

    fn request(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Result<Response<Body>> {
        let method = Method::from_bytes(method.as_bytes())
            .map_err(|e| Error::Remote(format!("{method}: {e}")))?;
        let mut builder = Request::builder()
            .method(method)
            .uri(url)
            .header("Authorization", basic_auth(&self.username, &self.password));
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        let request =
            builder.body(body.to_string()).map_err(|e| Error::Remote(format!("{url}: {e}")))?;
        agent().run(request).map_err(|e| network(url, &e))
    }

    /// The URL of a resource named `name` in the collection.
    pub fn resource_url(&self, name: &str) -> String {
        format!("{}{name}", self.url)
    }

    /// Checks the address is a calendar the account can read. When it is not (an account's
    /// home or the server's root), the error lists the calendars found there.
    pub fn check(&self) -> Result<()> {
        let body = r#"<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>"#;
        let text = self.xml("PROPFIND", &self.url, "0", body, "opening")?;
        let doc = parse_xml(&self.url, &text)?;
        if doc.descendants().any(|n| is(n, CALDAV_NS, "calendar")) {
            return Ok(());
        }
        let found = self.discover().unwrap_or_default();
        let list: Vec<String> = found.iter().map(|(url, name)| format!("{name} {url}")).collect();
        Err(Error::Remote(if list.is_empty() {
            format!(
                "{}: this address is not a calendar; use the address of one calendar (from your \
                 calendar's sharing or CalDAV settings)",
                self.url
            )
        } else {
            format!(
                "{}: this address is not a calendar but the account's calendars are there; use \
                 one of: {}",
                self.url,
                list.join(", ")
            )
        }))
    }

    /// The account's calendars reachable from this address (RFC 4791 discovery: the current
    /// user's principal, its calendar home, the calendars in it), as (URL, name).
    pub fn discover(&self) -> Result<Vec<(String, String)>> {
        let ask = |url: &str, prop: &str, ns: &str| -> Result<Option<String>> {
            let body = format!(
                r#"<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:c="{CALDAV_NS}"><d:prop><{prop}/></d:prop></d:propfind>"#
            );
            let text = self.xml("PROPFIND", url, "0", &body, "discovering")?;
            let doc = parse_xml(url, &text)?;
            let name = prop.rsplit(':').next().unwrap_or(prop);
            Ok(doc
                .descendants()
                .find(|n| is(*n, ns, name))
                .and_then(|n| n.descendants().find(|h| is(*h, "DAV:", "href")))
                .and_then(|h| h.text())
                .map(|h| self.absolute(h.trim())))
        };
        let principal = ask(&self.url, "d:current-user-principal", "DAV:")?
            .ok_or_else(|| Error::Remote(format!("{}: no CalDAV account found here", self.url)))?;
        let home = ask(&principal, "c:calendar-home-set", CALDAV_NS)?
            .ok_or_else(|| Error::Remote(format!("{principal}: no calendar home")))?;
        let body = r#"<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:displayname/></d:prop></d:propfind>"#;
        let text = self.xml("PROPFIND", &home, "1", body, "listing")?;
        let doc = parse_xml(&home, &text)?;
        Ok(doc
            .descendants()
            .filter(|r| is(*r, "DAV:", "response"))
            .filter(|r| r.descendants().any(|n| is(n, CALDAV_NS, "calendar")))
            .filter_map(|r| {
                let href = r.descendants().find(|n| is(*n, "DAV:", "href"))?.text()?.trim();
                let name = r
                    .descendants()
                    .find(|n| is(*n, "DAV:", "displayname"))
                    .and_then(|n| n.text())
                    .unwrap_or_else(|| resource_name(href));
                Some((self.absolute(href), name.to_string()))
            })
            .collect())
    }

    /// The account owner's e-mail addresses (RFC 6638 `calendar-user-address-set` of the
    /// current user's principal), lower case; none when the server does not say (Radicale lists
    /// only the principal's path there).
    pub fn user_addresses(&self) -> Result<Vec<String>> {
        let ask = |url: &str, prop: &str| -> Result<Vec<String>> {
            let body = format!(
                r#"<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:c="{CALDAV_NS}"><d:prop><{prop}/></d:prop></d:propfind>"#
            );
            let text = self.xml("PROPFIND", url, "0", &body, "asking who you are at")?;
            hrefs_in(url, &text, prop.rsplit(':').next().unwrap_or(prop))
        };
        let Some(principal) = ask(&self.url, "d:current-user-principal")?.into_iter().next() else {
            return Ok(Vec::new());
        };
        Ok(mail_addresses(&ask(&self.absolute(&principal), "c:calendar-user-address-set")?))
    }

    /// An href as a full URL on this server.
    fn absolute(&self, href: &str) -> String {
        if href.contains("://") {
            return href.to_string();
        }
        let rest = self.url.split_once("://").map_or("", |(_, r)| r);
        let host_end = rest.find('/').map_or(self.url.len(), |i| self.url.len() - rest.len() + i);
        format!("{}{href}", &self.url[..host_end])
    }

    /// Events overlapping `window`, as iCalendar texts (one per resource).
    pub fn events(&self, window: Span) -> Result<Vec<Resource>> {
        let f = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
        let body = format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<c:calendar-query xmlns:d="DAV:" xmlns:c="{CALDAV_NS}">
  <d:prop><d:getetag/><c:calendar-data/></d:prop>
  <c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">
    <c:time-range start="{}" end="{}"/>
  </c:comp-filter></c:comp-filter></c:filter>
</c:calendar-query>"#,
            f(window.start),
            f(window.end)
        );
        self.report(&body)
    }

    /// Every resource of the collection with its etag (no data).
    pub fn list(&self) -> Result<Vec<Resource>> {
        let body = r#"<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>"#;
        let text = self.xml("PROPFIND", &self.url, "1", body, "listing")?;
        let own = url_path(&self.url);
        Ok(multistatus(&self.url, &text)?
            .into_iter()
            .filter(|r| r.href.trim_end_matches('/') != own.trim_end_matches('/'))
            .collect())
    }

    fn report(&self, body: &str) -> Result<Vec<Resource>> {
        let text = self.xml("REPORT", &self.url, "1", body, "reading")?;
        multistatus(&self.url, &text)
    }

    /// Sends an XML request and returns the body of a successful answer; `doing` names the
    /// step in the error ("reading", "listing", ...).
    fn xml(&self, method: &str, url: &str, depth: &str, body: &str, doing: &str) -> Result<String> {
        let mut response = self.request(
            method,
            url,
            &[("Depth", depth), ("Content-Type", "application/xml; charset=utf-8")],
            body,
        )?;
        let status = response.status().as_u16();
        if status >= 400 {
            return Err(status_error(url, status, doing));
        }
        read_body(url, &mut response)
    }

    /// Writes the resource `name` if the server's copy is still as `expected` (RFC 7232
    /// preconditions: `If-None-Match: *` to create only, `If-Match` to replace only that
    /// version), so a change made meanwhile by someone else is never overwritten unseen.
    pub fn put(&self, name: &str, ics: &str, expected: Expected<'_>) -> Result<Written> {
        let url = self.resource_url(name);
        let mut headers = vec![("Content-Type", "text/calendar; charset=utf-8")];
        expected.add_to(&mut headers);
        let response = self.request("PUT", &url, &headers, ics)?;
        match response.status().as_u16() {
            412 => Ok(Written::Changed),
            s if s >= 400 => Err(status_error(&url, s, "writing")),
            _ => Ok(Written::Done(
                response.headers().get("ETag").and_then(|v| v.to_str().ok()).map(str::to_string),
            )),
        }
    }

    /// Deletes the resource `name` if it is still as `expected`; one that is already gone is
    /// fine.
    pub fn delete(&self, name: &str, expected: Expected<'_>) -> Result<Written> {
        let url = self.resource_url(name);
        let mut headers = Vec::new();
        expected.add_to(&mut headers);
        let response = self.request("DELETE", &url, &headers, "")?;
        match response.status().as_u16() {
            412 => Ok(Written::Changed),
            404 | 410 => Ok(Written::Done(None)),
            s if s >= 400 => Err(status_error(&url, s, "deleting")),
            _ => Ok(Written::Done(None)),
        }
    }

    /// The resource `name` as the server has it now (its text and etag), if it exists.
    pub fn get(&self, name: &str) -> Result<Option<(String, Option<String>)>> {
        let url = self.resource_url(name);
        let mut response = self.request("GET", &url, &[], "")?;
        match response.status().as_u16() {
            404 | 410 => Ok(None),
            s if s >= 400 => Err(status_error(&url, s, "reading")),
            _ => {
                let etag = response
                    .headers()
                    .get("ETag")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                Ok(Some((read_calendar_body(&url, &mut response)?, etag)))
            }
        }
    }
}

/// What a write expects of the server's copy.
#[derive(Debug, Clone, Copy)]
pub enum Expected<'a> {
    /// There is none (`If-None-Match: *`).
    Nothing,
    /// It is this version (`If-Match`).
    Version(&'a str),
    /// Whatever it is (the server gave no etag to compare).
    Anything,
}

impl<'a> Expected<'a> {
    fn add_to(self, headers: &mut Vec<(&'static str, &'a str)>) {
        match self {
            Expected::Nothing => headers.push(("If-None-Match", "*")),
            Expected::Version(etag) => headers.push(("If-Match", etag)),
            Expected::Anything => {}
        }
    }
}

/// How a conditional write went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Done; the new etag if the server gave one.
    Done(Option<String>),
    /// The server's copy was not as expected (HTTP 412): nothing was written.
    Changed,
}

/// The hrefs inside every `name` property of a PROPFIND answer.
fn hrefs_in(url: &str, text: &str, name: &str) -> Result<Vec<String>> {
    let doc = parse_xml(url, text)?;
    Ok(doc
        .descendants()
        .filter(|n| n.tag_name().name() == name)
        .flat_map(|n| n.descendants().filter(|h| is(*h, "DAV:", "href")))
        .filter_map(|h| h.text())
        .map(|h| h.trim().to_string())
        .collect())
}

/// The e-mail addresses among calendar-user addresses (`mailto:` URIs), lower case.
fn mail_addresses(hrefs: &[String]) -> Vec<String> {
    hrefs
        .iter()
        .filter_map(|h| {
            let scheme = h.get(..7).filter(|s| s.eq_ignore_ascii_case("mailto:"))?;
            let address = percent_decode(h[scheme.len()..].trim()).to_lowercase();
            address.contains('@').then_some(address)
        })
        .collect()
}

fn parse_xml<'a>(url: &str, text: &'a str) -> Result<roxmltree::Document<'a>> {
    roxmltree::Document::parse(text)
        .map_err(|e| Error::Remote(format!("{url}: the server's answer is not CalDAV XML ({e})")))
}

fn is(node: roxmltree::Node<'_, '_>, namespace: &str, name: &str) -> bool {
    node.tag_name().name() == name && node.tag_name().namespace() == Some(namespace)
}

/// The path part of a URL (what servers put in `<d:href>`).
fn url_path(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.find('/').map_or("/".to_string(), |i| rest[i..].to_string())
}

/// The responses of a WebDAV multistatus body that succeeded (`200` propstat).
fn multistatus(url: &str, text: &str) -> Result<Vec<Resource>> {
    let doc = parse_xml(url, text)?;
    let child_text = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.descendants()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .map(str::to_string)
    };
    Ok(doc
        .descendants()
        .filter(|n| is(*n, "DAV:", "response"))
        .filter_map(|r| {
            let href = child_text(r, "href")?;
            let ok = r
                .children()
                .filter(|c| c.tag_name().name() == "propstat")
                .find(|p| child_text(*p, "status").is_some_and(|s| s.contains(" 200")))?;
            Some(Resource {
                href: percent_decode(href.trim()),
                etag: child_text(ok, "getetag"),
                data: child_text(ok, "calendar-data"),
            })
        })
        .collect())
}

/// `%xx` escapes of an href undone (servers differ in what they escape).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The last segment of an href: the resource's name in its collection.
pub fn resource_name(href: &str) -> &str {
    href.trim_end_matches('/').rsplit('/').next().unwrap_or(href)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webcal_and_bad_addresses() {
        assert_eq!(normalise_url(" webcal://example.com/a.ics"), "https://example.com/a.ics");
        assert!(check_url("url", "ftp://example.com/a.ics").is_err());
        let e = check_url("url", "calendar.ics").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.starts_with("url: \"calendar.ics\" is not a web address"), "{e}");
    }

    #[test]
    fn multistatus_keeps_successful_responses() {
        let xml = r#"<?xml version="1.0"?>
<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
 <response><href>/alice/focus/a%40b.ics</href>
  <propstat><prop><getetag>"1"</getetag><C:calendar-data>BEGIN:VCALENDAR
END:VCALENDAR</C:calendar-data></prop><status>HTTP/1.1 200 OK</status></propstat></response>
 <response><href>/alice/focus/gone.ics</href>
  <propstat><prop><getetag/></prop><status>HTTP/1.1 404 Not Found</status></propstat></response>
</multistatus>"#;
        let got = multistatus("u", xml).unwrap_or_default();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].href, "/alice/focus/a@b.ics");
        assert_eq!(got[0].etag.as_deref(), Some("\"1\""));
        assert!(got[0].data.as_deref().is_some_and(|d| d.starts_with("BEGIN:VCALENDAR")));
        assert_eq!(resource_name(&got[0].href), "a@b.ics");
        assert_eq!(url_path("http://127.0.0.1:5232/alice/focus/"), "/alice/focus/");
    }

    #[test]
    fn the_account_owners_addresses_are_its_mailto_uris() {
        // Shaped like Nextcloud's and iCloud's answers: several addresses, the principal too.
        let text = r#"<?xml version="1.0"?>
<d:multistatus xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav">
 <d:response><d:href>/remote.php/dav/principals/users/ana/</d:href>
  <d:propstat><d:prop><cal:calendar-user-address-set>
   <d:href>MAILTO:Ana.Lima@Example.com</d:href>
   <d:href>mailto:ana%2Bops@corp.example</d:href>
   <d:href>/remote.php/dav/principals/users/ana/</d:href>
   <d:href>urn:uuid:1234</d:href>
  </cal:calendar-user-address-set></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
 </d:response>
</d:multistatus>"#;
        let hrefs = hrefs_in("https://cloud.example", text, "calendar-user-address-set")
            .unwrap_or_default();
        assert_eq!(hrefs.len(), 4);
        assert_eq!(mail_addresses(&hrefs), ["ana.lima@example.com", "ana+ops@corp.example"]);
    }

    #[test]
    fn unreachable_server_says_so() {
        // Port 9 (discard) on loopback is closed here: the connection is refused at once.
        let e = fetch_ics("http://127.0.0.1:9/cal.ics", || Ok(None)).err().map(|e| e.to_string());
        let e = e.unwrap_or_default();
        assert!(e.starts_with("http://127.0.0.1:9/cal.ics: "), "{e}");
        assert!(e.contains("check the address"), "{e}");
    }
}
