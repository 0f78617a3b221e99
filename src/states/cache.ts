import type { StateInfo } from './schema.ts';
import type { StateRepository } from './repository.ts';

/** At most this old, even if a notification was missed. */
const MAX_AGE_MS = 60_000;

/**
 * GET /v1/states from memory: the 56 states read once, again whenever `refresh` is
 * called (a roll went live or was rolled back) and once they are `maxAgeMs` old (a
 * minute; less where no notification can come, behind a transaction pooler).
 */
export function cachedStateRepository(states: StateRepository, maxAgeMs = MAX_AGE_MS): StateRepository & { refresh(): void } {
  let cached: { at: number; list: Promise<StateInfo[]> } | undefined;
  const list = () => {
    if (!cached || Date.now() - cached.at > maxAgeMs) {
      const reading = states.list();
      cached = { at: Date.now(), list: reading };
      // A failed read is not kept: the next request reads again.
      reading.catch(() => {
        if (cached?.list === reading) cached = undefined;
      });
    }
    return cached.list;
  };
  return {
    list,
    async find(code) {
      return (await list()).find((state) => state.code === code);
    },
    refresh() {
      cached = undefined;
    },
  };
}
