import { describe, expect, it } from 'vitest';
import { redactProfile, redactSecrets } from '../../../src/core/diagnostics/redact';
import { diagnosticCommands } from '../../../src/core/diagnostics/doctor';

describe('secret redaction for diagnostics and logs', () => {
  it('removes known secret values wherever they appear', () => {
    const out = redactSecrets('login anna with Anna-Lab-2026! ok', ['Anna-Lab-2026!']);
    expect(out).toBe('login anna with [redacted] ok');
  });
  it('removes key-shaped and password-shaped fields even when the value is unknown', () => {
    const key = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
    const text = [`PrivateKey = ${key}`, `{"presharedKey":"${key}","x":1}`, 'password=hunter22', '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----'].join('\n');
    const out = redactSecrets(text);
    expect(out).not.toContain(key);
    expect(out).not.toContain('hunter22');
    expect(out).not.toContain('abc');
    expect(out).toContain('PrivateKey = [redacted]');
    expect(out).toContain('"x":1');
  });
  it('replaces key material in a profile object and keeps the rest', () => {
    const p = { org: { name: 'Büro' }, tunnel: { privateKey: 'k', peer: { presharedKey: 'p', endpoint: 'vpn:1' } } };
    expect(redactProfile(p)).toEqual({ org: { name: 'Büro' }, tunnel: { privateKey: '[redacted]', peer: { presharedKey: '[redacted]', endpoint: 'vpn:1' } } });
    expect(p.tunnel.privateKey).toBe('k');
  });
  it('collects routes and network facts with argv arrays per OS (Windows/macOS: plan only)', () => {
    expect(diagnosticCommands('linux')['routes.txt']).toEqual(['ip', 'route', 'show', 'table', 'all']);
    expect(diagnosticCommands('win32')['routes.txt']).toEqual(['route', 'print']);
    expect(diagnosticCommands('darwin')['dns.txt']).toEqual(['scutil', '--dns']);
  });
});
