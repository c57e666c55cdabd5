package io.alcorvx.perf.sim;

/**
 * How a simulated host answers a delta.
 *
 * @param delayMs time between receiving a delta and sending its ACK/NACK (simulated data-plane
 *     programming); 0 = answer at once. The delta's state is taken into the held state on receipt;
 *     the committed → applied latency is taken when the answer is sent.
 * @param nackProbability probability in [0, 1] that a delta holding at least one PORT state fails:
 *     the host then does not apply it (its state and version stay as they were) and sends a
 *     {@code GoalStateNack} with one {@code GoalStateOperationStatus{PORT, <port key>, FAILURE}}.
 *     Deltas without a PORT state are always acknowledged.
 */
public record AckPolicy(long delayMs, double nackProbability) {

  public static final AckPolicy IMMEDIATE = new AckPolicy(0, 0);

  public AckPolicy {
    if (delayMs < 0) throw new IllegalArgumentException("ACK delay must be >= 0");
    if (!(nackProbability >= 0 && nackProbability <= 1)) {
      throw new IllegalArgumentException("NACK probability must be in [0, 1]");
    }
  }
}
