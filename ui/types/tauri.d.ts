// The part of Tauri's global API the page uses (withGlobalTauri in tauri.conf.json).
interface Window {
  __TAURI__: {
    core: { invoke(cmd: string, args?: Record<string, unknown>): Promise<any> };
    event: { listen<T>(event: string, handler: (e: { payload: T }) => void): Promise<() => void> };
  };
}
