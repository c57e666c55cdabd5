package io.alcorvx.service.ondemand;

import io.alcorvx.engine.goalstate.Entry;
import io.alcorvx.engine.goalstate.EntryKey;
import io.alcorvx.engine.net.IpAddress;
import io.alcorvx.engine.ondemand.OnDemandBatch;
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
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
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
  /** The detail of each outcome, made once (it is in every answer). */
  private static final Map<Resolution.Outcome, String> DETAILS = new EnumMap<>(Resolution.Outcome.class);

  static {
    for (Resolution.Outcome o : Resolution.Outcome.values()) DETAILS.put(o, o.name().toLowerCase(Locale.ROOT));
  }

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
   * The reply as a message (tools and tests; the gateway sends {@link #handleEncoded}'s bytes, which
   * parse to the same message).
   *
   * @param askingHost the authenticated host id of the agent that asks; only sources that are
   *     its ports resolve
   */
  public HostRequestReply handle(String askingHost, HostRequest request) {
    long start = System.nanoTime();
    List<ReplyEncoder.Answer> answers = answer(askingHost, request);
    HostRequestReply.Builder reply = HostRequestReply.newBuilder().setFormatVersion(1);
    GoalStateV2.Builder states = GoalStateV2.newBuilder().setFormatVersion(1);
    for (ReplyEncoder.Answer a : answers) {
      HostRequestOperationStatus.Builder status = HostRequestOperationStatus.newBuilder().setRequestId(a.requestId())
          .setOperationStatus(a.status()).setDetail(a.detail());
      for (Entry e : a.entries()) {
        status.addResolvedResources(ResourceIdType.newBuilder().setType(e.key().type()).setId(e.key().key()));
        put(states, e);
      }
      reply.addOperationStatuses(status);
    }
    return reply.setResolvedStates(states).setTotalOperationTime(finish(start)).build();
  }

  /** The reply's bytes, written around the entries' cached encodings (what the gateway sends). */
  public byte[] handleEncoded(String askingHost, HostRequest request) {
    long start = System.nanoTime();
    List<ReplyEncoder.Answer> answers = answer(askingHost, request);
    return ReplyEncoder.encode(answers, finish(start));
  }

  private int finish(long start) {
    long nanos = System.nanoTime() - start;
    latency.record(nanos, TimeUnit.NANOSECONDS);
    return (int) Math.min(Integer.MAX_VALUE, nanos / 1_000);
  }

  /**
   * Each request resolved routable (SUCCESS) or not, with the states that answer it; counted. The
   * well-formed requests are resolved as one batch (the engine overlaps their lookups); a request
   * with an unparsable address is answered INVALID_ARG, and one the engine fails on FAILURE,
   * never SUCCESS, without failing the others.
   */
  private List<ReplyEncoder.Answer> answer(String askingHost, HostRequest request) {
    OnDemandResolver r = resolver();
    List<ResourceStateRequest> requests = request.getStateRequestsList();
    ReplyEncoder.Answer[] answers = new ReplyEncoder.Answer[requests.size()];
    if (r == null) {
      for (int i = 0; i < answers.length; i++) answers[i] = failure(requests.get(i), OperationStatus.FAILURE, "engine not ready");
      return Arrays.asList(answers);
    }
    OnDemandBatch batch = new OnDemandBatch(requests.size());
    int[] requestOf = new int[requests.size()];
    for (int i = 0; i < answers.length; i++) {
      ResourceStateRequest q = requests.get(i);
      try {
        requestOf[batch.add(Integer.toUnsignedLong(q.getTunnelId()), IpAddress.parse(q.getSourceIp()),
            IpAddress.parse(q.getDestinationIp()), protocolNumber(q.getProtocol()), q.getDestinationPort())] = i;
      } catch (IllegalArgumentException bad) {
        answers[i] = failure(q, OperationStatus.INVALID_ARG, String.valueOf(bad.getMessage()));
      }
    }
    r.resolve(askingHost, batch);
    r.warmReplies(batch);
    for (int b = 0; b < batch.size(); b++) {
      ResourceStateRequest q = requests.get(requestOf[b]);
      Resolution res = batch.resolution(b);
      try {
        if (res == null) throw batch.error(b);
        List<Entry> states = r.statesFor(res);
        outcomes.get(res.outcome()).increment();
        answers[requestOf[b]] = new ReplyEncoder.Answer(q.getRequestId(),
            res.routable() ? OperationStatus.SUCCESS : OperationStatus.FAILURE, DETAILS.get(res.outcome()), states);
      } catch (RuntimeException internal) {
        answers[requestOf[b]] = failure(q, OperationStatus.FAILURE, String.valueOf(internal.getMessage()));
      }
    }
    return Arrays.asList(answers);
  }

  /** An answer without states, counted as a failure. */
  private ReplyEncoder.Answer failure(ResourceStateRequest q, OperationStatus status, String detail) {
    failures.increment();
    return new ReplyEncoder.Answer(q.getRequestId(), status, detail, List.of());
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
