// A 1,000-task plan and the cluster objects that satisfy it, for the hook benchmark: the plan of
// one real context with one service, its per-service tasks and rendered objects repeated for 333
// services (a ProjectContext itself may name at most 64 targets).

import { type KubeObject, type Plan } from '../../functions/core/index.js';
import { expand } from '../support/expand.js';

const SERVICES = 333;
const name = (i: number) => `svc-${String(i).padStart(5, '0')}`;

export function largePlan(): { plan: Plan; objects: KubeObject[] } {
  const labels = { 'app.kubernetes.io/name': name(0) };
  const out = expand({
    resources: [
      { apiVersion: 'contextcore.io/v1', kind: 'ProjectContext', metadata: { name: 'big', namespace: 'bench' }, spec: { project: { id: 'bench' }, business: { criticality: 'high', owner: 'team' }, requirements: { latencyP99: '250ms' }, targets: [{ kind: 'Deployment', name: name(0) }] } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: name(0), namespace: 'bench', labels }, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'x' }] } } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: name(0), namespace: 'bench', labels }, spec: { selector: labels, ports: [{ name: 'metrics', port: 9090 }] } },
    ],
  });
  if (!out.ok) throw new Error(out.results.map((r) => r.message).join('; '));
  const plan = out.plans[0]!;
  const perService = (text: string, i: number) => JSON.parse(text.replaceAll(name(0), name(i)));
  const objects: KubeObject[] = [];
  for (const o of out.resources) {
    const text = JSON.stringify(o);
    if (!text.includes(name(0))) objects.push(o);
    else for (let i = 0; i < SERVICES; i++) objects.push(perService(text, i));
  }
  for (const story of plan.stories) {
    if (story.type === 'dashboard') {
      // One dashboard for the context, plotting every service's rules.
      for (const t of story.tasks) t.dependsOn = Array.from({ length: SERVICES }, (_, i) => t.dependsOn.map((d) => d.replaceAll(name(0), name(i)))).flat();
      continue;
    }
    const template = story.tasks.filter((t) => JSON.stringify(t).includes(name(0)));
    const others = story.tasks.filter((t) => !JSON.stringify(t).includes(name(0)));
    story.tasks = [...others, ...Array.from({ length: SERVICES }, (_, i) => template.map((t) => perService(JSON.stringify(t), i))).flat()];
  }
  const tasks = plan.stories.flatMap((s) => s.tasks).length;
  if (tasks !== 1000) throw new Error(`the benchmark plan has ${tasks} tasks, not 1,000`);
  return { plan, objects };
}
