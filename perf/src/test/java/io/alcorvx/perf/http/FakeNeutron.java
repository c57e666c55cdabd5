package io.alcorvx.perf.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A tiny stand-in for the service's Neutron API (networks, subnets, single and bulk port creates,
 * paged port listing by id), enough to run the driver end to end in a unit test. One event loop,
 * so its state needs no locks.
 */
final class FakeNeutron implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final TreeMap<String, JsonObject> ports = new TreeMap<>();
  final List<String> projects = new ArrayList<>();
  private final Map<String, JsonObject> subnets = new TreeMap<>();
  private long seq;
  private long ip = 2;
  /** Every n-th single create answers 409 (0 = never). */
  volatile int conflictEvery;
  /** Hand out every address twice, to see the verification fail. */
  volatile boolean duplicateIps;
  private long singles;
  private HttpServer server;

  int start() throws Exception {
    server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return server.actualPort();
  }

  private String nextId() { return String.format("%08d-0000-0000-0000-000000000000", ++seq); }

  private void handle(HttpServerRequest req) {
    req.body().onSuccess(body -> {
      projects.add(req.getHeader("X-Project-Id") + "/" + req.getHeader("X-Roles"));
      String path = req.path();
      try {
        if (req.method().name().equals("POST") && path.equals("/v2.0/networks")) {
          JsonObject n = body.toJsonObject().getJsonObject("network").copy().put("id", nextId());
          reply(req, 201, new JsonObject().put("network", n));
        } else if (req.method().name().equals("POST") && path.equals("/v2.0/subnets")) {
          JsonObject s = body.toJsonObject().getJsonObject("subnet").copy().put("id", nextId());
          subnets.put(s.getString("id"), s);
          reply(req, 201, new JsonObject().put("subnet", s));
        } else if (req.method().name().equals("GET") && path.equals("/v2.0/subnets")) {
          JsonArray a = new JsonArray();
          subnets.values().stream().filter(s -> s.getString("network_id").equals(req.getParam("network_id"))).forEach(a::add);
          reply(req, 200, new JsonObject().put("subnets", a));
        } else if (req.method().name().equals("POST") && path.equals("/v2.0/ports")) {
          JsonObject in = body.toJsonObject();
          if (in.containsKey("ports")) {
            JsonArray out = new JsonArray();
            for (Object o : in.getJsonArray("ports")) out.add(create((JsonObject) o));
            reply(req, 201, new JsonObject().put("ports", out));
          } else {
            singles++;
            if (conflictEvery > 0 && singles % conflictEvery == 0) {
              reply(req, 409, new JsonObject().put("NeutronError", new JsonObject().put("type", "Conflict")));
            } else {
              reply(req, 201, new JsonObject().put("port", create(in.getJsonObject("port"))));
            }
          }
        } else if (req.method().name().equals("GET") && path.equals("/v2.0/ports")) {
          int limit = Integer.parseInt(req.getParam("limit", "1000000"));
          String marker = req.getParam("marker");
          String net = req.getParam("network_id");
          JsonArray out = new JsonArray();
          for (JsonObject p : (marker == null ? ports : ports.tailMap(marker, false)).values()) {
            if (out.size() >= limit) break;
            if (!p.getString("network_id").equals(net)) continue;
            out.add(new JsonObject().put("id", p.getString("id")).put("fixed_ips", p.getJsonArray("fixed_ips"))
                .put("mac_address", p.getString("mac_address")));
          }
          reply(req, 200, new JsonObject().put("ports", out));
        } else {
          reply(req, 404, new JsonObject().put("NeutronError", new JsonObject().put("type", "NotFound")));
        }
      } catch (RuntimeException e) {
        reply(req, 400, new JsonObject().put("NeutronError", new JsonObject().put("message", String.valueOf(e))));
      }
    });
  }

  private JsonObject create(JsonObject in) {
    String subnet = subnets.values().stream().filter(s -> s.getString("network_id").equals(in.getString("network_id")))
        .findFirst().orElseThrow().getString("id");
    long a = duplicateIps ? ip++ / 2 + 1 : ip++;
    String address = "10." + ((a >> 16) & 0xff) + "." + ((a >> 8) & 0xff) + "." + (a & 0xff);
    JsonObject p = in.copy().put("id", nextId()).put("mac_address", String.format("fa:16:3e:%02x:%02x:%02x",
            (seq >> 16) & 0xff, (seq >> 8) & 0xff, seq & 0xff))
        .put("fixed_ips", new JsonArray().add(new JsonObject().put("subnet_id", subnet).put("ip_address", address)))
        .put("status", "DOWN");
    ports.put(p.getString("id"), p);
    return p;
  }

  private static void reply(HttpServerRequest req, int status, JsonObject body) {
    req.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
