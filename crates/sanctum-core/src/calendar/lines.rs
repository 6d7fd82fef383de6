//! iCalendar content lines (RFC 5545 §3.1) into a tree of components, leniently.
//!
//! Real calendars break the grammar in small ways that the strict parsers we tried refuse whole
//! files for: spaces around names (`REFRESH - INTERVAL`), blank lines, a mistyped `END:` line,
//! several VCALENDARs in one file, a missing final `END:VCALENDAR`. Here a line that cannot be
//! read is skipped, an `END` that matches nothing is ignored, and components left open at the end
//! of the file are closed (and marked as not closed, so a cut-off file can be told from a whole
//! one); what a calendar means is still read from its properties. Components nested deeper than
//! [`MAX_DEPTH`] are skipped, so a nesting bomb costs neither stack nor memory.

/// The text of a calendar file or download, in the character set it was written in: the one a
/// byte-order mark or the server (`Content-Type: text/calendar; charset=ISO-8859-1`) names;
/// otherwise UTF-8 (RFC 5545's default) when the bytes are UTF-8, and Windows-1252 (a superset
/// of ISO-8859-1, what old Outlook and Lotus exports use) when they are not. Never fails: a byte
/// the charset cannot read becomes U+FFFD.
pub fn decode(bytes: &[u8], charset: Option<&str>) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    let named = charset.and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes()));
    if let Some(encoding) = named {
        return encoding.decode_without_bom_handling(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// How deep components may nest (real calendars use 3: VCALENDAR, VEVENT, VALARM).
pub const MAX_DEPTH: usize = 8;

/// One property: upper-case name, parameters (upper-case names, unquoted values), raw value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    pub name: String,
    pub params: Vec<(String, String)>,
    pub value: String,
}

impl Property {
    /// A parameter's value (the first, if repeated).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The value as TEXT: backslash escapes undone, surrounding space trimmed.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut chars = self.value.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n' | 'N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out.trim().to_string()
    }
}

/// A component: upper-case name, its properties and the components inside it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Component {
    pub name: String,
    pub properties: Vec<Property>,
    pub components: Vec<Component>,
    /// Ended by its own `END` line (not by the end of the file).
    pub closed: bool,
}

/// A parsed file: its top-level components, and how many components nested too deep were
/// skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub roots: Vec<Component>,
    pub too_deep: usize,
}

impl Component {
    /// The first property called `name` (upper case).
    pub fn prop(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    /// Every property called `name` (upper case).
    pub fn props<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.properties.iter().filter(move |p| p.name == name)
    }
}

/// Unfolds and parses `text` into its top-level components.
pub fn parse(text: &str) -> Vec<Component> {
    parse_all(text).roots
}

/// [`parse`], also telling how many too-deep components were skipped.
pub fn parse_all(text: &str) -> Parsed {
    let mut roots = Vec::new();
    let mut stack: Vec<Component> = Vec::new();
    // Components opened below MAX_DEPTH and not yet ended: their lines are skipped.
    let mut skipping = 0usize;
    let mut too_deep = 0usize;
    for line in unfold(text) {
        let Some(p) = property(&line) else {
            continue;
        };
        match p.name.as_str() {
            "BEGIN" if skipping > 0 || stack.len() >= MAX_DEPTH => {
                skipping += 1;
                too_deep += 1;
            }
            "END" if skipping > 0 => skipping -= 1,
            _ if skipping > 0 => {}
            "BEGIN" => stack.push(Component {
                name: p.value.trim().to_ascii_uppercase(),
                ..Component::default()
            }),
            "END" => {
                let name = p.value.trim().to_ascii_uppercase();
                match stack.iter().rposition(|c| c.name == name) {
                    Some(depth) => {
                        while stack.len() > depth + 1 {
                            close(&mut stack, &mut roots);
                        }
                        if let Some(open) = stack.last_mut() {
                            open.closed = true;
                        }
                        close(&mut stack, &mut roots);
                    }
                    // A mistyped END (`END:VTOOD`) ends the innermost component, not the file.
                    None if stack.len() > 1 => {
                        if let Some(open) = stack.last_mut() {
                            open.closed = true;
                        }
                        close(&mut stack, &mut roots)
                    }
                    None => {}
                }
            }
            _ => {
                if let Some(open) = stack.last_mut() {
                    open.properties.push(p);
                }
            }
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    Parsed { roots, too_deep }
}

fn close(stack: &mut Vec<Component>, roots: &mut Vec<Component>) {
    if let Some(done) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => parent.components.push(done),
            None => roots.push(done),
        }
    }
}

/// Logical lines: a line starting with a space or tab continues the previous one.
fn unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some(last)) => last.push_str(rest),
            _ if raw.trim().is_empty() => {}
            _ => lines.push(raw.to_string()),
        }
    }
    lines
}

/// `NAME *(;PARAM=VALUE[,VALUE]) : VALUE`, with quoted parameter values; `None` if there is no
/// name or no colon.
fn property(line: &str) -> Option<Property> {
    let mut name = String::new();
    let mut params = Vec::new();
    let mut chars = line.char_indices().peekable();
    // The name runs to the first ';' or ':'.
    let mut sep = None;
    for (i, c) in chars.by_ref() {
        if c == ';' || c == ':' {
            sep = Some((i, c));
            break;
        }
        name.push(c);
    }
    let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    if name.is_empty() {
        return None;
    }
    let (mut at, mut c) = sep?;
    while c == ';' {
        let (mut key, mut value, mut quoted, mut in_value) =
            (String::new(), String::new(), false, false);
        let mut next = None;
        for (i, ch) in chars.by_ref() {
            match ch {
                '"' => quoted = !quoted,
                ';' | ':' if !quoted => {
                    next = Some((i, ch));
                    break;
                }
                '=' if !in_value => in_value = true,
                _ if in_value => value.push(ch),
                _ => key.push(ch),
            }
        }
        let key: String = key.chars().filter(|c| !c.is_whitespace()).collect();
        if !key.is_empty() {
            params.push((key.to_ascii_uppercase(), value.trim().to_string()));
        }
        (at, c) = next?;
    }
    Some(Property { name: name.to_ascii_uppercase(), params, value: line[at + 1..].to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_quoted_and_sloppy_lines() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Plan\r\n ning: Q3\r\n\r\n\
                    DTSTART;TZID=\"Europe/London\";X-A=1,2:20260301T130000\r\n\
                    REFRESH - INTERVAL; VALUE = DURATION:PT48H\r\nno colon here\r\n\
                    END:VEVENTT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\n\
                    BEGIN:VEVENT\r\nUID:2\r\n";
        let roots = parse(text);
        assert_eq!(roots.len(), 2, "two calendars, the second left open");
        assert!(roots[0].closed && !roots[1].closed);
        let event = &roots[0].components[0];
        assert_eq!(event.name, "VEVENT");
        assert_eq!(event.prop("SUMMARY").map(Property::text).as_deref(), Some("Planning: Q3"));
        let start = event.prop("DTSTART");
        assert_eq!(start.and_then(|p| p.param("TZID")), Some("Europe/London"));
        assert_eq!(start.and_then(|p| p.param("X-A")), Some("1,2"));
        assert_eq!(start.map(|p| p.value.as_str()), Some("20260301T130000"));
        let refresh = event.prop("REFRESH-INTERVAL");
        assert_eq!(refresh.and_then(|p| p.param("VALUE")), Some("DURATION"));
        assert_eq!(event.properties.len(), 3);
        assert_eq!(roots[1].components[0].prop("UID").map(Property::text).as_deref(), Some("2"));
    }

    #[test]
    fn a_nesting_bomb_is_skipped_without_recursion() {
        let depth = 200_000;
        let mut text = String::from("BEGIN:VCALENDAR\n");
        text.push_str(&"BEGIN:VEVENT\n".repeat(depth));
        text.push_str(&"END:VEVENT\n".repeat(depth));
        text.push_str("BEGIN:VEVENT\nUID:after\nEND:VEVENT\nEND:VCALENDAR\n");
        let parsed = parse_all(&text);
        assert_eq!(parsed.too_deep, depth - (MAX_DEPTH - 1));
        let cal = &parsed.roots[0];
        assert!(cal.closed);
        let last = cal.components.last().unwrap();
        assert_eq!(last.prop("UID").map(Property::text).as_deref(), Some("after"));
    }

    #[test]
    fn text_is_read_in_the_charset_it_was_written_in() {
        let latin1 = b"SUMMARY:R\xe9union \xe0 K\xf6ln";
        assert_eq!(decode(latin1, Some("ISO-8859-1")), "SUMMARY:Réunion à Köln");
        assert_eq!(decode(latin1, None), "SUMMARY:Réunion à Köln", "not UTF-8: Windows-1252");
        assert_eq!(decode("SUMMARY:Köln".as_bytes(), None), "SUMMARY:Köln");
        assert_eq!(decode("SUMMARY:Köln".as_bytes(), Some("utf-8")), "SUMMARY:Köln");
        assert_eq!(decode(b"\xef\xbb\xbfSUMMARY:K\xc3\xb6ln", Some("latin1")), "SUMMARY:Köln");
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("A:ö".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16, None), "A:ö");
        // KOI8-R, named by the server.
        assert_eq!(decode(b"\xf0\xd2\xc9\xd7\xc5\xd4", Some("koi8-r")), "Привет");
        // An unknown label is not trusted: UTF-8 or Windows-1252 as without one.
        assert_eq!(decode(b"caf\xe9", Some("x-nonsense")), "café");
    }

    #[test]
    fn escapes_in_text() {
        let roots = parse("BEGIN:VEVENT\nSUMMARY:a\\, b\\; c\\nd\\\\e\nEND:VEVENT\n");
        let summary = roots[0].prop("SUMMARY").map(Property::text);
        assert_eq!(summary.as_deref(), Some("a, b; c\nd\\e"));
    }
}
