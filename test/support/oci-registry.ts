// A real OCI registry on loopback for the Helm tests: the distribution registry v3
// (scripts/go-tools.mjs `registry`), started with a config file of its own and storage in a
// temporary directory, on a free port, through the one server starter (server-process.ts:
// ready once /v2/ answers, stopped by its process id, also on failure and Ctrl-C); close() stops
// and wipes it.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './server-process.js';

export interface OciRegistry {
  /** host:port, e.g. 127.0.0.1:40123 (plain HTTP). */
  host: string;
  close(): Promise<void>;
}

export async function startOciRegistry(binary: string): Promise<OciRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-oci-registry-'));
  mkdirSync(join(dir, 'storage'));
  const config = join(dir, 'config.yml');
  try {
    const server = await startServer({
      label: 'the OCI registry',
      command: binary,
      cwd: dir,
      ports: 1,
      args: ([port]) => {
        writeFileSync(
          config,
          [
            'version: 0.1',
            'log: {level: info, accesslog: {disabled: true}}',
            `storage: {filesystem: {rootdirectory: ${JSON.stringify(join(dir, 'storage'))}}, delete: {enabled: true}}`,
            `http: {addr: "127.0.0.1:${port}", secret: contextcore-tests}`,
            '',
          ].join('\n'),
        );
        return ['serve', config];
      },
      ready: async ([port]) => (await fetch(`http://127.0.0.1:${port}/v2/`)).status === 200,
    });
    return {
      host: `127.0.0.1:${server.ports[0]}`,
      close: async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
