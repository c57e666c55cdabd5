package io.alcorvx.service.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 under load: every port that got a 2xx survives the restart, none exists twice, no two
 * ports share an IP or a MAC, and the restarted engine agrees with a fresh load of the database.
 */
class CrashSafetyTest {
  @TempDir Path tmp;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<String> send(ServiceProcess svc, String method, String path, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(svc.uri(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("X-Project-Id", "crash").header("X-Roles", "admin");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  record Acked(String id, String ip, String mac) {}

  @Test
  void acknowledgedPortsSurviveSigkillAndNothingIsDuplicated() throws Exception {
    Path data = tmp.resolve("data");
    int port = ServiceProcess.freePort();
    Map<String, Acked> acked = new ConcurrentHashMap<>();
    String networkId;
    try (ServiceProcess svc = ServiceProcess.start(data, port)) {
      networkId = new JsonObject(send(svc, "POST", "/v2.0/networks", new JsonObject().put("network", new JsonObject().put("name", "crash"))).body())
          .getJsonObject("network").getString("id");
      HttpResponse<String> sub = send(svc, "POST", "/v2.0/subnets", new JsonObject().put("subnet",
          new JsonObject().put("network_id", networkId).put("ip_version", 4).put("cidr", "10.50.0.0/16")));
      assertEquals(201, sub.statusCode(), sub.body());

      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService clients = Executors.newFixedThreadPool(8);
      for (int t = 0; t < 8; t++) {
        int thread = t;
        clients.submit(() -> {
          for (int i = 0; !stop.get(); i++) {
            try {
              HttpResponse<String> r = send(svc, "POST", "/v2.0/ports", new JsonObject().put("port",
                  new JsonObject().put("network_id", networkId).put("name", "c" + thread + "-" + i)));
              if (r.statusCode() == 201) {
                JsonObject p = new JsonObject(r.body()).getJsonObject("port");
                acked.put(p.getString("id"), new Acked(p.getString("id"),
                    p.getJsonArray("fixed_ips").getJsonObject(0).getString("ip_address"), p.getString("mac_address")));
              }
            } catch (Exception connectionLost) {
              return null;
            }
          }
          return null;
        });
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (acked.size() < 400 && System.nanoTime() < deadline) Thread.sleep(20);
      svc.kill(); // in the middle of the load
      stop.set(true);
      clients.shutdown();
      assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS));
      assertTrue(acked.size() >= 400, "load did not get going: " + acked.size() + " acknowledged\n" + svc.tail());
    }

    try (ServiceProcess svc = ServiceProcess.start(data, port)) {
      // the engine keeps working on the recovered state
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> r = send(svc, "POST", "/v2.0/ports", new JsonObject().put("port", new JsonObject().put("network_id", networkId)));
        assertEquals(201, r.statusCode(), r.body());
      }
      Map<String, JsonObject> stored = new HashMap<>();
      String marker = null;
      do {
        String q = "/v2.0/ports?network_id=" + networkId + "&limit=500" + (marker == null ? "" : "&marker=" + marker);
        JsonArray page = new JsonObject(send(svc, "GET", q, null).body()).getJsonArray("ports");
        for (int i = 0; i < page.size(); i++) {
          JsonObject p = page.getJsonObject(i);
          assertTrue(stored.put(p.getString("id"), p) == null, "port listed twice: " + p.getString("id"));
        }
        marker = page.size() == 500 ? page.getJsonObject(page.size() - 1).getString("id") : null;
      } while (marker != null);

      for (Acked a : acked.values()) {
        JsonObject p = stored.get(a.id());
        assertTrue(p != null, "acknowledged port " + a.id() + " was lost");
        assertEquals(a.ip(), p.getJsonArray("fixed_ips").getJsonObject(0).getString("ip_address"));
        assertEquals(a.mac(), p.getString("mac_address"));
      }
      Set<String> ips = new HashSet<>();
      Set<String> macs = new HashSet<>();
      for (JsonObject p : stored.values()) {
        for (Object o : p.getJsonArray("fixed_ips")) {
          assertTrue(ips.add(((JsonObject) o).getString("ip_address")), "two ports share " + o);
        }
        assertTrue(macs.add(p.getString("mac_address")), "two ports share MAC " + p.getString("mac_address"));
      }
      HttpResponse<String> verify = send(svc, "GET", "/internal/consistency", null);
      assertEquals(200, verify.statusCode(), verify.body());
      JsonObject v = new JsonObject(verify.body());
      assertTrue(v.getBoolean("consistent"), "engine state differs from a fresh load: " + v.encodePrettily());
    }
  }
}
