package io.alcorvx.engine.ondemand;

import io.alcorvx.engine.model.Port;

/**
 * The answer to one on-demand request: routable or why not, and the ports and subnets the
 * answer is about (the gateway turns them into states for the reply). {@code destinationEndpoint}
 * is the destination's address as the resolver found it (null unless routable): the destination
 * port and its subnet come from it, and the reply's entries are cached on it.
 */
public record Resolution(Outcome outcome, Port source, String sourceSubnetId, boolean layer3, Endpoint destinationEndpoint) {

  public enum Outcome {
    ROUTABLE,
    UNKNOWN_NETWORK,
    UNKNOWN_SOURCE,
    SOURCE_NOT_ON_HOST,
    UNKNOWN_DESTINATION,
    PORT_DOWN,
    DENIED_BY_SOURCE_EGRESS,
    DENIED_BY_DESTINATION_INGRESS
  }

  public boolean routable() { return outcome == Outcome.ROUTABLE; }

  /** The destination port, or null unless routable. */
  public Port destination() { return destinationEndpoint == null ? null : destinationEndpoint.port(); }

  /** The subnet of the destination's address, or null unless routable. */
  public String destinationSubnetId() { return destinationEndpoint == null ? null : destinationEndpoint.subnetId(); }

  static Resolution refused(Outcome outcome, Port source) { return new Resolution(outcome, source, null, false, null); }
}
