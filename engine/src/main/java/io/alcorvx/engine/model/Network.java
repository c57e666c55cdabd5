package io.alcorvx.engine.model;

/**
 * A Neutron network, which is also the VPC of the goal state. {@code pushMode} is the effective
 * fan-out mode (derived from {@link FanoutPolicy} and the port count, kept in the record so a
 * mode switch is an ordinary change that the compiler and the store see).
 */
public record Network(
    String id,
    String projectId,
    String name,
    String description,
    boolean adminStateUp,
    boolean shared,
    boolean external,
    int mtu,
    long segmentationId,
    FanoutPolicy fanoutPolicy,
    boolean pushMode,
    Stamp stamp) implements Resource {

  @Override public long revision() { return stamp.revision(); }

  public Network withPushMode(boolean push, long now) {
    return new Network(id, projectId, name, description, adminStateUp, shared, external, mtu,
        segmentationId, fanoutPolicy, push, stamp.bumped(now));
  }
}
