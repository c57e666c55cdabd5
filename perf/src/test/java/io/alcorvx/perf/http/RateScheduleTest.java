package io.alcorvx.perf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RateScheduleTest {

  @Test
  void offsetsAreEvenlySpacedByTheRate() {
    RateSchedule s = new RateSchedule(1000);
    assertEquals(0, s.offsetNanos(0));
    assertEquals(1_000_000, s.offsetNanos(1));
    assertEquals(1_000_000_000L, s.offsetNanos(1000));
    assertEquals(3_600_000_000_000L, s.offsetNanos(3_600_000L), "an hour at 1000/s");
    RateSchedule third = new RateSchedule(3);
    assertEquals(333_333_334, third.offsetNanos(1), "rounded up, never early");
    assertEquals(1_000_000_000L, third.offsetNanos(3));
  }

  @Test
  void dueCountMatchesOffsetsExactly() {
    for (double rate : new double[] {1, 3, 7.5, 999.9, 1000, 33_333.3, 250_000}) {
      RateSchedule s = new RateSchedule(rate);
      long total = 5_000;
      for (long i = 0; i < total; i += 37) {
        long at = s.offsetNanos(i);
        assertEquals(i + 1, s.dueCount(at, total), "request " + i + " is due exactly at its offset (rate " + rate + ")");
        if (at > 0) assertEquals(i, s.dueCount(at - 1, total), "and not 1 ns before (rate " + rate + ")");
      }
    }
  }

  @Test
  void dueCountIsCappedAndZeroBeforeStart() {
    RateSchedule s = new RateSchedule(100);
    assertEquals(0, s.dueCount(-1, 10));
    assertEquals(1, s.dueCount(0, 10), "the first request goes at the start");
    assertEquals(10, s.dueCount(60_000_000_000L, 10));
    assertEquals(0, s.dueCount(1_000_000_000L, 0));
    assertEquals(51, s.dueCount(500_000_000L, 1000), "100/s: requests 0..50 by t=0.5 s");
  }

  @Test
  void plannedDurationAndWaitingTime() {
    RateSchedule s = new RateSchedule(2000);
    assertEquals(999_500_000L, s.plannedDurationNanos(2000), "the last of 2000 at 2000/s starts 0.9995 s in");
    assertEquals(0, s.plannedDurationNanos(0));
    assertEquals(500_000, s.nanosUntil(1, 0));
    assertEquals(0, s.nanosUntil(1, 700_000));
  }

  @Test
  void rejectsNonPositiveRates() {
    assertThrows(IllegalArgumentException.class, () -> new RateSchedule(0));
    assertThrows(IllegalArgumentException.class, () -> new RateSchedule(-5));
    assertThrows(IllegalArgumentException.class, () -> new RateSchedule(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new RateSchedule(Double.POSITIVE_INFINITY));
  }

  @Test
  void lanesPartitionTheIndicesWithoutGapsOrOverlap() {
    for (int lanes = 1; lanes <= 5; lanes++) {
      for (long global = 0; global <= 23; global++) {
        Set<Long> seen = new HashSet<>();
        long sum = 0;
        for (int lane = 0; lane < lanes; lane++) {
          long share = RateSchedule.laneShare(global, lane, lanes);
          sum += share;
          for (long seq = 0; seq < share; seq++) {
            long index = RateSchedule.globalIndex(seq, lane, lanes);
            assertTrue(index < global, "lane " + lane + " seq " + seq + " stays below " + global);
            assertTrue(seen.add(index), "index " + index + " owned twice");
          }
        }
        assertEquals(global, sum, global + " over " + lanes + " lanes");
      }
    }
  }

  @Test
  void laneShareOfASchedulePrefix() {
    // 10 due over 4 lanes: indices 0..9, lane 0 owns 0,4,8; lane 1 owns 1,5,9; lanes 2 and 3 own two each
    assertEquals(3, RateSchedule.laneShare(10, 0, 4));
    assertEquals(3, RateSchedule.laneShare(10, 1, 4));
    assertEquals(2, RateSchedule.laneShare(10, 2, 4));
    assertEquals(2, RateSchedule.laneShare(10, 3, 4));
    assertEquals(0, RateSchedule.laneShare(2, 3, 4));
    assertThrows(IllegalArgumentException.class, () -> RateSchedule.laneShare(10, 4, 4));
  }

  @Test
  void splitSpreadsSlotsEvenly() {
    assertEquals(22, RateSchedule.split(64, 0, 3));
    assertEquals(21, RateSchedule.split(64, 1, 3));
    assertEquals(21, RateSchedule.split(64, 2, 3));
    int sum = 0;
    for (int lane = 0; lane < 7; lane++) sum += RateSchedule.split(100, lane, 7);
    assertEquals(100, sum);
  }
}
