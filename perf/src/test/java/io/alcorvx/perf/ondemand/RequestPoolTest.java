package io.alcorvx.perf.ondemand;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.proto.HostRequest;
import io.alcorvx.proto.Protocol;
import io.alcorvx.proto.ResourceStateRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestPoolTest {

  private static RequestPool.Ports ports(int n, int hosts) {
    List<String> ips = new ArrayList<>();
    List<String> hs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ips.add("10.0." + (i / 250) + "." + (2 + i % 250));
      hs.add("host-" + (i % hosts));
    }
    return new RequestPool.Ports(ips, hs);
  }

  @Test
  void everyFlowStartsOnTheAskingHostAndGoesToAnotherPortOfTheVpc() throws Exception {
    RequestPool.Ports ports = ports(1000, 4);
    Map<String, String> hostOfIp = new HashMap<>();
    for (int i = 0; i < ports.size(); i++) hostOfIp.put(ports.ips().get(i), ports.hosts().get(i));
    RequestPool pool = RequestPool.build(ports, 77, 50, 64, 1);
    assertEquals(64, pool.size());
    Set<String> askers = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (int c = 0; c < pool.size(); c++) {
      RequestPool.Call call = pool.call(c);
      askers.add(call.host());
      assertEquals(call.request(), HostRequest.parseFrom(call.bytes()), "bytes are the request");
      assertEquals(50, call.request().getStateRequestsCount());
      for (int k = 0; k < 50; k++) {
        ResourceStateRequest q = call.request().getStateRequests(k);
        assertEquals(77, q.getTunnelId());
        assertEquals(call.host(), hostOfIp.get(q.getSourceIp()), "source is a port of the asking host");
        assertTrue(hostOfIp.containsKey(q.getDestinationIp()));
        assertNotEquals(q.getSourceIp(), q.getDestinationIp());
        assertEquals(q.getDestinationIp(), call.destinations()[k]);
        assertEquals(Protocol.TCP, q.getProtocol());
        assertEquals(80, q.getDestinationPort());
        assertTrue(ids.add(q.getRequestId()), "request ids are unique");
      }
    }
    assertEquals(Set.of("host-0", "host-1", "host-2", "host-3"), askers, "calls rotate over the hosts");
  }

  @Test
  void sameSeedSamePoolAndCallsCycle() {
    RequestPool.Ports ports = ports(100, 2);
    RequestPool a = RequestPool.build(ports, 5, 3, 10, 9);
    RequestPool b = RequestPool.build(ports, 5, 3, 10, 9);
    for (int i = 0; i < 10; i++) assertArrayEquals(a.call(i).bytes(), b.call(i).bytes());
    assertSame(a.call(3), a.call(13));
    assertSame(a.call(9), a.call(-1));
  }

  @Test
  void twoPortsOnOneHostStillWork() {
    RequestPool pool = RequestPool.build(ports(2, 1), 1, 4, 2, 3);
    ResourceStateRequest q = pool.call(0).request().getStateRequests(0);
    assertNotEquals(q.getSourceIp(), q.getDestinationIp());
  }

  @Test
  void refusesNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new RequestPool.Ports(List.of("10.0.0.2"), List.of("h")));
    assertThrows(IllegalArgumentException.class, () -> new RequestPool.Ports(List.of("10.0.0.2", "10.0.0.3"), List.of("h")));
    assertThrows(IllegalArgumentException.class, () -> RequestPool.build(ports(10, 1), 1, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> RequestPool.build(ports(10, 1), 1, 1, 0, 1));
  }
}
