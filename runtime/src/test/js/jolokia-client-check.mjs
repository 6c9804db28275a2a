// Reads, writes and executes a Trimtab probe bean through jolokia.js and checks that a denied request is
// answered with 403. Usage: JOLOKIA_PASSWORD=... node jolokia-client-check.mjs <agent url> <user> <probe mbean>
import Jolokia from "jolokia.js";

// jolokia.js encodes basic credentials with window.btoa; Node has btoa, but no window.
globalThis.window ??= globalThis;

const [url, username, probe] = process.argv.slice(2);
const password = process.env.JOLOKIA_PASSWORD;
const jolokia = new Jolokia({ url, username, password, method: "post" });

function expect(what, actual, expected) {
  if (actual !== expected) {
    throw new Error(`${what}: expected ${expected} but was ${JSON.stringify(actual)}`);
  }
}

const read = await jolokia.request({ type: "read", mbean: probe, attribute: "Limit" });
expect("read Limit", read.value, 10);
const write = await jolokia.request({ type: "write", mbean: probe, attribute: "Limit", value: 25 });
expect("write Limit status", write.status, 200);
const reread = await jolokia.request({ type: "read", mbean: probe, attribute: "Limit" });
expect("read Limit after write", reread.value, 25);
const sum = await jolokia.request({ type: "exec", mbean: probe, operation: "add", arguments: [40, 2] });
expect("exec add", sum.value, 42);
const denied = await jolokia.request({
  type: "exec", mbean: "com.sun.management:type=DiagnosticCommand", operation: "vmSystemProperties" });
expect("denied exec status", denied.status, 403);
const anonymous = new Jolokia({ url, method: "post" });
const refused = await anonymous.request({ type: "version" }, { resolve: "response" });
expect("request without credentials", refused.status, 401);
console.log("jolokia.js " + jolokia.CLIENT_VERSION + ": read, write, exec, 403 and 401 as expected");
