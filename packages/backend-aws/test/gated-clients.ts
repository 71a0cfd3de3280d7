import { NodeHttpHandler, SimpleDbClient, type SimpleDbRequestHandler } from "@jobstore/client-simpledb";
import { makeS3, stack } from "./local-stack.js";

/**
 * A real SimpleDB client whose transport holds back requests of one action until released, to
 * interleave two handles deterministically (the requests still go to simpledb-local unchanged).
 */
export function gatedSimpleDb(action: string) {
  const inner = new NodeHttpHandler();
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let reached!: () => void;
  const held = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const handler: SimpleDbRequestHandler = {
    async handle(request, options) {
      if (new URLSearchParams(request.body).get("Action") === action) {
        reached();
        await released;
      }
      return inner.handle(request, options);
    },
    destroy: () => inner.destroy(),
  };
  const client = new SimpleDbClient({
    region: stack.region,
    endpoint: stack.simpleDbEndpoint,
    credentials: stack.credentials,
    requestHandler: handler,
  });
  return { client, held, release };
}

/** A real S3 client that holds back the first request of one command (e.g. `GetObjectCommand`) until released. */
export function gatedS3(commandName: string) {
  const client = makeS3();
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let reached!: () => void;
  const held = new Promise<void>((resolve) => {
    reached = resolve;
  });
  let first = true;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === commandName && first) {
        first = false;
        reached();
        await released;
      }
      return next(args);
    },
    { step: "initialize", name: "testGate" },
  );
  return { client, held, release };
}
