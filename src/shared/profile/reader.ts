/**
 * Path-aware readers for untrusted JSON values. Each returns the typed value
 * or throws a UserError whose `detail` is the JSON path (`$.drives[0].share`).
 */
import { UserError } from '../errors';
import type { MessageKey, MessageParams } from '../i18n';

/** Keys that must never appear, even as own properties created by JSON.parse. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * C0/C1 controls, DEL, line/paragraph separators, bidi embeddings/overrides/isolates
 * and the BOM: anything that can hide or reorder text in a trust prompt.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Throws the UserError for a rule; `path` becomes the detail. */
export function fail(code: MessageKey, path: string, params: MessageParams = {}): never {
  throw new UserError(code, { path, ...params }, path);
}

/** A value shortened and made printable for a message. */
export function shown(value: string, max = 80): string {
  const printable = value.replace(new RegExp(CONTROL.source, 'g'), '?').replace(new RegExp(LONE_SURROGATE.source, 'g'), '?');
  return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}

/** The path of a member, quoting keys that are not plain identifiers. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(shown(key, 40))}]`;
}

/** Reads a plain object with exactly the allowed keys; required ones must be present. */
export function readObject<R extends string, O extends string = never>(
  value: unknown,
  path: string,
  required: readonly R[],
  optional: readonly O[] = [],
): { readonly [K in R]: unknown } & { readonly [K in O]?: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('profile.field.notObject', path);
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) fail('profile.field.notObject', path);
  const allowed = new Set<string>([...required, ...optional]);
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string') fail('profile.field.unknown', `${path}[symbol]`);
    if (FORBIDDEN_KEYS.has(key)) fail('profile.field.forbidden', childPath(path, key), { key });
    if (!allowed.has(key)) fail('profile.field.unknown', childPath(path, key));
  }
  const record = value as Record<string, unknown>;
  for (const key of required) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) fail('profile.field.missing', childPath(path, key));
  }
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of allowed) {
    if (Object.prototype.hasOwnProperty.call(record, key)) out[key] = record[key];
  }
  return out as { readonly [K in R]: unknown } & { readonly [K in O]?: unknown };
}

/** True when the object has the key as an own property. */
export function has(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Reads a string: no control characters, 1..max characters (code points). */
export function readString(value: unknown, path: string, max: number): string {
  if (typeof value !== 'string') fail('profile.field.notString', path);
  if (CONTROL.test(value) || LONE_SURROGATE.test(value)) fail('profile.text.control', path);
  if (value.length > max && [...value].length > max) fail('profile.text.tooLong', path, { max });
  if (value.trim() === '') fail('profile.text.empty', path);
  return value;
}

/** Reads an integer in [min, max]; out of range fails with `code` and `{ value, min, max }`. */
export function readInt(value: unknown, path: string, min: number, max: number, code: MessageKey, params: MessageParams = {}): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail('profile.field.notInteger', path);
  if (value < min || value > max) fail(code, path, { value, min, max, ...params });
  return value;
}

/** Reads an array of min..max entries. */
export function readArray(value: unknown, path: string, min: number, max: number): readonly unknown[] {
  if (!Array.isArray(value)) fail('profile.field.notArray', path);
  if (value.length > max) fail('profile.list.tooMany', path, { max });
  if (value.length < min) fail('profile.list.tooFew', path, { min });
  return value;
}
