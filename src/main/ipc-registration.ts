/**
 * Registers one ipcMain handler per invoke channel of the schema — channel
 * names come from `channelName`, never from a string literal — and forwards
 * the controller's events to the window. Every handler checks its sender.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { channelName, listChannels, type ChannelInfo, type IpcResult } from '../shared/ipc';
import { isTrustedSender, type SenderFrame } from './security';

/** The part of ipcMain registration needs (a fake in unit tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, request: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The part of the controller registration needs. */
export interface InvokeTarget {
  invoke(channel: Pick<ChannelInfo, 'group' | 'key'>, request: unknown): Promise<IpcResult<unknown>>;
}

/** Registers every invoke channel; returns a function that removes them again. */
export function registerIpc(
  ipcMain: IpcMainLike,
  target: InvokeTarget,
  indexUrl: () => string,
  onRefused: (channel: string, senderUrl: string) => void = () => {},
): () => void {
  const names: string[] = [];
  for (const channel of listChannels()) {
    if (channel.kind !== 'invoke') continue;
    names.push(channel.name);
    ipcMain.handle(channel.name, async (event, request) => {
      const frame = event.senderFrame as SenderFrame | null | undefined;
      if (!isTrustedSender(frame, indexUrl())) {
        onRefused(channel.name, frame?.url ?? '(no frame)');
        throw new Error('refused: IPC from an unknown sender');
      }
      return target.invoke(channel, request);
    });
  }
  return () => names.forEach((name) => ipcMain.removeHandler(name));
}

/** The event channel name of a controller event. */
export function eventChannel(event: { group: string; key: string }): string {
  return channelName(event.group, event.key);
}
