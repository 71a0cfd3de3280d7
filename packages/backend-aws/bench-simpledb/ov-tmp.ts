import { SimpleDbClient, PutAttributesCommand, GetAttributesCommand } from "../src/simpledb/index.js";
import { parseSuccessBody } from "../src/simpledb/xml.js";
import { ECHO_BODIES } from "./bench-servers.js";
const handler = { handle: async (r: any) => ({ statusCode: 200, headers: {}, body: r.body.includes("Action=GetAttributes") ? ECHO_BODIES.GetAttributes! : ECHO_BODIES.PutAttributes! }) };
const c = new SimpleDbClient({ endpoint: "http://127.0.0.1:1", credentials: { accessKeyId: "a", secretAccessKey: "b" }, requestHandler: handler });
const put = (i: number) => new PutAttributesCommand({ DomainName: "bench", ItemName: `item-${i%100}`, Attributes: [{ Name: "state", Value: "running", Replace: true }, { Name: "owner", Value: `w-${i%7}`, Replace: true }, { Name: "version", Value: String(i).padStart(10,"0"), Replace: true }] });
const get = (i: number) => new GetAttributesCommand({ DomainName: "bench", ItemName: `item-${i%100}`, ConsistentRead: true });
for (const [name, mk] of [["put", put], ["get", get], ["put", put], ["get", get]] as const) {
  const N = 20000; const t = performance.now();
  for (let i = 0; i < N; i++) await c.send(mk(i) as any);
  console.log(name, "us/op", ((performance.now() - t) * 1000 / N).toFixed(1));
}
for (const k of ["GetAttributes","PutAttributes"]) { const N=20000; const t=performance.now(); for (let i=0;i<N;i++) parseSuccessBody(k, ECHO_BODIES[k]!); console.log("parse", k, ((performance.now()-t)*1000/N).toFixed(1)); }
