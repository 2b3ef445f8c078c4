/**
 * A progress bar on stderr while replications run: only when stderr is a terminal, never with
 * --json and never in CI (where $CI is set), so logs and pipes stay clean. cli-progress is loaded
 * only when a bar is shown.
 */

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

const NONE: Progress = { update: () => undefined, stop: () => undefined };

/** Whether a bar would be shown: stderr is a TTY, no --json, not in CI. */
export function showProgress(json: boolean, env: NodeJS.ProcessEnv = process.env, stderr: { isTTY?: boolean } = process.stderr): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  return stderr.isTTY === true && !json && !ci;
}

export async function progressBar(label: string, total: number, json: boolean): Promise<Progress> {
  if (!showProgress(json)) return NONE;
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} replications | {eta_formatted} left`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  let stopped = false;
  return {
    update: (done) => bar.update(done),
    stop: () => {
      if (!stopped) bar.stop();
      stopped = true;
    },
  };
}
