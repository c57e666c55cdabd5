package io.alcorvx.perf.ondemand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class NeighborTrackerTest {

  @Test
  void keepsCountFirstLastAndSmallestStamp() {
    NeighborTracker t = new NeighborTracker();
    assertFalse(t.armed());
    t.arm();
    assertTrue(t.armed());
    t.record("L2/p/s", 500, 90);
    t.record("L2/p/s", 100, 0);
    t.record("L2/p/s", 300, 70);
    NeighborTracker.Track tr = t.get("L2/p/s");
    assertEquals(3, tr.hosts());
    assertEquals(100, tr.firstNanos());
    assertEquals(500, tr.lastNanos());
    assertEquals(70, tr.minCommittedMicros());
    t.record("L2/q/s", 1, 0);
    assertEquals(0, t.get("L2/q/s").minCommittedMicros(), "no stamp seen");
    assertEquals(2, t.size());
    assertNull(t.get("L2/r/s"));
    t.clear();
    assertEquals(0, t.size());
    assertEquals("L2/p/s", NeighborTracker.l2Key("p", "s"));
  }

  @Test
  void threadsRecordApartAndReadsMergeThem() throws Exception {
    NeighborTracker t = new NeighborTracker();
    t.arm();
    int threads = 4;
    int messages = 5_000;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int th = 0; th < threads; th++) {
        int id = th;
        done.add(pool.submit(() -> {
          NeighborTracker.Recorder r = t.recorder();
          for (int m = 0; m < messages; m++) {
            // keys in the middle of a larger buffer, as in a received delta: positions, not copies
            byte[] a = NeighborTracker.l2Key("port-" + (m % 500), "s").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] b = NeighborTracker.l2Key("port-" + ((m + 1) % 500), "s").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.nio.ByteBuffer msg = java.nio.ByteBuffer.allocate(7 + a.length + b.length + 3);
            msg.position(7);
            msg.put(a).put(b);
            r.begin(msg);
            r.key(msg, 7, a.length);
            r.key(msg, 7 + a.length, b.length);
            r.commit(1_000L * id + m, m == 0 ? 0 : 10_000 + id);
          }
        }));
      }
      for (java.util.concurrent.Future<?> f : done) f.get();
    } finally {
      pool.shutdown();
    }
    assertEquals(500, t.size());
    // each message names port-m and port-m+1: every key comes 2 × messages / 500 times per thread
    NeighborTracker.Track p0 = t.get(NeighborTracker.l2Key("port-0", "s"));
    assertEquals(threads * 2 * messages / 500, p0.hosts());
    assertEquals(0, p0.firstNanos(), "thread 0, message 0");
    assertEquals(10_000, p0.minCommittedMicros(), "message 0 had no stamp");
    NeighborTracker.Track p7 = t.get(NeighborTracker.l2Key("port-7", "s"));
    assertEquals(6, p7.firstNanos(), "message 6 named port-7 as its second key");
    assertEquals(1_000L * (threads - 1) + messages - 493, p7.lastNanos(), "the last thread's message 4,507");
    assertNull(t.get(NeighborTracker.l2Key("port-500", "s")));
    t.clear();
    assertNull(t.get(NeighborTracker.l2Key("port-0", "s")), "cleared, even before the recorders record again");
    assertEquals(0, t.size());
  }

  @Test
  void summaryCountsOnlyPortsThatReachedEveryHost() {
    NeighborTracker t = new NeighborTracker();
    FanoutProbe.Measured a = new FanoutProbe.Measured("rate", 0, "a", "L2/a/s", 1_000_000, 3_000_000, 201);
    FanoutProbe.Measured b = new FanoutProbe.Measured("rate", 1, "b", "L2/b/s", 1_000_000, 2_000_000, 201);
    FanoutProbe.Measured c = new FanoutProbe.Measured("rate", 2, null, null, 1_000_000, 2_000_000, 500);
    t.record("L2/a/s", 2_500_000, 0);
    t.record("L2/a/s", 5_000_000, 0); // last host 4 ms after sent, 2 ms after the 201
    t.record("L2/b/s", 1_500_000, 0); // only one of two hosts
    List<FanoutProbe.Outcome> out = FanoutProbe.outcomes(List.of(a, b, c), t);
    assertEquals(2, out.get(0).hostsReached());
    assertEquals(4_000, out.get(0).lastMinusSentUs());
    assertEquals(2_000, out.get(0).lastMinusOkUs());
    assertEquals(-1, out.get(0).lastMinusStampUs(), "no stamp");
    assertEquals(0, out.get(2).hostsReached());
    JsonObject s = FanoutProbe.summarize("rate", out, 2, new Histogram(3));
    assertEquals(3, s.getInteger("ports"));
    assertEquals(1, s.getInteger("not_201"));
    assertEquals(1, s.getInteger("ports_reaching_all_hosts"));
    assertEquals(1, s.getJsonObject("all_hosts_after_post_sent_ms").getLong("n"));
    assertEquals(4.0, s.getJsonObject("all_hosts_after_post_sent_ms").getDouble("max"), 0.01);
    assertEquals(2.0, s.getJsonObject("all_hosts_after_201_ms").getDouble("max"), 0.01);
  }

  @Test
  void callsPerSecondFollowsTheBatch() {
    assertEquals(500.0, OnDemandDriver.callsPerSecond(25_000, 50), 1e-9);
    assertEquals(0.0, OnDemandDriver.callsPerSecond(0, 50), 1e-9);
  }
}
