/**
 * The per-request CSV (`latencies.csv`): one row per request in completion order, streamed to disk
 * through a buffer, so a run of ten million requests needs no memory for it.
 */
import { openSync, writeSync, closeSync } from 'node:fs';
import { OUTCOMES, type Request } from '../engine/request.js';

export const LATENCY_CSV_HEADER = 'id,arrival_ms,end_ms,latency_ms,outcome,measured\n';

export class LatencyCsv {
  private readonly fd: number;
  private buffer = '';

  constructor(path: string) {
    this.fd = openSync(path, 'w');
    this.buffer = LATENCY_CSV_HEADER;
  }

  readonly write = (req: Request): void => {
    this.buffer += `${req.id},${req.arrival},${req.end},${req.end - req.arrival},${OUTCOMES[req.outcome]},${req.measured ? 1 : 0}\n`;
    if (this.buffer.length > 1 << 20) this.flush();
  };

  private flush(): void {
    writeSync(this.fd, this.buffer);
    this.buffer = '';
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
