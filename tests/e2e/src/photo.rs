//! Pictures of the app's window taken from the X server, as a user's screen shows it.
//!
//! WebKitWebDriver's own snapshot asks the web view to draw itself again into a buffer; with
//! compositing off (what Sanctum chooses where there is no GPU) that never answers for some
//! views, while the window on screen is drawn right. The X server's copy of the window is what
//! the user sees, and needs nothing from the page.

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{AtomEnum, ConnectionExt, ImageFormat, ImageOrder, MapState, Window};

/// A PNG of the largest window on the X display (`$DISPLAY`) that process `pid` has mapped.
pub fn window_png(pid: u32) -> Result<Vec<u8>, String> {
    let (conn, screen) = x11rb::connect(None).map_err(|e| format!("X display: {e}"))?;
    let root = conn.setup().roots[screen].root;
    let window = window_of(&conn, root, pid)?;
    let geometry = conn.get_geometry(window).map_err(err)?.reply().map_err(err)?;
    let (w, h) = (geometry.width, geometry.height);
    let image = conn
        .get_image(ImageFormat::Z_PIXMAP, window, 0, 0, w, h, !0)
        .map_err(err)?
        .reply()
        .map_err(err)?;
    let setup = conn.setup();
    let bits = setup
        .pixmap_formats
        .iter()
        .find(|f| f.depth == image.depth)
        .map(|f| f.bits_per_pixel)
        .ok_or_else(|| format!("no pixmap format for depth {}", image.depth))?;
    if bits != 32 || image.depth < 24 || setup.image_byte_order != ImageOrder::LSB_FIRST {
        return Err(format!(
            "a {}-bit, depth {} image in {:?} order: only 32-bit little-endian true colour \
             is read here (run Xvfb with -screen 0 WxHx24)",
            bits, image.depth, setup.image_byte_order
        ));
    }
    let (w, h) = (usize::from(w), usize::from(h));
    if image.data.len() < w * h * 4 {
        return Err(format!("{} bytes for a {w}×{h} window", image.data.len()));
    }
    // Each pixel is B, G, R, unused.
    let rgb: Vec<u8> =
        image.data.chunks_exact(4).take(w * h).flat_map(|p| [p[2], p[1], p[0]]).collect();
    let mut png = Vec::new();
    {
        let mut encoder =
            png::Encoder::new(&mut png, u32::from(geometry.width), u32::from(geometry.height));
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(err)?;
        writer.write_image_data(&rgb).map_err(err)?;
    }
    Ok(png)
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// The largest mapped top-level window whose `_NET_WM_PID` is `pid`.
fn window_of(conn: &impl Connection, root: Window, pid: u32) -> Result<Window, String> {
    let net_wm_pid =
        conn.intern_atom(true, b"_NET_WM_PID").map_err(err)?.reply().map_err(err)?.atom;
    let tree = conn.query_tree(root).map_err(err)?.reply().map_err(err)?;
    let mut best: Option<(u32, Window)> = None;
    for window in tree.children {
        let Ok(attributes) = conn.get_window_attributes(window).map_err(err)?.reply() else {
            continue; // gone since the query
        };
        if attributes.map_state != MapState::VIEWABLE {
            continue;
        }
        let Ok(owner) = conn
            .get_property(false, window, net_wm_pid, AtomEnum::CARDINAL, 0, 1)
            .map_err(err)?
            .reply()
        else {
            continue;
        };
        if owner.value32().and_then(|mut v| v.next()) != Some(pid) {
            continue;
        }
        let Ok(g) = conn.get_geometry(window).map_err(err)?.reply() else { continue };
        let area = u32::from(g.width) * u32::from(g.height);
        if best.is_none_or(|(a, _)| area > a) {
            best = Some((area, window));
        }
    }
    best.map(|(_, w)| w).ok_or_else(|| format!("no window of process {pid} is mapped"))
}
