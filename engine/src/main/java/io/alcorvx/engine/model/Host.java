package io.alcorvx.engine.model;

import io.alcorvx.engine.net.IpAddress;

/** A compute host that runs an agent: where ports are bound and goal states are sent. */
public record Host(String id, String name, IpAddress ipAddress, long macAddress, Stamp stamp)
    implements Resource {

  @Override public long revision() { return stamp.revision(); }
}
