/**
 * Whether a failed job restarts. Restart strategies (fixed-delay, failure-rate, exponential-delay; issue 4) plug in
 * here; until checkpoints exist a restart would replay sources from the start, so every failure is final.
 */
export interface RestartDecision {
  readonly restart: boolean
  readonly delayMs: number
}

export function decideRestart(_config: Readonly<Record<string, string>>, _failure: unknown, _attempt: number): RestartDecision {
  return { restart: false, delayMs: 0 }
}
