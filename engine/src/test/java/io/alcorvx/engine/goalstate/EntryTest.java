package io.alcorvx.engine.goalstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.alcorvx.proto.DHCPConfiguration;
import io.alcorvx.proto.DHCPState;
import io.alcorvx.proto.GoalStateDigest;
import io.alcorvx.proto.GoalStateV2;
import io.alcorvx.proto.HostRequestOperationStatus;
import io.alcorvx.proto.NeighborState;
import io.alcorvx.proto.PortState;
import io.alcorvx.proto.ResourceIdType;
import io.alcorvx.proto.RouterState;
import io.alcorvx.proto.SecurityGroupState;
import io.alcorvx.proto.SubnetState;
import io.alcorvx.proto.VpcState;
import io.alcorvx.proto.NeighborConfiguration;
import io.alcorvx.proto.NeighborType;
import io.alcorvx.proto.OperationType;
import io.alcorvx.proto.PortConfiguration;
import io.alcorvx.proto.RouterConfiguration;
import io.alcorvx.proto.SecurityGroupConfiguration;
import io.alcorvx.proto.SubnetConfiguration;
import io.alcorvx.proto.VpcConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An entry keeps its body encoded: what it gives back must be exactly what the message would. */
class EntryTest {

  private static List<Entry> oneOfEachType() {
    return List.of(
        new Entry(EntryKey.vpc("n1"), VpcConfiguration.newBuilder().setRevisionNumber(3).setId("n1").setName("net ü")
            .setTunnelId(4097).build()),
        new Entry(EntryKey.subnet("s1"), SubnetConfiguration.newBuilder().setRevisionNumber(2).setId("s1").setVpcId("n1")
            .setCidr("10.0.0.0/24").setDhcpEnable(true).build()),
        new Entry(EntryKey.port("p1"), PortConfiguration.newBuilder().setRevisionNumber(300).setId("p1")
            .addFixedIps(PortConfiguration.FixedIp.newBuilder().setSubnetId("s1").setIpAddress("10.0.0.5")).build()),
        new Entry(EntryKey.dhcp("p1"), DHCPConfiguration.newBuilder().setId("p1").setSubnetId("s1").build()),
        new Entry(EntryKey.l3Neighbor("p1", "s1"), NeighborConfiguration.newBuilder().setId("p1").setVpcId("n1")
            .setMacAddress("fa:16:3e:00:00:01").setHostIpAddress("192.168.0.1")
            .addFixedIps(NeighborConfiguration.FixedIp.newBuilder().setNeighborType(NeighborType.L3).setSubnetId("s1")
                .setIpAddress("10.0.0.5")).build()),
        new Entry(EntryKey.securityGroup("g1"), SecurityGroupConfiguration.newBuilder().setId("g1").build()),
        new Entry(EntryKey.router("r1"), RouterConfiguration.newBuilder().setRevisionNumber(1).setId("r1").build()),
        // an empty body: the configuration field is still written (a set message field)
        new Entry(EntryKey.securityGroup("g0"), SecurityGroupConfiguration.getDefaultInstance()));
  }

  @Test
  void stateBytesAreTheBuiltStatesBytesForEveryOperation() {
    for (Entry e : oneOfEachType()) {
      for (OperationType op : List.of(OperationType.INFO, OperationType.CREATE, OperationType.UPDATE, OperationType.GET,
          OperationType.DELETE)) {
        assertEquals(e.state(op).toByteString(), e.stateBytes(op), e.key() + " " + op);
        assertSame(e.stateBytes(op), e.stateBytes(op), "encoded once");
        assertTrue(e.isEncoded(op));
      }
    }
  }

  @Test
  void theConfigurationComesBackAsBuiltAndTheDigestTermIsItsHash() {
    Message built = NeighborConfiguration.newBuilder().setId("p1").setVpcId("n1").setName("port ü").build();
    Entry e = new Entry(EntryKey.l2Neighbor("p1", "s1"), built);
    assertEquals(built, e.configuration());
    assertEquals(GoalStateDigest.entryHash(e.key().type(), e.key().key(), built), e.digestHash());
  }

  @Test
  void sameBodyMeansEqualConfigurations() {
    EntryKey k = EntryKey.vpc("n1");
    Entry a = new Entry(k, VpcConfiguration.newBuilder().setRevisionNumber(3).setId("n1").setName("a").build());
    Entry same = new Entry(k, VpcConfiguration.newBuilder().setId("n1").setRevisionNumber(3).setName("a").build());
    Entry renamed = new Entry(k, VpcConfiguration.newBuilder().setRevisionNumber(3).setId("n1").setName("b").build());
    Entry bumped = new Entry(k, VpcConfiguration.newBuilder().setRevisionNumber(4).setId("n1").setName("a").build());
    assertTrue(a.sameBody(same));
    assertFalse(a.sameBody(renamed));
    assertFalse(a.sameBody(bumped), "a new revision is a different body");
    assertFalse(a.sameBody(null));
  }

  @Test
  void theReplyEncodingIsBuiltOnceAndOnlyWhenAsked() {
    for (Entry e : oneOfEachType()) {
      assertNull(e.builtReplyWire(), "nothing built yet: " + e.key());
      byte[] wire = e.replyWire();
      assertSame(wire, e.builtReplyWire(), e.key().toString());
      assertSame(wire, e.replyWire(), "built once: " + e.key());
      assertFalse(e.isEncoded(OperationType.INFO), "the reply encoding keeps no state encoding of its own");
    }
  }

  @Test
  void warmingLinesReadsTheFirstByteOfEachCacheLineAndTheLast() {
    byte[] bytes = new byte[130];
    bytes[0] = 1;
    bytes[64] = 2;
    bytes[128] = 4;
    bytes[129] = 8;
    bytes[5] = 16; // inside a line already read
    assertEquals(1 + 2 + 4 + 8, Entry.warmLines(bytes));
  }

  @Test
  void theReplyEncodingIsTheIdFieldThenTheMapEntry() throws Exception {
    for (Entry e : oneOfEachType()) {
      byte[] wire = e.replyWire();
      int split = GoalStateWire.replyIdLength(wire);
      HostRequestOperationStatus status = HostRequestOperationStatus.parseFrom(java.util.Arrays.copyOf(wire, split));
      assertEquals(ResourceIdType.newBuilder().setType(e.key().type()).setId(e.key().key()).build(), status.getResolvedResources(0));
      GoalStateV2 states = GoalStateV2.parseFrom(java.util.Arrays.copyOfRange(wire, split, wire.length));
      GoalStateV2.Builder expected = GoalStateV2.newBuilder();
      String k = e.key().key();
      Message info = e.state(OperationType.INFO);
      switch (e.key().type()) {
        case VPC -> expected.putVpcStates(k, (VpcState) info);
        case SUBNET -> expected.putSubnetStates(k, (SubnetState) info);
        case PORT -> expected.putPortStates(k, (PortState) info);
        case NEIGHBOR -> expected.putNeighborStates(k, (NeighborState) info);
        case SECURITYGROUP -> expected.putSecurityGroupStates(k, (SecurityGroupState) info);
        case DHCP -> expected.putDhcpStates(k, (DHCPState) info);
        case ROUTER -> expected.putRouterStates(k, (RouterState) info);
        default -> throw new AssertionError(e.key());
      }
      assertEquals(expected.build(), states, e.key().toString());
    }
  }

  @Test
  void aLongIdStillSplitsWhereTheIdFieldEnds() throws Exception {
    String longId = "p".repeat(300); // a two-byte length varint
    Entry e = new Entry(EntryKey.port(longId), PortConfiguration.newBuilder().setId(longId).build());
    byte[] wire = e.replyWire();
    int split = GoalStateWire.replyIdLength(wire);
    assertEquals(longId, HostRequestOperationStatus.parseFrom(java.util.Arrays.copyOf(wire, split)).getResolvedResources(0).getId());
    assertEquals(1, GoalStateV2.parseFrom(java.util.Arrays.copyOfRange(wire, split, wire.length)).getPortStatesCount());
  }
}
