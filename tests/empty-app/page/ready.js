// Tells the shell the page has loaded and answered one command, as Sanctum's page does.
window.__TAURI__.core.invoke('page_ready');
