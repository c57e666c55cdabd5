package io.alcorvx.perf.sim;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded exponential backoff between session attempts: the n-th consecutive failed attempt
 * (n = 0, 1, ...) waits a random time in [d/2, d] with {@code d = min(maxDelayMs, initialDelayMs * 2^n)}.
 * The count restarts when a session delivers a message.
 *
 * @param initialDelayMs first delay after a session ends or a connect fails (>= 1)
 * @param maxDelayMs cap of the delay (>= initialDelayMs)
 */
public record ReconnectPolicy(long initialDelayMs, long maxDelayMs) {

  public static final ReconnectPolicy DEFAULT = new ReconnectPolicy(100, 5_000);

  public ReconnectPolicy {
    if (initialDelayMs < 1) throw new IllegalArgumentException("initial reconnect delay must be >= 1 ms");
    if (maxDelayMs < initialDelayMs) throw new IllegalArgumentException("max reconnect delay must be >= the initial one");
  }

  /** The capped delay before jitter for the given number of consecutive failures. */
  public long ceilingMs(int failures) {
    int shift = Math.min(Math.max(failures, 0), 30);
    long d = initialDelayMs << shift;
    return d <= 0 || d > maxDelayMs ? maxDelayMs : d;
  }

  /** A jittered delay in [ceiling/2, ceiling], at least 1 ms. */
  public long delayMs(int failures) {
    long c = ceilingMs(failures);
    long half = c / 2;
    return Math.max(1, half + ThreadLocalRandom.current().nextLong(c - half + 1));
  }
}
