// A real server process for a test file (Prometheus, Jaeger): started on free loopback ports in a
// directory of its own, polled until it answers, stopped by its process id when the file ends,
// on failure, and on Ctrl-C. Its output is kept for the failure messages.

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** Ports nobody listens on now (the kernel's choice); a server may still lose one to a race. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject).listen(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** How long a poll waits before calling it hung: generous, as the machine may be busy. Not a timed assertion. */
export const HANG_LIMIT_MS = 180_000;

/**
 * Calls `probe` until it returns a value (not undefined), every `everyMs`; throws once `limitMs`
 * has passed, with `what` and the last probe's error, or when `gaveUp()` says there is no point.
 */
export async function pollUntil<T>(what: string, probe: () => Promise<T | undefined>, opts: { limitMs?: number; everyMs?: number; gaveUp?: () => string | undefined } = {}): Promise<T> {
  const { limitMs = HANG_LIMIT_MS, everyMs = 250 } = opts;
  const until = performance.now() + limitMs;
  let last = '';
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = (e as Error).message;
    }
    const reason = opts.gaveUp?.();
    if (reason) throw new Error(`${what}: ${reason}${last ? ` (last try: ${last})` : ''}`);
    if (performance.now() > until) throw new Error(`${what}: nothing after ${limitMs / 1000} s, taken as hung${last ? ` (last try: ${last})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export interface ServerProcess {
  label: string;
  pid: number;
  ports: number[];
  /** What it wrote to stdout and stderr so far (the last 64 kB). */
  output(): string;
  stop(): Promise<void>;
}

export interface ServerSpec {
  label: string;
  command: string;
  cwd: string;
  /** How many free ports it needs; `args` gets them. */
  ports: number;
  args(ports: number[]): string[];
  /** Resolves true once the server answers on its ports. */
  ready(ports: number[]): Promise<boolean>;
}

const running = new Set<ChildProcess>();
// node:test does not run `after` on SIGINT/SIGTERM: stop what we started, then die of the signal.
const onSignal = (signal: NodeJS.Signals) => {
  for (const child of running) if (child.pid) process.kill(child.pid, 'SIGKILL');
  process.kill(process.pid, signal);
};

function spawnServer(spec: ServerSpec, ports: number[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(spec.command, spec.args(ports), { cwd: spec.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: string) => (out = (out + d).slice(-65_536));
  child.stdout!.setEncoding('utf8').on('data', keep);
  child.stderr!.setEncoding('utf8').on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (e) => (keep(`\n${e.message}\n`), resolve(-1)));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null)));
  });
  running.add(child);
  if (running.size === 1) process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  return { child, output: () => out, exited };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null && child.pid) {
    process.kill(child.pid, 'SIGTERM');
    const killer = setTimeout(() => child.pid && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 30_000);
    await exited;
    clearTimeout(killer);
  }
  running.delete(child);
  if (running.size === 0) process.removeListener('SIGINT', onSignal).removeListener('SIGTERM', onSignal);
}

/** Starts the server and waits until it is ready; one more try on new ports when it dies at start (a port taken meanwhile). */
export async function startServer(spec: ServerSpec): Promise<ServerProcess> {
  let failure = '';
  for (let attempt = 0; attempt < 2; attempt++) {
    const ports = await freePorts(spec.ports);
    const { child, output, exited } = spawnServer(spec, ports);
    let exitCode: number | null | undefined;
    void exited.then((c) => (exitCode = c));
    try {
      await pollUntil(`${spec.label} ready`, async () => ((await spec.ready(ports)) ? true : undefined), {
        gaveUp: () => (exitCode !== undefined ? `exited with ${exitCode}` : undefined),
      });
      return { label: spec.label, pid: child.pid!, ports, output, stop: () => stopChild(child, exited) };
    } catch (e) {
      await stopChild(child, exited);
      failure = `${(e as Error).message}\n${output()}`;
      if (exitCode === undefined || !/address already in use/i.test(output())) break;
    }
  }
  throw new Error(`could not start ${spec.label}: ${failure}`);
}

/** GET a loopback URL; its JSON, or undefined when the server does not answer 200 yet. */
export async function getJson(url: string): Promise<any> {
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (res.status !== 200) {
    await res.body?.cancel();
    return undefined;
  }
  return res.json();
}
