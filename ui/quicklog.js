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
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    // The box is free for the next fire at once; a refused line comes back to be fixed.
    input.value = '';
    clearTimeout(previewTimer);
    renderPreview(null);
    try {
      const saved = await api.log(text);
      showLogged(saved);
      input.removeAttribute('aria-invalid');
      setStatus(`Logged #${saved.id}: ${summaryOf(saved)}`);
      if (!input.value) done();
    } catch (err) {
      // Put the refused line back, before anything typed since.
      input.value = input.value ? `${text} ${input.value}` : text;
      input.setAttribute('aria-invalid', 'true');
      renderError(err);
    }
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
