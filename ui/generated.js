// Generated from Sanctum's Rust types by crates/sanctum-core/tests/ui_contract.rs;
// do not edit. The vocabulary the page offers, and how durations are written.

export const CHANNELS = ['slack', 'email', 'call', 'in-person', 'meeting', 'alert', 'other'];
export const URGENCIES = ['low', 'normal', 'high', 'critical'];
export const OUTCOMES = ['handled', 'delegated', 'deferred', 'declined'];
/** Minutes and how the core writes them; format.js's `duration` is tested against these. */
export const DURATION_EXAMPLES = [[0, '0m'], [5, '5m'], [59, '59m'], [60, '1h'], [65, '1h05m'], [110, '1h50m'], [600, '10h'], [1441, '24h01m']];
