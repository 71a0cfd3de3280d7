import { startSimpleDbLocal } from "@jobstore/simpledb-local";
import { afterEach, beforeEach } from "vitest";
import { CreateDomainCommand, SimpleDbClient, type SimpleDbClientConfig } from "../src/index.js";

/** The key pair simpledb-local verifies signatures against in these tests. */
export const LOCAL_CREDENTIALS = { accessKeyId: "AKIDLOCAL", secretAccessKey: "local/secret+key=" };

export type LocalServer = Awaited<ReturnType<typeof startSimpleDbLocal>>;
type StartOptions = Parameters<typeof startSimpleDbLocal>[0];

/**
 * A fresh emulator (with signature checking on) and a client pointed at it.
 * Backoff is shortened so retry tests stay fast.
 */
export async function startLocal(
  options: Partial<NonNullable<StartOptions>> = {},
  config: Partial<SimpleDbClientConfig> = {},
) {
  const server = await startSimpleDbLocal({
    port: 0,
    host: "127.0.0.1",
    credentials: LOCAL_CREDENTIALS,
    ...options,
  });
  const client = new SimpleDbClient({
    region: "us-east-1",
    endpoint: server.endpoint,
    credentials: LOCAL_CREDENTIALS,
    retryBaseDelayMs: 2,
    retryMaxDelayMs: 10,
    ...config,
  });
  return {
    server,
    client,
    async close() {
      client.destroy();
      await server.close();
    },
  };
}

/** Sorts pairs so results can be compared regardless of the (unspecified) order. */
export function sortPairs<T extends { Name: string; Value?: string | undefined }>(pairs: readonly T[]): T[] {
  return [...pairs].sort((a, b) =>
    a.Name === b.Name ? ((a.Value ?? "") < (b.Value ?? "") ? -1 : 1) : a.Name < b.Name ? -1 : 1,
  );
}

/** The domain {@link useLocalDomain} creates for each test. */
export const TEST_DOMAIN = "testdomain";

export type LocalFixture = Awaited<ReturnType<typeof startLocal>>;

/** The current test's fixture; `restart` swaps it for one started with other server options. */
export interface LocalDomain {
  (): LocalFixture;
  restart(options: Partial<NonNullable<StartOptions>>): Promise<LocalFixture>;
}

/**
 * Registers a fresh emulator, client and {@link TEST_DOMAIN} per test (closed after it).
 */
export function useLocalDomain(): LocalDomain {
  let fixture: LocalFixture | undefined;
  beforeEach(async () => {
    fixture = await startLocal();
    await fixture.client.send(new CreateDomainCommand({ DomainName: TEST_DOMAIN }));
  });
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });
  const current = (() => fixture!) as LocalDomain;
  current.restart = async (options) => {
    await fixture?.close();
    fixture = await startLocal(options);
    return fixture;
  };
  return current;
}
