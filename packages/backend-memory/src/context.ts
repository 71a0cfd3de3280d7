/**
 * What one backend object knows: the store it is a handle on, and its own key (never shared). Built once
 * by {@link @jobstore/backend-memory!createMemoryBackend} and handed to every section.
 */
export interface StoreContext {
  readonly storeName: string;
  readonly key: Buffer | undefined;
}
