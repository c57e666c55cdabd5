package io.alcorvx.perf.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import io.alcorvx.proto.DHCPConfiguration;
import io.alcorvx.proto.DHCPState;
import io.alcorvx.proto.GatewayConfiguration;
import io.alcorvx.proto.GatewayState;
import io.alcorvx.proto.GoalStateDelta;
import io.alcorvx.proto.GoalStateV2;
import io.alcorvx.proto.HostResources;
import io.alcorvx.proto.OperationType;
import io.alcorvx.proto.ResourceType;
import io.alcorvx.proto.UpdateType;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoalStateEntriesTest {

  @Test
  void walksEveryResourceMapWithItsTypeAndSkipsHostResources() {
    GoalStateV2 gs = GoalStateV2.newBuilder()
        .mergeFrom(FakeGateway.step("h", 0))
        .mergeFrom(FakeGateway.step("h", 1))
        .putDhcpStates("d1", DHCPState.newBuilder().setOperationType(OperationType.CREATE)
            .setConfiguration(DHCPConfiguration.newBuilder().setId("d1")).build())
        .putGatewayStates("g1", GatewayState.newBuilder().setOperationType(OperationType.DELETE)
            .setConfiguration(GatewayConfiguration.newBuilder().setId("g1")).build())
        .putHostResources("10.0.0.1", HostResources.getDefaultInstance())
        .build();
    List<String> seen = new ArrayList<>();
    GoalStateEntries.forEach(gs, (t, k, op, cfg) -> seen.add(t + " " + k + " " + op));
    assertEquals(GoalStateEntries.size(gs), seen.size());
    assertEquals(10, seen.size(), seen.toString());
    assertEquals(true, seen.contains("DHCP d1 CREATE"));
    assertEquals(true, seen.contains("GATEWAY g1 DELETE"));
    assertEquals(true, seen.contains("ROUTER router-1 CREATE"));
    assertEquals(true, seen.contains("SECURITYGROUP sg-1 CREATE"));
    assertEquals(1, seen.stream().filter(s -> s.startsWith(ResourceType.VPC.name())).count());
  }

  @Test
  void committedAtIsReadFromFieldEightWhetherKnownOrNot() throws Exception {
    GoalStateDelta plain = GoalStateDelta.newBuilder().setEngineEpoch(1).setToVersion(2).setUpdateType(UpdateType.DELTA).build();
    assertEquals(0, GoalStateEntries.committedAtMicros(plain));

    // bytes as the gateway writes them: the delta, then field 8 as a varint
    long micros = 1_764_000_000_123_456L;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    plain.writeTo(bytes);
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeUInt64(GoalStateEntries.COMMITTED_AT_FIELD, micros);
    out.flush();
    GoalStateDelta parsed = GoalStateDelta.parseFrom(bytes.toByteArray());
    assertEquals(micros, GoalStateEntries.committedAtMicros(parsed));
    assertEquals(2, parsed.getToVersion());

    GoalStateDelta built = plain.toBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
        .addField(8, UnknownFieldSet.Field.newBuilder().addVarint(micros).build()).build()).build();
    assertEquals(micros, GoalStateEntries.committedAtMicros(GoalStateDelta.parseFrom(built.toByteArray())));
  }
}
