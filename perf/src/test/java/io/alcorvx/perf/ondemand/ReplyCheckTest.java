package io.alcorvx.perf.ondemand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.proto.GoalStateV2;
import io.alcorvx.proto.HostRequest;
import io.alcorvx.proto.HostRequestOperationStatus;
import io.alcorvx.proto.HostRequestReply;
import io.alcorvx.proto.NeighborConfiguration;
import io.alcorvx.proto.NeighborState;
import io.alcorvx.proto.OperationStatus;
import io.alcorvx.proto.ResourceIdType;
import io.alcorvx.proto.ResourceStateRequest;
import io.alcorvx.proto.ResourceType;
import org.junit.jupiter.api.Test;

class ReplyCheckTest {

  private static final HostRequest REQUEST = HostRequest.newBuilder()
      .addStateRequests(ResourceStateRequest.newBuilder().setRequestId("a").setSourceIp("10.0.0.2").setDestinationIp("10.0.0.3"))
      .addStateRequests(ResourceStateRequest.newBuilder().setRequestId("b").setSourceIp("10.0.0.2").setDestinationIp("10.0.0.4"))
      .build();

  private static NeighborState neighbor(String ip) {
    return NeighborState.newBuilder().setConfiguration(NeighborConfiguration.newBuilder()
        .addFixedIps(NeighborConfiguration.FixedIp.newBuilder().setSubnetId("s").setIpAddress(ip))).build();
  }

  private static HostRequestOperationStatus.Builder ok(String id, String key) {
    return HostRequestOperationStatus.newBuilder().setRequestId(id).setOperationStatus(OperationStatus.SUCCESS)
        .addResolvedResources(ResourceIdType.newBuilder().setType(ResourceType.SUBNET).setId("s"))
        .addResolvedResources(ResourceIdType.newBuilder().setType(ResourceType.NEIGHBOR).setId(key));
  }

  private static HostRequestReply.Builder good() {
    return HostRequestReply.newBuilder()
        .addOperationStatuses(ok("a", "L2/p3/s"))
        .addOperationStatuses(ok("b", "L2/p4/s"))
        .setResolvedStates(GoalStateV2.newBuilder().putNeighborStates("L2/p3/s", neighbor("10.0.0.3"))
            .putNeighborStates("L2/p4/s", neighbor("10.0.0.4")));
  }

  @Test
  void aCorrectReplyPasses() {
    assertNull(ReplyCheck.problem(REQUEST, good().build()));
  }

  @Test
  void wrongCountIdStatusOrNeighborIsReported() {
    HostRequestReply missing = HostRequestReply.newBuilder().addOperationStatuses(ok("a", "L2/p3/s")).build();
    assertTrue(ReplyCheck.problem(REQUEST, missing).contains("got 1 statuses"));

    HostRequestReply swapped = good().setOperationStatuses(0, ok("b", "L2/p3/s")).build();
    assertTrue(ReplyCheck.problem(REQUEST, swapped).contains("answers request b"));

    HostRequestReply refused = good().setOperationStatuses(1, HostRequestOperationStatus.newBuilder().setRequestId("b")
        .setOperationStatus(OperationStatus.FAILURE).setDetail("unknown_destination")).build();
    assertTrue(ReplyCheck.problem(REQUEST, refused).contains("FAILURE: unknown_destination"));

    HostRequestReply wrongIp = good().setResolvedStates(GoalStateV2.newBuilder()
        .putNeighborStates("L2/p3/s", neighbor("10.0.0.3")).putNeighborStates("L2/p4/s", neighbor("10.0.0.99"))).build();
    assertEquals("request b has no neighbor state for 10.0.0.4", ReplyCheck.problem(REQUEST, wrongIp));

    HostRequestReply absentState = good().setResolvedStates(GoalStateV2.newBuilder()
        .putNeighborStates("L2/p3/s", neighbor("10.0.0.3"))).build();
    assertEquals("request b has no neighbor state for 10.0.0.4", ReplyCheck.problem(REQUEST, absentState));
  }
}
