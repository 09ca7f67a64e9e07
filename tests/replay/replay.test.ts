// Replays recorded histories of every workflow path against the current workflow code.
// A non-deterministic change (one not guarded by patched(); see docs/workflows.md) fails here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/env';

const dir = path.join(__dirname, 'histories');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

interface Outcome {
  file: string;
  ok: boolean;
  error?: string;
}

/**
 * 33 histories replay in about 130 s on a loaded 2-core machine (each file starts a replay
 * worker: about 4 s), past the former 120 s; 38 took over 120 s while other suites ran; 300 s
 * leaves room for the 40 there are now and those still to come.
 */
const REPLAY_MS = 300_000;

function replay(paths: string[]): { status: number | null; outcomes: Outcome[] } {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'dist/scripts/replay-histories.js'), ...paths], { cwd: ROOT, encoding: 'utf8', timeout: REPLAY_MS });
  const outcomes = run.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Outcome);
  return { status: run.status, outcomes };
}

test('there is a recorded history for every workflow type, and for every process path before and after each patch', () => {
  // Every workflow the worker runs (workflows/index.ts exports them).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const types = Object.keys(require('../../workflows') as Record<string, unknown>).sort();
  expect([...new Set(files.map((f) => f.split('-')[0]))].sort()).toEqual(types);
  const paths = ['order-rejected', 'reopened-then-closed', 'sla-breached', 'unlinked'];
  const generations = ['', '-background-notifications', '-manual-close', '-local-record', '-local-intake', '-lean-process'];
  // Paths that only exist from a patch on.
  const newer = [
    'closed-by-hand-manual-close',
    'closed-by-hand-local-record',
    'closed-by-hand-local-intake',
    'order-timed-out-cancel-unconfirmed-order',
    'closed-by-hand-request-edit',
    'edited-request-edit',
    'cancelled-incident-cancel',
    // A mass incident resolved with 21 requests linked, and one of them resolved by it (patch "mass-incident").
    'mass-parent-mass-incident',
    'mass-child-mass-incident',
    // Paths that began with a patch, in the generation of "lean-process" (issue 18).
    'closed-by-hand-lean-process',
    'order-timed-out-lean-process',
    'edited-lean-process',
    // A ticket synced from RT whose priority was changed on both sides: the sync's transitions carry the values they replace (patch "expected-values").
    'sync-conflict-expected-values',
  ];
  expect(files.filter((f) => f.startsWith('serviceRequestWorkflow-')).sort()).toEqual(
    [...paths.flatMap((p) => generations.map((g) => `${p}${g}`)), ...newer].map((n) => `serviceRequestWorkflow-${n}.json`).sort(),
  );
  // The chat's distribution: offers lapsed and escalated; accepted, handed over at clock-out, offered again.
  expect(files.filter((f) => f.startsWith('chatConversationWorkflow-')).sort()).toEqual([
    'chatConversationWorkflow-escalated.json',
    'chatConversationWorkflow-handed-over.json',
  ]);
  // The sync's passes (docs/sync.md, "Workflows"): RT's inbound and outbound runs, recorded while running.
  expect(files.filter((f) => f.startsWith('sync')).sort()).toEqual(['syncInboundWorkflow-rt.json', 'syncOutboundWorkflow-rt.json']);
});

test(
  'every recorded history replays against the current workflow code',
  () => {
    const { status, outcomes } = replay(files.map((f) => path.join(dir, f)));
    expect(outcomes).toEqual(files.map((file) => ({ file, ok: true })));
    expect(status).toBe(0);
  },
  REPLAY_MS,
);

test(
  'the replayer catches a non-deterministic change (a history whose activity differs from the code)',
  () => {
    // Rename the first scheduled activity in a copy of a history: to the replayer this looks
    // exactly like workflow code that now calls a different activity without patched().
    const original = JSON.parse(fs.readFileSync(path.join(dir, 'serviceRequestWorkflow-unlinked.json'), 'utf8')) as { events: any[] };
    const scheduled = original.events.find((e) => e.activityTaskScheduledEventAttributes);
    expect(scheduled).toBeDefined();
    scheduled.activityTaskScheduledEventAttributes.activityType.name = 'someOtherActivity';
    const tampered = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'replay-')), 'serviceRequestWorkflow-tampered.json');
    fs.writeFileSync(tampered, JSON.stringify(original));
    const { status, outcomes } = replay([tampered]);
    expect(status).toBe(1);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]!.ok).toBe(false);
    expect(outcomes[0]!.error).toMatch(/nondetermin/i);
  },
  REPLAY_MS,
);
