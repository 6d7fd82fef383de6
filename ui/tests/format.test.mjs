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
