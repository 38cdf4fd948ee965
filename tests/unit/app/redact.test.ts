import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { redactText, redactValue } from '../../../src/core/redact';

const key = () => randomBytes(32).toString('base64');

describe('log redaction', () => {
  it('removes WireGuard private and preshared keys from configs and JSON', () => {
    const priv = key();
    const psk = key();
    const text = `[Interface]\nPrivateKey = ${priv}\n[Peer]\nPresharedKey=${psk}\n{"privateKey":"${priv}","presharedKey": "${psk}"}`;
    const out = redactText(text);
    expect(out).not.toContain(priv);
    expect(out).not.toContain(psk);
    expect(out).toContain('PrivateKey = [redacted]');
    expect(out).toContain('"privateKey":"[redacted]"');
  });

  it('removes a bare key anywhere in a message', () => {
    const k = key();
    expect(redactText(`wg set hoc0 private-key ${k} done`)).toBe('wg set hoc0 private-key [redacted key] done');
  });

  it('removes passwords in fields, URLs and smbclient arguments', () => {
    const out = redactText('password=Anna-Lab-2026! smb://anna:Geheim123@fs.buero.local/projekte smbclient -U anna%Anna-Lab-2026! passwd: "x y"');
    expect(out).not.toMatch(/Anna-Lab-2026!|Geheim123|x y/);
    expect(out).toContain('smb://anna:[redacted]@fs.buero.local/projekte');
    expect(out).toContain('-U anna%[redacted]');
  });

  it('removes PEM private keys', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIOp\n-----END PRIVATE KEY-----';
    expect(redactText(`key: ${pem}`)).not.toContain('MC4CAQAwBQYDK2VwBCIEIOp');
  });

  it('keeps what support needs: fingerprints, hosts, error codes', () => {
    const line = 'org buero-mueller fingerprint 3f2a 91c0 aaaa bbbb cccc dddd eeee ffff via vpn.buero-mueller.example:51820 code error.tunnel.upFailed';
    expect(redactText(line)).toBe(line);
  });

  it('blanks secret-named fields in objects, deeply, also in arrays and errors', () => {
    const k = key();
    const err = new Error(`failed with PrivateKey = ${k}`);
    const out = redactValue({ user: 'anna', password: 'pw', nested: [{ privateKey: k, note: `psk ${k}` }], err, token: '' }) as Record<string, unknown>;
    expect(out.user).toBe('anna');
    expect(out.password).toBe('[redacted]');
    expect(JSON.stringify(out)).not.toContain(k);
    expect((out.err as Error).message).not.toContain(k);
    expect(out.token).toBe('');
  });

  it('survives cycles and byte arrays', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    a.bytes = new Uint8Array(300);
    expect(redactValue(a)).toEqual({ name: 'a', self: '[circular]', bytes: '[300 bytes]' });
  });
});
