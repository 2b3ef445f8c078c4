/** The bare scheduler: `processes` targets each sleeping Exp(1 ms) again and again. */
import { Scheduler, type EventTarget } from '../src/engine/scheduler.js';
import { rngStream } from '../src/engine/rng.js';

export function schedulerEventsPerCpuSecond(processes: number, events: number): { events: number; cpuSeconds: number } {
  const sched = new Scheduler();
  const rng = rngStream(1, 'bench');
  const sleeper: EventTarget = {
    fire() {
      sched.after(-Math.log(1 - rng()), sleeper);
    },
  };
  for (let i = 0; i < processes; i++) sched.after(-Math.log(1 - rng()), sleeper);
  const cpu0 = process.cpuUsage();
  sched.run(Infinity, () => sched.fired >= events);
  const cpu = process.cpuUsage(cpu0);
  return { events: sched.fired, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}
