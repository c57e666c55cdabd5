package io.alcorvx.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.concurrent.atomic.AtomicBoolean;

/** Operations endpoints on the API's HTTP server: liveness, readiness and the Prometheus scrape. */
final class OpsRoutes {
  private OpsRoutes() {}

  static void mount(io.vertx.core.Vertx vertx, Router router, PrometheusMeterRegistry registry, AtomicBoolean storeReady,
      AtomicBoolean engineReady) {
    HostRoutes.mount(vertx, router, new io.alcorvx.service.engine.EventBusEngineClient(vertx));
    // Operator check that the engine's memory equals a fresh load of the database (admin only).
    router.get("/internal/consistency").handler(ctx -> {
      if (!HostRoutes.admin(ctx)) return;
      vertx.eventBus().request(io.alcorvx.service.engine.EngineVerticle.VERIFY_ADDRESS, null,
          new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(600_000)).onComplete(ar -> {
        if (ar.succeeded()) ctx.response().putHeader("content-type", "application/json").end(((JsonObject) ar.result().body()).encode());
        else ctx.response().setStatusCode(503).putHeader("content-type", "application/json")
            .end(new JsonObject().put("error", String.valueOf(ar.cause().getMessage())).encode());
      });
    });
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
