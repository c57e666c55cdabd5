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
