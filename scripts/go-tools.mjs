// The Go programs of our ecosystem that the tests drive, pinned, built from the Go module proxy
// with `go install` (DESIGN §9). Each lands in a directory of its own under the tools directory,
// so Prometheus 3's promtool never shadows Debian's promtool 2 on PATH.
//
//   node scripts/go-tools.mjs install [NAME…]   build the missing ones (all by default); needs Go
//   node scripts/go-tools.mjs path NAME [BIN]   print a built binary's path, exit 1 when absent
//   node scripts/go-tools.mjs list              name, version, state, path of each
//
// The tools directory is $CONTEXTCORE_GO_TOOLS, else `go env GOPATH`/contextcore-tools (else
// ~/go/contextcore-tools when Go is missing): Go's module and build caches live beside it, so a
// second run on the same machine builds nothing.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * name → what to build. `packages` are `go install` targets at `version`; `bins` the executables
 * they make, with the Go build `tags` it names. A tool with `module` is built with `go build` inside that Go module of ours instead
 * (its go.mod pins the version and go.sum the checksums), for modules `go install` refuses.
 * Versions are those the Go module proxy serves and that build with Go 1.26.
 */
export const GO_TOOLS = {
  helm: {
    version: 'v4.3.2',
    packages: ['helm.sh/helm/v4/cmd/helm'],
    bins: ['helm'],
    why: 'Helm charts in the Argo CD plugin (helm template, helm dependency build)',
  },
  kustomize: {
    version: 'v5.8.1',
    packages: ['sigs.k8s.io/kustomize/kustomize/v5'],
    bins: ['kustomize'],
    why: 'standalone kustomize build with --enable-exec (kubectl has v5.5.0 built in, without it)',
  },
  prometheus: {
    // Go module versions v0.3xx.y are Prometheus 3.xx.y releases.
    version: 'v0.316.0',
    packages: ['github.com/prometheus/prometheus/cmd/prometheus', 'github.com/prometheus/prometheus/cmd/promtool'],
    // Prometheus's own build tag (plugins/*.go) leaves out the cloud service discoveries (AWS,
    // Azure, GCE, Kubernetes, …): our tests scrape static targets only, and the build takes
    // a fraction of the time (measured in docs/development.md).
    tags: ['remove_all_sd'],
    bins: ['prometheus', 'promtool'],
    why: 'Prometheus 3: promtool check/test rules and a real server evaluating the generated rules',
  },
  registry: {
    version: 'v3.1.2',
    packages: ['github.com/distribution/distribution/v3/cmd/registry'],
    bins: ['registry'],
    why: 'an OCI registry on loopback that helm pushes a chart to and a chart depends on (helm dependency build from oci://)',
  },
  jaeger: {
    version: 'v1.75.0',
    module: 'scripts/go-tools/jaeger',
    packages: ['github.com/jaegertracing/jaeger/cmd/jaeger'],
    bins: ['jaeger'],
    why: "a real trace backend (OTLP/HTTP in, query API out) for the PostSync hook's trace",
  },
};

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function goEnv(name) {
  try {
    return execFileSync('go', ['env', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export function toolsDir() {
  if (process.env.CONTEXTCORE_GO_TOOLS) return process.env.CONTEXTCORE_GO_TOOLS;
  return join(goEnv('GOPATH') || join(homedir(), 'go'), 'contextcore-tools');
}

/** The directory one pinned tool is built into. */
export const toolDir = (name, dir = toolsDir()) => {
  const { version, tags = [] } = GO_TOOLS[name];
  return join(dir, [name, version, ...tags].join('-'));
};

/** The path of a built binary of a pinned tool, or undefined when it has not been built. */
export function goToolPath(name, bin = name, dir = toolsDir()) {
  const tool = GO_TOOLS[name];
  if (!tool) throw new Error(`unknown Go tool ${name}`);
  const path = join(toolDir(name, dir), bin);
  return existsSync(path) ? path : undefined;
}

const built = (name, dir) => GO_TOOLS[name].bins.every((b) => existsSync(join(toolDir(name, dir), b)));

function install(names) {
  if (!goEnv('GOVERSION')) {
    console.error('go-tools: Go is not installed: the tests that need helm, kustomize, Prometheus 3 or Jaeger will skip');
    return 0;
  }
  const dir = toolsDir();
  let failed = 0;
  for (const name of names) {
    const tool = GO_TOOLS[name];
    if (built(name, dir)) {
      console.error(`go-tools: ${name} ${tool.version} already built (${toolDir(name, dir)})`);
      continue;
    }
    // Built into a scratch directory renamed at the end: an interrupted build leaves no half set.
    const target = toolDir(name, dir);
    const scratch = `${target}.partial`;
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    const started = Date.now();
    console.error(`go-tools: building ${name} ${tool.version} (${tool.why})`);
    const tags = tool.tags?.length ? [`-tags=${tool.tags.join(',')}`] : [];
    const args = tool.module
      ? ['build', ...tags, '-o', `${scratch}/`, ...tool.packages]
      : ['install', ...tags, ...tool.packages.map((p) => `${p}@${tool.version}`)];
    const r = spawnSync('go', args, {
      cwd: tool.module ? join(ROOT, tool.module) : undefined,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, GOBIN: scratch, GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim() },
    });
    if (r.status !== 0) {
      console.error(`go-tools: building ${name} failed (exit ${r.status}); its tests will skip`);
      rmSync(scratch, { recursive: true, force: true });
      failed++;
      continue;
    }
    rmSync(target, { recursive: true, force: true });
    renameSync(scratch, target);
    console.error(`go-tools: ${name} ${tool.version} built in ${Math.round((Date.now() - started) / 1000)} s -> ${target}`);
  }
  return failed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...args] = process.argv.slice(2);
  const names = args.length ? args : Object.keys(GO_TOOLS);
  for (const n of command === 'path' ? [args[0]] : names) {
    if (!GO_TOOLS[n]) {
      console.error(`go-tools: unknown tool ${n}; known: ${Object.keys(GO_TOOLS).join(', ')}`);
      process.exit(2);
    }
  }
  if (command === 'install') process.exit(install(names) ? 1 : 0);
  else if (command === 'path') {
    const p = goToolPath(args[0], args[1] ?? args[0]);
    if (!p) process.exit(1);
    console.log(p);
  } else if (command === 'list') {
    for (const n of names) console.log(`${n}\t${GO_TOOLS[n].version}\t${built(n, toolsDir()) ? 'built' : 'missing'}\t${toolDir(n)}`);
  } else {
    console.error('usage: node scripts/go-tools.mjs install [NAME…] | path NAME [BIN] | list');
    process.exit(2);
  }
}
