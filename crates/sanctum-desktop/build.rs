use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    tray_icon()
}

/// Side of the tray icon in pixels: trays draw 16–48 px, 64 stays sharp on a 2× screen.
const TRAY: usize = 64;

/// The tray icon, decoded and scaled once here, as raw RGBA: the app then needs no PNG decoder
/// (nor the image crate and its colour management) and holds 16 KiB per icon, not the 1 MiB
/// the 512 px PNG decodes to.
fn tray_icon() -> Result<(), Box<dyn Error>> {
    let source = "../../icons/icon.png";
    println!("cargo:rerun-if-changed={source}");
    let file = std::io::BufReader::new(std::fs::File::open(source)?);
    let mut reader = png::Decoder::new(file).read_info()?;
    let mut pixels = vec![0; reader.output_buffer_size().ok_or("icon too large")?];
    let info = reader.next_frame(&mut pixels)?;
    if info.color_type != png::ColorType::Rgba || info.bit_depth != png::BitDepth::Eight {
        return Err(format!("{source} must be 8-bit RGBA").into());
    }
    let (w, h) = (info.width as usize, info.height as usize);
    if w != h || w % TRAY != 0 {
        return Err(format!("{source} must be square, a multiple of {TRAY} px").into());
    }
    // A box filter over alpha-weighted colour: transparent pixels lend no colour to the edge.
    let k = w / TRAY;
    let mut out = Vec::with_capacity(TRAY * TRAY * 4);
    for ty in 0..TRAY {
        for tx in 0..TRAY {
            let (mut rgb, mut alpha) = ([0u64; 3], 0u64);
            for y in ty * k..(ty + 1) * k {
                for x in tx * k..(tx + 1) * k {
                    let p = &pixels[(y * w + x) * 4..(y * w + x) * 4 + 4];
                    let a = u64::from(p[3]);
                    for c in 0..3 {
                        rgb[c] += u64::from(p[c]) * a;
                    }
                    alpha += a;
                }
            }
            for c in rgb {
                out.push(c.checked_div(alpha).unwrap_or(0) as u8);
            }
            out.push((alpha / (k * k) as u64) as u8);
        }
    }
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("no OUT_DIR")?).join("tray.rgba");
    std::fs::write(dest, out)?;
    Ok(())
}
