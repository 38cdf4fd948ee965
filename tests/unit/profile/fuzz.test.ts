/**
 * Property-based fuzzing: random and mutated profiles (mutations of a valid,
 * signed profile: random JSON values at any path, deleted fields, byte flips
 * in the envelope, random bytes). Every outcome is either a valid profile that
 * still obeys the safety rules, or a UserError with a catalogue code — never
 * another exception, never a hang.
 */
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyProfileBytes } from '../../../src/core/profile';
import { UserError } from '../../../src/shared/errors';
import { de } from '../../../src/shared/i18n/de';
import { parseCidr } from '../../../src/shared/net';
import { parseShare, placeHost, validatePayload, type Profile } from '../../../src/shared/profile';
import { NOW, examplePayload, makeOrgKey, signBytes, signPayload, type MutablePayload } from '../../fixtures/profiles/make';

const org = makeOrgKey();
const base = examplePayload();
const baseEnvelope = Buffer.from(signPayload(base, org));
let cases = 0;
let slowest = 0;
const started = performance.now();

afterAll(() => {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`fuzz: ${cases} profiles in ${seconds} s, slowest ${slowest.toFixed(1)} ms`);
  expect(cases).toBeGreaterThanOrEqual(10_000);
});

/** Every path (list of keys) inside the example payload, including the root's children. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const out: (string | number)[][] = [];
  for (const [k, v] of Object.entries(value)) {
    const key = Array.isArray(value) ? Number(k) : k;
    out.push([...prefix, key], ...paths(v, [...prefix, key]));
  }
  return out;
}
const allPaths = paths(base);

const clone = <T>(v: T): T => structuredClone(v);

function setAt(root: MutablePayload, path: (string | number)[], value: unknown): void {
  let node = root;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path[path.length - 1]!] = value;
}

function deleteAt(root: MutablePayload, path: (string | number)[]): void {
  let node = root;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1]!;
  if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
  else delete (node as MutablePayload)[last];
}

/** Runs one input; asserts the outcome is a safe profile or a UserError. */
function check(run: () => Profile): void {
  cases++;
  const t0 = performance.now();
  let profile: Profile | undefined;
  try {
    profile = run();
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    expect(Object.prototype.hasOwnProperty.call(de, err.code)).toBe(true);
    expect(typeof err.detail).toBe('string');
  }
  const ms = performance.now() - t0;
  slowest = Math.max(slowest, ms);
  expect(ms).toBeLessThan(1000);
  if (profile) assertSafe(profile);
}

/** What must hold for anything accepted, whatever the mutation. */
function assertSafe(p: Profile): void {
  const routed = p.tunnel.peer.allowedIPs.map((r) => parseCidr(r)!);
  for (const r of routed) expect(r.prefix).toBeGreaterThan(0);
  for (const s of p.services) {
    if ('host' in s) expect(placeHost(s.host, p.org.domain, routed)).toBe('inside');
  }
  for (const d of p.drives) {
    const share = parseShare(d.share);
    expect(typeof share).toBe('object');
    if (typeof share === 'object') expect(placeHost(share.host, p.org.domain, routed)).toBe('inside');
  }
  for (const s of p.tunnel.dns.servers) expect(placeHost(s, p.org.domain, routed)).toBe('inside');
}

const hostileString = fc.constantFrom(
  '__proto__',
  'constructor',
  '0.0.0.0/0',
  '::/0',
  'file:///etc/passwd',
  '\\\\fs.example.com\\x',
  '\\\\fs.buero.local\\..\\x',
  'https://u:p@intranet.buero.local/',
  '$(reboot)',
  'a\u0000b',
  '\u202e',
  'x'.repeat(300),
  '8.8.8.8',
  'evil.example',
  '',
);
const value = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'x', 'id'), fc.jsonValue({ maxDepth: 1 })) },
);
const pathIndex = fc.nat({ max: allPaths.length - 1 });

describe('fuzzing the profile reader', () => {
  it('survives random JSON values at any field of a signed profile', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(pathIndex, value), { minLength: 1, maxLength: 3 }), (edits) => {
        const p = clone(base);
        for (const [i, v] of edits) {
          try {
            setAt(p, allPaths[i]!, v);
          } catch {
            // An earlier edit removed the parent; the edit is simply skipped.
          }
        }
        const bytes = Buffer.from(signPayload(p, org));
        check(() => verifyProfileBytes(bytes, { now: NOW }).profile);
      }),
      { numRuns: 4000 },
    );
  });

  it('survives deleted fields in a signed profile', () => {
    fc.assert(
      fc.property(fc.array(pathIndex, { minLength: 1, maxLength: 4 }), (indexes) => {
        const p = clone(base);
        for (const i of indexes) {
          try {
            deleteAt(p, allPaths[i]!);
          } catch {
            // parent already gone
          }
        }
        const bytes = Buffer.from(signPayload(p, org));
        check(() => verifyProfileBytes(bytes, { now: NOW }).profile);
      }),
      { numRuns: 2000 },
    );
  });

  it('survives byte flips, cuts and insertions in the envelope', () => {
    const edit = fc.record({ at: fc.nat({ max: baseEnvelope.length - 1 }), byte: fc.integer({ min: 0, max: 255 }), op: fc.constantFrom('flip', 'cut', 'insert') });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
        let bytes = Buffer.from(baseEnvelope);
        for (const { at, byte, op } of edits) {
          const i = Math.min(at, bytes.length - 1);
          if (op === 'flip') bytes[i] = (bytes[i] ?? 0) ^ (byte || 1);
          else if (op === 'cut') bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1 + (byte % 16))]);
          else bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i)]);
        }
        check(() => verifyProfileBytes(bytes, { now: NOW }).profile);
      }),
      { numRuns: 3000 },
    );
  });

  it('survives byte flips inside a payload that is then signed', () => {
    const payload = Buffer.from(JSON.stringify(base));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: payload.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (flips) => {
        const bytes = Buffer.from(payload);
        for (const [i, b] of flips) bytes[i] = b;
        const envelope = Buffer.from(signBytes(bytes, org));
        check(() => verifyProfileBytes(envelope, { now: NOW }).profile);
      }),
      { numRuns: 1000 },
    );
  });

  it('survives arbitrary values handed to validatePayload and arbitrary files', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue()), (v) => {
        check(() => validatePayload(v, { now: NOW }));
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        check(() => verifyProfileBytes(bytes, { now: NOW }).profile);
      }),
      { numRuns: 500 },
    );
  });
});
