/**
 * Runs around every lab and UI test file (vitest `setupFiles`): the file starts with no profile
 * installed in the lab's helper and removes the ones it installed, so no file sees an earlier
 * file's serial ("ist älter als das installierte") and the file order does not matter.
 */
import { afterAll, beforeAll } from 'vitest';
import { forgetInstalledProfiles } from '../e2e/clean';

beforeAll(() => {
  const left = forgetInstalledProfiles();
  if (left.length) console.warn(`[lab] removed profiles an earlier file installed in the helper: ${left.join(', ')}`);
});
afterAll(() => {
  forgetInstalledProfiles();
});
