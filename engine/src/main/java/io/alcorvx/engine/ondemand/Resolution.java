package io.alcorvx.engine.ondemand;

import io.alcorvx.engine.model.Port;

/**
 * The answer to one on-demand request: routable or why not, and the ports and subnets the
 * answer is about (the gateway turns them into states for the reply). The ends are the
 * addresses as the resolver found them ({@code destinationEndpoint} and both subnets are null
 * unless routable): the ports come from them, and the reply's entries are cached on the
 * destination's. The resolver fills this in without reading the endpoints themselves (see
 * {@link EndpointFacts}); whoever asks for a port reads it.
 */
public record Resolution(Outcome outcome, Endpoint sourceEndpoint, String sourceSubnetId, boolean layer3,
    Endpoint destinationEndpoint, String destinationSubnetId) {

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

  /** The source port, or null when the source is unknown. */
  public Port source() { return sourceEndpoint == null ? null : sourceEndpoint.port(); }

  /** The destination port, or null unless routable. */
  public Port destination() { return destinationEndpoint == null ? null : destinationEndpoint.port(); }

  static Resolution refused(Outcome outcome, Endpoint source) { return new Resolution(outcome, source, null, false, null, null); }
}
