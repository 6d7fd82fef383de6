//! The empty Tauri 2 app that `scripts/bench-lean.sh` measures beside Sanctum: one window, one
//! static page, no plugins. With `SANCTUM_TRACE` set it prints `sanctum-trace page-ready MS`
//! when its page has loaded and made one command call, as Sanctum does.

#[tauri::command]
fn page_ready() {
    if std::env::var_os("SANCTUM_TRACE").is_some() {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        eprintln!("sanctum-trace page-ready {ms}");
    }
}

fn main() {
    let built = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![page_ready])
        .run(tauri::generate_context!());
    if let Err(e) = built {
        eprintln!("empty-app: {e}");
        std::process::exit(1);
    }
}
