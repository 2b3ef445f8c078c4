/**
 * The text report's lines for brokers: what became of the messages, and their end-to-end latency;
 * with a broker-link (or a partition that names the consumers), what the consumers' links lost; a
 * blank line between brokers.
 */
import type { NodeStats } from '../engine/node.js';

const fmt = (v: unknown, digits = 1): string => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '-');

export function brokerLines(nodes: readonly NodeStats[]): string[] {
  const lines: string[] = [];
  for (const n of nodes) {
    if (n.kind !== 'broker' || n.extra === undefined) continue;
    const x = n.extra as Record<string, any>;
    const r = x.remaining as { visible: number; delayed: number; inFlight: number };
    const e = x.endToEnd as Record<string, number>;
    const name = n.id === 'broker' ? 'broker' : `broker ${n.id}`;
    if (lines.length > 0) lines.push('');
    lines.push(
      `${name.padEnd(10)} ${x.sent} sent: ${x.processed} processed, ${x.deadLettered} dead-lettered, ${x.expired} expired, ${r.visible + r.delayed + r.inFlight} unfinished; ` +
        `${x.duplicates} delivered more than once (${x.redeliveries} redeliveries), ${x.processedTwice} processed more than once, ${x.staleAcks} stale acks`,
      `${''.padEnd(10)} end to end (ms): p50 ${fmt(e.p50)}  p99 ${fmt(e.p99)}  max ${fmt(e.max)}; ${fmt(x.throughput)} processed/s; ` +
        `in flight mean ${fmt(x.inFlight.mean)}, max ${x.inFlight.max}; ${x.receives} receives, ${x.emptyReceives} empty`,
    );
    const k = x.consumerLink as Record<string, number> | undefined;
    if (k !== undefined) {
      lines.push(
        `${''.padEnd(10)} consumer links: ${k.messages} messages, ${k.lost} lost (${k.partitioned} by partitions), ${k.duplicated} duplicated; ` +
          `lost ${k.lostReceives} receives, ${k.lostAnswers} answers (${k.lostDeliveries} messages), ${k.lostAcks} acks, ${k.lostNacks} nacks; ` +
          `${k.receiveTimeouts} receive timeouts, ${k.abandoned} messages in abandoned answers`,
      );
    }
  }
  return lines;
}
