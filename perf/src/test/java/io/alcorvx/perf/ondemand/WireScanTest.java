package io.alcorvx.perf.ondemand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.proto.ControllerMessage;
import io.alcorvx.proto.GoalStateDelta;
import io.alcorvx.proto.GoalStateV2;
import io.alcorvx.proto.HostRequestOperationStatus;
import io.alcorvx.proto.HostRequestReply;
import io.alcorvx.proto.HostResources;
import io.alcorvx.proto.NeighborConfiguration;
import io.alcorvx.proto.NeighborState;
import io.alcorvx.proto.NodeSubscribeInfo;
import io.alcorvx.proto.OperationStatus;
import io.alcorvx.proto.OperationType;
import io.alcorvx.proto.PortConfiguration;
import io.alcorvx.proto.PortState;
import io.alcorvx.proto.ResourceIdType;
import io.alcorvx.proto.ResourceType;
import io.alcorvx.proto.SessionNotice;
import io.alcorvx.proto.UpdateType;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireScanTest {

  private static NeighborState neighbor(OperationType op, String id, String ip) {
    return NeighborState.newBuilder().setOperationType(op).setConfiguration(NeighborConfiguration.newBuilder().setId(id)
        .setMacAddress("fa:16:3e:00:00:01").addFixedIps(NeighborConfiguration.FixedIp.newBuilder().setIpAddress(ip))).build();
  }

  private static GoalStateDelta.Builder delta() {
    GoalStateV2 gs = GoalStateV2.newBuilder().setFormatVersion(1)
        .putHostResources("10.128.0.1", HostResources.newBuilder()
            .addResources(ResourceIdType.newBuilder().setType(ResourceType.NEIGHBOR).setId("L2/a/s")).build())
        .putPortStates("p1", PortState.newBuilder().setOperationType(OperationType.CREATE)
            .setConfiguration(PortConfiguration.newBuilder().setId("p1")).build())
        .putNeighborStates("L2/a/s", neighbor(OperationType.CREATE, "a", "10.0.0.2"))
        .putNeighborStates("L2/b/s", neighbor(OperationType.UPDATE, "b", "10.0.0.3"))
        .putNeighborStates("L2/c/s", neighbor(OperationType.DELETE, "c", "10.0.0.4"))
        .build();
    return GoalStateDelta.newBuilder().setEngineEpoch(7).setFromVersion(41).setToVersion(45).setGoalState(gs)
        .setExpectedDigest(0x1234_5678_9abc_def0L).setExpectedEntryCount(12).setCommittedAtUnixMicros(1_790_000_000_123_456L);
  }

  @Test
  void readsTheDeltaHeaderAndSkipsTheGoalStateWhenNoKeysAreAsked() {
    byte[] bytes = ControllerMessage.newBuilder().setDelta(delta()).build().toByteArray();
    WireScan.Header h = WireScan.controllerMessage(bytes, null);
    assertEquals(WireScan.Kind.DELTA, h.kind());
    assertEquals(7, h.epoch());
    assertEquals(41, h.fromVersion());
    assertEquals(45, h.toVersion());
    assertFalse(h.full());
    assertEquals(1_790_000_000_123_456L, h.committedAtMicros());
    assertEquals(0, h.neighborUpserts(), "not counted when not asked");
  }

  @Test
  void listsNeighborKeysThatAreNotDeletes() {
    byte[] bytes = ControllerMessage.newBuilder().setDelta(delta().setUpdateType(UpdateType.FULL)).build().toByteArray();
    List<String> keys = new ArrayList<>();
    WireScan.Header h = WireScan.controllerMessage(bytes, WireScan.strings(keys::add));
    assertTrue(h.full());
    assertEquals(List.of("L2/a/s", "L2/b/s"), keys.stream().sorted().toList());
    assertEquals(2, h.neighborUpserts());
    assertEquals(45, h.toVersion(), "fields after the goal state are still read");
  }

  @Test
  void deltaWithoutStampHasZero() {
    byte[] bytes = ControllerMessage.newBuilder().setDelta(GoalStateDelta.newBuilder().setEngineEpoch(1).setToVersion(2)).build()
        .toByteArray();
    WireScan.Header h = WireScan.controllerMessage(bytes, (b, o, l) -> { });
    assertEquals(0, h.committedAtMicros());
    assertEquals(0, h.neighborUpserts());
  }

  @Test
  void readsNoticesAndSubscribes() {
    byte[] inSync = ControllerMessage.newBuilder().setNotice(SessionNotice.newBuilder().setKind(SessionNotice.Kind.IN_SYNC)
        .setEngineEpoch(3).setVersion(99)).build().toByteArray();
    WireScan.Header n = WireScan.controllerMessage(inSync, null);
    assertEquals(WireScan.Kind.NOTICE, n.kind());
    assertEquals(0, n.noticeKind());
    assertEquals(3, n.epoch());
    assertEquals(99, n.toVersion());
    byte[] bye = ControllerMessage.newBuilder().setNotice(SessionNotice.newBuilder().setKind(SessionNotice.Kind.SHUTTING_DOWN))
        .build().toByteArray();
    assertEquals(1, WireScan.controllerMessage(bye, null).noticeKind());
    byte[] sub = ControllerMessage.newBuilder().setSubscribe(NodeSubscribeInfo.getDefaultInstance()).build().toByteArray();
    assertEquals(WireScan.Kind.SUBSCRIBE, WireScan.controllerMessage(sub, null).kind());
    assertEquals(WireScan.Kind.OTHER, WireScan.controllerMessage(new byte[0], null).kind());
  }

  @Test
  void garbageIsRejected() {
    assertThrows(UncheckedIOException.class, () -> WireScan.controllerMessage(new byte[] {0x0a, 0x7f, 0x01}, null));
  }

  @Test
  void countsReplyStatusesAndSuccesses() {
    HostRequestReply reply = HostRequestReply.newBuilder().setFormatVersion(1)
        .addOperationStatuses(HostRequestOperationStatus.newBuilder().setRequestId("1").setOperationStatus(OperationStatus.SUCCESS))
        .addOperationStatuses(HostRequestOperationStatus.newBuilder().setRequestId("2").setOperationStatus(OperationStatus.FAILURE)
            .setDetail("denied_by_destination_ingress"))
        .addOperationStatuses(HostRequestOperationStatus.newBuilder().setRequestId("3").setOperationStatus(OperationStatus.SUCCESS)
            .addResolvedResources(ResourceIdType.newBuilder().setType(ResourceType.NEIGHBOR).setId("L2/x/s")))
        .setResolvedStates(GoalStateV2.newBuilder().putNeighborStates("L2/x/s", neighbor(OperationType.INFO, "x", "10.0.0.9")))
        .setTotalOperationTime(12)
        .build();
    WireScan.ReplyCounts c = WireScan.replyCounts(java.nio.ByteBuffer.wrap(reply.toByteArray()));
    assertEquals(3, c.statuses());
    assertEquals(2, c.success());
    assertEquals(new WireScan.ReplyCounts(0, 0), WireScan.replyCounts(java.nio.ByteBuffer.wrap(new byte[0])));
  }
}
