import { type ClientRateLimitInfo, MemoryStore, type Options, type Store } from 'express-rate-limit';

const RETRY_MS = 2000;

/**
 * A shared store (Redis) that fails local, not open: while it cannot be reached,
 * every limit is counted in this process instead, and the shared store is tried
 * again every two seconds (its scripts loaded afresh, since a failed load would
 * otherwise fail every later call) until it answers. `onChange` hears each switch.
 */
export class FailLocalStore implements Store {
  private readonly local = new MemoryStore();
  private options: Options | undefined;
  private shared = false;
  private retry: NodeJS.Timeout | undefined;

  private readonly store: Store;
  private readonly onChange: (local: boolean) => void;

  constructor(store: Store, onChange: (local: boolean) => void) {
    this.store = store;
    this.onChange = onChange;
  }

  /** True while limits are counted in this process only. */
  get isLocal(): boolean {
    return !this.shared;
  }

  init(options: Options): void {
    this.options = options;
    this.local.init(options);
    void this.connect();
  }

  private async connect(): Promise<void> {
    this.retry = undefined;
    try {
      await this.store.init?.(this.options!);
      this.switchTo(true);
    } catch {
      this.switchTo(false);
    }
  }

  private switchTo(shared: boolean): void {
    if (!shared && !this.retry) this.retry = setTimeout(() => void this.connect(), RETRY_MS).unref();
    if (shared === this.shared) return;
    this.shared = shared;
    this.onChange(!shared);
  }

  private async use<T>(work: (store: Store) => Promise<T> | T): Promise<T> {
    if (this.shared) {
      try {
        return await work(this.store);
      } catch {
        this.switchTo(false);
      }
    }
    return work(this.local);
  }

  get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return this.use((store) => store.get?.(key));
  }

  increment(key: string): Promise<ClientRateLimitInfo> {
    return this.use((store) => store.increment(key));
  }

  decrement(key: string): Promise<void> {
    return this.use((store) => store.decrement(key));
  }

  resetKey(key: string): Promise<void> {
    return this.use((store) => store.resetKey(key));
  }

  shutdown(): void {
    clearTimeout(this.retry);
    void this.local.shutdown();
  }
}
