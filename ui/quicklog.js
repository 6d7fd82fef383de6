// The quick-log box: focused on open and on the global shortcut, previews as you type, saves on
// Enter, and keeps your text when the line is refused.

import { api, errorText, onQuicklogShortcut } from './api.js';
import { $, el, fill } from './dom.js';
import { duration, outcomeText } from './format.js';

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
    if (e.key === 'Escape') { input.value = ''; renderPreview(null); }
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    try {
      const saved = await api.log(text);
      input.value = '';
      renderPreview(null);
      input.removeAttribute('aria-invalid');
      setStatus(`Logged #${saved.id}: ${summaryOf(saved)}`);
    } catch (err) {
      input.setAttribute('aria-invalid', 'true');
      renderError(err);
    }
  });

  onQuicklogShortcut(() => { showScreen('log'); focusQuicklog(); });
  focusQuicklog();
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
