package io.alcorvx.perf.http;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The few Neutron calls the driver makes outside its hot path (setup and verification), as blocking
 * calls for the driver's main thread.
 */
final class NeutronApi {
  private final WebClient web;
  private final String basePath;
  private final MultiMap headers;
  private final long timeoutMs;

  NeutronApi(WebClient web, String basePath, MultiMap headers, long timeoutMs) {
    this.web = web;
    this.basePath = basePath;
    this.headers = headers;
    this.timeoutMs = timeoutMs;
  }

  String createNetwork(String name) {
    JsonObject body = new JsonObject().put("network", new JsonObject().put("name", name).put("admin_state_up", true));
    return post("/v2.0/networks", body).getJsonObject("network").getString("id");
  }

  /** Ids and CIDRs of the IPv4 subnets of a network. */
  List<JsonObject> ipv4Subnets(String networkId) {
    JsonObject page = get("/v2.0/subnets?network_id=" + enc(networkId));
    List<JsonObject> out = new ArrayList<>();
    JsonArray subnets = page.getJsonArray("subnets", new JsonArray());
    for (int i = 0; i < subnets.size(); i++) {
      JsonObject s = subnets.getJsonObject(i);
      if (s.getValue("ip_version") == null || Integer.valueOf(4).equals(s.getInteger("ip_version"))) out.add(s);
    }
    return out;
  }

  String createSubnet(String networkId, String cidr, String name) {
    JsonObject body = new JsonObject().put("subnet", new JsonObject().put("network_id", networkId).put("ip_version", 4)
        .put("cidr", cidr).put("name", name).put("enable_dhcp", false));
    return post("/v2.0/subnets", body).getJsonObject("subnet").getString("id");
  }

  /**
   * Lists every port of a network into {@code check}, {@code limit} per page, following the marker.
   * Stops with an exception when the server's paging does not advance.
   */
  void listPorts(String networkId, int limit, PortSetCheck check) {
    String marker = null;
    String firstOfLastPage = null;
    while (true) {
      String uri = "/v2.0/ports?network_id=" + enc(networkId) + "&fields=id&fields=fixed_ips&fields=mac_address&limit=" + limit
          + (marker == null ? "" : "&marker=" + enc(marker));
      JsonObject page = get(uri);
      JsonArray ports = page.getJsonArray("ports");
      int n = ports == null ? 0 : ports.size();
      if (n > 0) {
        String first = ports.getJsonObject(0).getString("id");
        if (first != null && first.equals(firstOfLastPage)) {
          throw new IllegalStateException("paging does not advance: marker " + marker + " returned the same page again");
        }
        firstOfLastPage = first;
      }
      String last = check.acceptPage(page);
      if (n < limit || last == null) return;
      if (n > limit) return; // the server ignored limit and returned everything
      marker = last;
    }
  }

  /** GET, expecting a 2xx JSON answer. */
  JsonObject get(String path) {
    return send(web.getAbs(abs(path)), null, path);
  }

  JsonObject post(String path, JsonObject body) {
    return send(web.postAbs(abs(path)), body, path);
  }

  private String abs(String path) { return basePath + path; }

  private JsonObject send(HttpRequest<Buffer> req, JsonObject body, String what) {
    req.putHeaders(headers).timeout(timeoutMs);
    Future<HttpResponse<Buffer>> f = body == null ? req.send() : req.sendBuffer(body.toBuffer());
    HttpResponse<Buffer> resp = await(f, timeoutMs + 1000, what);
    if (resp.statusCode() / 100 != 2) {
      throw new IllegalStateException(what + " answered " + resp.statusCode() + ": "
          + PortSetCheck.abbreviate(resp.bodyAsString() == null ? "" : resp.bodyAsString()));
    }
    return resp.bodyAsJsonObject();
  }

  static <T> T await(Future<T> f, long timeoutMs, String what) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + what, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " timed out after " + timeoutMs + " ms", e);
    }
  }

  static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
