// The expectations can fail: each raced row's checks, applied to the recorded result of the
// same row run the other way (frames separate vs coalesced), must report a difference; and
// receipt's checks must reject new-replica's result, and mixed-reset's new-replica's. Input: the JSON that `harness.mjs --all`
// printed (one object per row). On 5.5 (`--verdant 5.5`) both wire variants must give the same
// outcome, so only the pairs of different rows are planted there (new-replica against
// mixed-reset both ways: on 5.5 the first is migrated at its reset and the second is not).
//   node selftest.mjs ROWS.json [--verdant 3.2|5.5]
import fs from 'node:fs';

const version = process.argv[3] === '--verdant' ? process.argv[4] : '3.2';
const { expectations } = await import(version === '5.5' ? './expectations-5.5.mjs' : './expectations.mjs');

function parseConcatenated(text) {
  const objects = [];
  const decoder = /\n(?=\{\n)/; // harness.mjs prints each row as a pretty object starting a line
  for (const chunk of text.split(decoder)) if (chunk.trim()) objects.push(JSON.parse(chunk));
  return objects;
}

const results = Object.fromEntries(
  parseConcatenated(fs.readFileSync(process.argv[2], 'utf8')).map((r) => [r.row, r]),
);
const pairs =
  version === '5.5'
    ? [
        ['new-replica', 'receipt'],
        ['receipt', 'new-replica'],
        ['upgrade-offline-truant', 'unsent-writes'],
        ['unsent-writes', 'upgrade-offline-truant'],
        // D7: an all-v1 reset is migrated, a mixed one is not
        ['new-replica', 'mixed-reset'],
        ['mixed-reset', 'new-replica'],
        // D8: a silent online device is truant after a 1 s outage on 5.5 only
        ['silent-online', 'unsent-writes'],
      ]
    : [
        ['truant-old-peer', 'truant-old-peer-coalesced'],
        ['upgrade-offline-truant', 'upgrade-offline-truant-coalesced'],
        ['unsent-writes', 'unsent-writes-coalesced'],
        ['truant-old-peer-coalesced', 'truant-old-peer'],
        ['unsent-writes-coalesced', 'unsent-writes'],
        ['new-replica', 'receipt'],
        ['mixed-reset', 'new-replica'],
        ['silent-online', 'unsent-writes'],
      ];
let bad = 0;
for (const [checks, data] of pairs) {
  if (!results[data]) throw new Error(`selftest: no result for row ${data}`);
  const problems = expectations[checks]({ ...results[data], row: checks });
  if (problems.length === 0) {
    console.error(`selftest: the checks of '${checks}' accept the result of '${data}'`);
    bad++;
  }
}
console.error(`selftest: ${pairs.length - bad}/${pairs.length} planted mismatches rejected`);
process.exit(bad ? 1 : 0);
