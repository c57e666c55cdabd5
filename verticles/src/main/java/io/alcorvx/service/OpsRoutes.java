package io.alcorvx.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.concurrent.atomic.AtomicBoolean;

/** Operations endpoints on the API's HTTP server: liveness, readiness and the Prometheus scrape. */
final class OpsRoutes {
  private OpsRoutes() {}

  static void mount(Router router, PrometheusMeterRegistry registry, AtomicBoolean storeReady, AtomicBoolean engineReady) {
    router.get("/healthz").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("status", "alive").encode()));
    router.get("/readyz").handler(ctx -> {
      boolean ready = storeReady.get() && engineReady.get();
      ctx.response().setStatusCode(ready ? 200 : 503).putHeader("content-type", "application/json")
          .end(new JsonObject().put("ready", ready).put("store", storeReady.get()).put("engine", engineReady.get()).encode());
    });
    router.get("/metrics").handler(ctx -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape()));
  }
}
