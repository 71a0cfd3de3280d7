import type { ConditionDialect, WriteCondition } from "@jobstore/object-store";

/**
 * How a server wants the ETag in `If-Match`: AWS takes it quoted, as HTTP says and as S3 returns it;
 * Ceph radosgw (Pacific) answers 412 to a quoted one and wants the bare hex.
 *
 * @public
 */
export type IfMatchStyle = "quoted" | "unquoted";

const STYLES: readonly IfMatchStyle[] = ["quoted", "unquoted"];

/**
 * The S3 adapter's {@link @jobstore/object-store!ConditionDialect}: the `If-Match` form, probed by the generic backend
 * at `initialize` (quoted first, then bare) and kept in the store marker as `ifMatch`.
 *
 * @internal
 */
export interface IfMatchDialect extends ConditionDialect {
  /** The `If-Match` header value for `tag` in the current form (`*` stays `*`). */
  header(tag: string): string;
}

/**
 * A dialect starting at `pinned` (then the only candidate: a caller that knows its server skips the
 * probe) or at `"quoted"`.
 *
 * @example
 * ```ts
 * const dialect = createIfMatchDialect("unquoted");
 * dialect.header("abc"); // "abc"
 * ```
 * @internal
 */
export function createIfMatchDialect(pinned?: IfMatchStyle): IfMatchDialect {
  let style: IfMatchStyle = pinned ?? "quoted";
  return {
    candidates: pinned ? [pinned] : STYLES,
    current: () => style,
    use(setting) {
      if (!STYLES.includes(setting as IfMatchStyle)) {
        throw new RangeError(`unknown If-Match form ${JSON.stringify(setting)}: expected quoted or unquoted`);
      }
      style = setting as IfMatchStyle;
    },
    header: (tag) => (tag === "*" || style === "unquoted" ? tag : `"${tag}"`),
  };
}

/**
 * An ETag as S3 returns it (`"abc"`, `W/"abc"`) without its quotes: the adapter's version tag.
 *
 * @example
 * ```ts
 * bareEtag('"abc"'); // "abc"
 * ```
 * @internal
 */
export function bareEtag(etag: string | undefined): string {
  return (etag ?? "").replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
}

/**
 * The S3 headers of a write condition (PutObject and CompleteMultipartUpload take the same two), with
 * `If-Match` in the form `dialect` has learned the server wants.
 *
 * @example
 * ```ts
 * conditionHeaders({ ifNoneMatch: "*" }, dialect); // { IfNoneMatch: "*" }
 * ```
 * @internal
 */
export function conditionHeaders(
  condition: WriteCondition,
  dialect: IfMatchDialect,
): { IfNoneMatch?: string; IfMatch?: string } {
  if (condition === undefined) return {};
  return "ifNoneMatch" in condition ? { IfNoneMatch: "*" } : { IfMatch: dialect.header(condition.ifMatch) };
}
