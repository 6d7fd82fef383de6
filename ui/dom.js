// Building DOM without HTML strings: user text always goes in as text nodes.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k in node && typeof v !== 'string') node[k] = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** The element with this id; typed loosely (forms, inputs, dialogs), the data is what tsc checks. */
/** @type {(id: string) => any} */
export const $ = (id) => document.getElementById(id);

/**
 * The elements matching `selector` (under `root`), as HTML elements.
 * @param {string} selector @param {ParentNode} [root] @returns {HTMLElement[]}
 */
export const all = (selector, root = document) => /** @type {HTMLElement[]} */ ([...root.querySelectorAll(selector)]);

/** Shows a problem in the page's alert banner (`kind` says which, for a later clear). */
export function banner(kind, text) {
  const b = $('banner');
  b.dataset.kind = kind;
  b.textContent = text;
  b.hidden = false;
}

export function setOptions(select, values, labels = (v) => v) {
  const current = select.value;
  // The same names as shown: leave the menu alone (no redraw).
  const shown = [...select.options].slice(1);
  if (shown.length === values.length && shown.every((o, n) => o.value === values[n] && o.textContent === labels(values[n]))) return;
  select.replaceChildren(el('option', { value: '' }, 'any'), ...values.map((v) => el('option', { value: v }, labels(v))));
  if (values.includes(current)) select.value = current;
}

// Changes only what differs: an unchanged screen is not laid out or painted again.
/** @param {HTMLElement} node @param {string} text */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** @param {HTMLElement} node @param {string} name @param {string} value */
export function setAttr(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/** @param {HTMLElement} node @param {boolean} hidden */
export function setHidden(node, hidden) {
  if (node.hidden !== hidden) node.hidden = hidden;
}

/**
 * Makes `nodes` the children of `parent`, in order, moving only what has to move: children
 * kept from before stay where they are (no new layout for them), the rest leave.
 * @param {HTMLElement} parent @param {HTMLElement[]} nodes
 */
export function place(parent, nodes) {
  const keep = new Set(nodes);
  for (const child of [...parent.children]) if (!keep.has(/** @type {HTMLElement} */ (child))) child.remove();
  let at = parent.firstElementChild;
  for (const node of nodes) {
    if (node === at) at = at.nextElementSibling;
    else parent.insertBefore(node, at);
  }
}

/**
 * The nodes drawn last time, by a key that says what each one shows: `node(key, build)` gives
 * back the node drawn with that key (nothing to build or lay out again) or builds it; `done()`
 * ends a drawing and forgets the nodes it did not ask for.
 */
export function keptNodes() {
  /** @type {Map<string, HTMLElement>} */
  let drawn = new Map();
  /** @type {Map<string, HTMLElement>} */
  let next = new Map();
  return {
    /** @param {string} key @param {() => HTMLElement} build */
    node(key, build) {
      const node = drawn.get(key) ?? build();
      next.set(key, node);
      return node;
    },
    done() { drawn = next; next = new Map(); },
  };
}

/** Replaces `node`'s children, skipping absent ones (null, undefined, false). */
export function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

/**
 * Asks for a password in the page's own dialog (typed as dots, never shown); resolves to what
 * was typed, or null when cancelled or left empty.
 * @param {string} question
 * @returns {Promise<string | null>}
 */
export function passwordDialog(question) {
  const dialog = /** @type {HTMLDialogElement} */ ($('password-dialog'));
  const input = /** @type {HTMLInputElement} */ ($('password-input'));
  $('password-text').textContent = question;
  input.value = '';
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      const value = dialog.returnValue === 'yes' && input.value ? input.value : null;
      input.value = '';
      resolve(value);
    }, { once: true });
    dialog.showModal();
    input.focus();
  });
}

/**
 * Asks a yes-or-no question in the page's own modal dialog; the safe answer (Cancel) has focus
 * and Escape picks it. Resolves true only for `yes`.
 * @param {string} question @param {string} yes the button that goes ahead, e.g. "Delete"
 * @returns {Promise<boolean>}
 */
export function confirmDialog(question, yes) {
  const dialog = $('confirm-dialog');
  $('confirm-text').textContent = question;
  $('confirm-yes').textContent = yes;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
    dialog.showModal();
    $('confirm-no').focus();
  });
}
