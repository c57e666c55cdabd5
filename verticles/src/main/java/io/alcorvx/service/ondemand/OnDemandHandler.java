package io.alcorvx.service.ondemand;

import io.alcorvx.engine.goalstate.Entry;
import io.alcorvx.engine.goalstate.EntryKey;
import io.alcorvx.engine.net.IpAddress;
import io.alcorvx.engine.ondemand.OnDemandResolver;
import io.alcorvx.engine.ondemand.PublishedView;
import io.alcorvx.engine.ondemand.Resolution;
import io.alcorvx.proto.DHCPState;
import io.alcorvx.proto.GoalStateV2;
import io.alcorvx.proto.HostRequest;
import io.alcorvx.proto.HostRequestOperationStatus;
import io.alcorvx.proto.HostRequestReply;
import io.alcorvx.proto.NeighborState;
import io.alcorvx.proto.OperationStatus;
import io.alcorvx.proto.OperationType;
import io.alcorvx.proto.PortState;
import io.alcorvx.proto.Protocol;
import io.alcorvx.proto.ResourceIdType;
import io.alcorvx.proto.ResourceStateRequest;
import io.alcorvx.proto.RouterState;
import io.alcorvx.proto.SecurityGroupState;
import io.alcorvx.proto.SubnetState;
import io.alcorvx.proto.VpcState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Answers upstream's {@code RequestGoalStates}: each {@link ResourceStateRequest} is resolved from
 * the engine's {@link PublishedView} (any thread, never queued behind commands) and answered
 * routable (SUCCESS) or not (FAILURE), with the states the agent needs inside the reply
 * ({@code resolved_states}, each body once). Translation only; the rule is the engine's resolver.
 */
public final class OnDemandHandler {
  private final Supplier<PublishedView> view;
  private final Timer latency;
  private final Map<Resolution.Outcome, Counter> outcomes = new EnumMap<>(Resolution.Outcome.class);
  private final Counter failures;
  private volatile PublishedView resolverView;
  private volatile OnDemandResolver resolver;

  public OnDemandHandler(Supplier<PublishedView> view, MeterRegistry registry) {
    this.view = view;
    this.latency = Timer.builder("alcor_ondemand_request_seconds").description("On-demand request -> reply (one HostRequest)")
        .publishPercentileHistogram().register(registry);
    for (Resolution.Outcome o : Resolution.Outcome.values()) {
      outcomes.put(o, Counter.builder("alcor_ondemand_resolutions_total").tag("outcome", o.name().toLowerCase())
          .description("On-demand resolutions by outcome").register(registry));
    }
    this.failures = Counter.builder("alcor_ondemand_resolutions_total").tag("outcome", "failure").register(registry);
  }

  /**
   * @param askingHost the authenticated host id of the agent that asks; only sources that are
   *     its ports resolve
   */
  public HostRequestReply handle(String askingHost, HostRequest request) {
    long start = System.nanoTime();
    OnDemandResolver r = resolver();
    HostRequestReply.Builder reply = HostRequestReply.newBuilder().setFormatVersion(1);
    GoalStateV2.Builder states = GoalStateV2.newBuilder().setFormatVersion(1);
    for (ResourceStateRequest q : request.getStateRequestsList()) {
      HostRequestOperationStatus.Builder status = HostRequestOperationStatus.newBuilder().setRequestId(q.getRequestId());
      try {
        Resolution res = r == null ? null : r.resolve(askingHost, Integer.toUnsignedLong(q.getTunnelId()),
            IpAddress.parse(q.getSourceIp()), IpAddress.parse(q.getDestinationIp()), protocolNumber(q.getProtocol()),
            q.getDestinationPort());
        if (res == null) {
          status.setOperationStatus(OperationStatus.FAILURE).setDetail("engine not ready");
          failures.increment();
        } else {
          outcomes.get(res.outcome()).increment();
          status.setOperationStatus(res.routable() ? OperationStatus.SUCCESS : OperationStatus.FAILURE)
              .setDetail(res.outcome().name().toLowerCase());
          for (Entry e : r.statesFor(res)) {
            status.addResolvedResources(ResourceIdType.newBuilder().setType(e.key().type()).setId(e.key().key()));
            put(states, e);
          }
        }
      } catch (RuntimeException bad) {
        // an unparsable address or an internal error is a FAILURE, never a SUCCESS
        failures.increment();
        status.setOperationStatus(bad instanceof IllegalArgumentException ? OperationStatus.INVALID_ARG : OperationStatus.FAILURE)
            .setDetail(String.valueOf(bad.getMessage()));
      }
      reply.addOperationStatuses(status);
    }
    long micros = (System.nanoTime() - start) / 1_000;
    latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    return reply.setResolvedStates(states).setTotalOperationTime((int) Math.min(Integer.MAX_VALUE, micros)).build();
  }

  private OnDemandResolver resolver() {
    PublishedView v = view.get();
    if (v == null) return null;
    if (v != resolverView) { // a reload published a new view
      resolver = new OnDemandResolver(v);
      resolverView = v;
    }
    return resolver;
  }

  static int protocolNumber(Protocol p) {
    return switch (p) {
      case TCP, HTTP -> OnDemandResolver.TCP;
      case UDP -> OnDemandResolver.UDP;
      case ICMP -> OnDemandResolver.ICMP;
      default -> -2; // ARP and unknown values match only rules without a protocol
    };
  }

  private static void put(GoalStateV2.Builder states, Entry e) {
    String key = e.key().key();
    switch (e.key().type()) {
      case NEIGHBOR -> states.putNeighborStates(key, (NeighborState) e.state(OperationType.INFO));
      case SUBNET -> states.putSubnetStates(key, (SubnetState) e.state(OperationType.INFO));
      case ROUTER -> states.putRouterStates(key, (RouterState) e.state(OperationType.INFO));
      case PORT -> states.putPortStates(key, (PortState) e.state(OperationType.INFO));
      case VPC -> states.putVpcStates(key, (VpcState) e.state(OperationType.INFO));
      case SECURITYGROUP -> states.putSecurityGroupStates(key, (SecurityGroupState) e.state(OperationType.INFO));
      case DHCP -> states.putDhcpStates(key, (DHCPState) e.state(OperationType.INFO));
      default -> { }
    }
  }
}
