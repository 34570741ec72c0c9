import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import {
  parseProc,
  type ProcSnapshot,
  ProcUnavailableError,
  readProc,
} from "./_proc.ts";

// Copied from this machine's /proc (Linux 6.x): a `cat` reading itself.
const STAT =
  "25479 (cat) R 25476 25476 23255 0 -1 4194304 96 0 0 0 7 3 0 0 20 0 1 0 971362 3133440 390 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0";
const STATUS = `Name:\tcat
State:\tR (running)
VmPeak:\t    3060 kB
VmRSS:\t    2172 kB
Threads:\t1
voluntary_ctxt_switches:\t2
nonvoluntary_ctxt_switches:\t1
`;

Deno.test("parseProc reads stat, status, schedstat and fds as Linux writes them", () => {
  assertEquals(parseProc(STAT, STATUS, "6581476 1610203 3\n", 3), {
    threads: 1,
    fds: 3,
    rssBytes: 2172 * 1024,
    userMs: 70,
    systemMs: 30,
    childrenMs: 0,
    voluntarySwitches: 2,
    involuntarySwitches: 1,
    runQueueWaitNs: 1610203,
  });
});

Deno.test("parseProc: a name with spaces and parentheses, a zombie, no schedstat", () => {
  const stat = STAT.replace("(cat)", "(a) b (c)");
  const zombie = STATUS.replace(/^VmRSS:.*\n/m, "").replace(
    "R (running)",
    "Z (zombie)",
  );
  const s = parseProc(stat, zombie, "", 0);
  assertEquals([s.userMs, s.systemMs, s.rssBytes, s.runQueueWaitNs], [
    70,
    30,
    0,
    null,
  ]);
});

Deno.test("parseProc refuses text that is not /proc's", () => {
  assertThrows(() => parseProc("garbage", STATUS, "", 1), ProcUnavailableError);
  assertThrows(
    () => parseProc(STAT, "Name:\tcat\n", "", 1),
    ProcUnavailableError,
    "did not read as Linux writes it",
  );
  assertThrows(
    () => parseProc(STAT, STATUS, "1 x 2\n", 1),
    ProcUnavailableError,
  );
});

/** A `sleep`, with `extra` more fds open than it inherits. */
function sleeper(extra: number): Deno.ChildProcess {
  const opens = Array.from({ length: extra }, (_, i) => `${i + 3}</dev/null`);
  return new Deno.Command("sh", {
    args: ["-c", `exec ${opens.join(" ")}; exec sleep 30`],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
}

/** Reads `pid` until `done` holds (at most 2 s), returning the last reading. */
async function readUntil(
  pid: number,
  done: (s: ProcSnapshot) => boolean,
): Promise<ProcSnapshot> {
  let s = await readProc(pid);
  for (let i = 0; i < 200 && !done(s); i++) {
    await new Promise((r) => setTimeout(r, 10));
    s = await readProc(pid);
  }
  return s;
}

const linux = Deno.build.os === "linux";

Deno.test({
  name:
    "readProc without --allow-all reads a child through sh; a reaped one is refused",
  ignore: !linux,
  fn: async () => {
    // Deno hands its children a few fds of its own: count from a plain sleep.
    const plain = sleeper(0);
    const more = sleeper(3);
    try {
      const base = await readProc(plain.pid);
      assertEquals(base.threads, 1);
      assert(base.fds >= 3 && base.rssBytes > 0, JSON.stringify(base));
      const s = await readUntil(more.pid, (x) => x.fds === base.fds + 3);
      assertEquals([s.threads, s.fds], [1, base.fds + 3]);
    } finally {
      for (const child of [plain, more]) {
        child.kill("SIGKILL");
        await child.status;
      }
    }
    await assertRejects(
      () => readProc(plain.pid),
      ProcUnavailableError,
      "ended?",
    );
    await assertRejects(
      () => readProc(-1),
      ProcUnavailableError,
      "not a process id",
    );
  },
});

Deno.test({
  name: "readProc under --allow-all reads /proc directly, with the same answer",
  ignore: !linux,
  fn: async () => {
    const child = sleeper(2);
    try {
      // Until the shell has opened its two files (it has exec'd sleep soon after).
      await readUntil(child.pid, (x) => x.fds >= 5);
      const module = new URL("./_proc.ts", import.meta.url).href;
      // `deno eval` holds every permission; a Deno.Command started there
      // would mean the shell was used after all.
      const script = `import { readProc } from ${JSON.stringify(module)};
let spawned = 0;
const Original = Deno.Command;
Deno.Command = class extends Original { constructor(...a) { spawned++; super(...a); } };
const s = await readProc(${child.pid});
console.log(JSON.stringify({ threads: s.threads, fds: s.fds, spawned }));
`;
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["eval", "--ext=js", script],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
      // Read through the shell after the direct reading, not before it: the
      // first reading can catch `sh` before its `exec sleep`, one fd more.
      const viaShell = await readProc(child.pid);
      assertEquals(JSON.parse(new TextDecoder().decode(out.stdout)), {
        threads: 1,
        fds: viaShell.fds,
        spawned: 0,
      });
    } finally {
      child.kill("SIGKILL");
      await child.status;
    }
  },
});
