// The quick-log box: focused on open and on the global shortcut, previews as you type, saves on
// Enter, and keeps your text when the line is refused.

import { api, errorText, onQuicklogShortcut } from './api.js';
import { $, el, fill } from './dom.js';
import { duration, outcomeText } from './format.js';
import { showLogged } from './log-list.js';

let previewTimer = 0;
let previewSeq = 0;

export function initQuicklog({ showScreen }) {
  const input = $('quicklog');
  const form = $('quicklog-form');

  input.addEventListener('input', () => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => preview(input.value), 120);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { input.value = ''; input.removeAttribute('aria-invalid'); renderPreview(null); done(); }
  });
  // One line at a time. Each Enter saves what the box held when it was pressed, less the lines
  // still being saved before it (they are still in the box, for a few ms), so no line is ever
  // saved twice; a refused line stops the ones queued behind it (all of it stays in the box).
  /** @type {string[]} */
  const pending = [];
  let saving = Promise.resolve();
  let refusals = 0;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    let text = input.value;
    for (const line of pending) if (text.startsWith(line)) text = text.slice(line.length).trimStart();
    if (!text.trim()) return;
    pending.push(text);
    const seen = refusals;
    saving = saving.then(async () => {
      if (seen === refusals && !(await submit(input, text))) refusals++;
      pending.shift();
    });
  });

  onQuicklogShortcut(() => {
    // Over an open dialog (planning the week, the review) the box comes up on top of it, so a
    // fire typed now is logged as a fire; the dialog is still there afterwards.
    if (document.querySelector('dialog[open]:not(#quicklog-dialog)')) liftAboveDialogs();
    else showScreen('log');
    focusQuicklog();
  });
  $('quicklog-dialog').addEventListener('close', putBack);
  focusQuicklog();
}

/**
 * Saves one line of the box; true when it was stored. The line stays in the box until it is
 * stored (a few ms), so the screen changes once, with the fire in the list; what was typed after
 * Enter stays in the box, and a refused line stays to be fixed.
 * @param {HTMLInputElement} input @param {string} text
 */
async function submit(input, text) {
  clearTimeout(previewTimer);
  previewSeq++; // a preview still on its way is for this line
  try {
    const saved = await api.log(text);
    const rest = input.value.startsWith(text) ? input.value.slice(text.length).trimStart() : input.value;
    if (input.value !== rest) input.value = rest;
    showLogged(saved);
    input.removeAttribute('aria-invalid');
    setStatus(`Logged #${saved.id}: ${summaryOf(saved)}`);
    if (rest) preview(rest);
    else { renderPreview(null); done(); }
    return true;
  } catch (err) {
    input.setAttribute('aria-invalid', 'true');
    renderError(err);
    return false;
  }
}

/** The form's place in the log screen, while it is lifted into the top dialog. */
let home = null;

function liftAboveDialogs() {
  const form = $('quicklog-form');
  const top = $('quicklog-dialog');
  if (!home) home = { parent: form.parentNode, next: form.nextSibling };
  top.append(form);
  if (!top.open) top.showModal();
}

function putBack() {
  if (!home) return;
  home.parent.insertBefore($('quicklog-form'), home.next);
  home = null;
}

/** The box was used or dismissed: back to where the user was. */
function done() {
  if ($('quicklog-dialog').open) $('quicklog-dialog').close();
  api.quicklogDone().catch(() => {});
}

export function focusQuicklog() {
  const input = $('quicklog');
  input.focus();
  input.select();
}

async function preview(text) {
  const seq = ++previewSeq;
  if (!text.trim()) { renderPreview(null); return; }
  try {
    const parsed = await api.preview(text);
    if (seq === previewSeq) { $('quicklog').removeAttribute('aria-invalid'); renderPreview(parsed); }
  } catch (err) {
    if (seq === previewSeq) renderError(err);
  }
}

function renderPreview(p) {
  const box = $('quicklog-preview');
  box.classList.remove('error');
  if (!p) { fill(box); return; }
  const chip = (label, value) => el('span', { class: 'chip' }, el('span', { class: 'chip-label' }, label), ' ', value);
  fill(box, 
    p.source ? chip('who', p.source) : null,
    chip('via', p.channel),
    p.category ? chip('category', p.category) : null,
    chip('took', duration(p.minutes)),
    p.urgency !== 'normal' ? chip('urgency', p.urgency) : null,
    chip('outcome', outcomeText(p.outcome)),
    p.note ? chip('note', p.note) : null,
  );
}

function renderError(err) {
  // An old "Logged #4" under a new error would read as if this line was saved.
  setStatus('');
  const box = $('quicklog-preview');
  box.classList.add('error');
  fill(box, el('span', { role: 'alert' }, errorText(err)));
}

export function setStatus(text) {
  $('status').textContent = text;
}

export function summaryOf(i) {
  return [i.source, i.channel, i.category && `#${i.category}`, duration(i.minutes), outcomeText(i.outcome), i.note]
    .filter(Boolean).join(' · ');
}
