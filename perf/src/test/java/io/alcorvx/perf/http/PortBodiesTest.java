package io.alcorvx.perf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class PortBodiesTest {

  @Test
  void singleCreateWithoutHost() {
    JsonObject o = new JsonObject(new PortBodies("net-1", "p", 0).single(42));
    JsonObject port = o.getJsonObject("port");
    assertEquals("net-1", port.getString("network_id"));
    assertEquals("p42", port.getString("name"));
    assertFalse(port.containsKey("binding:host_id"));
    assertEquals(1, o.size());
  }

  @Test
  void singleCreateBoundRoundRobin() {
    PortBodies b = new PortBodies("net-1", "p", 10);
    assertEquals("host-7", new JsonObject(b.single(7)).getJsonObject("port").getString("binding:host_id"));
    assertEquals("host-3", new JsonObject(b.single(123)).getJsonObject("port").getString("binding:host_id"));
    assertEquals("host-0", new JsonObject(b.singleBuffer(10)).getJsonObject("port").getString("binding:host_id"));
  }

  @Test
  void bulkCreate() {
    JsonArray ports = new JsonObject(new PortBodies("n", "pre", 3).bulk(1000, 1500)).getJsonArray("ports");
    assertEquals(500, ports.size());
    assertEquals("pre1000", ports.getJsonObject(0).getString("name"));
    assertEquals("pre1499", ports.getJsonObject(499).getString("name"));
    assertEquals("host-2", ports.getJsonObject(499).getString("binding:host_id"));
    assertThrows(IllegalArgumentException.class, () -> new PortBodies("n", "p", 0).bulk(5, 5));
  }

  @Test
  void batchCount() {
    assertEquals(2000, PortBodies.batches(1_000_000, 500));
    assertEquals(3, PortBodies.batches(1001, 500));
    assertEquals(0, PortBodies.batches(0, 500));
  }

  @Test
  void valuesAreEscaped() {
    JsonObject port = new JsonObject(new PortBodies("a\"b", "x\\\"y", 0).single(1)).getJsonObject("port");
    assertEquals("a\"b", port.getString("network_id"));
    assertEquals("x\\\"y1", port.getString("name"));
  }
}
