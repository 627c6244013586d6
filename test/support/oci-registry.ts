// A real OCI registry on loopback for the Helm tests: the distribution registry v3
// (scripts/go-tools.mjs `registry`), started with a config file of its own, storage in a
// temporary directory and port 0; its port is read from its log ("listening on 127.0.0.1:N").
// Stopped by its process id and wiped by close().

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OciRegistry {
  /** host:port, e.g. 127.0.0.1:40123 (plain HTTP). */
  host: string;
  close(): Promise<void>;
}

/** A generous limit for a registry that never says it listens: a hang, not a slow machine. */
const START_LIMIT_MS = 60_000;

export async function startOciRegistry(binary: string): Promise<OciRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-oci-registry-'));
  mkdirSync(join(dir, 'storage'));
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: {level: info, accesslog: {disabled: true}}',
      `storage: {filesystem: {rootdirectory: ${JSON.stringify(join(dir, 'storage'))}}, delete: {enabled: true}}`,
      'http: {addr: "127.0.0.1:0", secret: contextcore-tests}',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(binary, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  let log = '';
  try {
    const host = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the registry did not listen within ${START_LIMIT_MS} ms:\n${log}`)), START_LIMIT_MS);
      const read = (chunk: Buffer) => {
        log += chunk.toString('utf8');
        const m = /listening on (127\.0\.0\.1:\d+)/.exec(log);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the registry exited (${code}) before listening:\n${log}`));
      });
    });
    return { host, close: stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
