/** The text report's line about servers' queues (bounded, dropping, blocking), when any has `queue:`. */
import type { NodeStats } from '../../engine/node.js';

export function queueLines(nodes: readonly NodeStats[]): string[] {
  const queued = nodes.filter((n) => n.kind === 'server' && n.extra?.discipline !== undefined);
  if (queued.length === 0) return [];
  const total = (get: (x: Record<string, unknown>) => unknown) => queued.reduce((a, n) => a + Number(get(n.extra as Record<string, unknown>) ?? 0), 0);
  const by = (key: string) => total((x) => (x.droppedBy as Record<string, unknown> | undefined)?.[key]);
  const withdrawn = total((x) => x.withdrawn);
  return [
    `queues     ${queued.length} server(s) with queue options: ${total((x) => x.dropped)} dropped (${by('overflow')} overflow, ${by('deadline')} deadline, ${by('codel')} codel), ` +
      `${total((x) => x.rejected)} rejected, ${total((x) => x.blocked)} blocked${withdrawn > 0 ? ` (${withdrawn} withdrawn)` : ''}`,
  ];
}
