package io.alcorvx.perf.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PoliciesTest {

  @Test
  void backoffDoublesUpToTheCapWithJitterInTheUpperHalf() {
    ReconnectPolicy p = new ReconnectPolicy(100, 1000);
    assertEquals(100, p.ceilingMs(0));
    assertEquals(200, p.ceilingMs(1));
    assertEquals(800, p.ceilingMs(3));
    assertEquals(1000, p.ceilingMs(4));
    assertEquals(1000, p.ceilingMs(10_000));
    for (int i = 0; i < 1000; i++) {
      long d = p.delayMs(i % 8);
      long c = p.ceilingMs(i % 8);
      assertTrue(d >= c / 2 && d <= c, d + " not in [" + c / 2 + ", " + c + "]");
    }
    assertThrows(IllegalArgumentException.class, () -> new ReconnectPolicy(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new ReconnectPolicy(10, 5));
  }

  @Test
  void ackPolicyAndHostIdentity() {
    assertThrows(IllegalArgumentException.class, () -> new AckPolicy(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new AckPolicy(0, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new AckPolicy(0, Double.NaN));
    HostConfig h = HostConfig.numbered("sim-", 0, "", null, null);
    assertEquals("sim-0", h.hostId());
    assertEquals("sim-0", h.hostName());
    assertEquals("10.128.0.1", h.hostIp());
    assertEquals("02:5e:00:00:00:00", HostConfig.macOf(0));
    assertEquals(null, h.token(), "empty token = none");
    assertEquals(AckPolicy.IMMEDIATE, h.ack());
    assertEquals("10.128.1.0", HostConfig.ipOf(255));
    assertEquals("02:5e:00:01:00:ff", HostConfig.macOf(65_791));
  }
}
