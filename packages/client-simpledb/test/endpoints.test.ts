import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ListDomainsCommand, resolveEndpoint, SimpleDbClient } from "../src/index.js";
import { ok, startStub } from "./stub-server.js";

/** A fresh fake home with optional ~/.aws/config and ~/.aws/credentials files. */
function useHome() {
  const fixture = { dir: "", env: {} as Record<string, string> };
  beforeEach(async () => {
    fixture.dir = await mkdtemp(join(tmpdir(), "sdb-home-"));
    // Only HOME: no AWS_* variable leaks in from the machine running the tests.
    fixture.env = { HOME: fixture.dir };
    return () => rm(fixture.dir, { recursive: true, force: true });
  });
  return {
    get env() {
      return fixture.env;
    },
    async files(config: string, credentials?: string) {
      await mkdir(join(fixture.dir, ".aws"), { recursive: true });
      await writeFile(join(fixture.dir, ".aws", "config"), config);
      if (credentials !== undefined) await writeFile(join(fixture.dir, ".aws", "credentials"), credentials);
    },
  };
}

describe("endpoint from the environment", () => {
  const home = useHome();

  it("uses the global AWS_ENDPOINT_URL when no SimpleDB-specific one is set", () => {
    const env = { ...home.env, AWS_ENDPOINT_URL: "http://global:4566" };
    expect(resolveEndpoint({ region: "us-east-1", env }).host).toBe("global:4566");
    expect(resolveEndpoint({ env }).host).toBe("global:4566");
  });

  it("prefers AWS_ENDPOINT_URL_SIMPLEDB over AWS_ENDPOINT_URL, and the option over both", () => {
    const env = {
      ...home.env,
      AWS_ENDPOINT_URL: "http://global:4566",
      AWS_ENDPOINT_URL_SIMPLEDB: "http://sdb:8000",
    };
    expect(resolveEndpoint({ env }).host).toBe("sdb:8000");
    expect(resolveEndpoint({ endpoint: "http://opt:1", env }).host).toBe("opt:1");
  });

  it("ignores configured endpoint URLs when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true", () => {
    const env = {
      ...home.env,
      AWS_ENDPOINT_URL: "http://global:4566",
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true",
    };
    expect(resolveEndpoint({ region: "eu-west-1", env }).host).toBe("sdb.eu-west-1.amazonaws.com");
  });

  it("sends requests to AWS_ENDPOINT_URL through a client built without endpoint or region", async () => {
    const stub = await startStub([ok("ListDomains")]);
    vi.stubEnv("AWS_ENDPOINT_URL_SIMPLEDB", "");
    vi.stubEnv("AWS_ENDPOINT_URL", stub.endpoint);
    const client = new SimpleDbClient({ credentials: { accessKeyId: "AKID", secretAccessKey: "s" } });
    try {
      await client.send(new ListDomainsCommand({}));
      expect(stub.requests).toHaveLength(1);
    } finally {
      client.destroy();
      vi.unstubAllEnvs();
      await stub.close();
    }
  });
});

describe("region and endpoint from the shared config profile", () => {
  const home = useHome();

  it("takes the region of the profile named by AWS_PROFILE from the config file", async () => {
    await home.files("[default]\nregion = us-west-1\n\n[profile dev]\nregion = eu-west-1\n");
    expect(resolveEndpoint({ env: { ...home.env, AWS_PROFILE: "dev" } }).host).toBe(
      "sdb.eu-west-1.amazonaws.com",
    );
    expect(resolveEndpoint({ env: home.env }).host).toBe("sdb.us-west-1.amazonaws.com");
  });

  it("reads the files named by AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE", async () => {
    const config = join(home.env.HOME as string, "elsewhere.ini");
    await writeFile(config, '[profile "ci"]\n# comment\nregion=ap-northeast-1\n');
    const env = { ...home.env, AWS_CONFIG_FILE: config, AWS_PROFILE: "ci" };
    expect(resolveEndpoint({ env }).host).toBe("sdb.ap-northeast-1.amazonaws.com");
    const credentials = join(home.env.HOME as string, "creds.ini");
    await writeFile(credentials, "[ci]\nregion = sa-east-1\n");
    expect(resolveEndpoint({ env: { ...env, AWS_SHARED_CREDENTIALS_FILE: credentials } }).host).toBe(
      "sdb.sa-east-1.amazonaws.com",
    );
  });

  it("prefers the credentials file's region to the config file's, as the SDK does", async () => {
    await home.files("[default]\nregion = us-west-1\n", "[default]\nregion = sa-east-1\n");
    expect(resolveEndpoint({ env: home.env }).host).toBe("sdb.sa-east-1.amazonaws.com");
  });

  it("lets the region option and AWS_REGION win over the profile", async () => {
    await home.files("[default]\nregion = us-west-1\n");
    const env = { ...home.env, AWS_REGION: "eu-west-1" };
    expect(resolveEndpoint({ env }).host).toBe("sdb.eu-west-1.amazonaws.com");
    expect(resolveEndpoint({ region: "us-west-2", env }).host).toBe("sdb.us-west-2.amazonaws.com");
  });

  it("uses the profile's endpoint_url, and a services section's simpledb endpoint_url before it", async () => {
    await home.files(
      [
        "[profile plain]",
        "endpoint_url = http://plain:1",
        "[profile svc]",
        "endpoint_url = http://plain:1",
        "services = local",
        "[services local]",
        "s3 =",
        "  endpoint_url = http://s3:2",
        "simpledb =",
        "  endpoint_url = http://sdb:3",
      ].join("\n"),
    );
    expect(resolveEndpoint({ region: "us-east-1", env: { ...home.env, AWS_PROFILE: "plain" } }).host).toBe(
      "plain:1",
    );
    expect(resolveEndpoint({ region: "us-east-1", env: { ...home.env, AWS_PROFILE: "svc" } }).host).toBe(
      "sdb:3",
    );
  });

  it("lets environment endpoints win over the profile's", async () => {
    await home.files("[default]\nendpoint_url = http://plain:1\n");
    expect(resolveEndpoint({ env: { ...home.env, AWS_ENDPOINT_URL: "http://env:9" } }).host).toBe("env:9");
  });

  it("throws a TypeError when neither options, environment nor profile give a region or endpoint", async () => {
    await home.files("[profile other]\nregion = us-west-1\n");
    expect(() => resolveEndpoint({ env: home.env })).toThrow(TypeError);
  });
});
