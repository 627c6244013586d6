import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { repositoryRoot, resolveValueFile, substitute } from '../../../../functions/helm/index.js';

// /repo/values/link.yaml is a link to /etc/passwd; /repo/chart/shared is a link to /repo/values.
const LINKS: Record<string, string> = { '/repo/values/link.yaml': '/etc/passwd', '/repo/chart/shared/common.yaml': '/repo/values/common.yaml' };
const FILES = new Set(['/repo/chart/values-prod.yaml', '/repo/values/common.yaml', '/etc/passwd', '/outside/x.yaml']);
const fs = { realpath: (p: string) => LINKS[p] ?? (FILES.has(p) || p === '/repo' ? p : undefined) };

describe('value files, resolved as Argo CD resolves them, inside the repository', () => {
  const CASES: Array<[string, string, string | RegExp]> = [
    ['a path relative to the chart directory', 'values-prod.yaml', '/repo/chart/values-prod.yaml'],
    ['an absolute path is from the repository root', '/values/common.yaml', '/repo/values/common.yaml'],
    ['a path up and back into the repository', '../values/common.yaml', '/repo/values/common.yaml'],
    ['a link inside the repository to a file inside it', 'shared/common.yaml', '/repo/values/common.yaml'],
    ['a path that climbs out of the repository is refused', '../../outside/x.yaml', /^resolves outside the repository: a value file must be a file of the repository/],
    ['a path that names the repository root is refused', '/', /^is the repository root/],
    ['a link that leads outside is refused', '/values/link.yaml', /^is a symbolic link that leads outside the repository/],
    ['a file that is not there is refused', 'values-staging.yaml', /^does not exist in the repository$/],
    ['a URL is refused', 'https://example.com/values.yaml', /^is a URL \(https\): the plugin reads value files from the repository only/],
  ];
  for (const [name, file, expected] of CASES) {
    it(name, () => {
      const r = resolveValueFile(file, '/repo/chart', '/repo', fs);
      if (typeof expected === 'string') assert.deepEqual(r, { path: expected });
      else assert.match('problem' in r ? r.problem : `resolved to ${r.path}`, expected);
    });
  }
});

describe('the repository as the plugin received it', () => {
  it('is the app directory less ARGOCD_APP_SOURCE_PATH', () => assert.equal(repositoryRoot('/tmp/_cmp/abc/deploy/shop', 'deploy/shop'), '/tmp/_cmp/abc'));
  it('with a trailing slash or ./ in the source path too', () => assert.equal(repositoryRoot('/w/deploy/shop', './deploy/shop/'), '/w'));
  it('with manifest-generate-paths (a directory above the app sent as the root): the part of the path it ends with', () => assert.equal(repositoryRoot('/w/shop', 'deploy/shop'), '/w'));
  it('without a source path: the app directory itself', () => assert.equal(repositoryRoot('/w/deploy/shop', undefined), '/w/deploy/shop'));
});

describe('Argo CD\'s substitutions in value file paths and --set values', () => {
  const env = { ARGOCD_APP_NAME: 'shop', ARGOCD_APP_NAMESPACE: 'shop-prod', HOME: '/root' };
  const CASES: Array<[string, string]> = [
    ['values-$ARGOCD_APP_NAMESPACE.yaml', 'values-shop-prod.yaml'],
    ['${ARGOCD_APP_NAME}-values.yaml', 'shop-values.yaml'],
    ['costs $$5', 'costs $5'],
    ['$HOME is not Argo CD\'s: empty, as there', ' is not Argo CD\'s: empty, as there'],
    ['no variables', 'no variables'],
  ];
  for (const [input, expected] of CASES) it(`${JSON.stringify(input)} becomes ${JSON.stringify(expected)}`, () => assert.equal(substitute(input, env), expected));
});
