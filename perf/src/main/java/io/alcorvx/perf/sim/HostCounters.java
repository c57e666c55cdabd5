package io.alcorvx.perf.sim;

/**
 * What one simulated host (or, summed, a fleet) counted.
 *
 * @param sessions streams that got the controller's response headers
 * @param reconnects session attempts after the first (after a stream ended or a connect failed)
 * @param connectFailures attempts that did not get a stream (connect refused, status not OK, ...)
 * @param streamErrors streams that ended with an error rather than a normal end
 * @param deltas deltas received (FULL and DELTA)
 * @param fulls FULL deltas applied
 * @param inSync {@code SessionNotice{IN_SYNC}} received
 * @param shutdownNotices {@code SessionNotice{SHUTTING_DOWN}} received
 * @param subscribes {@code NodeSubscribeInfo} received
 * @param acks ACKs sent
 * @param nacks NACKs sent (simulated failures and out-of-order deltas)
 * @param outOfOrder DELTAs that did not start at the held (epoch, version), NACKed without applying
 * @param digestMismatches deltas after which the held digest or entry count differed from the expected one
 *     (the host then reconnects with version 0 to get a FULL)
 */
public record HostCounters(long sessions, long reconnects, long connectFailures, long streamErrors, long deltas,
    long fulls, long inSync, long shutdownNotices, long subscribes, long acks, long nacks, long outOfOrder,
    long digestMismatches) {

  public static final HostCounters ZERO = new HostCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  public HostCounters plus(HostCounters o) {
    return new HostCounters(sessions + o.sessions, reconnects + o.reconnects, connectFailures + o.connectFailures,
        streamErrors + o.streamErrors, deltas + o.deltas, fulls + o.fulls, inSync + o.inSync,
        shutdownNotices + o.shutdownNotices, subscribes + o.subscribes, acks + o.acks, nacks + o.nacks,
        outOfOrder + o.outOfOrder, digestMismatches + o.digestMismatches);
  }
}
