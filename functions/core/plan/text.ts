// `contextcore plan` as a readable tree: epic → story → task, with statuses and reasons.

import { formatPercentRounded } from '../base/numbers.js';
import { refText, type Plan } from './plan.js';

const STATUS_MARK: Record<string, string> = { generated: '+', exists: '=', skipped: '-' };

export function planTree(plan: Plan): string {
  const c = plan.coverage;
  const lines: string[] = [];
  lines.push(`epic ${plan.epic.title}  [ProjectContext ${plan.context.namespace}/${plan.context.name}, ${plan.context.criticality}, ${plan.epic.priority}]`);
  lines.push(`│ coverage ${c.existing + c.generated}/${c.required} (${formatPercentRounded(c.ratio)}): ${c.generated} generated, ${c.existing} existing, ${c.skipped} skipped`);
  const optOut = plan.derivations.find((d) => d.field === 'observability.sli.preset' && d.value === 'none');
  if (optOut) lines.push(`│ opted out: ${optOut.rule}`);
  for (const w of plan.warnings ?? []) lines.push(`│ warning: ${w}`);
  for (const words of plan.delivery?.gate?.words ?? []) lines.push(`│ ${words}`);
  plan.stories.forEach((story, si) => {
    const lastStory = si === plan.stories.length - 1;
    lines.push(`${lastStory ? '└──' : '├──'} story ${story.title} (${story.tasks.length})`);
    const indent = lastStory ? '    ' : '│   ';
    story.tasks.forEach((task, ti) => {
      const lastTask = ti === story.tasks.length - 1;
      const artifact = task.artifact ? ` → ${refText(task.artifact)}` : '';
      lines.push(`${indent}${lastTask ? '└──' : '├──'} ${STATUS_MARK[task.status]} ${task.status.padEnd(9)} ${task.id}${artifact}`);
      const sub = indent + (lastTask ? '    ' : '│   ');
      if (task.reason) lines.push(`${sub}  reason: ${task.reason}`);
      if (task.dependsOn.length) lines.push(`${sub}  depends on: ${task.dependsOn.join(', ')}`);
      for (const rule of task.derivation) lines.push(`${sub}  because: ${rule}`);
    });
  });
  return lines.join('\n');
}

export function plansText(plans: readonly Plan[]): string {
  return plans.length ? `${plans.map(planTree).join('\n\n')}\n` : 'no ProjectContext in the input\n';
}
