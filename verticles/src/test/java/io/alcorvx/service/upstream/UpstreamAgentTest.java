package io.alcorvx.service.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.proto.GoalStateOperationReply;
import io.alcorvx.proto.GoalStateOperationStatus;
import io.alcorvx.proto.GoalStateProvisionerGrpcService;
import io.alcorvx.proto.GoalStateV2;
import io.alcorvx.proto.OperationStatus;
import io.alcorvx.proto.ResourceType;
import io.alcorvx.service.AlcorService;
import io.alcorvx.service.ServiceConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.server.GrpcServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream-style agent (itself a gRPC server, like upstream Alcor's) registered by an admin:
 * the gateway dials it, streams GoalStateV2 with PushGoalStatesStream and turns its statuses into
 * ACTIVE / ERROR ports; after the agent's server restarts it gets its whole goal state again.
 * The agent is a stand-in built from our own stubs.
 */
class UpstreamAgentTest {
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static AlcorService service;
  private static Vertx agentVertx;
  private static HttpServer agentServer;
  private static int agentPort;
  private static final List<GoalStateV2> received = new CopyOnWriteArrayList<>();
  private static final Set<String> failingPorts = ConcurrentHashMap.newKeySet();

  /** JUnit deletes it after the class, once the service (and its embedded PostgreSQL) is closed. */
  @TempDir private static Path dataDir;

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      agentPort = s.getLocalPort();
    }
    agentVertx = Vertx.vertx();
    startAgent();
    service = AlcorService.start(ServiceConfig.load(new String[] {"--data-dir", dataDir.toString(),
        "--http-host", "127.0.0.1", "--http-port", "0", "--gateway-port", "0", "--api-instances", "1"}, Map.of()));
  }

  /** The stand-in agent: records every GoalStateV2 and answers a status per port (FAILURE for ports named in failingPorts). */
  private static void startAgent() throws Exception {
    GrpcServer grpc = GrpcServer.server(agentVertx);
    grpc.callHandler(GoalStateProvisionerGrpcService.PushGoalStatesStream, req -> req.handler(goalState -> {
      received.add(goalState);
      GoalStateOperationReply.Builder reply = GoalStateOperationReply.newBuilder().setFormatVersion(1);
      goalState.getPortStatesMap().forEach((portId, state) -> reply.addOperationStatuses(GoalStateOperationStatus.newBuilder()
          .setResourceId(portId).setResourceType(ResourceType.PORT)
          .setOperationStatus(failingPorts.contains(state.getConfiguration().getName()) ? OperationStatus.FAILURE : OperationStatus.SUCCESS)));
      req.response().write(reply.build());
    }));
    agentServer = agentVertx.createHttpServer(new HttpServerOptions().setPort(agentPort).setHost("127.0.0.1"))
        .requestHandler(grpc).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) service.close();
    if (agentVertx != null) agentVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static HttpResponse<String> send(String method, String path, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
        .header("Content-Type", "application/json").header("X-Roles", "admin").header("X-Project-Id", "up");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject create(String collection, String singular, JsonObject body) throws Exception {
    HttpResponse<String> r = send("POST", "/v2.0/" + collection, new JsonObject().put(singular, body));
    assertEquals(201, r.statusCode(), r.body());
    return new JsonObject(r.body()).getJsonObject(singular);
  }

  private static String status(String portId) throws Exception {
    return new JsonObject(send("GET", "/v2.0/ports/" + portId, null).body()).getJsonObject("port").getString("status");
  }

  private static void await(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) return;
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting until " + what);
  }

  private static boolean statusIs(String portId, String expected) {
    try {
      return expected.equals(status(portId));
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void theGatewayPushesToAnUpstreamStyleAgentAndReadsItsStatuses() throws Exception {
    JsonObject host = create("hosts", "host", new JsonObject().put("id", "up-1").put("ip_address", "192.168.80.1")
        .put("agent_endpoint", "127.0.0.1:" + agentPort));
    assertEquals("127.0.0.1:" + agentPort, host.getString("agent_endpoint"));
    assertEquals(400, send("POST", "/v2.0/hosts", new JsonObject().put("host", new JsonObject().put("id", "bad")
        .put("ip_address", "192.168.80.2").put("agent_endpoint", "nowhere"))).statusCode());

    String net = create("networks", "network", new JsonObject().put("name", "up")).getString("id");
    create("subnets", "subnet", new JsonObject().put("network_id", net).put("ip_version", 4).put("cidr", "10.80.0.0/24"));
    String p1 = create("ports", "port", new JsonObject().put("network_id", net).put("binding:host_id", "up-1")).getString("id");
    await(() -> statusIs(p1, "ACTIVE"), "the upstream agent's SUCCESS turns the port ACTIVE");
    assertTrue(received.stream().anyMatch(g -> g.containsPortStates(p1) && g.getHostResourcesMap().containsKey("192.168.80.1")),
        "the agent received the port's state, listed for its host");

    failingPorts.add("doomed");
    String p2Id = create("ports", "port", new JsonObject().put("name", "doomed").put("network_id", net)
        .put("binding:host_id", "up-1")).getString("id");
    await(() -> statusIs(p2Id, "ERROR"), "the agent's FAILURE turns the port ERROR");

    // the agent's server restarts: the gateway reconnects and sends the whole goal state again
    failingPorts.clear();
    agentVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS); // drops its connections
    received.clear();
    agentVertx = Vertx.vertx();
    startAgent();
    await(() -> received.stream().anyMatch(g -> g.containsPortStates(p1) && g.containsPortStates(p2Id)),
        "after reconnecting, the agent gets its whole goal state");
    await(() -> statusIs(p2Id, "ACTIVE"), "now that the agent succeeds, the port turns ACTIVE");
  }
}
