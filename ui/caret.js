// @ts-check
/**
 * A text box left alone rests its cursor, as GTK's own text boxes stop blinking after a while.
 *
 * WebKitGTK keeps a focused text box's cursor going for as long as it has the focus: each blink
 * is a repaint, and the display link that drives it wakes the UI process sixty times a second.
 * With the quick-log box focused, an idle window cost 3.5–4.5 % of a core under software
 * rendering; read-only (no cursor, focus kept) still 0.8 %, the display link running; with
 * nothing focused 0.18 % (docs/performance.md, "Lean"). Neither GTK's blink setting nor a
 * transparent caret-color stops it.
 *
 * So after REST_AFTER_MS without typing, the focused box lets the focus go and is marked
 * `data-resting`, drawn as focused. The first key (a letter, Enter, Tab, a paste, an input
 * method) gives it back the focus before the key is handled, so the key lands in the box as
 * if it had never left: nothing typed is lost, and Tab moves on from the box. A click
 * elsewhere simply leaves it.
 */

/** How long a focused text box waits before resting its cursor. */
export const REST_AFTER_MS = 10000;

/** @type {HTMLInputElement | HTMLTextAreaElement | null} */
let resting = null;
let timer = 0;
/** True while this module moves the focus itself (its own blur is not the user's). */
let moving = false;

const TEXT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number']);

/** @param {EventTarget | null} el */
function isTextBox(el) {
  return (el instanceof HTMLInputElement && TEXT_TYPES.has(el.type) && !el.readOnly && !el.disabled)
    || (el instanceof HTMLTextAreaElement && !el.readOnly && !el.disabled);
}

/** Starts the wait for the box that has the focus now. */
function arm() {
  clearTimeout(timer);
  if (isTextBox(document.activeElement)) timer = window.setTimeout(rest, REST_AFTER_MS);
}

function rest() {
  const box = document.activeElement;
  if (!isTextBox(box) || document.hidden) return;
  const text = /** @type {HTMLInputElement | HTMLTextAreaElement} */ (box);
  text.dataset.resting = '';
  resting = text;
  moving = true;
  text.blur();
  moving = false;
}

/** The resting box is no longer resting (returns it, if it was). */
function forget() {
  const box = resting;
  if (box) delete box.dataset.resting;
  resting = null;
  return box;
}

/** A key (or paste, or input method) while a box rests: it takes the key, focused again. */
function wakeForKey() {
  const box = forget();
  const nothingFocused = !document.activeElement || document.activeElement === document.body;
  if (box && box.isConnected && nothingFocused) {
    moving = true;
    box.focus({ preventScroll: true });
    moving = false;
  }
  arm();
}

/** The focus moved (or a click): whatever rested is no longer waiting for a key. */
function focusMoved() {
  if (moving) return;
  forget();
  arm();
}

export function initCaretRest() {
  // Capturing listeners on the document run before any handler of the box itself, and a focus
  // moved in a keydown handler takes the key's text.
  for (const type of ['keydown', 'paste', 'compositionstart']) {
    document.addEventListener(type, wakeForKey, true);
  }
  for (const type of ['pointerdown', 'focusin', 'focusout']) {
    document.addEventListener(type, focusMoved, true);
  }
  document.addEventListener('visibilitychange', arm);
  arm();
}
