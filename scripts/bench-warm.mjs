#!/usr/bin/env node
// The warm path of scripts/bench.mjs: the desktop app's controller (src/core/app, bundled by the
// driver) in one long-running Node process, as the Electron main process holds it, connecting and
// disconnecting on request. Run in the employee's desktop session. JSON lines on stdio:
//   in:  {"op":"connect"} | {"op":"disconnect"}
//   out: {"ready":true}, then per request {"op":…,"ms":…,"phase":…,"steps":{step:{state,ms}},"error":…}
// `ms` is from the handler call to its answer (what the window waits for); `steps` are the
// session's own progress events (state and ms per step).
/* global performance */
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const { AppController } = await import(pathToFileURL(process.argv[2]).href);
const controller = new AppController({ env: process.env, version: 'bench', platform: process.platform, systemLocale: 'en-US' });
let steps = {};
controller.subscribe((event) => {
  if (event.group === 'session' && event.key === 'step' && event.value.state !== 'running') {
    steps[event.value.step] = { state: event.value.state, ms: event.value.ms ?? null };
  }
});
const write = (msg) => process.stdout.write(`${JSON.stringify(msg)}\n`);

async function handle(op) {
  steps = {};
  const started = performance.now();
  const snapshot = op === 'connect' ? await controller.connect() : await controller.disconnect();
  const ms = performance.now() - started;
  return { op, ms, phase: snapshot.phase, steps, error: snapshot.error ?? null };
}

// One request at a time, in order.
let queue = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  const { op } = JSON.parse(line);
  queue = queue.then(() => handle(op).then(write, (err) => write({ op, error: { code: 'bench.failed', detail: String(err?.stack ?? err) } })));
});
process.stdin.on('end', () => void queue.then(() => process.exit(0)));
write({ ready: true });
