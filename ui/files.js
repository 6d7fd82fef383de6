// Files the user picks: the desktop's own file dialog chooses where, with a name that fits the
// action; nothing that exists is replaced without asking.

import { api, errorText } from './api.js';
import { confirmDialog } from './dom.js';

/**
 * Lets the user pick where `action` writes (the desktop's save dialog), then writes with
 * `write(path, replace)`; asks before replacing an existing file. Says the outcome in `status`.
 * @template T
 * @param {import('./types/api').FileAction} action
 * @param {HTMLElement} status
 * @param {(path: string, replace: boolean) => Promise<import('./types/api').Confirm<T>>} write
 * @param {(done: T) => string} said
 * @param {string | null} [week] a report's week, for its name
 */
export async function writeChosenFile(action, status, write, said, week = null) {
  status.textContent = '';
  try {
    const chosen = await api.chooseFile(action, week);
    if (!chosen) { status.textContent = 'Cancelled; nothing was written.'; return; }
    const { path } = chosen;
    let answer = await write(path, chosen.replace_confirmed);
    if (answer.status === 'ask') {
      const question = answer.question.charAt(0).toUpperCase() + answer.question.slice(1);
      if (!(await confirmDialog(question, 'Replace'))) { status.textContent = 'Nothing was written.'; return; }
      answer = await write(path, true);
    }
    if (answer.status === 'done') status.textContent = said(answer.value);
  } catch (err) {
    status.textContent = errorText(err);
  }
}
