package io.alcorvx.engine.model;

import java.util.List;

/** A security group with its rules; adding or removing a rule is a new revision of the group. */
public record SecurityGroup(
    String id,
    String projectId,
    String name,
    String description,
    List<SecurityGroupRule> rules,
    Stamp stamp) implements Resource {

  public SecurityGroup {
    rules = List.copyOf(rules);
  }

  @Override public long revision() { return stamp.revision(); }
}
