package io.alcorvx.service.ondemand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.Engine;
import io.alcorvx.engine.EngineConfig;
import io.alcorvx.engine.IdSource;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command.CreateNetwork;
import io.alcorvx.engine.command.Command.CreatePort;
import io.alcorvx.engine.command.Command.CreateSubnet;
import io.alcorvx.engine.command.Command.AddRouterInterface;
import io.alcorvx.engine.command.Command.CreateRouter;
import io.alcorvx.engine.command.Command.FixedIpSpec;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.Subnet;
import java.util.List;
import io.alcorvx.engine.model.FanoutPolicy;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.ondemand.PublishedView;
import io.alcorvx.proto.HostRequest;
import io.alcorvx.proto.HostRequestReply;
import io.alcorvx.proto.OperationStatus;
import io.alcorvx.proto.Protocol;
import io.alcorvx.proto.ResourceStateRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class OnDemandHandlerTest {
  private static final Actor ADMIN = new Actor("p1", true);

  @Test
  void answersEachRequestWithTheStatesInTheReplyAndNeverClaimsSuccessOnErrors() {
    Engine engine = new Engine(EngineConfig.defaults(), IdSource.sequential("id"));
    Network n = (Network) engine.apply(new CreateNetwork(ADMIN, null, null, "n", null, null, null, null, null, null, FanoutPolicy.ON_DEMAND), 1).value();
    engine.apply(new CreateSubnet(ADMIN, null, null, n.id(), "s", null, null, "10.0.0.0/24", null, null, null, null, null), 1);
    Port a = (Port) engine.apply(new CreatePort(ADMIN, null, null, n.id(), "a", null, null, null, null, null, "host-a", null, null, null), 1).value();
    Port b = (Port) engine.apply(new CreatePort(ADMIN, null, null, n.id(), "b", null, null, null, null, null, "host-b", null, null, null), 1).value();
    PublishedView view = PublishedView.of(engine.model());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    OnDemandHandler handler = new OnDemandHandler(() -> view, registry);
    String ipA = a.fixedIps().get(0).ipAddress().toString();
    String ipB = b.fixedIps().get(0).ipAddress().toString();
    int vni = (int) n.segmentationId();

    HostRequest request = HostRequest.newBuilder()
        .addStateRequests(ResourceStateRequest.newBuilder().setRequestId("ok").setTunnelId(vni).setSourceIp(ipA)
            .setDestinationIp(ipB).setProtocol(Protocol.TCP).setDestinationPort(22))
        .addStateRequests(ResourceStateRequest.newBuilder().setRequestId("not-mine").setTunnelId(vni).setSourceIp(ipB)
            .setDestinationIp(ipA).setProtocol(Protocol.TCP).setDestinationPort(22))
        .addStateRequests(ResourceStateRequest.newBuilder().setRequestId("garbage").setTunnelId(vni).setSourceIp("10.0.0.300")
            .setDestinationIp(ipA))
        .addStateRequests(ResourceStateRequest.newBuilder().setRequestId("unknown-vni").setTunnelId(vni + 1).setSourceIp(ipA)
            .setDestinationIp(ipB))
        .build();
    HostRequestReply reply = handler.handle("host-a", request);

    assertEquals(4, reply.getOperationStatusesCount());
    assertEquals(OperationStatus.SUCCESS, reply.getOperationStatuses(0).getOperationStatus());
    assertEquals("L2/" + b.id() + "/" + b.fixedIps().get(0).subnetId(), reply.getOperationStatuses(0).getResolvedResources(0).getId());
    assertTrue(reply.getResolvedStates().containsNeighborStates("L2/" + b.id() + "/" + b.fixedIps().get(0).subnetId()));
    assertEquals(ipB, reply.getResolvedStates().getNeighborStatesOrThrow("L2/" + b.id() + "/" + b.fixedIps().get(0).subnetId())
        .getConfiguration().getFixedIps(0).getIpAddress());
    assertEquals(OperationStatus.FAILURE, reply.getOperationStatuses(1).getOperationStatus(), "host-a asking about host-b's port");
    assertEquals("source_not_on_host", reply.getOperationStatuses(1).getDetail());
    assertEquals(OperationStatus.INVALID_ARG, reply.getOperationStatuses(2).getOperationStatus());
    assertEquals(OperationStatus.FAILURE, reply.getOperationStatuses(3).getOperationStatus());
    assertEquals(0, reply.getOperationStatuses(1).getResolvedResourcesCount());
    assertEquals(1.0, registry.get("alcor_ondemand_resolutions_total").tag("outcome", "routable").counter().count());
  }

  @Test
  void theEncodedReplyParsesToTheSameMessageAsTheBuiltOne() throws Exception {
    Engine engine = new Engine(EngineConfig.defaults(), IdSource.sequential("id"));
    Network n = (Network) engine.apply(new CreateNetwork(ADMIN, null, null, "n", null, null, null, null, null, null, FanoutPolicy.ON_DEMAND), 1).value();
    engine.apply(new CreateSubnet(ADMIN, null, null, n.id(), "s1", null, null, "10.0.0.0/24", null, null, null, null, null), 1);
    Subnet s2 = (Subnet) engine.apply(new CreateSubnet(ADMIN, null, null, n.id(), "s2", null, null, "10.0.1.0/24", null, null, null, null, null), 1).value();
    Router r = (Router) engine.apply(new CreateRouter(ADMIN, null, null, "r", null, null, null), 1).value();
    Port a = (Port) engine.apply(new CreatePort(ADMIN, null, null, n.id(), "a", null, null, null, null, null, "host-a", null, null, null), 1).value();
    Port b = (Port) engine.apply(new CreatePort(ADMIN, null, null, n.id(), "b", null, null, null, null, null, "host-b", null, null, null), 1).value();
    for (Subnet s : engine.model().subnets()) engine.apply(new AddRouterInterface(ADMIN, r.id(), s.id(), null), 1);
    Port c = (Port) engine.apply(new CreatePort(ADMIN, null, null, n.id(), "c", null, null,
        List.of(new FixedIpSpec(s2.id(), null)), null, null, "host-c", null, null, null), 1).value();
    PublishedView view = PublishedView.of(engine.model());
    OnDemandHandler handler = new OnDemandHandler(() -> view, new SimpleMeterRegistry());
    int vni = (int) n.segmentationId();
    String ipA = a.fixedIps().get(0).ipAddress().toString();
    HostRequest.Builder request = HostRequest.newBuilder();
    String[][] flows = { // request id, destination: L2, the same L2 again (one state, two references), L3, refused, invalid
        {"l2", b.fixedIps().get(0).ipAddress().toString()}, {"l2-again", b.fixedIps().get(0).ipAddress().toString()},
        {"l3", c.fixedIps().get(0).ipAddress().toString()}, {"nobody", "10.0.0.250"}, {"", "not-an-ip"}};
    for (String[] f : flows) {
      request.addStateRequests(ResourceStateRequest.newBuilder().setRequestId(f[0]).setTunnelId(vni).setSourceIp(ipA)
          .setDestinationIp(f[1]).setProtocol(Protocol.TCP).setDestinationPort(80));
    }
    HostRequestReply built = handler.handle("host-a", request.build());
    byte[] encoded = handler.handleEncoded("host-a", request.build());
    HostRequestReply parsed = HostRequestReply.parseFrom(encoded);
    String neighborKey = "L2/" + b.id() + "/" + b.fixedIps().get(0).subnetId();
    assertEquals(3, occurrences(encoded, neighborKey.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        "named by both answers that reach it, its state written once");
    assertEquals(built.toBuilder().clearTotalOperationTime().build(), parsed.toBuilder().clearTotalOperationTime().build());
    assertEquals(OperationStatus.SUCCESS, parsed.getOperationStatuses(2).getOperationStatus(), parsed.toString());
    assertTrue(parsed.getResolvedStates().getRouterStatesCount() > 0, "the L3 answer carries the router");
    assertEquals(1, parsed.getResolvedStates().getNeighborStatesMap().keySet().stream().filter(k -> k.contains(b.id())).count());
    assertEquals(OperationStatus.INVALID_ARG, parsed.getOperationStatuses(4).getOperationStatus());
  }

  @Test
  void beforeTheEngineIsLoadedEveryRequestIsAFailure() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    OnDemandHandler handler = new OnDemandHandler(() -> null, registry);
    HostRequest request = HostRequest.newBuilder()
        .addStateRequests(ResourceStateRequest.newBuilder().setRequestId("one").setTunnelId(1).setSourceIp("10.0.0.2").setDestinationIp("10.0.0.3"))
        .addStateRequests(ResourceStateRequest.newBuilder().setRequestId("two").setTunnelId(1).setSourceIp("bad").setDestinationIp("10.0.0.3"))
        .build();
    HostRequestReply reply = handler.handle("host-a", request);
    assertEquals(2, reply.getOperationStatusesCount());
    for (int i = 0; i < 2; i++) {
      assertEquals(OperationStatus.FAILURE, reply.getOperationStatuses(i).getOperationStatus());
      assertEquals("engine not ready", reply.getOperationStatuses(i).getDetail());
    }
    assertEquals("two", reply.getOperationStatuses(1).getRequestId());
    assertEquals(2.0, registry.get("alcor_ondemand_resolutions_total").tag("outcome", "failure").counter().count());
  }

  private static int occurrences(byte[] haystack, byte[] needle) {
    int n = 0;
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) n++;
    }
    return n;
  }
}
