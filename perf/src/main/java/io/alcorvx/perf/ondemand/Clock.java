package io.alcorvx.perf.ondemand;

import java.time.Instant;

/** Wall-clock microseconds (as the service stamps committed_at_unix_micros) and nanoTime ↔ wall conversion. */
final class Clock {
  private Clock() {}

  private static final long NANO0 = System.nanoTime();
  private static final long WALL0 = wallMicros();

  static long wallMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** The wall-clock micros of a {@link System#nanoTime()} reading of this JVM. */
  static long wallMicrosOf(long nanos) {
    return WALL0 + Math.floorDiv(nanos - NANO0, 1_000);
  }
}
