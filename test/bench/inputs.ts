// Benchmark inputs: ResourceLists of N contexts, each with a Deployment and a Service.

import { yamlBytes } from '../../functions/core/yaml/io.js';

export function resourceList(contexts: number): Uint8Array {
  const items: unknown[] = [];
  for (let i = 0; i < contexts; i++) {
    const name = `svc-${i}`;
    const namespace = `team-${i % 50}`;
    const labels = { 'app.kubernetes.io/name': name };
    items.push(
      {
        apiVersion: 'contextcore.io/v1',
        kind: 'ProjectContext',
        metadata: { name, namespace },
        spec: {
          project: { id: `project-${i}`, epic: `EPIC-${i}` },
          business: { criticality: ['critical', 'high', 'medium', 'low'][i % 4], value: 'revenue-primary', owner: `team-${i % 50}` },
          requirements: { availability: '99.9', latencyP99: '250ms' },
          risks: i % 3 === 0 ? [{ type: 'security', description: 'Handles PII', priority: 'P1' }] : [],
          targets: [{ kind: 'Deployment', name }],
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace, labels },
        spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'example/app:1', env: [{ name: 'OTEL_RESOURCE_ATTRIBUTES', value: `service.name=${name}` }] }] } } },
      },
      { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels }, spec: { selector: labels, ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }] } },
    );
  }
  return yamlBytes({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items });
}
