// @ts-check
/**
 * A text box left alone rests its cursor, as GTK's own text boxes stop blinking after a while.
 *
 * WebKitGTK blinks the cursor of a focused text box for as long as it has the focus, and each
 * blink is a repaint: with the quick-log box focused, an idle window cost 3.5–4.5 % of a core
 * under software rendering (docs/performance.md). Neither GTK's blink setting, changed by the
 * app, nor a transparent caret-color stops it; a read-only box has no cursor. So after
 * REST_AFTER_MS without typing, the focused box becomes read-only: it keeps the focus and its
 * focus ring, and the first key, click, paste or input method event gives it back its cursor,
 * before that event is handled, so nothing typed is lost.
 */

/** How long a focused text box waits before resting its cursor. */
export const REST_AFTER_MS = 10000;

/** @type {HTMLInputElement | HTMLTextAreaElement | null} */
let resting = null;
let timer = 0;

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
  text.readOnly = true;
  text.dataset.resting = '';
  resting = text;
}

/** Gives the resting box its cursor back, then waits again. */
function wake() {
  if (resting) {
    resting.readOnly = false;
    delete resting.dataset.resting;
    resting = null;
  }
  arm();
}

export function initCaretRest() {
  // Capturing listeners on the document run before any handler of the box itself.
  for (const type of ['keydown', 'pointerdown', 'paste', 'compositionstart', 'focusin', 'focusout']) {
    document.addEventListener(type, wake, true);
  }
  document.addEventListener('visibilitychange', wake);
  arm();
}
