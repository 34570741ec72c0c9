/**
 * Leak checks: what a case leaves behind after its teardown. Deno has no
 * public resource table (`Deno.resources` is gone), so a fork wraps the APIs
 * that open long-lived things before it imports any suite, and counts what
 * is still open when the case is done:
 *
 * - timers: `setTimeout` not yet fired or cleared, `setInterval` not cleared;
 * - listeners: `Deno.listen`, `Deno.listenTls`, `Deno.listenDatagram` not
 *   closed; servers from `Deno.serve` not finished;
 * - connections: `Deno.connect`, `Deno.connectTls` and accepted connections
 *   not closed;
 * - workers: `Worker`s not terminated;
 * - child processes: `Deno.Command` spawns not yet exited.
 *
 * @module
 */

/** The kinds of resource a fork tracks. */
export type ResourceKind =
  | "timer"
  | "interval"
  | "listener"
  | "server"
  | "connection"
  | "worker"
  | "process";

/** Counts the resources still open. */
export interface LeakTracker {
  /** A mark to pass to the other methods: only what opens after it counts. */
  mark(): number;
  /** Open resources by kind (kinds with none are left out). */
  outstanding(since?: number): Partial<Record<ResourceKind, number>>;
  /** A sentence naming what is open, or null when nothing is. */
  describe(since?: number): string | null;
  /** The unwrapped `setTimeout`, for the harness's own timers. */
  readonly setTimeout: (callback: () => void, delayMs: number) => number;
  /** The unwrapped `clearTimeout`. */
  readonly clearTimeout: (id: number) => void;
}

let installed: LeakTracker | null = null;

/**
 * Wraps the resource-opening APIs of this process (once) and returns the
 * tracker. Call before importing code whose resources should be tracked.
 *
 * @returns the process's tracker
 *
 * @example
 * ```ts ignore
 * import { installLeakTracker } from "./_leaks.ts";
 * const tracker = installLeakTracker();
 * const id = setInterval(() => {}, 1000);
 * tracker.describe(); // "1 interval"
 * clearInterval(id);
 * ```
 */
export function installLeakTracker(): LeakTracker {
  if (installed) return installed;
  const open = new Map<number, ResourceKind>();
  let nextId = 1;
  const add = (kind: ResourceKind): number => {
    const id = nextId++;
    open.set(id, kind);
    return id;
  };
  // Timer handle (by its numeric id) → tracking id. Deno 2.9 returns Node
  // style Timeout objects whose number value is the id, and clearTimeout
  // accepts either, so handles are keyed by Number(handle).
  const timers = new Map<number, number>();
  const g = globalThis as unknown as Record<string, unknown>;
  type Schedule = (
    callback: unknown,
    delay?: number,
    ...args: unknown[]
  ) => unknown;
  type Cancel = (handle?: unknown) => void;
  const originalSetTimeout = globalThis.setTimeout as unknown as Schedule;
  const originalClearTimeout = globalThis.clearTimeout as unknown as Cancel;
  const originalSetInterval = globalThis.setInterval as unknown as Schedule;
  const originalClearInterval = globalThis.clearInterval as unknown as Cancel;
  const forget = (handle: unknown): void => {
    const key = Number(handle);
    open.delete(timers.get(key) ?? -1);
    timers.delete(key);
  };
  // A Timeout's own close() clears it too.
  const trackHandle = (handle: unknown, kind: ResourceKind): unknown => {
    timers.set(Number(handle), add(kind));
    if (typeof handle === "object" && handle !== null) {
      const h = handle as { close?: (...args: unknown[]) => unknown };
      const close = h.close;
      if (typeof close === "function") {
        h.close = (...args: unknown[]) => {
          forget(handle);
          return close.apply(handle, args);
        };
      }
    }
    return handle;
  };

  g.setTimeout = (callback: unknown, delay?: number, ...args: unknown[]) => {
    const wrapped = typeof callback === "function"
      ? (...a: unknown[]) => {
        forget(handle);
        return (callback as (...a: unknown[]) => unknown)(...a);
      }
      : callback;
    // The callback runs later, when `handle` is set.
    const handle = originalSetTimeout(wrapped, delay, ...args);
    return trackHandle(handle, "timer");
  };
  g.setInterval = (callback: unknown, delay?: number, ...args: unknown[]) =>
    trackHandle(originalSetInterval(callback, delay, ...args), "interval");
  const clear = (original: Cancel) => (handle?: unknown) => {
    if (handle !== undefined && handle !== null) forget(handle);
    original(handle);
  };
  g.clearTimeout = clear(originalClearTimeout);
  g.clearInterval = clear(originalClearInterval);

  // deno-lint-ignore no-explicit-any
  type AnyFunction = (...args: any[]) => any;
  const deno = Deno as unknown as Record<string, AnyFunction>;
  const trackClose = <T extends object>(kind: ResourceKind, resource: T): T => {
    const id = add(kind);
    const target = resource as unknown as Record<string, AnyFunction>;
    const close = target.close;
    if (typeof close === "function") {
      target.close = function (this: unknown, ...args: unknown[]) {
        open.delete(id);
        return close.apply(resource, args);
      };
    }
    // `using` closes through Symbol.dispose without calling close().
    const disposable = resource as unknown as Record<symbol, AnyFunction>;
    const dispose = disposable[Symbol.dispose];
    if (typeof dispose === "function") {
      disposable[Symbol.dispose] = function (...args: unknown[]) {
        open.delete(id);
        return dispose.apply(resource, args);
      };
    }
    return resource;
  };
  const trackListener = <T extends object>(listener: T): T => {
    const l = trackClose("listener", listener) as unknown as Record<
      string | symbol,
      AnyFunction
    >;
    const accept = l.accept;
    if (typeof accept === "function") {
      l.accept = async function (...args: unknown[]) {
        return trackClose("connection", await accept.apply(listener, args));
      };
      l[Symbol.asyncIterator] = async function* () {
        while (true) {
          try {
            yield await l.accept();
          } catch (error) {
            if (
              error instanceof Deno.errors.BadResource ||
              error instanceof Deno.errors.Interrupted
            ) return;
            throw error;
          }
        }
      };
    }
    return listener;
  };
  for (const name of ["listen", "listenTls", "listenDatagram"]) {
    const original = deno[name];
    if (typeof original !== "function") continue;
    deno[name] = (...args: unknown[]) => {
      const result = original.apply(Deno, args);
      return name === "listenDatagram"
        ? trackClose("listener", result)
        : trackListener(result);
    };
  }
  for (const name of ["connect", "connectTls"]) {
    const original = deno[name];
    if (typeof original !== "function") continue;
    deno[name] = async (...args: unknown[]) =>
      trackClose("connection", await original.apply(Deno, args));
  }
  const originalServe = deno.serve;
  if (typeof originalServe === "function") {
    deno.serve = (...args: unknown[]) => {
      const server = originalServe.apply(Deno, args);
      const id = add("server");
      server.finished.then(() => open.delete(id), () => open.delete(id));
      return server;
    };
  }
  const OriginalWorker = globalThis.Worker;
  if (typeof OriginalWorker === "function") {
    g.Worker = class TrackedWorker extends OriginalWorker {
      #id: number;
      constructor(...args: ConstructorParameters<typeof Worker>) {
        super(...args);
        this.#id = add("worker");
      }
      override terminate(): void {
        open.delete(this.#id);
        super.terminate();
      }
    };
  }
  const OriginalCommand = Deno.Command;
  (Deno as unknown as Record<string, unknown>).Command = class TrackedCommand
    extends OriginalCommand {
    override spawn(): Deno.ChildProcess {
      const child = super.spawn();
      const id = add("process");
      child.status.then(() => open.delete(id), () => open.delete(id));
      return child;
    }
  };

  installed = {
    mark() {
      return nextId;
    },
    outstanding(since = 0) {
      const counts: Partial<Record<ResourceKind, number>> = {};
      for (const [id, kind] of open) {
        if (id >= since) counts[kind] = (counts[kind] ?? 0) + 1;
      }
      return counts;
    },
    describe(since = 0) {
      const counts = this.outstanding(since);
      const parts = Object.entries(counts).map(([kind, n]) =>
        `${n} ${kind}${n === 1 ? "" : kind === "process" ? "es" : "s"}`
      );
      return parts.length === 0 ? null : parts.join(", ");
    },
    setTimeout: (callback, delayMs) =>
      originalSetTimeout(callback, delayMs) as number,
    clearTimeout: (handle) => originalClearTimeout(handle),
  };
  return installed;
}
