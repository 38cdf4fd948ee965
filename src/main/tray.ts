/** The tray icon: its colour shows the connection; its menu connects, disconnects, opens and quits. */
import { Menu, Tray, nativeImage } from 'electron';
import { t, type Lang } from '../shared/i18n';
import type { SessionSnapshot } from '../shared/ipc';
import { isConnected } from '../shared/session';
import { trayIconPng, trayState } from '../core/app';

export interface TrayActions {
  connect(): void;
  disconnect(): void;
  open(): void;
  quit(): void;
}

/** Creates the tray; call `update` whenever the session or the language changes. */
export function createTray(actions: TrayActions) {
  const image = (state: ReturnType<typeof trayState>) => {
    const img = nativeImage.createFromBuffer(trayIconPng(state, 16), { scaleFactor: 1 });
    img.addRepresentation({ scaleFactor: 2, buffer: trayIconPng(state, 32) });
    return img;
  };
  const tray = new Tray(image('off'));
  tray.on('click', () => actions.open());
  return {
    update(session: SessionSnapshot, lang: Lang): void {
      const state = trayState(session);
      const busy = session.phase === 'connecting' || session.phase === 'disconnecting';
      const connected = isConnected(session) || session.status.state === 'up';
      tray.setImage(image(state));
      tray.setToolTip(t(lang, `ui.tray.tooltip.${state}`));
      tray.setContextMenu(
        Menu.buildFromTemplate([
          { label: t(lang, 'ui.tray.connect'), enabled: !busy && !connected, click: actions.connect },
          { label: t(lang, 'ui.tray.disconnect'), enabled: !busy && connected, click: actions.disconnect },
          { type: 'separator' },
          { label: t(lang, 'ui.tray.open'), click: actions.open },
          { label: t(lang, 'ui.tray.quit'), click: actions.quit },
        ]),
      );
    },
    destroy: () => tray.destroy(),
  };
}
