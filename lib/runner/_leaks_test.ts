// The tracker wraps this test process's globals once and counts for the
// whole file, so every test closes what it opens (Deno's own sanitizers
// insist too) and starts by checking that nothing is open. Needs --allow-net
// (loopback listeners) and --allow-run (the spawned process).

import { assertEquals, assertStrictEquals } from "@std/assert";
import { installLeakTracker, type LeakTracker } from "./_leaks.ts";

const LOOPBACK = { hostname: "127.0.0.1", port: 0 } as const;

function tracker(): LeakTracker {
  const t = installLeakTracker();
  assertEquals(t.describe(), null, "an earlier test left something open");
  return t;
}

function portOf(listener: Deno.Listener): number {
  return (listener.addr as Deno.NetAddr).port;
}

Deno.test("installing twice returns the same tracker", () => {
  assertStrictEquals(installLeakTracker(), installLeakTracker());
});

Deno.test("reports nothing open as null and an empty count", () => {
  const t = tracker();
  assertEquals(t.outstanding(), {});
  assertEquals(t.describe(), null);
});

Deno.test("counts a timeout until it is cleared", () => {
  const t = tracker();
  const id = setTimeout(() => {}, 60_000);
  assertEquals(t.describe(), "1 timer");
  clearTimeout(id);
  assertEquals(t.describe(), null);
});

Deno.test("counts a timeout until it fires", async () => {
  const t = tracker();
  const fired = new Promise((resolve) => setTimeout(resolve, 1));
  assertEquals(t.outstanding(), { timer: 1 });
  await fired;
  assertEquals(t.describe(), null);
});

Deno.test("counts an interval until it is cleared, whether or not it has ticked", async () => {
  const t = tracker();
  let ticks = 0;
  let ticked = () => {};
  const id = setInterval(() => {
    ticks++;
    ticked();
  }, 1);
  await new Promise<void>((resolve) => ticked = resolve);
  assertEquals(ticks >= 1, true);
  assertEquals(t.describe(), "1 interval");
  clearInterval(id);
  assertEquals(t.describe(), null);
});

Deno.test("names each kind with its count, plural when more than one", () => {
  const t = tracker();
  const timeout = setTimeout(() => {}, 60_000);
  const intervals = [
    setInterval(() => {}, 60_000),
    setInterval(() => {}, 60_000),
  ];
  const listener = Deno.listen(LOOPBACK);
  assertEquals(t.outstanding(), { timer: 1, interval: 2, listener: 1 });
  assertEquals(t.describe(), "1 timer, 2 intervals, 1 listener");
  clearTimeout(timeout);
  intervals.forEach((id) => clearInterval(id));
  listener.close();
  assertEquals(t.describe(), null);
});

Deno.test("the harness's own timer, set through the tracker, is not counted", () => {
  const t = tracker();
  const id = t.setTimeout(() => {}, 60_000);
  assertEquals(t.describe(), null);
  t.clearTimeout(id);
});

Deno.test("counts a listener until it is closed", () => {
  const t = tracker();
  const listener = Deno.listen(LOOPBACK);
  assertEquals(t.describe(), "1 listener");
  listener.close();
  assertEquals(t.describe(), null);
});

Deno.test("counts both ends of a connection until each is closed", async () => {
  const t = tracker();
  const listener = Deno.listen(LOOPBACK);
  const accepted = listener.accept();
  const client = await Deno.connect({
    hostname: "127.0.0.1",
    port: portOf(listener),
  });
  const server = await accepted;
  assertEquals(t.outstanding(), { listener: 1, connection: 2 });
  client.close();
  assertEquals(t.describe(), "1 listener, 1 connection");
  server.close();
  listener.close();
  assertEquals(t.describe(), null);
});

Deno.test("counts connections accepted by iterating a listener", async () => {
  const t = tracker();
  const listener = Deno.listen(LOOPBACK);
  const client = await Deno.connect({
    hostname: "127.0.0.1",
    port: portOf(listener),
  });
  for await (const server of listener) {
    assertEquals(t.outstanding(), { listener: 1, connection: 2 });
    server.close();
    break;
  }
  client.close();
  listener.close();
  assertEquals(t.describe(), null);
});

Deno.test("iterating a listener ends when the listener is closed", async () => {
  const t = tracker();
  const listener = Deno.listen(LOOPBACK);
  const accepted: Deno.Conn[] = [];
  const iterating = (async () => {
    for await (const conn of listener) accepted.push(conn);
  })();
  listener.close();
  await iterating;
  assertEquals(accepted, []);
  assertEquals(t.describe(), null);
});

Deno.test("counts a server until it has finished", async () => {
  const t = tracker();
  const stop = new AbortController();
  const server = Deno.serve(
    { ...LOOPBACK, signal: stop.signal, onListen: () => {} },
    () => new Response("ok"),
  );
  assertEquals(t.describe(), "1 server");
  stop.abort();
  await server.finished;
  assertEquals(t.describe(), null);
});

Deno.test("counts a worker until it is terminated", () => {
  const t = tracker();
  const worker = new Worker("data:text/javascript,", { type: "module" });
  assertEquals(t.describe(), "1 worker");
  worker.terminate();
  assertEquals(t.describe(), null);
});

Deno.test("counts a spawned process until it has exited", async () => {
  const t = tracker();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["--version"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  assertEquals(t.describe(), "1 process");
  await child.status;
  assertEquals(t.describe(), null);
});

// Deno closes a `using` listener through Symbol.dispose, not close(), and
// Deno 2.9's timers are Node-style Timeout objects that clearTimeout also
// accepts as numbers: both paths must be tracked.

Deno.test({
  name: "a listener closed by `using` is no longer counted",
  fn() {
    const t = tracker();
    {
      using _listener = Deno.listen(LOOPBACK);
      assertEquals(t.describe(), "1 listener");
    }
    assertEquals(t.describe(), null);
  },
});

Deno.test({
  name: "a timeout cleared by its numeric id is no longer counted",
  fn() {
    const t = tracker();
    const id = Number(setTimeout(() => {}, 60_000));
    clearTimeout(id);
    assertEquals(t.describe(), null);
  },
});
