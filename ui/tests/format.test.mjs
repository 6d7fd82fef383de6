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
