package io.alcorvx.service.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.alcorvx.engine.goalstate.Delta;
import io.alcorvx.engine.goalstate.Entry;
import io.alcorvx.engine.goalstate.EntryKey;
import io.alcorvx.engine.goalstate.Op;
import io.alcorvx.proto.ControllerMessage;
import io.alcorvx.proto.DHCPConfiguration;
import io.alcorvx.proto.DHCPState;
import io.alcorvx.proto.GatewayConfiguration;
import io.alcorvx.proto.GatewayState;
import io.alcorvx.proto.GoalStateDelta;
import io.alcorvx.proto.GoalStateV2;
import io.alcorvx.proto.HostResources;
import io.alcorvx.proto.NeighborConfiguration;
import io.alcorvx.proto.NeighborState;
import io.alcorvx.proto.NeighborType;
import io.alcorvx.proto.OperationType;
import io.alcorvx.proto.PortConfiguration;
import io.alcorvx.proto.PortState;
import io.alcorvx.proto.ResourceIdType;
import io.alcorvx.proto.ResourceType;
import io.alcorvx.proto.RouterConfiguration;
import io.alcorvx.proto.RouterState;
import io.alcorvx.proto.SecurityGroupConfiguration;
import io.alcorvx.proto.SecurityGroupState;
import io.alcorvx.proto.SessionNotice;
import io.alcorvx.proto.SubnetConfiguration;
import io.alcorvx.proto.SubnetState;
import io.alcorvx.proto.UpdateType;
import io.alcorvx.proto.VpcConfiguration;
import io.alcorvx.proto.VpcState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pre-encoded assembly equals what protobuf's builders produce, and bodies are encoded once. */
class DeltaEncoderTest {

  static Entry vpc(String id) {
    return new Entry(EntryKey.vpc(id), VpcConfiguration.newBuilder().setRevisionNumber(3).setId(id).setName("net ü")
        .setProjectId("proj").setTunnelId(5001).build());
  }

  static Entry subnet(String id) {
    return new Entry(EntryKey.subnet(id), SubnetConfiguration.newBuilder().setRevisionNumber(2).setId(id).setVpcId("net1")
        .setCidr("10.0.0.0/24").setTunnelId(5001).setDhcpEnable(true)
        .setGateway(SubnetConfiguration.Gateway.newBuilder().setIpAddress("10.0.0.1")).build());
  }

  static Entry port(String id) {
    return new Entry(EntryKey.port(id), PortConfiguration.newBuilder().setRevisionNumber(7).setId(id).setVpcId("net1")
        .setMacAddress("fa:16:3e:00:00:01").setAdminStateUp(true)
        .setHostInfo(PortConfiguration.HostInfo.newBuilder().setIpAddress("192.168.0.10"))
        .addFixedIps(PortConfiguration.FixedIp.newBuilder().setSubnetId("sub1").setIpAddress("10.0.0.5")).build());
  }

  static Entry dhcp(String id) {
    return new Entry(EntryKey.dhcp(id), DHCPConfiguration.newBuilder().setRevisionNumber(7).setId(id).setSubnetId("sub1")
        .setMacAddress("fa:16:3e:00:00:01").setIpv4Address("10.0.0.5").setPortHostName("host-10-0-0-5").build());
  }

  static Entry neighbor(String port, String subnet) {
    return new Entry(EntryKey.l2Neighbor(port, subnet), NeighborConfiguration.newBuilder().setId(port).setVpcId("net1")
        .setMacAddress("fa:16:3e:00:00:09").setHostIpAddress("192.168.0.11")
        .addFixedIps(NeighborConfiguration.FixedIp.newBuilder().setNeighborType(NeighborType.L2).setSubnetId(subnet)
            .setIpAddress("10.0.0.9")).build());
  }

  static Entry securityGroup(String id) {
    return new Entry(EntryKey.securityGroup(id), SecurityGroupConfiguration.newBuilder().setRevisionNumber(1).setId(id)
        .setName("default").addSecurityGroupRules(SecurityGroupConfiguration.SecurityGroupRule.newBuilder()
            .setId("r1").setSecurityGroupId(id).setDirection(SecurityGroupConfiguration.Direction.INGRESS)
            .setRemoteIpPrefix("0.0.0.0/0")).build());
  }

  static Entry router(String id) {
    return new Entry(EntryKey.router(id), RouterConfiguration.newBuilder().setRevisionNumber(4).setId(id)
        .addSubnetRoutingTables(RouterConfiguration.SubnetRoutingTable.newBuilder().setSubnetId("sub1")
            .addRoutingRules(RouterConfiguration.RoutingRule.newBuilder().setId("gw2").setDestination("10.1.0.0/24")
                .setNextHopIp("10.1.0.1"))).build());
  }

  /** Every type created, updated and deleted (neighbor deletes name the port as id). */
  static List<Op> mixedOps() {
    List<Op> ops = new ArrayList<>();
    ops.add(new Op(EntryKey.port("p1"), OperationType.CREATE, port("p1")));
    ops.add(new Op(EntryKey.vpc("net1"), OperationType.UPDATE, vpc("net1")));
    ops.add(Op.delete(EntryKey.l2Neighbor("p9", "sub1")));
    ops.add(new Op(EntryKey.subnet("sub1"), OperationType.CREATE, subnet("sub1")));
    ops.add(new Op(EntryKey.dhcp("p1"), OperationType.CREATE, dhcp("p1")));
    ops.add(new Op(EntryKey.l2Neighbor("p2", "sub1"), OperationType.CREATE, neighbor("p2", "sub1")));
    ops.add(new Op(EntryKey.securityGroup("sg1"), OperationType.UPDATE, securityGroup("sg1")));
    ops.add(new Op(EntryKey.router("r1"), OperationType.CREATE, router("r1")));
    ops.add(Op.delete(EntryKey.port("p0")));
    ops.add(Op.delete(EntryKey.dhcp("p0")));
    ops.add(Op.delete(EntryKey.vpc("ü-old-net")));
    ops.add(Op.delete(EntryKey.subnet("sub0")));
    ops.add(Op.delete(EntryKey.securityGroup("sg0")));
    ops.add(Op.delete(EntryKey.router("r0")));
    ops.add(Op.delete(EntryKey.l3Neighbor("p8", "sub2")));
    ops.add(Op.delete(new EntryKey(ResourceType.GATEWAY, "gw0")));
    ops.add(new Op(EntryKey.port("p3"), OperationType.UPDATE, port("p3")));
    return ops;
  }

  // ---- the reference: what a builder-made message is, written independently of the encoder

  static ControllerMessage expected(Delta d, String hostIp, long committedAtMicros) {
    GoalStateV2.Builder gs = GoalStateV2.newBuilder().setFormatVersion(1);
    HostResources.Builder hr = HostResources.newBuilder();
    for (Op op : d.ops()) {
      String key = op.key().key();
      hr.addResources(ResourceIdType.newBuilder().setType(op.key().type()).setId(key));
      OperationType t = op.type();
      Message config = op.isDelete() ? null : op.entry().configuration();
      String id = op.key().type() == ResourceType.NEIGHBOR ? key.split("/")[1] : key;
      switch (op.key().type()) {
        case VPC -> gs.putVpcStates(key, VpcState.newBuilder().setOperationType(t)
            .setConfiguration(config != null ? (VpcConfiguration) config : VpcConfiguration.newBuilder().setId(id).build()).build());
        case SUBNET -> gs.putSubnetStates(key, SubnetState.newBuilder().setOperationType(t)
            .setConfiguration(config != null ? (SubnetConfiguration) config : SubnetConfiguration.newBuilder().setId(id).build()).build());
        case PORT -> gs.putPortStates(key, PortState.newBuilder().setOperationType(t)
            .setConfiguration(config != null ? (PortConfiguration) config : PortConfiguration.newBuilder().setId(id).build()).build());
        case DHCP -> gs.putDhcpStates(key, DHCPState.newBuilder().setOperationType(t)
            .setConfiguration(config != null ? (DHCPConfiguration) config : DHCPConfiguration.newBuilder().setId(id).build()).build());
        case NEIGHBOR -> gs.putNeighborStates(key, NeighborState.newBuilder().setOperationType(t)
            .setConfiguration(config != null ? (NeighborConfiguration) config : NeighborConfiguration.newBuilder().setId(id).build()).build());
        case SECURITYGROUP -> gs.putSecurityGroupStates(key, SecurityGroupState.newBuilder().setOperationType(t)
            .setConfiguration(config != null ? (SecurityGroupConfiguration) config
                : SecurityGroupConfiguration.newBuilder().setId(id).build()).build());
        case ROUTER -> gs.putRouterStates(key, RouterState.newBuilder().setOperationType(t)
            .setConfiguration(config != null ? (RouterConfiguration) config : RouterConfiguration.newBuilder().setId(id).build()).build());
        case GATEWAY -> gs.putGatewayStates(key, GatewayState.newBuilder().setOperationType(t)
            .setConfiguration(config != null ? (GatewayConfiguration) config : GatewayConfiguration.newBuilder().setId(id).build()).build());
        default -> throw new AssertionError(op);
      }
    }
    gs.putHostResources(hostIp, hr.build());
    GoalStateDelta.Builder delta = GoalStateDelta.newBuilder().setEngineEpoch(d.epoch()).setFromVersion(d.fromVersion())
        .setToVersion(d.toVersion()).setUpdateType(d.full() ? UpdateType.FULL : UpdateType.DELTA).setGoalState(gs)
        .setExpectedEntryCount(d.expectedEntryCount()).setCommittedAtUnixMicros(committedAtMicros);
    if (d.expectedDigest() != null) delta.setExpectedDigest(d.expectedDigest());
    return ControllerMessage.newBuilder().setDelta(delta).build();
  }

  private static void assertSameAsBuilder(DeltaEncoder encoder, Delta d, String ip, long committed) throws Exception {
    byte[] bytes = encoder.encode(d, ip, committed);
    ControllerMessage want = expected(d, ip, committed);
    assertEquals(want, ControllerMessage.parseFrom(bytes));
    assertArrayEquals(want.toByteArray(), bytes, "byte for byte what the builder writes");
    io.netty.buffer.ByteBuf direct = encoder.encodeFramed(d, DeltaEncoder.utf8(ip), committed,
        io.netty.buffer.PooledByteBufAllocator.DEFAULT);
    try {
      assertTrue(direct.isDirect(), "written where the socket reads");
      byte[] framed = io.netty.buffer.ByteBufUtil.getBytes(direct);
      assertArrayEquals(DeltaEncoder.framed(bytes), framed, "the same message behind gRPC's frame prefix");
      assertEquals(0, framed[0], "not compressed");
      assertEquals(bytes.length, java.nio.ByteBuffer.wrap(framed, 1, 4).getInt(), "big-endian length");
    } finally {
      direct.release();
    }
  }

  @Test
  void deltaWithEveryTypeAndDeletesParsesBackToTheBuilderMessage() throws Exception {
    Delta d = new Delta("host-a", 7, 10, 12, false, mixedOps(), null, 0);
    assertSameAsBuilder(new DeltaEncoder(), d, "192.168.0.10", 1_764_000_000_123_456L);
    ControllerMessage m = ControllerMessage.parseFrom(new DeltaEncoder().encode(d, "192.168.0.10", 0));
    assertFalse(m.getDelta().hasExpectedDigest(), "a plain delta carries no digest");
    assertEquals(UpdateType.DELTA, m.getDelta().getUpdateType());
    assertEquals(0, m.getDelta().getCommittedAtUnixMicros());
    NeighborState gone = m.getDelta().getGoalState().getNeighborStatesOrThrow("L2/p9/sub1");
    assertEquals(OperationType.DELETE, gone.getOperationType());
    assertEquals("p9", gone.getConfiguration().getId(), "a neighbor DELETE names the port; the map key names the entry");
    assertEquals("p8", m.getDelta().getGoalState().getNeighborStatesOrThrow("L3/p8/sub2").getConfiguration().getId());
    assertEquals(17, m.getDelta().getGoalState().getHostResourcesOrThrow("192.168.0.10").getResourcesCount());
  }

  @Test
  void fullWithEveryTypeParsesBackToTheBuilderMessage() throws Exception {
    List<Op> ops = new ArrayList<>();
    for (Entry e : List.of(vpc("net1"), subnet("sub1"), securityGroup("sg1"), router("r1"), port("p1"), dhcp("p1"),
        port("p2"), dhcp("p2"), neighbor("p7", "sub1"), neighbor("p8", "sub1"))) {
      ops.add(new Op(e.key(), OperationType.CREATE, e));
    }
    Delta full = new Delta("host-a", 1L << 40, 3, 300, true, ops, 0x8000_0000_0000_0001L, ops.size());
    assertSameAsBuilder(new DeltaEncoder(), full, "10.20.30.40", 42);
    GoalStateDelta d = ControllerMessage.parseFrom(new DeltaEncoder().encode(full, "10.20.30.40", 42)).getDelta();
    assertEquals(UpdateType.FULL, d.getUpdateType());
    assertTrue(d.hasExpectedDigest());
    assertEquals(0x8000_0000_0000_0001L, d.getExpectedDigest());
    assertEquals(10, d.getExpectedEntryCount());
    assertEquals(42, d.getCommittedAtUnixMicros());
  }

  @Test
  void emptyFullAndZeroDigestStillMatchTheBuilder() throws Exception {
    Delta empty = new Delta("h", 2, 0, 1, true, List.of(), 0L, 0);
    assertSameAsBuilder(new DeltaEncoder(), empty, "::1", 0);
    GoalStateDelta d = ControllerMessage.parseFrom(new DeltaEncoder().encode(empty, "::1", 0)).getDelta();
    assertTrue(d.hasExpectedDigest(), "an explicit 0 digest (empty state) is present");
    assertTrue(d.hasGoalState());
  }

  @Test
  void sharedEntriesAreEncodedOnceForManyHosts() throws Exception {
    List<Op> ops = mixedOps();
    long distinct = ops.size(); // every op is a distinct (entry, op) or a distinct delete key
    DeltaEncoder encoder = new DeltaEncoder();
    int hosts = 50;
    for (int h = 0; h < hosts; h++) {
      // each host gets its own Delta (own versions and IP) over the same shared Op/Entry objects
      Delta d = new Delta("host-" + h, 9, h, h + 1, false, ops, h % 2 == 0 ? null : (long) h, h);
      assertSameAsBuilder(encoder, d, "10.0." + (h / 200) + "." + (h % 200 + 1), 1000L + h);
    }
    assertEquals(distinct, encoder.stateEncodings(), "each entry state serialized once for " + hosts + " hosts");
    // delete ops made afresh for another host (new EntryKey objects, equal keys) reuse the bytes too
    encoder.encode(new Delta("late", 9, 0, 1, false, List.of(Op.delete(EntryKey.port("p0"))), null, 0), "10.9.9.9", 0);
    assertEquals(distinct, encoder.stateEncodings());
    // the same entry under another operation type is another state: encoded once more
    Entry p1 = ops.get(0).entry();
    Op update = new Op(p1.key(), OperationType.UPDATE, p1);
    assertSame(encoder.stateBytes(update), encoder.stateBytes(update));
    assertEquals(distinct + 1, encoder.stateEncodings());
  }

  @Test
  void hostsSentTheSameOperationsShareOneBody() throws Exception {
    List<Op> ops = mixedOps();
    DeltaEncoder encoder = new DeltaEncoder();
    for (int h = 0; h < 20; h++) {
      // each host its own list (as each host queue drains its own) over the same Op objects
      Delta d = new Delta("host-" + h, 9, h, h + 1, false, new ArrayList<>(ops), h % 2 == 0 ? null : (long) h, h);
      assertSameAsBuilder(encoder, d, "10.1.0." + (h + 1), 500L + h);
    }
    assertEquals(1, encoder.bodyEncodings(), "the operations' part encoded for the first host only");
    assertEquals(39, encoder.bodyReuses(), "20 hosts, each encoded plain and framed into a direct buffer");
  }

  @Test
  void aDifferentRunOfOperationsIsNeverTakenForAnother() throws Exception {
    List<Op> ops = mixedOps();
    DeltaEncoder encoder = new DeltaEncoder();
    assertSameAsBuilder(encoder, new Delta("a", 9, 0, 1, false, ops, null, 0), "10.0.0.1", 1);
    // same first and last operation and the same count, another operation in the middle
    List<Op> middle = new ArrayList<>(ops);
    middle.set(5, new Op(EntryKey.l2Neighbor("p4", "sub1"), OperationType.CREATE, neighbor("p4", "sub1")));
    assertSameAsBuilder(encoder, new Delta("b", 9, 0, 1, false, middle, null, 0), "10.0.0.2", 1);
    // equal but not the same objects: encoded again, to the same bytes
    List<Op> copies = new ArrayList<>();
    for (Op op : ops) copies.add(new Op(op.key(), op.type(), op.entry()));
    assertSameAsBuilder(encoder, new Delta("c", 9, 0, 1, false, copies, null, 0), "10.0.0.3", 1);
    // fewer operations, same first one
    assertSameAsBuilder(encoder, new Delta("d", 9, 0, 1, false, ops.subList(0, 5), null, 0), "10.0.0.4", 1);
    assertEquals(4, encoder.bodyEncodings());
    // and the first run is still remembered (or encoded again), never mixed up with the others
    assertSameAsBuilder(encoder, new Delta("e", 9, 1, 2, false, ops, 3L, 17), "10.0.0.5", 2);
  }

  @Test
  void fullStatesAreNotRemembered() throws Exception {
    List<Op> ops = new ArrayList<>();
    for (Entry e : List.of(vpc("net1"), subnet("sub1"), port("p1"))) ops.add(new Op(e.key(), OperationType.CREATE, e));
    DeltaEncoder encoder = new DeltaEncoder();
    for (int h = 0; h < 3; h++) {
      assertSameAsBuilder(encoder, new Delta("h" + h, 4, 0, 1, true, ops, 7L, 3), "10.2.0." + (h + 1), 0);
    }
    assertEquals(6, encoder.bodyEncodings(), "a FULL is one host's whole state: kept by nobody");
    assertEquals(0, encoder.bodyReuses());
  }

  @Test
  void noticesAreControllerMessages() throws Exception {
    SessionNotice n = ControllerMessage.parseFrom(DeltaEncoder.inSync(5, 77)).getNotice();
    assertEquals(SessionNotice.Kind.IN_SYNC, n.getKind());
    assertEquals(5, n.getEngineEpoch());
    assertEquals(77, n.getVersion());
    assertEquals(SessionNotice.Kind.SHUTTING_DOWN, ControllerMessage.parseFrom(DeltaEncoder.shuttingDown("bye")).getNotice().getKind());
  }
}
