/**
 * Bounded retries with exponential backoff and jitter, for the AWS errors that mean "try again
 * later" (ResourceConflictException while an update is in progress, throttling, 5xx).
 * The SDK clients run with maxAttempts 1 so this is the only retry layer, and its sleep is
 * injected: tests never wait for real time.
 */
export interface RetryPolicy {
  /** Total attempts, the first one included. */
  readonly attempts: number
  /** Delay before the first retry, before jitter. */
  readonly baseMs: number
  /** Upper bound of one delay. */
  readonly capMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseMs: 1000, capMs: 20_000 }

/**
 * Delay before retry number `retry` (0 for the first retry): exponential, capped, with "equal
 * jitter" (half fixed, half random) so that concurrent deploys spread out but never retry at once.
 */
export function backoffMs(retry: number, policy: RetryPolicy, random: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** retry)
  return Math.round(ceiling / 2 + (random * ceiling) / 2)
}

/** Thrown when every attempt failed with a retryable error: carries the last one. */
export class RetriesExhausted extends Error {
  override name = 'RetriesExhausted'
  constructor(
    readonly last: unknown,
    readonly attempts: number,
    readonly waitedMs: number,
  ) {
    super(`gave up after ${attempts} attempts`)
  }
}

export interface RetryOptions {
  readonly policy: RetryPolicy
  readonly sleep: (ms: number) => Promise<void>
  readonly random: () => number
  readonly isRetryable: (error: unknown) => boolean
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void
}

export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy } = options
  let waited = 0
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (error) {
      if (!options.isRetryable(error)) throw error
      if (attempt >= policy.attempts) throw new RetriesExhausted(error, attempt, waited)
      const delay = backoffMs(attempt - 1, policy, options.random())
      options.onRetry?.(error, attempt, delay)
      waited += delay
      await options.sleep(delay)
    }
  }
}
