package io.alcorvx.service.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.proto.AgentHello;
import io.alcorvx.proto.AgentMessage;
import io.alcorvx.proto.ControllerMessage;
import io.alcorvx.proto.GoalStateAck;
import io.alcorvx.proto.GoalStateDelta;
import io.alcorvx.proto.NeighborConfiguration;
import io.alcorvx.proto.ResourceType;
import io.alcorvx.proto.SessionNotice;
import io.alcorvx.proto.UpdateType;
import io.alcorvx.service.AlcorService;
import io.alcorvx.service.ServiceConfig;
import io.alcorvx.service.gateway.TestAgent.End;
import io.alcorvx.service.gateway.TestAgent.HeldKey;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent gateway on the real service (AlcorService with an embedded PostgreSQL, gateway and
 * API on port 0), driven by test agents over real gRPC on loopback and by the Neutron API over
 * HTTP.
 */
class GatewayServiceTest {
  private static final String TOKEN = "test-agent-token-0123456789";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static AlcorService service;
  private static Vertx clientVertx;
  private static GrpcClient grpc;
  private static SocketAddress gateway;
  private static String api;
  private final List<TestAgent> agents = new ArrayList<>();

  /** JUnit deletes it after the class, once the service (and its embedded PostgreSQL) is closed. */
  @TempDir private static Path dataDir;

  @BeforeAll
  static void start() throws Exception {
    service = AlcorService.start(ServiceConfig.load(new String[] {"--data-dir", dataDir.toString(), "--http-host", "127.0.0.1",
        "--http-port", "0", "--gateway-port", "0", "--api-instances", "2", "--gateway-instances", "2", "--agent-token", TOKEN}, Map.of()));
    // with port 0 and several instances, all of them must share one port (not bind one each)
    assertEquals(Set.of(service.httpPort()), service.listeningPorts(false), "API instances share the port");
    assertEquals(Set.of(service.gatewayPort()), service.listeningPorts(true), "gateway instances share the port");
    assertTrue(service.gatewayPort() > 0, "the gateway reports its bound port");
    assertTrue(service.httpPort() > 0, "the API reports its bound port");
    api = "http://127.0.0.1:" + service.httpPort();
    gateway = SocketAddress.inetSocketAddress(service.gatewayPort(), "127.0.0.1");
    clientVertx = Vertx.vertx();
    grpc = GrpcClient.client(clientVertx);
  }

  @AfterAll
  static void stop() throws Exception {
    if (grpc != null) grpc.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (clientVertx != null) clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (service != null) service.close();
  }

  @AfterEach
  void disconnectAgents() {
    for (TestAgent a : agents) if (!a.ended.isDone()) a.cancel();
    agents.clear();
  }

  private TestAgent agent(String host, String ip, boolean autoAck) {
    TestAgent a = new TestAgent(host, ip, autoAck);
    agents.add(a);
    return a;
  }

  // ------------------------------------------------------------------ the happy path

  @Test
  void aHostReconnectingThroughAnotherGatewayInstanceEndsItsOldStreamThere() throws Exception {
    // two gateway instances share the port and take new connections in turn, so consecutive
    // agents on fresh connections land on different instances: each newer session must end the
    // one before it wherever that one lives, and the newest gets the pushes
    List<GrpcClient> clients = new ArrayList<>();
    try {
      TestAgent previous = null;
      for (int i = 0; i < 4; i++) {
        GrpcClient own = GrpcClient.client(clientVertx); // its own connection
        clients.add(own);
        TestAgent a = agent("host-r", "192.168.62.1", true).connect(own, gateway, TOKEN);
        a.next(WAIT); // accepted: its first push (FULL)
        if (previous != null) {
          End end = previous.end(WAIT);
          assertEquals(GrpcStatus.ABORTED, end.status(), "session " + (i - 1) + ": " + end);
          assertTrue(end.message().contains("replaced"), end.message());
        }
        previous = a;
      }
      String net = pushNetwork("n-r", "10.62.0.0/24");
      String p = port(net, "host-r");
      awaitPortStatus(p, "ACTIVE"); // only the newest session received and acknowledged it
      assertTrue(previous.held().containsKey(new HeldKey(ResourceType.PORT, p)));
    } finally {
      for (GrpcClient c : clients) c.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void agentsConvergeSeeNeighborsAndResyncByDeltaAfterAnOutage() throws Exception {
    String net = create("networks", new JsonObject().put("name", "gw-net")).getString("id");
    String subnet = create("subnets", new JsonObject().put("network_id", net).put("ip_version", 4).put("cidr", "10.61.0.0/24"))
        .getString("id");
    String a1 = port(net, "host-a");
    String a2 = port(net, "host-a");

    // host-a connects knowing nothing: FULL, applied, ACKed; its ports turn ACTIVE
    TestAgent agentA = agent("host-a", "192.168.61.1", true).connect(grpc, gateway, TOKEN);
    GoalStateDelta first = agentA.next(WAIT).getDelta();
    assertEquals(UpdateType.FULL, first.getUpdateType());
    assertTrue(first.hasExpectedDigest());
    assertTrue(first.getCommittedAtUnixMicros() > 0, "pushes carry when their changes were committed");
    awaitPortStatus(a1, "ACTIVE");
    awaitPortStatus(a2, "ACTIVE");
    agentA.awaitQuiet(Duration.ofMillis(500), WAIT);
    assertEquals(List.of(), agentA.problems());
    assertTrue(agentA.held().containsKey(new HeldKey(ResourceType.PORT, a1)));
    assertTrue(agentA.held().containsKey(new HeldKey(ResourceType.DHCP, a2)));
    assertTrue(agentA.held().containsKey(new HeldKey(ResourceType.SUBNET, subnet)));
    assertTrue(agentA.held().containsKey(new HeldKey(ResourceType.VPC, net)));

    // what it holds is what the engine computes: a restarted agent claiming a wrong digest gets a
    // FULL — the engine's goal state from scratch — equal key for key and byte for byte
    TestAgent probe = agent("host-a", "192.168.61.1", true).holding(agentA);
    AgentHello wrong = probe.hello().toBuilder().setStateDigest(agentA.digest() + 1).build();
    probe.open(grpc, gateway, TOKEN, AgentMessage.newBuilder().setHello(wrong).build());
    GoalStateDelta refetched = probe.next(WAIT).getDelta();
    assertEquals(UpdateType.FULL, refetched.getUpdateType());
    assertEquals(agentA.held(), probe.held(), "the agent's state equals the engine's goal state");
    assertEquals(agentA.digest(), refetched.getExpectedDigest());
    End replaced = agentA.end(WAIT);
    assertEquals(GrpcStatus.ABORTED, replaced.status());
    assertTrue(replaced.message().contains("replaced"), replaced.message());
    probe.awaitQuiet(Duration.ofMillis(300), WAIT);

    // a second host in push mode gets host-a's ports as neighbors (with host-a's IP), and host-a gets its port
    String b1 = port(net, "host-b");
    TestAgent agentB = agent("host-b", "192.168.61.2", true).connect(grpc, gateway, TOKEN);
    awaitPortStatus(b1, "ACTIVE");
    agentB.awaitQuiet(Duration.ofMillis(300), WAIT);
    NeighborConfiguration seen = NeighborConfiguration.parseFrom(
        agentB.held().get(new HeldKey(ResourceType.NEIGHBOR, "L2/" + a1 + "/" + subnet)));
    assertEquals(a1, seen.getId());
    assertEquals("192.168.61.1", seen.getHostIpAddress());
    await(() -> probe.held().containsKey(new HeldKey(ResourceType.NEIGHBOR, "L2/" + b1 + "/" + subnet)), "host-a learns host-b's port");
    probe.awaitQuiet(Duration.ofMillis(300), WAIT);
    assertEquals(List.of(), probe.problems());
    assertEquals(List.of(), agentB.problems());

    // host-a goes away; while it is away a port is created for it and another deleted
    double connected = metric("alcor_gateway_connected_agents");
    probe.cancel();
    await(() -> metric("alcor_gateway_connected_agents") <= connected - 1, "the gateway notices host-a left");
    String a3 = port(net, "host-a");
    delete("ports/" + a2);
    TestAgent back = agent("host-a", "192.168.61.1", true).holding(probe).connect(grpc, gateway, TOKEN);
    GoalStateDelta resync = back.next(WAIT).getDelta();
    assertEquals(UpdateType.DELTA, resync.getUpdateType(), "same epoch/version/digest: only what changed");
    assertEquals(probe.version(), resync.getFromVersion());
    assertTrue(resync.hasExpectedDigest());
    assertTrue(resync.getGoalState().getPortStatesMap().containsKey(a3));
    assertTrue(resync.getGoalState().getPortStatesMap().containsKey(a2), "the delete is in it");
    awaitPortStatus(a3, "ACTIVE");
    back.awaitQuiet(Duration.ofMillis(300), WAIT);
    assertEquals(List.of(), back.problems(), "the expected digest matched after applying");
    assertTrue(back.held().containsKey(new HeldKey(ResourceType.PORT, a3)));
    assertFalse(back.held().containsKey(new HeldKey(ResourceType.PORT, a2)));
    await(() -> !agentB.held().containsKey(new HeldKey(ResourceType.NEIGHBOR, "L2/" + a2 + "/" + subnet)),
        "host-b drops the deleted port's neighbor");

    String metrics = get("/metrics");
    for (String name : List.of("alcor_gateway_connected_agents", "alcor_gateway_push_messages_total", "alcor_gateway_push_bytes_total",
        "alcor_gateway_resyncs_total{kind=\"delta\"}", "alcor_gateway_resyncs_total{kind=\"full\"}",
        "alcor_gateway_streams_refused_total{reason=\"replaced\"}", "alcor_gateway_convergence_seconds_bucket")) {
      assertTrue(metrics.contains(name), "missing metric " + name);
    }
    assertTrue(metric("alcor_gateway_push_messages_total") >= 6);
    assertTrue(metric("alcor_gateway_resyncs_total{kind=\"delta\"}") >= 1);
    assertTrue(metric("alcor_gateway_convergence_seconds_count") >= 3);
  }

  @Test
  void aHostReconnectingWhileWritesAreBeingCommittedResyncsWithoutAFull() throws Exception {
    // push mode: every port created on host-x is a neighbor entry for host-w, so commits for
    // host-w are in flight almost all the time while the writers run
    String net = pushNetwork("n-w", "10.63.0.0/22");
    port(net, "host-w");
    TestAgent other = agent("host-x", "192.168.63.2", true).connect(grpc, gateway, TOKEN);
    TestAgent current = agent("host-w", "192.168.63.1", true).connect(grpc, gateway, TOKEN);
    current.awaitQuiet(Duration.ofMillis(300), WAIT);
    double fullsBefore = metric("alcor_gateway_resyncs_total{kind=\"full\"}");

    List<String> created;
    try (PortWriters writers = PortWriters.start(4, net, "host-x")) {
      for (int i = 0; i < 8; i++) {
        Thread.sleep(100);
        current.cancel();
        current.end(WAIT);
        TestAgent back = agent("host-w", "192.168.63.1", true).holding(current).connect(grpc, gateway, TOKEN);
        ControllerMessage first = back.next(WAIT);
        assertFalse(first.hasDelta() && first.getDelta().getUpdateType() == UpdateType.FULL,
            "reconnect " + i + " at the version it acknowledged got a FULL state");
        current = back;
      }
      created = writers.stop();
    }
    assertTrue(created.size() > 20, "the writers kept commits in flight: " + created.size() + " ports");
    current.awaitQuiet(Duration.ofMillis(500), WAIT);
    assertEquals(List.of(), current.problems(), "every delta started at its version and every digest sent matched");
    TestAgent reconnected = current;
    await(() -> created.stream().allMatch(id -> reconnected.held().keySet().stream()
        .anyMatch(k -> k.type() == ResourceType.NEIGHBOR && k.key().contains(id))), "host-w holds every new neighbor");
    assertEquals(fullsBefore, metric("alcor_gateway_resyncs_total{kind=\"full\"}"), "no FULL resync");
    other.awaitQuiet(Duration.ofMillis(300), WAIT);
  }

  @Test
  void writesElsewhereDoNotExcuseAWrongDigestAtResync() throws Exception {
    // host-v's VPC is quiet; the writers work in another VPC whose changes never reach host-v, so
    // its goal state in memory is exactly what it must hold and the digest is checked as ever
    String quiet = pushNetwork("n-v", "10.64.0.0/24");
    port(quiet, "host-v");
    String busy = pushNetwork("n-y", "10.65.0.0/22");
    port(busy, "host-y");
    TestAgent other = agent("host-y", "192.168.65.1", true).connect(grpc, gateway, TOKEN);
    TestAgent current = agent("host-v", "192.168.64.1", true).connect(grpc, gateway, TOKEN);
    current.awaitQuiet(Duration.ofMillis(300), WAIT);

    try (PortWriters writers = PortWriters.start(1, busy, "host-y")) {
      await(() -> writers.count() >= 20, "the writer is under way");
      current.cancel();
      current.end(WAIT);
      TestAgent corrupt = agent("host-v", "192.168.64.1", true).holding(current);
      AgentHello wrong = corrupt.hello().toBuilder().setStateDigest(current.digest() + 1).build();
      corrupt.open(grpc, gateway, TOKEN, AgentMessage.newBuilder().setHello(wrong).build());
      ControllerMessage first = corrupt.next(WAIT);
      assertTrue(first.hasDelta(), "answered with a push: " + first);
      assertEquals(UpdateType.FULL, first.getDelta().getUpdateType(), "its own VPC is quiet: the wrong digest is caught");
      corrupt.awaitQuiet(Duration.ofMillis(300), WAIT);
      assertEquals(current.held(), corrupt.held(), "the FULL is exactly what it should hold");
    }
    other.awaitQuiet(Duration.ofMillis(300), WAIT);
  }

  // ------------------------------------------------------------------ refusals

  @Test
  void aWrongOrMissingTokenIsUnauthenticated() throws Exception {
    End wrong = agent("host-t", "192.168.62.1", true).connect(grpc, gateway, "not-the-token-000000").end(WAIT);
    assertEquals(GrpcStatus.UNAUTHENTICATED, wrong.status(), wrong.toString());
    assertTrue(wrong.message().contains("token"), wrong.message());
    End missing = agent("host-t", "192.168.62.1", true).connect(grpc, gateway, null).end(WAIT);
    assertEquals(GrpcStatus.UNAUTHENTICATED, missing.status(), missing.toString());
    End header = TestAgent.sendRawFrame(grpc, gateway, TOKEN, AgentMessage.newBuilder()
        .setAck(GoalStateAck.newBuilder().setVersion(1)).build().toByteArray()).get(30, TimeUnit.SECONDS);
    assertEquals(GrpcStatus.INVALID_ARGUMENT, header.status(), "x-alcor-agent-token is accepted too: " + header);
  }

  @Test
  void theFirstMessageMustBeAHelloWithAHostIdAndIp() throws Exception {
    AgentMessage ack = AgentMessage.newBuilder().setAck(GoalStateAck.newBuilder().setEngineEpoch(1).setVersion(1)).build();
    End notHello = agent("host-h", "192.168.63.1", true).open(grpc, gateway, TOKEN, ack).end(WAIT);
    assertEquals(GrpcStatus.INVALID_ARGUMENT, notHello.status(), notHello.toString());
    assertTrue(notHello.message().contains("must be a hello"), notHello.message());

    AgentMessage badIp = AgentMessage.newBuilder().setHello(AgentHello.newBuilder().setHostId("host-h").setHostIp("300.1.1.1")).build();
    End ip = agent("host-h", "300.1.1.1", true).open(grpc, gateway, TOKEN, badIp).end(WAIT);
    assertEquals(GrpcStatus.INVALID_ARGUMENT, ip.status(), ip.toString());
    assertTrue(ip.message().contains("host_ip"), ip.message());

    AgentMessage noId = AgentMessage.newBuilder().setHello(AgentHello.newBuilder().setHostIp("192.168.63.1")).build();
    End id = agent("", "192.168.63.1", true).open(grpc, gateway, TOKEN, noId).end(WAIT);
    assertEquals(GrpcStatus.INVALID_ARGUMENT, id.status(), id.toString());

    End garbage = TestAgent.sendRawFrame(grpc, gateway, TOKEN, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01})
        .get(30, TimeUnit.SECONDS);
    assertEquals(GrpcStatus.INVALID_ARGUMENT, garbage.status(), garbage.toString());
    assertTrue(garbage.message().contains("undecodable"), garbage.message());
    assertTrue(service.gatewayPort() > 0 && metric("alcor_gateway_streams_refused_total{reason=\"bad_hello\"}") >= 3);
  }

  @Test
  void anAckOfAnotherVersionOrASecondHelloIsOutOfOrder() throws Exception {
    String net = create("networks", new JsonObject().put("name", "gw-ooo")).getString("id");
    create("subnets", new JsonObject().put("network_id", net).put("ip_version", 4).put("cidr", "10.64.0.0/24"));
    port(net, "host-o");
    TestAgent a = agent("host-o", "192.168.64.1", false).connect(grpc, gateway, TOKEN);
    GoalStateDelta full = a.next(WAIT).getDelta();
    a.ack(full.getEngineEpoch(), full.getToVersion() + 5);
    End end = a.end(WAIT);
    assertEquals(GrpcStatus.FAILED_PRECONDITION, end.status(), end.toString());
    assertTrue(end.message().contains("out of order"), end.message());

    TestAgent again = agent("host-o", "192.168.64.1", false).connect(grpc, gateway, TOKEN);
    ControllerMessage answer = again.next(WAIT);
    assertTrue(answer.hasDelta() || answer.getNotice().getKind() == SessionNotice.Kind.IN_SYNC);
    again.send(AgentMessage.newBuilder().setHello(again.hello()).build());
    End twice = again.end(WAIT);
    assertEquals(GrpcStatus.FAILED_PRECONDITION, twice.status(), twice.toString());
    assertTrue(twice.message().contains("second hello"), twice.message());
  }

  @Test
  void aNackedPortTurnsErrorAndTheNextPushIsFull() throws Exception {
    String net = create("networks", new JsonObject().put("name", "gw-nack")).getString("id");
    create("subnets", new JsonObject().put("network_id", net).put("ip_version", 4).put("cidr", "10.65.0.0/24"));
    String p = port(net, "host-n");
    TestAgent a = agent("host-n", "192.168.65.1", false).connect(grpc, gateway, TOKEN);
    GoalStateDelta first = a.next(WAIT).getDelta();
    a.nackPort(first.getEngineEpoch(), first.getToVersion(), p);
    GoalStateDelta next = a.next(WAIT).getDelta();
    assertEquals(UpdateType.FULL, next.getUpdateType(), "a NACK is answered with a FULL");
    assertTrue(next.getToVersion() > first.getToVersion());
    awaitPortStatus(p, "ERROR");
    a.ack(next.getEngineEpoch(), next.getToVersion());
    assertEquals(List.of(), a.problems());
  }

  // ------------------------------------------------------------------ helpers

  // ------------------------------------------------------------------ on-demand over gRPC

  private static io.alcorvx.proto.HostRequestReply requestGoalStates(String host, String token, io.alcorvx.proto.HostRequest body)
      throws Exception {
    return grpc.request(gateway, io.alcorvx.proto.GoalStateProvisionerGrpcClient.RequestGoalStates).compose(req -> {
      if (host != null) req.headers().set("x-alcor-host-id", host);
      if (token != null) req.headers().set("authorization", "Bearer " + token);
      req.end(body);
      return req.response().compose(resp -> resp.last());
    }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void onDemandRequestsAreAnsweredWithTheStatesAndOnlyForTheAskersOwnPorts() throws Exception {
    String net = create("networks", new JsonObject().put("name", "od-net").put("fanout_mode", "on_demand")).getString("id");
    create("subnets", new JsonObject().put("network_id", net).put("ip_version", 4).put("cidr", "10.62.0.0/24"));
    JsonObject a = create("ports", new JsonObject().put("network_id", net).put("binding:host_id", "od-a"));
    JsonObject b = create("ports", new JsonObject().put("network_id", net).put("binding:host_id", "od-b"));
    int vni = new JsonObject(get("/v2.0/networks/" + net)).getJsonObject("network").getInteger("provider:segmentation_id");
    String ipA = a.getJsonArray("fixed_ips").getJsonObject(0).getString("ip_address");
    String ipB = b.getJsonArray("fixed_ips").getJsonObject(0).getString("ip_address");
    io.alcorvx.proto.HostRequest ask = io.alcorvx.proto.HostRequest.newBuilder()
        .addStateRequests(io.alcorvx.proto.ResourceStateRequest.newBuilder().setRequestId("1").setTunnelId(vni)
            .setSourceIp(ipA).setDestinationIp(ipB).setProtocol(io.alcorvx.proto.Protocol.TCP).setDestinationPort(22))
        .build();

    io.alcorvx.proto.HostRequestReply reply = requestGoalStates("od-a", TOKEN, ask);
    assertEquals(io.alcorvx.proto.OperationStatus.SUCCESS, reply.getOperationStatuses(0).getOperationStatus());
    String neighborKey = reply.getOperationStatuses(0).getResolvedResources(0).getId();
    assertEquals(ipB, reply.getResolvedStates().getNeighborStatesOrThrow(neighborKey).getConfiguration().getFixedIps(0).getIpAddress());

    // another host asking about od-a's port as its source: not routable, nothing leaked
    io.alcorvx.proto.HostRequestReply foreign = requestGoalStates("od-b", TOKEN, ask);
    assertEquals(io.alcorvx.proto.OperationStatus.FAILURE, foreign.getOperationStatuses(0).getOperationStatus());
    assertEquals(0, foreign.getResolvedStates().getNeighborStatesCount());

    java.util.concurrent.ExecutionException noToken = org.junit.jupiter.api.Assertions.assertThrows(
        java.util.concurrent.ExecutionException.class, () -> requestGoalStates("od-a", null, ask));
    assertTrue(String.valueOf(noToken.getCause()).contains("UNAUTHENTICATED"), String.valueOf(noToken.getCause()));
    java.util.concurrent.ExecutionException noHost = org.junit.jupiter.api.Assertions.assertThrows(
        java.util.concurrent.ExecutionException.class, () -> requestGoalStates(null, TOKEN, ask));
    assertTrue(String.valueOf(noHost.getCause()).contains("INVALID_ARGUMENT"), String.valueOf(noHost.getCause()));
  }

  /** A push-mode network with one IPv4 subnet; returns the network's id. */
  private static String pushNetwork(String name, String cidr) throws Exception {
    String net = create("networks", new JsonObject().put("name", name).put("fanout_mode", "push")).getString("id");
    create("subnets", new JsonObject().put("network_id", net).put("ip_version", 4).put("cidr", cidr));
    return net;
  }

  private static String port(String net, String host) throws Exception {
    return create("ports", new JsonObject().put("network_id", net).put("binding:host_id", host)
        .put("device_owner", "compute:nova").put("device_id", "vm-" + host)).getString("id");
  }

  private static JsonObject create(String collection, JsonObject body) throws Exception {
    String singular = collection.substring(0, collection.length() - 1);
    HttpResponse<String> r = send("POST", "/v2.0/" + collection, new JsonObject().put(singular, body).encode());
    assertEquals(201, r.statusCode(), r.body());
    return new JsonObject(r.body()).getJsonObject(singular);
  }

  private static void delete(String path) throws Exception {
    HttpResponse<String> r = send("DELETE", "/v2.0/" + path, null);
    assertEquals(204, r.statusCode(), r.body());
  }

  private static String get(String path) throws Exception {
    HttpResponse<String> r = send("GET", path, null);
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  private static HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("X-Project-Id", "gateway-test");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitPortStatus(String portId, String status) throws Exception {
    await(() -> {
      try {
        return status.equals(new JsonObject(get("/v2.0/ports/" + portId)).getJsonObject("port").getString("status"));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }, "port " + portId + " turns " + status);
  }

  /** The value of one sample line of the Prometheus scrape (name with labels as written), or NaN. */
  private static double metric(String sample) {
    try {
      for (String line : get("/metrics").split("\n")) {
        if (line.startsWith(sample + " ")) return Double.parseDouble(line.substring(sample.length() + 1).trim());
      }
      return Double.NaN;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) return;
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting until " + what);
  }

  /** Threads creating ports bound to one host through the API, as fast as they can, until stopped. */
  private static final class PortWriters implements AutoCloseable {
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private final List<String> created = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();

    static PortWriters start(int threads, String net, String host) {
      PortWriters w = new PortWriters();
      for (int i = 0; i < threads; i++) {
        Thread t = new Thread(() -> {
          try {
            while (w.writing.get()) w.created.add(port(net, host));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
        t.start();
        w.threads.add(t);
      }
      return w;
    }

    int count() { return created.size(); }

    /** Stops the threads and returns the ids of the ports they created. */
    List<String> stop() throws InterruptedException {
      writing.set(false);
      for (Thread t : threads) t.join();
      return List.copyOf(created);
    }

    @Override
    public void close() throws InterruptedException { stop(); }
  }
}
