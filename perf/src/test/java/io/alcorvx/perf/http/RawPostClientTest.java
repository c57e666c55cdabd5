package io.alcorvx.perf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RawPostClient} against a scripted TCP server: framing, keep-alive, and every way an answer can go wrong. */
class RawPostClientTest {

  /** What the client reported for one post. */
  record Outcome(int status, String nonSuccessBody, Throwable failure) {}

  private Vertx vertx;
  private NetServer server;
  private int port;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  /** How the server answers one complete request (its text) on its socket. */
  private volatile BiConsumer<String, NetSocket> responder;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createNetServer().connectHandler(socket -> {
      connections.incrementAndGet();
      Buffer[] pending = {Buffer.buffer()};
      socket.handler(data -> {
        pending[0].appendBuffer(data);
        while (true) {
          String text = pending[0].toString(StandardCharsets.ISO_8859_1); // one char a byte
          int end = text.indexOf("\r\n\r\n");
          if (end < 0) return;
          int length = 0;
          for (String line : text.substring(0, end).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
          }
          if (text.length() < end + 4 + length) return;
          String request = text.substring(0, end + 4 + length);
          pending[0] = pending[0].getBuffer(request.length(), pending[0].length());
          requests.add(request);
          responder.accept(request, socket);
        }
      });
    });
    port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static String answer(int status, String body, String... extraHeaders) {
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
    for (String h : extraHeaders) sb.append(h).append("\r\n");
    return sb.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n").append(body).toString();
  }

  /** Posts {@code bodies} through one client on one event loop; the outcomes in posting order. */
  private List<Outcome> post(int maxConnections, long timeoutMs, int serverPort, String... bodies) throws Exception {
    Context context = vertx.getOrCreateContext();
    CompletableFuture<List<Outcome>> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      RawPostClient client = new RawPostClient(vertx, "127.0.0.1", serverPort, "/v2.0/ports",
          HttpHeaders.headers().add("X-Project-Id", "p1").add("Content-Type", "application/json").add("Content-Length", "999"),
          maxConnections, timeoutMs);
      Outcome[] outcomes = new Outcome[bodies.length];
      AtomicInteger left = new AtomicInteger(bodies.length);
      for (int i = 0; i < bodies.length; i++) {
        int k = i;
        client.post(Buffer.buffer(bodies[i]), (status, body, failure) -> {
          assertNull(outcomes[k], "answered twice");
          outcomes[k] = new Outcome(status, body, failure);
          if (left.decrementAndGet() == 0) client.close().onComplete(x -> done.complete(List.of(outcomes)));
        });
      }
    });
    return done.get(20, TimeUnit.SECONDS);
  }

  private List<Outcome> post(String... bodies) throws Exception { return post(4, 5_000, port, bodies); }

  @Test
  void requestIsOneWellFormedPostWithItsOwnLength() throws Exception {
    responder = (req, socket) -> socket.write(answer(201, "{\"port\":{}}"));
    Outcome o = post("{\"port\":{\"name\":\"é\"}}").get(0);
    assertEquals(new Outcome(201, null, null), o);
    String req = requests.get(0);
    assertTrue(req.startsWith("POST /v2.0/ports HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"), req);
    assertTrue(req.contains("\r\nX-Project-Id: p1\r\n"), req);
    assertTrue(req.contains("\r\nContent-Length: 22\r\n\r\n"), "the body's length in bytes, not the caller's header: " + req);
    assertTrue(!req.contains("999"), req);
  }

  @Test
  void answersSplitAcrossReadsAreReassembled() throws Exception {
    String full = answer(409, "{\"NeutronError\":{\"message\":\"conflict\"}}", "X-Padding: " + "y".repeat(3000));
    int[] cuts = {5, 11, 12, 40, full.indexOf("\r\n\r\n") + 1, full.indexOf("\r\n\r\n") + 3, full.length() - 3, full.length()};
    responder = (req, socket) -> {
      long delay = 0;
      int from = 0;
      for (int cut : cuts) {
        String piece = full.substring(from, cut);
        from = cut;
        delay += 15; // separate TCP segments, separate reads
        vertx.setTimer(delay, id -> socket.write(piece));
      }
    };
    List<Outcome> outcomes = post(1, 5_000, port, "a", "b");
    for (Outcome o : outcomes) {
      assertEquals(409, o.status());
      assertEquals("{\"NeutronError\":{\"message\":\"conflict\"}}", o.nonSuccessBody());
    }
    assertEquals(1, connections.get(), "both posts on one keep-alive connection");
  }

  @Test
  void keepAliveReusesConnectionsAndExtraRequestsWaitForOne() throws Exception {
    responder = (req, socket) -> vertx.setTimer(5, id -> socket.write(answer(201, "{}")));
    List<Outcome> outcomes = post(2, 5_000, port, "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
    assertTrue(outcomes.stream().allMatch(o -> o.status() == 201), outcomes.toString());
    assertEquals(2, connections.get(), "at most maxConnections, reused");
    assertEquals(10, requests.size());
  }

  @Test
  void preconnectOpensEveryConnectionBeforeTheFirstRequestAndTheyAreUsed() throws Exception {
    responder = (req, socket) -> socket.write(answer(201, "{}"));
    Context context = vertx.getOrCreateContext();
    CompletableFuture<RawPostClient> ready = new CompletableFuture<>();
    context.runOnContext(v -> {
      RawPostClient client = new RawPostClient(vertx, "127.0.0.1", port, "/v2.0/ports", HttpHeaders.headers(), 3, 5_000);
      client.preconnect().onComplete(ar -> ready.complete(client));
    });
    RawPostClient client = ready.get(10, TimeUnit.SECONDS);
    // the client sees a connection open before the server's accept handler has run: wait for that side
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (connections.get() < 3 && System.nanoTime() - giveUp < 0) Thread.sleep(5);
    assertEquals(3, connections.get(), "all three open, no request sent yet");
    assertTrue(requests.isEmpty());
    CompletableFuture<Integer> answered = new CompletableFuture<>();
    context.runOnContext(v -> {
      AtomicInteger left = new AtomicInteger(6);
      for (int i = 0; i < 6; i++) {
        client.post(Buffer.buffer("x"), (status, body, failure) -> {
          if (left.decrementAndGet() == 0) client.close().onComplete(x -> answered.complete(status));
        });
      }
    });
    assertEquals(201, answered.get(10, TimeUnit.SECONDS));
    assertEquals(3, connections.get(), "the requests used the open connections, none more");
  }

  @Test
  void preconnectToARefusingServerStillCompletes() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> {
      RawPostClient client = new RawPostClient(vertx, "127.0.0.1", closedPort, "/", HttpHeaders.headers(), 2, 2_000);
      client.preconnect().onComplete(ar -> client.close().onComplete(x -> done.complete(ar.succeeded())));
    });
    assertTrue(done.get(10, TimeUnit.SECONDS), "a refused connection is opened again on demand, not a failed start");
  }

  @Test
  void connectionCloseMeansANewConnectionForTheNextRequest() throws Exception {
    responder = (req, socket) -> socket.write(answer(201, "{}", "Connection: close")).onComplete(x -> socket.close());
    List<Outcome> outcomes = post(1, 5_000, port, "1", "2", "3");
    assertTrue(outcomes.stream().allMatch(o -> o.status() == 201), outcomes.toString());
    assertEquals(3, connections.get());
  }

  @Test
  void chunkedAnswerIsRefusedWithAClearError() throws Exception {
    responder = (req, socket) -> socket.write("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
    Outcome o = post("x").get(0);
    assertEquals(-1, o.status());
    assertInstanceOf(RawPostClient.ProtocolException.class, o.failure());
    assertTrue(o.failure().getMessage().contains("--client vertx"), o.failure().getMessage());
  }

  @Test
  void answerWithoutLengthIsRefused() throws Exception {
    responder = (req, socket) -> socket.write("HTTP/1.1 200 OK\r\n\r\n{}");
    Outcome o = post("x").get(0);
    assertInstanceOf(RawPostClient.ProtocolException.class, o.failure());
    assertTrue(o.failure().getMessage().contains("without Content-Length"), o.failure().getMessage());
  }

  @Test
  void bytesBeyondTheAnswerAreAProtocolError() throws Exception {
    responder = (req, socket) -> socket.write(answer(201, "{}") + "HTTP/1.1 201");
    Outcome o = post("x").get(0);
    assertInstanceOf(RawPostClient.ProtocolException.class, o.failure());
  }

  @Test
  void noAnswerTimesOutAndTheNextRequestGetsAFreshConnection() throws Exception {
    AtomicInteger seen = new AtomicInteger();
    responder = (req, socket) -> {
      if (seen.incrementAndGet() > 1) socket.write(answer(201, "{}")); // the first one is never answered
    };
    long t = System.nanoTime();
    List<Outcome> outcomes = post(1, 200, port, "slow", "fast");
    assertInstanceOf(TimeoutException.class, outcomes.get(0).failure());
    assertTrue(System.nanoTime() - t >= 200_000_000L);
    assertEquals(201, outcomes.get(1).status());
    assertEquals(2, connections.get());
  }

  @Test
  void serverClosingMidAnswerFailsTheRequest() throws Exception {
    responder = (req, socket) -> socket.write("HTTP/1.1 201 Created\r\nContent-Length: 100\r\n\r\n{\"po").onComplete(x -> socket.close());
    Outcome o = post("x").get(0);
    assertEquals(-1, o.status());
    assertTrue(o.failure().getMessage().contains("closed by the server"), o.failure().getMessage());
  }

  @Test
  void refusedConnectionFailsEveryRequest() throws Exception {
    int closedPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort(); // free once closed: nothing listens there
    }
    List<Outcome> outcomes = post(2, 2_000, closedPort, "1", "2", "3");
    List<Throwable> failures = new ArrayList<>();
    for (Outcome o : outcomes) failures.add(o.failure());
    assertTrue(outcomes.stream().allMatch(o -> o.status() == -1), outcomes.toString());
    assertTrue(failures.stream().allMatch(f -> f instanceof ConnectException), failures.toString());
  }
}
