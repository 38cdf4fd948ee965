import { describe, expect, it } from 'vitest';
import { windowOptions } from '../../../src/main/window-options';

describe('the app window', () => {
  const options = windowOptions('/app/out/preload/index.cjs');
  const web = options.webPreferences ?? {};

  it('isolates the page: context isolation, sandbox, no Node anywhere', () => {
    expect(web).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on and every risky feature off', () => {
    expect(web).toMatchObject({ webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false, webviewTag: false, navigateOnDragDrop: false });
    expect(web).not.toHaveProperty('enableBlinkFeatures');
    expect(web.disableBlinkFeatures).toBe('Auxclick');
  });

  it('bridges only through the given preload', () => {
    expect(web.preload).toBe('/app/out/preload/index.cjs');
  });

  it('opens without a white flash and fits a small notebook screen', () => {
    expect(options.show).toBe(false);
    expect(options.minWidth).toBeLessThanOrEqual(800);
    expect(options.minHeight).toBeLessThanOrEqual(600);
  });
});
