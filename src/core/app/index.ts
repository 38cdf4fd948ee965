/** The app's main-process logic without Electron (see controller.ts). */
export { AppController, type AppControllerOptions, type AppEvent, type AppLog } from './controller';
export { hideLinkFromCommandLine, importSourceFromArgv, linkCarriesKeyMaterial, parseImportLink, isProfilePath, type ImportSource } from './import-source';
export { redactText, redactValue } from '../redact';
export { connectionNotice, trayState, tunnelHealth, TRAY_COLOURS, type TrayState } from './connection';
export { trayIconPng, encodePng } from './tray-icon';
export { telHref, mailtoHref, supportView, isSupportLink } from './support-links';
export { autostartEntry, autostartPath, setLinuxAutostart } from './autostart-linux';
