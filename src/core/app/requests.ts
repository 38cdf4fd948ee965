/**
 * Runtime validation of every invoke request from the renderer, one schema
 * per channel of `shared/ipc`. The renderer is treated as untrusted input.
 */
import * as z from 'zod';
import type { InvokeKeys, IpcSchema, RequestOf } from '../../shared/ipc';
import { PROFILE_LIMITS } from '../../shared/profile/types';

const none = z.union([z.undefined(), z.null()]).transform(() => undefined);
const MAX_BASE64 = Math.ceil((PROFILE_LIMITS.fileBytes + 1) / 3) * 4 + 4;

type RequestSchemas = {
  readonly [G in keyof IpcSchema]: {
    readonly [K in InvokeKeys<IpcSchema[G]>]: z.ZodType<RequestOf<IpcSchema[G][K]>, unknown>;
  };
};

/** The request schema of every invoke channel. */
export const requestSchemas: RequestSchemas = {
  app: {
    snapshot: none,
    setSettings: z.strictObject({
      language: z.enum(['system', 'de', 'en']).optional(),
      autoConnect: z.boolean().optional(),
    }),
  },
  profile: {
    preview: z.strictObject({
      fileName: z.string().max(1024),
      // One byte over the limit still decodes, so the verifier can say "too large".
      dataBase64: z.string().max(MAX_BASE64).regex(/^[A-Za-z0-9+/]*={0,2}$/),
    }),
    confirm: z.strictObject({ token: z.string().regex(/^[0-9a-f]{32}$/) }),
    choose: none,
    dismiss: none,
    remove: none,
  },
  session: { snapshot: none, connect: none, disconnect: none },
  office: {
    saveSignIn: z.strictObject({ user: z.string().max(256), domain: z.string().max(256), password: z.string().max(1024), storeInFile: z.boolean().optional() }),
    forgetSignIn: none,
  },
  printers: { testPage: z.strictObject({ name: z.string().min(1).max(128) }) },
  support: { diagnostics: none },
};
