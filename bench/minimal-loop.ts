/**
 * The yardstick: the smallest reasonable JavaScript event loop for the same models (a typed-array
 * binary heap ordered by time then sequence, a seeded generator, callbacks). lightcone's targets
 * are stated relative to it.
 */
import seedrandom from 'seedrandom';

class MinimalLoop {
  now = 0;
  private t = new Float64Array(1 << 16);
  private s = new Float64Array(1 << 16);
  private f: (() => void)[] = [];
  private heap = new Int32Array(1 << 16);
  private free: number[] = [];
  private n = 0;
  private slots = 0;
  private seq = 0;

  at(time: number, fn: () => void): void {
    const slot = this.free.length ? (this.free.pop() as number) : this.slots++;
    if (slot >= this.t.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T, b: T) => (b.set(a), b);
      this.t = grow(this.t, new Float64Array(this.t.length * 2));
      this.s = grow(this.s, new Float64Array(this.s.length * 2));
      this.heap = grow(this.heap, new Int32Array(this.heap.length * 2));
    }
    this.t[slot] = time;
    this.s[slot] = this.seq++;
    this.f[slot] = fn;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(slot, this.heap[p])) break;
      this.heap[i] = this.heap[p];
      i = p;
    }
    this.heap[i] = slot;
  }

  private less(a: number, b: number): boolean {
    return this.t[a] < this.t[b] || (this.t[a] === this.t[b] && this.s[a] < this.s[b]);
  }

  run(): void {
    while (this.n > 0) {
      const top = this.heap[0];
      const last = this.heap[--this.n];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= this.n) break;
        if (c + 1 < this.n && this.less(this.heap[c + 1], this.heap[c])) c++;
        if (!this.less(this.heap[c], last)) break;
        this.heap[i] = this.heap[c];
        i = c;
      }
      this.heap[i] = last;
      this.now = this.t[top];
      const fn = this.f[top];
      this.free.push(top);
      fn();
    }
  }
}

/** M/M/1 with `customers` arrivals (rate 0.5/ms, service mean 1 ms); returns the mean time in system. */
export function minimalMM1(customers: number, seed = 1): number {
  const loop = new MinimalLoop();
  const arrivalsRng = seedrandom.alea(`${seed}:load`);
  const serviceRng = seedrandom.alea(`${seed}:server`);
  const queue: number[] = [];
  let busy = false;
  let issued = 0;
  let total = 0;
  let done = 0;
  const startService = (arrival: number) => {
    busy = true;
    loop.at(loop.now - Math.log(1 - serviceRng()), () => {
      total += loop.now - arrival;
      done++;
      busy = false;
      if (queue.length) startService(queue.shift() as number);
    });
  };
  const arrive = () => {
    issued++;
    if (busy) queue.push(loop.now);
    else startService(loop.now);
    if (issued < customers) loop.at(loop.now - 2 * Math.log(1 - arrivalsRng()), arrive);
  };
  loop.at(0, arrive);
  loop.run();
  return total / done;
}

/** Timelike's random-routing experiment: 250 dynos (2 ms cable each way, 20 ms + Exp(100 ms)), Poisson every 1.5 ms. */
export function minimalRandomRouting(requests: number, seed = 1): number {
  const loop = new MinimalLoop();
  const n = 250;
  const load = seedrandom.alea(`${seed}:load`);
  const lb = seedrandom.alea(`${seed}:lb`);
  const rngs = Array.from({ length: n }, (_, i) => seedrandom.alea(`${seed}:dyno${i}`));
  const queues: number[][] = Array.from({ length: n }, () => []);
  const busy = new Uint8Array(n);
  let issued = 0;
  let total = 0;
  let done = 0;
  const serve = (d: number, arrival: number) => {
    busy[d] = 1;
    loop.at(loop.now + 20 - 100 * Math.log(1 - rngs[d]()), () => {
      loop.at(loop.now + 2, () => {
        total += loop.now - arrival;
        done++;
      });
      busy[d] = 0;
      const q = queues[d];
      if (q.length) serve(d, q.shift() as number);
    });
  };
  const arrive = () => {
    issued++;
    const arrival = loop.now;
    const d = Math.floor(lb() * n);
    loop.at(loop.now + 2, () => (busy[d] ? queues[d].push(arrival) : serve(d, arrival)));
    if (issued < requests) loop.at(loop.now - 1.5 * Math.log(1 - load()), arrive);
  };
  loop.at(0, arrive);
  loop.run();
  return total / done;
}
