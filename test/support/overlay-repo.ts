// A git repository laid out as most GitOps repositories are, for pull-request diffs: one app's
// base (Deployment, Service, ProjectContext) and two overlays, staging and prod, each with its
// namespace and a patch of the ProjectContext's objective. Built in a scratch directory.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { git as gitIn } from './git.js';

const labels = { app: 'payments' };
const BASE_APP = [
  {
    apiVersion: 'contextcore.io/v1',
    kind: 'ProjectContext',
    metadata: { name: 'payments' },
    spec: {
      project: { id: 'payments' },
      business: { criticality: 'high', owner: 'pay-team', value: 'revenue-primary' },
      requirements: { availability: '99.9' },
      targets: [{ kind: 'Deployment', name: 'payments' }, { kind: 'Service', name: 'payments' }],
    },
  },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'payments', labels }, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'example/payments:1' }] } } } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'payments', labels }, spec: { selector: labels, ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }] } },
];

/** An overlay's kustomization: its namespace and a patch of the objective. */
export const overlayKustomization = (namespace: string, availability: string) =>
  `namespace: ${namespace}\nresources: [../../base]\npatches:\n  - target: {kind: ProjectContext, name: payments}\n    patch: |\n      - op: replace\n        path: /spec/requirements/availability\n        value: "${availability}"\n`;

export interface OverlayRepo {
  root: string;
  git(...args: string[]): string;
  write(path: string, text: string): void;
  edit(path: string, change: (text: string) => string): void;
  /** Commits everything; returns the commit. */
  commit(message: string): string;
}

export function overlayRepo(root: string): OverlayRepo {
  const git = (...args: string[]) => gitIn(root, ...args).trim();
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const repo: OverlayRepo = {
    root,
    git,
    write,
    edit: (path, change) => write(path, change(readFileSync(join(root, path), 'utf8'))),
    commit: (message) => {
      git('add', '-A');
      git('commit', '-q', '-m', message);
      return git('rev-parse', 'HEAD');
    },
  };
  mkdirSync(root, { recursive: true });
  git('init', '-q');
  write('deploy/payments/base/kustomization.yaml', 'resources: [app.yaml]\n');
  write('deploy/payments/base/app.yaml', BASE_APP.map((o) => stringify(o)).join('---\n'));
  write('deploy/payments/overlays/staging/kustomization.yaml', overlayKustomization('pay-staging', '99.5'));
  write('deploy/payments/overlays/prod/kustomization.yaml', overlayKustomization('pay', '99.9'));
  write('README.md', 'manifests\n');
  repo.commit('payments: base, staging and prod');
  return repo;
}
