/** The text report's line for links: their messages, and how many were lost, duplicated and reordered. */
import type { NodeStats } from '../engine/node.js';

export function linkLines(links: readonly NodeStats[]): string[] {
  const total = (key: string) => links.reduce((a, n) => a + Number(n.extra?.[key] ?? 0), 0);
  return [
    `links      ${links.length} link(s), ${total('messages')} messages: ${total('lost')} lost (${total('partitioned')} to partitions), ${total('duplicated')} duplicated, ${total('reordered')} reordered`,
  ];
}
