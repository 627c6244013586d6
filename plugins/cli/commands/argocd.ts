// `contextcore argocd generate|discover|transform`: the commands of the Argo CD config-management
// plugin (argocd/install/plugin.yaml). They gather the directory, environment and stdin; the
// logic is in functions/argocd/.

import { relative } from 'node:path';
import { argocdGenerate, argocdTransform, discover, type ArgocdInput } from '../../../functions/argocd/index.js';
import { hasErrors, isConfig, parseYamlStream, UserError, type KubeObject } from '../../../functions/core/index.js';
import { buildKustomization, hasKustomization } from '../../argocd/kustomize-build.js';
import { nodeDiscoverFs } from '../../argocd/discover-fs.js';
import { EXIT, report, UsageError, type Command, type Io } from '../command.js';
import { loadOne, loadPaths, readStdin } from '../io.js';

function parse(text: string, path: string): { resources: KubeObject[]; origins: ArgocdInput['origins'] } {
  const parsed = parseYamlStream(text, path);
  if (hasErrors(parsed.results)) throw new UserError(parsed.results);
  return { resources: parsed.objects, origins: parsed.origins };
}

function print(out: { stdout: string; results: Parameters<typeof report>[0]; ok: boolean }, io: Io): number {
  report(out.results, io);
  if (!out.ok) return EXIT.userError;
  io.stdout(out.stdout);
  return EXIT.ok;
}

/** The app in the working directory: its kustomize build when it has a kustomization, else its YAML files. */
function generate(io: Io): number {
  const dir = process.cwd();
  if (hasKustomization(dir)) {
    const built = buildKustomization(dir, process.env);
    const input = { ...parse(built.text, `<${built.command}>`), env: process.env, source: `the output of ${built.command}` };
    // The directory's own ProjectContextExpander, in case the kustomization leaves it out.
    const own = loadPaths(['.']);
    const directoryConfigs = own.resources.flatMap((object, i) => (isConfig(object) ? [{ object, origin: own.origins[i]! }] : []));
    const transformerConfigs = parse(built.transformerConfigs, '<kustomization transformers>').resources;
    return print(argocdGenerate(input, { transformerConfigs, directoryConfigs, pluginFormFiles: built.pluginFormFiles }), io);
  }
  const loaded = loadPaths(['.']);
  if (hasErrors(loaded.results)) throw new UserError(loaded.results);
  return print(argocdGenerate({ resources: loaded.resources, origins: loaded.origins, env: process.env, source: 'the app directory' }), io);
}

/** The kustomize legacy exec plugin: argv[1] the transformer config, resources on stdin. */
function transform(configPath: string, io: Io): number {
  const config = loadOne(configPath);
  if (!config.object) throw new UserError(config.results);
  const root = process.env.KUSTOMIZE_PLUGIN_CONFIG_ROOT;
  const origin = { path: root ? `the ProjectContextExpander transformer of ${relative(process.cwd(), root) || '.'}` : configPath };
  const input = { ...parse(readStdin().toString('utf8'), '<kustomize>'), env: process.env, source: 'the transformer input' };
  return print(argocdTransform(input, config.object, origin), io);
}

export const argocd: Command = {
  name: 'argocd',
  usage: [
    'argocd generate                              Argo CD plugin: the app in the working directory → YAML stream',
    'argocd discover                              Argo CD plugin: prints the app file holding a ProjectContext, if any',
    'argocd transform CONFIG                      kustomize plugin that argocd generate runs for the ContextCore transformer',
  ],
  run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'generate' && !rest.length) return generate(io);
    if (sub === 'discover' && !rest.length) {
      const found = discover(process.cwd(), nodeDiscoverFs);
      if (found) io.stdout(`${found}\n`);
      return EXIT.ok;
    }
    if (sub === 'transform' && rest.length === 1) return transform(rest[0]!, io);
    throw new UsageError(`argocd takes generate, discover or transform CONFIG (got ${args.join(' ') || 'nothing'})`);
  },
};
