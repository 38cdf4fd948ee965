import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY, RENDERER_LOADER, RENDERER_LOADER_HASH, isExternalContactLink, isTrustedSender } from '../../../src/main/security';
import { registerIpc, type IpcMainLike } from '../../../src/main/ipc-registration';
import { listChannels } from '../../../src/shared/ipc';

const index = pathToFileURL('/opt/HomeOffice Connect/resources/app.asar/out/renderer/index.html').href;
const top = (url: string) => ({ url, parent: null });

describe('IPC sender validation', () => {
  it("accepts the app's own index page, with or without a fragment", () => {
    expect(isTrustedSender(top(index), index)).toBe(true);
    expect(isTrustedSender(top(`${index}#settings`), index)).toBe(true);
  });

  it('refuses any other page, a subframe, or no frame at all', () => {
    expect(isTrustedSender(top('https://evil.example/index.html'), index)).toBe(false);
    expect(isTrustedSender(top('file:///tmp/index.html'), index)).toBe(false);
    expect(isTrustedSender(top(index.replace('index.html', 'other.html')), index)).toBe(false);
    expect(isTrustedSender(top('file://evil-host/opt/HomeOffice%20Connect/resources/app.asar/out/renderer/index.html'), index)).toBe(false);
    expect(isTrustedSender({ url: index, parent: {} }, index)).toBe(false);
    expect(isTrustedSender(null, index)).toBe(false);
    expect(isTrustedSender(undefined, index)).toBe(false);
    expect(isTrustedSender(top('not a url'), index)).toBe(false);
    expect(isTrustedSender(top('data:text/html,<script>1</script>'), index)).toBe(false);
  });

  function fakeIpcMain() {
    const handlers = new Map<string, (event: never, request: unknown) => Promise<unknown>>();
    const ipc: IpcMainLike = {
      handle: (channel, listener) => handlers.set(channel, listener as never),
      removeHandler: (channel) => handlers.delete(channel),
    };
    return { ipc, handlers };
  }

  it('registers exactly the invoke channels of the schema, by their generated names', () => {
    const { ipc, handlers } = fakeIpcMain();
    const unregister = registerIpc(ipc, { invoke: async () => ({ ok: true, value: null }) }, () => index);
    const expected = listChannels().filter((c) => c.kind === 'invoke').map((c) => c.name);
    expect([...handlers.keys()].sort()).toEqual(expected.sort());
    expect(expected).toContain('session-connect');
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('runs a handler for the app page and refuses every other sender before the controller sees it', async () => {
    const { ipc, handlers } = fakeIpcMain();
    const seen: unknown[] = [];
    const refused: string[] = [];
    registerIpc(ipc, { invoke: async (channel, request) => (seen.push([channel.group, channel.key, request]), { ok: true, value: 'done' }) }, () => index, (c) => refused.push(c));
    const connect = handlers.get('session-connect');
    expect(await connect?.({ senderFrame: top(index) } as never, null)).toEqual({ ok: true, value: 'done' });
    await expect(connect?.({ senderFrame: top('https://evil.example/') } as never, null)).rejects.toThrow(/unknown sender/);
    await expect(connect?.({ senderFrame: null } as never, null)).rejects.toThrow(/unknown sender/);
    expect(seen).toEqual([['session', 'connect', null]]);
    expect(refused).toEqual(['session-connect', 'session-connect']);
  });
});

describe('content security policy and links', () => {
  it('allows only the app itself: one hashed loader, no other inline script, no remote anything', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain(`script-src '${RENDERER_LOADER_HASH}' 'strict-dynamic'`);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*|script-src[^;]*'self'/);
  });

  it('names the SHA-256 of the loader the build puts in the page', () => {
    expect(RENDERER_LOADER_HASH).toBe(`sha256-${createHash('sha256').update(RENDERER_LOADER).digest('base64')}`);
  });

  it('sends the same policy as a response header from main', async () => {
    const { readFileSync } = await import('node:fs');
    const main = readFileSync(new URL('../../../src/main/index.ts', import.meta.url), 'utf8');
    expect(main).toContain(`'Content-Security-Policy': [\n            "${CONTENT_SECURITY_POLICY}",`);
  });

  it('matches the meta tag of the renderer page, which only lacks frame-ancestors (a meta tag cannot carry it)', async () => {
    const { readFileSync } = await import('node:fs');
    const html = readFileSync(new URL('../../../src/renderer/index.html', import.meta.url), 'utf8');
    expect(html).toContain(`content="${META_CONTENT_SECURITY_POLICY}"`);
    expect(META_CONTENT_SECURITY_POLICY).not.toContain('frame-ancestors');
    expect(`${META_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`).toBe(CONTENT_SECURITY_POLICY);
  });

  it('hands only tel: and mailto: links to the OS', () => {
    expect(isExternalContactLink('tel:+496211234567')).toBe(true);
    expect(isExternalContactLink('mailto:hilfe@it-service.example')).toBe(true);
    expect(isExternalContactLink('https://evil.example/')).toBe(false);
    expect(isExternalContactLink('file:///etc/passwd')).toBe(false);
    expect(isExternalContactLink('mailto:a@b.example?body=x')).toBe(false);
  });
});
