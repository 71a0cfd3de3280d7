import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The settings of one profile of the shared AWS config and credentials files, as the AWS SDKs
 * read them, plus the `[services …]` sections a profile can point at.
 *
 * @example
 * ```ts
 * const shared: SharedProfile = { profile: { region: "eu-west-1" }, sections: new Map() };
 * ```
 */
export interface SharedProfile {
  /** Keys of the selected profile; a sub-section's keys appear as `parent.key`. */
  profile: Readonly<Record<string, string>>;
  /** Non-profile sections of the config file by their full name, e.g. `services local`. */
  sections: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

type Env = Readonly<Record<string, string | undefined>>;
type Sections = Map<string, Record<string, string>>;

/**
 * Reads the profile named by `AWS_PROFILE` (default `default`) from `AWS_CONFIG_FILE` (default
 * `~/.aws/config`) and `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`), like the
 * AWS SDK for JavaScript v3. Missing or unreadable files count as empty.
 *
 * @remarks In the config file a profile is `[profile name]` (`[default]` for the default one); in
 * the credentials file it is `[name]`. When both files set a key, `prefer` decides: the SDK reads
 * `region` preferring the credentials file and everything else preferring the config file.
 * Synchronous on purpose: it runs once, in the client's constructor, and only when the options
 * and the environment leave the endpoint open.
 * @example
 * ```ts
 * loadSharedProfile({ AWS_PROFILE: "dev" }, "credentials").profile.region; // e.g. "us-west-2"
 * ```
 */
export function loadSharedProfile(env: Env, prefer: "config" | "credentials"): SharedProfile {
  const name = env.AWS_PROFILE || "default";
  const home = env.HOME || env.USERPROFILE || homedir();
  const config = parseIni(readText(env.AWS_CONFIG_FILE || join(home, ".aws", "config")));
  const credentials = parseIni(
    readText(env.AWS_SHARED_CREDENTIALS_FILE || join(home, ".aws", "credentials")),
  );
  const fromConfig = {
    ...(name === "default" ? config.get("default") : undefined),
    ...config.get(`profile ${name}`),
  };
  const fromCredentials = credentials.get(name) ?? {};
  const profile =
    prefer === "config" ? { ...fromCredentials, ...fromConfig } : { ...fromConfig, ...fromCredentials };
  return { profile, sections: config };
}

function readText(path: string): string {
  try {
    return readFileSync(path.startsWith("~/") ? join(homedir(), path.slice(2)) : path, "utf8");
  } catch {
    return "";
  }
}

/**
 * INI as the SDKs parse it: `[section]` headers (inner whitespace collapsed), `key = value`
 * lines, `#`/`;` comment lines, and a key with an empty value opening a sub-section whose
 * indented keys become `parent.key`.
 */
function parseIni(text: string): Sections {
  const sections: Sections = new Map();
  let current: Record<string, string> | undefined;
  let subSection: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) continue;
    if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
      // `[profile "dev"]` names the same profile as `[profile dev]`.
      const name = trimmed
        .slice(1, -1)
        .trim()
        .replace(/\s+/g, " ")
        .replace(/^(\S+) (["'])(.*)\2$/, "$1 $3");
      current = sections.get(name) ?? {};
      sections.set(name, current);
      subSection = undefined;
      continue;
    }
    const eq = line.indexOf("=");
    if (current === undefined || eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (value === "") {
      subSection = key;
    } else {
      if (subSection !== undefined && line.trimStart() === line) subSection = undefined;
      current[subSection === undefined ? key : `${subSection}.${key}`] = value;
    }
  }
  return sections;
}
