/**
 * Sandboxed preload: exposes exactly the typed API generated from the IPC
 * schema as `window.hoc`, and nothing of ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { listChannels, type HocApi } from '../shared/ipc';

const api: Record<string, Record<string, unknown>> = {};
for (const { group, key, kind, name } of listChannels()) {
  const target = (api[group] ??= {});
  target[key] =
    kind === 'invoke'
      ? (request?: unknown) => ipcRenderer.invoke(name, request)
      : (listener: (value: unknown) => void) => {
          const wrapped = (_event: unknown, value: unknown) => listener(value);
          ipcRenderer.on(name, wrapped);
          return () => ipcRenderer.removeListener(name, wrapped);
        };
}
contextBridge.exposeInMainWorld('hoc', Object.freeze(api) as unknown as HocApi);
