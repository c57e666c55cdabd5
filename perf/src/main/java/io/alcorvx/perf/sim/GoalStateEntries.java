package io.alcorvx.perf.sim;

import com.google.protobuf.Descriptors;
import com.google.protobuf.MessageLite;
import com.google.protobuf.UnknownFieldSet;
import io.alcorvx.proto.GoalStateDelta;
import io.alcorvx.proto.GoalStateV2;
import io.alcorvx.proto.OperationType;
import io.alcorvx.proto.ResourceType;
import java.util.List;

/** Walks the eight state maps of a {@link GoalStateV2}; reads {@code committed_at_unix_micros} of a delta. */
public final class GoalStateEntries {
  private GoalStateEntries() {}

  /** One map entry: its map's resource type, the map key, the state's operation type and configuration. */
  @FunctionalInterface
  public interface Sink {
    void accept(ResourceType type, String key, OperationType operation, MessageLite configuration);
  }

  /** Every entry of the eight resource maps ({@code host_resources} is not a resource map and is skipped). */
  public static void forEach(GoalStateV2 gs, Sink sink) {
    gs.getVpcStatesMap().forEach((k, v) -> sink.accept(ResourceType.VPC, k, v.getOperationType(), v.getConfiguration()));
    gs.getSubnetStatesMap().forEach((k, v) -> sink.accept(ResourceType.SUBNET, k, v.getOperationType(), v.getConfiguration()));
    gs.getPortStatesMap().forEach((k, v) -> sink.accept(ResourceType.PORT, k, v.getOperationType(), v.getConfiguration()));
    gs.getNeighborStatesMap().forEach((k, v) -> sink.accept(ResourceType.NEIGHBOR, k, v.getOperationType(), v.getConfiguration()));
    gs.getSecurityGroupStatesMap().forEach((k, v) ->
        sink.accept(ResourceType.SECURITYGROUP, k, v.getOperationType(), v.getConfiguration()));
    gs.getDhcpStatesMap().forEach((k, v) -> sink.accept(ResourceType.DHCP, k, v.getOperationType(), v.getConfiguration()));
    gs.getRouterStatesMap().forEach((k, v) -> sink.accept(ResourceType.ROUTER, k, v.getOperationType(), v.getConfiguration()));
    gs.getGatewayStatesMap().forEach((k, v) -> sink.accept(ResourceType.GATEWAY, k, v.getOperationType(), v.getConfiguration()));
  }

  /** Number of entries in the eight resource maps. */
  public static int size(GoalStateV2 gs) {
    return gs.getVpcStatesCount() + gs.getSubnetStatesCount() + gs.getPortStatesCount() + gs.getNeighborStatesCount()
        + gs.getSecurityGroupStatesCount() + gs.getDhcpStatesCount() + gs.getRouterStatesCount() + gs.getGatewayStatesCount();
  }

  /** Field number of {@code GoalStateDelta.committed_at_unix_micros}. */
  public static final int COMMITTED_AT_FIELD = 8;

  /** The field's descriptor once the proto has it; null while the built proto does not. */
  private static final Descriptors.FieldDescriptor COMMITTED_AT =
      GoalStateDelta.getDescriptor().findFieldByNumber(COMMITTED_AT_FIELD);

  /**
   * {@code committed_at_unix_micros} (field 8: wall-clock microseconds since the epoch when the delta's
   * changes became durable), or 0 when absent. Works whether or not the generated class knows the field:
   * read through its descriptor when it does, from the unknown fields when it does not.
   */
  public static long committedAtMicros(GoalStateDelta delta) {
    if (COMMITTED_AT != null) {
      Object v = delta.getField(COMMITTED_AT);
      return v instanceof Long l ? l : 0L;
    }
    UnknownFieldSet unknown = delta.getUnknownFields();
    if (!unknown.hasField(COMMITTED_AT_FIELD)) return 0L;
    UnknownFieldSet.Field f = unknown.getField(COMMITTED_AT_FIELD);
    List<Long> varints = f.getVarintList();
    if (!varints.isEmpty()) return varints.get(varints.size() - 1);
    List<Long> fixed = f.getFixed64List();
    return fixed.isEmpty() ? 0L : fixed.get(fixed.size() - 1);
  }
}
