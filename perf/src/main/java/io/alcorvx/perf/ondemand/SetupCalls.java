package io.alcorvx.perf.ondemand;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/** The tools' setup calls to the Neutron API (blocking: tool main threads only), failing on a non-2xx answer. */
final class SetupCalls {
  private SetupCalls() {}

  static JsonObject post(WebClient web, String url, MultiMap headers, JsonObject body) {
    HttpResponse<Buffer> r = ProbeFleet.await(web.postAbs(url).putHeaders(headers).timeout(60_000).sendBuffer(body.toBuffer()));
    if (r.statusCode() / 100 != 2) throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static JsonObject get(WebClient web, String url, MultiMap headers) {
    HttpResponse<Buffer> r = ProbeFleet.await(web.getAbs(url).putHeaders(headers).timeout(60_000).send());
    if (r.statusCode() / 100 != 2) throw new IllegalStateException("GET " + url + " answered " + r.statusCode());
    return r.bodyAsJsonObject();
  }
}
