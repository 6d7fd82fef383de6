// The page writes durations by the core's rule: checked against the examples the core
// generates (ui/generated.js). Run by scripts/test.sh: node --test ui/tests/
import assert from 'node:assert/strict';
import test from 'node:test';

import { DURATION_EXAMPLES } from '../generated.js';
import { duration } from '../format.js';

test('durations are written as the core writes them', () => {
  assert.ok(DURATION_EXAMPLES.length >= 5);
  for (const [minutes, text] of DURATION_EXAMPLES) {
    assert.equal(duration(minutes), text, `${minutes} minutes`);
  }
});

test('counts take their word in the singular for one', async () => {
  const { count } = await import('../format.js');
  assert.equal(count(1, 'win'), '1 win');
  assert.equal(count(0, 'win'), '0 wins');
  assert.equal(count(2, 'batch', 'batches'), '2 batches');
});

test('dates and times follow the zone set last, with formatters made once per zone', async () => {
  const { setZone, zoneParts, when } = await import('../format.js');
  setZone('Asia/Tokyo');
  assert.deepEqual(zoneParts('2026-11-30T23:30:00Z'), { date: '2026-12-01', time: '08:30', minutes: 510 });
  setZone('America/Los_Angeles');
  assert.deepEqual(zoneParts('2026-11-30T23:30:00Z'), { date: '2026-11-30', time: '15:30', minutes: 930 });
  assert.match(when('2026-11-30T23:30:00Z'), /Mon.*30.*Nov.*15:30/);
});

test('typed dates are read in every usual shape and refused by name otherwise', async () => {
  const { parseDateText, dateText } = await import('../format.js');
  for (const [typed, iso] of [
    ['2026-12-14', '2026-12-14'], ['14 Dec 2026', '2026-12-14'], ['14 december 2026', '2026-12-14'],
    ['Mon 14 Dec 2026', '2026-12-14'], ['Dec 14, 2026', '2026-12-14'], ['14/12/2026', '2026-12-14'],
    ['14 Dec', '2030-12-14'], ['29 Feb 2028', '2028-02-29'], ['  ', null], ['', null],
  ]) assert.equal(parseDateText(typed, 2030), iso, typed);
  for (const bad of ['31 Feb 2026', '2026-13-01', '12/31/2026', 'soon', '14 Foo 2026', '0 Dec 2026']) {
    assert.throws(() => parseDateText(bad), /not a date/, bad);
  }
  assert.equal(dateText('2026-12-04'), '4 Dec 2026');
  assert.equal(parseDateText(dateText('2026-01-31')), '2026-01-31', 'what is shown reads back');
  assert.equal(dateText(null), '');
});

test('typed times of day are read 24-hour or with am/pm', async () => {
  const { parseTimeText } = await import('../format.js');
  for (const [typed, hm] of [
    ['13:00', '13:00'], ['13.30', '13:30'], ['1300', '13:00'], ['9', '09:00'], ['9:05', '09:05'],
    ['1pm', '13:00'], ['1:30 PM', '13:30'], ['12am', '00:00'], ['12pm', '12:00'], ['', null],
  ]) assert.equal(parseTimeText(typed), hm, typed);
  for (const bad of ['24:00', '13:60', '13pm', '0am', 'noon', '1:5']) {
    assert.throws(() => parseTimeText(bad), /not a time of day/, bad);
  }
});
