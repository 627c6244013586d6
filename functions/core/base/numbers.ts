// Numbers and durations as they appear in manifests and PromQL, free of float noise.

import { compareText } from './canonical.js';

/** Rounds away binary float noise: 0.0009999999999999432 → 0.001. */
export function clean(x: number): number {
  return Number(x.toPrecision(12));
}

/** Shortest decimal text of a number without float noise (0.001, 14.4, 1). */
export function formatNumber(x: number): string {
  const n = clean(x);
  if (Object.is(n, -0)) return '0';
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // Very small or large values: fixed notation is clearer to reviewers and valid PromQL alike.
  return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/** A number for people, to three decimals at most: 0.933333333333 → "0.933", 14.4 → "14.4". */
export const formatRounded = (x: number): string => formatNumber(Math.round(x * 1000) / 1000);

/** A ratio as a percentage: 0.0005 → "0.05%". */
export const formatPercent = (ratio: number) => `${formatNumber(ratio * 100)}%`;

/** A share of the error budget as a percentage, to three decimals at most: 0.1666666666667 → "16.667%". */
export const formatBudgetShare = (ratio: number) => `${formatRounded(ratio * 100)}%`;

/** A ratio as a percentage for people, to one decimal: 0.66666 → "66.7%". */
export const formatPercentRounded = (ratio: number) => `${formatNumber(Math.round(ratio * 1000) / 10)}%`;

/** "99.95" (percent) → 0.9995 */
export const percentToRatio = (percent: string) => clean(Number(percent) / 100);

/** A percentage string in canonical form: "99.90" → "99.9". */
export const canonicalPercent = (percent: string) => formatNumber(Number(percent));

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Prometheus duration ("1m30s", "200ms", "1.5s") → seconds; undefined when not a duration. */
export function durationSeconds(text: string): number | undefined {
  if (!text) return undefined;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * UNIT_SECONDS[m[2]!]!;
    consumed = re.lastIndex;
  }
  return consumed === text.length ? clean(total) : undefined;
}

/** Shortest duration first; what is not a duration counts as 0, equal lengths by text ("60m" before "1h"). */
export const compareDurations = (a: string, b: string): number => (durationSeconds(a) ?? 0) - (durationSeconds(b) ?? 0) || compareText(a, b);

/** A latency as ProjectContexts write it: 0.25 → "250ms", 1.5 → "1.5s". */
export const formatLatency = (seconds: number) => (seconds < 1 ? `${formatNumber(seconds * 1000)}ms` : `${formatNumber(seconds)}s`);

/** Seconds → the shortest Prometheus duration ("90" → "1m30s", "0.2" → "200ms"). */
export function formatDuration(seconds: number): string {
  let ms = Math.round(seconds * 1000);
  if (ms === 0) return '0s';
  let out = '';
  for (const [unit, size] of [['d', 86400000], ['h', 3600000], ['m', 60000], ['s', 1000], ['ms', 1]] as const) {
    if (ms >= size) {
      out += `${Math.floor(ms / size)}${unit}`;
      ms %= size;
    }
  }
  return out;
}
