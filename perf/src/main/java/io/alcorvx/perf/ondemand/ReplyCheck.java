package io.alcorvx.perf.ondemand;

import io.alcorvx.proto.HostRequest;
import io.alcorvx.proto.HostRequestOperationStatus;
import io.alcorvx.proto.HostRequestReply;
import io.alcorvx.proto.NeighborConfiguration;
import io.alcorvx.proto.NeighborState;
import io.alcorvx.proto.OperationStatus;
import io.alcorvx.proto.ResourceIdType;
import io.alcorvx.proto.ResourceStateRequest;
import io.alcorvx.proto.ResourceType;

/**
 * Checks that a {@code RequestGoalStates} reply answers its request as docs/goal-state-protocol.md
 * §6 says a routable flow must be answered: one status per request, same request id, SUCCESS, and
 * among its {@code resolved_resources} a NEIGHBOR present in {@code resolved_states} whose fixed IPs
 * include the requested destination IP. Pure.
 */
public final class ReplyCheck {
  private ReplyCheck() {}

  /** Null when every flow of {@code request} is answered correctly, else the first problem found. */
  public static String problem(HostRequest request, HostRequestReply reply) {
    if (reply.getOperationStatusesCount() != request.getStateRequestsCount()) {
      return "asked " + request.getStateRequestsCount() + " flows, got " + reply.getOperationStatusesCount() + " statuses";
    }
    for (int i = 0; i < request.getStateRequestsCount(); i++) {
      ResourceStateRequest q = request.getStateRequests(i);
      HostRequestOperationStatus s = reply.getOperationStatuses(i);
      if (!s.getRequestId().equals(q.getRequestId())) {
        return "status " + i + " answers request " + s.getRequestId() + ", expected " + q.getRequestId();
      }
      if (s.getOperationStatus() != OperationStatus.SUCCESS) {
        return "request " + q.getRequestId() + " (" + q.getSourceIp() + " -> " + q.getDestinationIp() + ") answered "
            + s.getOperationStatus() + ": " + s.getDetail();
      }
      if (!hasNeighborFor(reply, s, q.getDestinationIp())) {
        return "request " + q.getRequestId() + " has no neighbor state for " + q.getDestinationIp();
      }
    }
    return null;
  }

  private static boolean hasNeighborFor(HostRequestReply reply, HostRequestOperationStatus s, String ip) {
    for (ResourceIdType r : s.getResolvedResourcesList()) {
      if (r.getType() != ResourceType.NEIGHBOR) continue;
      NeighborState n = reply.getResolvedStates().getNeighborStatesMap().get(r.getId());
      if (n == null) continue;
      for (NeighborConfiguration.FixedIp f : n.getConfiguration().getFixedIpsList()) {
        if (f.getIpAddress().equals(ip)) return true;
      }
    }
    return false;
  }
}
