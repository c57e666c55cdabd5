package io.alcorvx.perf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class PortSetCheckTest {

  private static JsonObject port(String id, String ip, String mac) {
    JsonObject p = new JsonObject().put("id", id);
    p.put("fixed_ips", ip == null ? new JsonArray()
        : new JsonArray().add(new JsonObject().put("subnet_id", "s1").put("ip_address", ip)));
    if (mac != null) p.put("mac_address", mac);
    return p;
  }

  private static JsonObject page(JsonObject... ports) {
    JsonArray a = new JsonArray();
    for (JsonObject p : ports) a.add(p);
    return new JsonObject().put("ports", a);
  }

  @Test
  void cleanListingPasses() {
    PortSetCheck c = new PortSetCheck();
    assertEquals("b", c.acceptPage(page(port("a", "10.0.0.2", "fa:16:3e:00:00:01"), port("b", "10.0.0.3", "fa:16:3e:00:00:02"))));
    assertEquals("c", c.acceptPage(page(port("c", "10.0.0.4", null))));
    assertNull(c.acceptPage(page()));
    VerifyResult r = c.result(3, 5);
    assertTrue(r.passed(), r.toString());
    assertEquals(3, r.listed());
    assertEquals(3, r.pages());
    assertTrue(r.problems().isEmpty());
  }

  @Test
  void duplicatesAndMissingAddressesFail() {
    PortSetCheck c = new PortSetCheck();
    c.acceptPage(page(port("a", "10.0.0.2", "FA:16:3E:00:00:01"), port("b", "10.0.0.2", "fa:16:3e:00:00:01"),
        port("c", null, null)));
    VerifyResult r = c.result(3, 0);
    assertFalse(r.passed());
    assertEquals(1, r.duplicateIps());
    assertEquals(1, r.duplicateMacs(), "MACs compare case-insensitively");
    assertEquals(1, r.withoutIp());
    assertTrue(r.problems().contains("ip 10.0.0.2 held by a and b"), r.problems().toString());
  }

  @Test
  void countMismatchFails() {
    PortSetCheck c = new PortSetCheck();
    c.acceptPage(page(port("a", "10.0.0.2", null)));
    VerifyResult r = c.result(2, 0);
    assertFalse(r.passed());
    assertTrue(r.problems().contains("listed 1 ports, expected 2"));
  }

  @Test
  void sameAddressInDifferentSubnetsIsNoConflict() {
    PortSetCheck c = new PortSetCheck();
    JsonObject a = new JsonObject().put("id", "a").put("fixed_ips",
        new JsonArray().add(new JsonObject().put("subnet_id", "s1").put("ip_address", "10.0.0.2")));
    JsonObject b = new JsonObject().put("id", "b").put("fixed_ips",
        new JsonArray().add(new JsonObject().put("subnet_id", "s2").put("ip_address", "10.0.0.2")));
    c.accept(a);
    c.accept(b);
    assertTrue(c.result(2, 0).passed());
  }

  @Test
  void rejectsSomethingElse() {
    assertThrows(IllegalArgumentException.class, () -> new PortSetCheck().acceptPage(new JsonObject().put("networks", new JsonArray())));
  }
}
