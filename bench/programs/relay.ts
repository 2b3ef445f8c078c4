/** The process benchmark's program: each process passes every message it receives to a random peer. */
import type { Context, Process } from '../../src/index.js';

type Hop = { type: 'hop'; n: number };

export class Relay implements Process<Hop> {
  received = 0;
  start(ctx: Context<Hop>) {
    for (let i = 0; i < 8; i++) ctx.send(ctx.peers[ctx.randomBelow(ctx.peers.length)], { type: 'hop', n: 0 });
  }
  message(ctx: Context<Hop>, _from: string, body: Hop) {
    this.received++;
    ctx.send(ctx.peers[ctx.randomBelow(ctx.peers.length)], { type: 'hop', n: body.n + 1 });
  }
}
