package io.alcorvx.perf.sim;

import com.google.protobuf.UnknownFieldSet;
import io.alcorvx.proto.AgentHello;
import io.alcorvx.proto.AgentMessage;
import io.alcorvx.proto.AgentSessionGrpcService;
import io.alcorvx.proto.ControllerMessage;
import io.alcorvx.proto.GoalStateDelta;
import io.alcorvx.proto.GoalStateDigest;
import io.alcorvx.proto.GoalStateNack;
import io.alcorvx.proto.GoalStateV2;
import io.alcorvx.proto.NeighborConfiguration;
import io.alcorvx.proto.NeighborState;
import io.alcorvx.proto.OperationType;
import io.alcorvx.proto.PortConfiguration;
import io.alcorvx.proto.PortState;
import io.alcorvx.proto.ResourceType;
import io.alcorvx.proto.RouterConfiguration;
import io.alcorvx.proto.RouterState;
import io.alcorvx.proto.SecurityGroupConfiguration;
import io.alcorvx.proto.SecurityGroupState;
import io.alcorvx.proto.SessionNotice;
import io.alcorvx.proto.SubnetConfiguration;
import io.alcorvx.proto.SubnetState;
import io.alcorvx.proto.UpdateType;
import io.alcorvx.proto.VpcConfiguration;
import io.alcorvx.proto.VpcState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-test agent gateway built from our own stubs ({@link AgentSessionGrpcService#Connect} on a
 * Vert.x gRPC server). Every host gets the same two-step script:
 *
 * <ol>
 *   <li>on its first hello: a FULL at (epoch 7, version 10): a VPC, a subnet, two ports, an L2 neighbor,
 *       a security group;</li>
 *   <li>on the ACK of 10: a DELTA 10 → 12: port a UPDATE, port b DELETE, an L3 neighbor and a router
 *       CREATE, with expected digest and count.</li>
 * </ol>
 *
 * A hello that proves the host holds the current (epoch, version, digest, count) gets IN_SYNC; any
 * other hello after the first gets a FULL of the current model. The model's digest is computed with
 * {@link GoalStateDigest} straight from the entries it sent, independently of {@link HeldState}.
 */
final class FakeGateway implements AutoCloseable {

  static final long EPOCH = 7;
  static final long V1 = 10;
  static final long V2 = 12;

  /** What the gateway believes one host holds, and what the host said. */
  static final class HostModel {
    final String hostId;
    final Map<ResourceType, Map<String, byte[]>> entries = new EnumMap<>(ResourceType.class);
    long version;
    long outstanding = -1;
    int nextStep;
    final List<AgentHello> hellos = new ArrayList<>();
    final List<Long> acks = new ArrayList<>();
    final List<GoalStateNack> nacks = new ArrayList<>();
    final List<String> sent = new ArrayList<>();

    HostModel(String hostId) { this.hostId = hostId; }

    synchronized long digest() {
      long d = GoalStateDigest.EMPTY;
      for (Map.Entry<ResourceType, Map<String, byte[]>> t : entries.entrySet()) {
        for (Map.Entry<String, byte[]> e : t.getValue().entrySet()) {
          d = GoalStateDigest.add(d, GoalStateDigest.entryHash(t.getKey(), e.getKey(), e.getValue()));
        }
      }
      return d;
    }

    synchronized int count() {
      int n = 0;
      for (Map<String, byte[]> m : entries.values()) n += m.size();
      return n;
    }

    synchronized List<AgentHello> hellos() { return List.copyOf(hellos); }

    synchronized List<Long> acks() { return List.copyOf(acks); }

    synchronized List<GoalStateNack> nacks() { return List.copyOf(nacks); }

    synchronized List<String> sent() { return List.copyOf(sent); }

    /** Deep copy of the entries. */
    synchronized Map<ResourceType, Map<String, byte[]>> snapshot() {
      Map<ResourceType, Map<String, byte[]>> out = new EnumMap<>(ResourceType.class);
      entries.forEach((t, m) -> out.put(t, new HashMap<>(m)));
      return out;
    }

    private void apply(GoalStateV2 step) {
      GoalStateEntries.forEach(step, (type, key, op, cfg) -> {
        if (op == OperationType.DELETE) {
          Map<String, byte[]> m = entries.get(type);
          if (m != null) {
            m.remove(key);
            if (m.isEmpty()) entries.remove(type);
          }
        } else {
          entries.computeIfAbsent(type, t -> new TreeMap<>()).put(key, cfg.toByteArray());
        }
      });
    }
  }

  final Vertx vertx;
  private final HttpServer server;
  final Map<String, HostModel> models = new ConcurrentHashMap<>();
  final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final Set<Session> live = ConcurrentHashMap.newKeySet();
  final AtomicInteger streams = new AtomicInteger();
  /** When set, streams without {@code authorization: Bearer <token>} are refused with UNAUTHENTICATED. */
  volatile String requiredToken;
  /** Answer a NACK with a FULL (as the real gateway does). Off by default so NACK-always hosts do not loop. */
  volatile boolean fullOnNack;
  /** The next N deltas carry a wrong expected digest. */
  final AtomicInteger corruptDigests = new AtomicInteger();
  /** The next N deltas start at a wrong from_version. */
  final AtomicInteger skewFrom = new AtomicInteger();

  private record Session(Context context, GrpcServerResponse<AgentMessage, ControllerMessage> response) {}

  private FakeGateway(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Starts a gateway on 127.0.0.1, a free port, allowing {@code maxStreams} concurrent streams per connection. */
  static FakeGateway start(Vertx vertx, long maxStreams) throws Exception {
    GrpcServer grpc = GrpcServer.server(vertx);
    HttpServer http = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
        .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(maxStreams)));
    FakeGateway g = new FakeGateway(vertx, http);
    grpc.callHandler(AgentSessionGrpcService.Connect, g::onStream);
    http.requestHandler(grpc);
    await(http.listen());
    return g;
  }

  int port() { return server.actualPort(); }

  HostModel model(String hostId) { return models.get(hostId); }

  private void onStream(GrpcServerRequest<AgentMessage, ControllerMessage> req) {
    streams.incrementAndGet();
    connections.add(req.connection());
    String auth = req.headers().get("authorization");
    authorizations.add(auth == null ? "" : auth);
    String need = requiredToken;
    if (need != null && !("Bearer " + need).equals(auth)) {
      req.response().status(GrpcStatus.UNAUTHENTICATED).end();
      return;
    }
    Session s = new Session(Vertx.currentContext(), req.response());
    live.add(s);
    HostModel[] bound = new HostModel[1];
    req.handler(msg -> {
      switch (msg.getBodyCase()) {
        case HELLO -> {
          bound[0] = models.computeIfAbsent(msg.getHello().getHostId(), HostModel::new);
          onHello(bound[0], msg.getHello(), s.response);
        }
        case ACK -> onAck(bound[0], msg.getAck().getVersion(), s.response);
        case NACK -> onNack(bound[0], msg.getNack(), s.response);
        default -> { }
      }
    });
    req.endHandler(v -> live.remove(s));
    req.exceptionHandler(t -> live.remove(s));
  }

  private void onHello(HostModel m, AgentHello h, GrpcServerResponse<AgentMessage, ControllerMessage> resp) {
    ControllerMessage out;
    synchronized (m) {
      m.hellos.add(h);
      if (m.version > 0 && h.getEngineEpoch() == EPOCH && h.getGoalStateVersion() == m.version
          && h.getStateDigest() == m.digest() && h.getEntryCount() == m.count()) {
        m.sent.add("IN_SYNC " + m.version);
        out = ControllerMessage.newBuilder().setNotice(SessionNotice.newBuilder()
            .setKind(SessionNotice.Kind.IN_SYNC).setEngineEpoch(EPOCH).setVersion(m.version)).build();
      } else {
        if (m.version == 0) {
          m.apply(step(m.hostId, 0));
          m.version = V1;
          m.nextStep = 1;
        }
        out = full(m);
      }
    }
    resp.write(out);
  }

  private ControllerMessage full(HostModel m) {
    GoalStateV2.Builder gs = GoalStateV2.newBuilder().setFormatVersion(2);
    m.entries.forEach((type, entries) -> entries.forEach((key, bytes) -> put(gs, type, key, OperationType.CREATE, bytes)));
    m.outstanding = m.version;
    m.sent.add("FULL " + m.version);
    return ControllerMessage.newBuilder().setDelta(delta(UpdateType.FULL, 0, m.version, gs.build(), m.digest(), m.count()))
        .build();
  }

  private void onAck(HostModel m, long version, GrpcServerResponse<AgentMessage, ControllerMessage> resp) {
    ControllerMessage out = null;
    synchronized (m) {
      m.acks.add(version);
      if (version == m.outstanding && m.nextStep == 1) {
        long from = m.version;
        GoalStateV2 step = step(m.hostId, 1);
        m.apply(step);
        m.version = V2;
        m.nextStep = 2;
        m.outstanding = V2;
        long expected = m.digest();
        if (corruptDigests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) expected ^= 0x5a5aL;
        if (skewFrom.getAndUpdate(n -> Math.max(0, n - 1)) > 0) from -= 1;
        m.sent.add("DELTA " + from + "->" + V2);
        out = ControllerMessage.newBuilder().setDelta(delta(UpdateType.DELTA, from, V2, step, expected, m.count())).build();
      }
    }
    if (out != null) resp.write(out);
  }

  private void onNack(HostModel m, GoalStateNack nack, GrpcServerResponse<AgentMessage, ControllerMessage> resp) {
    ControllerMessage out = null;
    synchronized (m) {
      m.nacks.add(nack);
      if (fullOnNack) out = full(m);
    }
    if (out != null) resp.write(out);
  }

  private static GoalStateDelta delta(UpdateType type, long from, long to, GoalStateV2 gs, long digest, int count) {
    return GoalStateDelta.newBuilder()
        .setEngineEpoch(EPOCH)
        .setFromVersion(from)
        .setToVersion(to)
        .setUpdateType(type)
        .setGoalState(gs)
        .setExpectedDigest(digest)
        .setExpectedEntryCount(count)
        // committed_at_unix_micros = 8, as an unknown field until the proto has it (same bytes either way)
        .setUnknownFields(UnknownFieldSet.newBuilder().addField(GoalStateEntries.COMMITTED_AT_FIELD,
            UnknownFieldSet.Field.newBuilder().addVarint(SimulatedHost.nowMicros() - 1_000).build()).build())
        .build();
  }

  /** Step 0 (the FULL at version 10) or step 1 (the DELTA 10 → 12) of a host. */
  static GoalStateV2 step(String host, int i) {
    GoalStateV2.Builder gs = GoalStateV2.newBuilder().setFormatVersion(2);
    if (i == 0) {
      gs.putVpcStates("vpc-1", VpcState.newBuilder().setOperationType(OperationType.CREATE)
          .setConfiguration(VpcConfiguration.newBuilder().setRevisionNumber(1).setId("vpc-1").setName("net")).build());
      gs.putSubnetStates("subnet-1", SubnetState.newBuilder().setOperationType(OperationType.CREATE)
          .setConfiguration(SubnetConfiguration.newBuilder().setRevisionNumber(1).setId("subnet-1").setName("sub")).build());
      gs.putPortStates(portA(host), port(host, "a", 1, OperationType.CREATE));
      gs.putPortStates(portB(host), port(host, "b", 1, OperationType.CREATE));
      gs.putNeighborStates("L2/10.0.0.5", NeighborState.newBuilder().setOperationType(OperationType.CREATE)
          .setConfiguration(NeighborConfiguration.newBuilder().setRevisionNumber(1).setId("nbr-5").setMacAddress("fa:16:3e:00:00:05"))
          .build());
      gs.putSecurityGroupStates("sg-1", SecurityGroupState.newBuilder().setOperationType(OperationType.CREATE)
          .setConfiguration(SecurityGroupConfiguration.newBuilder().setRevisionNumber(1).setId("sg-1").setName("default")).build());
    } else {
      gs.putPortStates(portA(host), port(host, "a", 2, OperationType.UPDATE));
      gs.putPortStates(portB(host), PortState.newBuilder().setOperationType(OperationType.DELETE)
          .setConfiguration(PortConfiguration.newBuilder().setId(portB(host))).build());
      gs.putNeighborStates("L3/10.0.1.9", NeighborState.newBuilder().setOperationType(OperationType.CREATE)
          .setConfiguration(NeighborConfiguration.newBuilder().setRevisionNumber(1).setId("nbr-9").setMacAddress("fa:16:3e:00:01:09"))
          .build());
      gs.putRouterStates("router-1", RouterState.newBuilder().setOperationType(OperationType.CREATE)
          .setConfiguration(RouterConfiguration.newBuilder().setRevisionNumber(1).setId("router-1")).build());
    }
    return gs.build();
  }

  static String portA(String host) { return "port-" + host + "-a"; }

  static String portB(String host) { return "port-" + host + "-b"; }

  private static PortState port(String host, String which, int revision, OperationType op) {
    return PortState.newBuilder().setOperationType(op).setConfiguration(PortConfiguration.newBuilder()
        .setRevisionNumber(revision).setId("port-" + host + "-" + which).setName(which + "-rev" + revision)
        .setMacAddress("fa:16:3e:aa:00:0" + revision)).build();
  }

  private static void put(GoalStateV2.Builder gs, ResourceType type, String key, OperationType op, byte[] cfg) {
    try {
      switch (type) {
        case VPC -> gs.putVpcStates(key, VpcState.newBuilder().setOperationType(op)
            .setConfiguration(VpcConfiguration.parseFrom(cfg)).build());
        case SUBNET -> gs.putSubnetStates(key, SubnetState.newBuilder().setOperationType(op)
            .setConfiguration(SubnetConfiguration.parseFrom(cfg)).build());
        case PORT -> gs.putPortStates(key, PortState.newBuilder().setOperationType(op)
            .setConfiguration(PortConfiguration.parseFrom(cfg)).build());
        case NEIGHBOR -> gs.putNeighborStates(key, NeighborState.newBuilder().setOperationType(op)
            .setConfiguration(NeighborConfiguration.parseFrom(cfg)).build());
        case SECURITYGROUP -> gs.putSecurityGroupStates(key, SecurityGroupState.newBuilder().setOperationType(op)
            .setConfiguration(SecurityGroupConfiguration.parseFrom(cfg)).build());
        case ROUTER -> gs.putRouterStates(key, RouterState.newBuilder().setOperationType(op)
            .setConfiguration(RouterConfiguration.parseFrom(cfg)).build());
        default -> throw new IllegalArgumentException("the script has no " + type);
      }
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Ends every open response stream normally (the hosts see the stream end and reconnect). */
  void endAllStreams() {
    for (Session s : List.copyOf(live)) {
      live.remove(s);
      s.context.runOnContext(v -> s.response.end());
    }
  }

  int liveStreams() { return live.size(); }

  @Override
  public void close() throws Exception {
    await(server.close());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
