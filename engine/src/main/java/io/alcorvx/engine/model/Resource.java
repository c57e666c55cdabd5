package io.alcorvx.engine.model;

/** Every stored resource: immutable, identified, revisioned. */
public sealed interface Resource permits Network, Subnet, Port, SecurityGroup, Router, Host {
  String id();

  long revision();
}
