package io.alcorvx.service;

import io.alcorvx.engine.EngineException;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command;
import io.alcorvx.service.engine.EngineClient;
import io.alcorvx.service.engine.EngineVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;

/**
 * Admin-only resource of compute hosts (not part of Neutron): list and show them with their
 * connection state, acknowledged goal-state version and unacknowledged changes; delete a host
 * that has no ports bound.
 */
final class HostRoutes {
  private HostRoutes() {}

  static void mount(Vertx vertx, Router router, EngineClient engine) {
    router.get("/v2.0/hosts").handler(ctx -> {
      if (!admin(ctx)) return;
      report(vertx).onComplete(ar -> {
        if (ar.succeeded()) json(ctx, 200, new JsonObject().put("hosts", ar.result()));
        else error(ctx, 503, "ServiceUnavailable", ar.cause().getMessage());
      });
    });
    // registers a host ahead of its agent, e.g. an upstream-style agent server the gateway dials
    router.post("/v2.0/hosts").handler(io.vertx.ext.web.handler.BodyHandler.create().setBodyLimit(64 * 1024));
    router.post("/v2.0/hosts").handler(ctx -> {
      if (!admin(ctx)) return;
      JsonObject host;
      try {
        host = ctx.body().asJsonObject().getJsonObject("host");
      } catch (RuntimeException e) {
        host = null;
      }
      if (host == null || !(host.getValue("id") instanceof String id) || id.isBlank()) {
        error(ctx, 400, "BadRequest", "expected {\"host\": {\"id\", \"name\", \"ip_address\", \"mac_address\", \"agent_endpoint\"}}");
        return;
      }
      for (String field : host.fieldNames()) {
        if (!java.util.Set.of("id", "name", "ip_address", "mac_address", "agent_endpoint").contains(field)) {
          error(ctx, 400, "BadRequest", "Unrecognized attribute '" + field + "'");
          return;
        }
      }
      Command register;
      try {
        register = new Command.RegisterHost(Actor.SYSTEM, id, host.getString("name", id), host.getString("ip_address"),
            host.getString("mac_address"), host.getString("agent_endpoint", ""));
      } catch (ClassCastException e) {
        error(ctx, 400, "BadRequest", "host attributes must be strings");
        return;
      }
      engine.execute(register).onComplete(ar -> {
        if (ar.failed()) {
          failed(ctx, ar.cause());
          return;
        }
        report(vertx).onComplete(r -> {
          JsonObject shown = new JsonObject().put("id", id);
          if (r.succeeded()) {
            for (Object o : r.result()) if (id.equals(((JsonObject) o).getString("id"))) shown = (JsonObject) o;
          }
          json(ctx, 201, new JsonObject().put("host", shown));
        });
      });
    });
    router.get("/v2.0/hosts/:id").handler(ctx -> {
      if (!admin(ctx)) return;
      String id = ctx.pathParam("id");
      report(vertx).onComplete(ar -> {
        if (ar.failed()) {
          error(ctx, 503, "ServiceUnavailable", ar.cause().getMessage());
          return;
        }
        for (Object o : ar.result()) {
          if (id.equals(((JsonObject) o).getString("id"))) {
            json(ctx, 200, new JsonObject().put("host", o));
            return;
          }
        }
        error(ctx, 404, "HostNotFound", "Host " + id + " could not be found.");
      });
    });
    router.delete("/v2.0/hosts/:id").handler(ctx -> {
      if (!admin(ctx)) return;
      engine.execute(new Command.DeleteHost(Actor.SYSTEM, ctx.pathParam("id"))).onComplete(ar -> {
        if (ar.succeeded()) ctx.response().setStatusCode(204).end();
        else failed(ctx, ar.cause());
      });
    });
  }

  private static void failed(RoutingContext ctx, Throwable cause) {
    if (cause instanceof EngineException e) {
      int status = switch (e.kind()) {
        case NOT_FOUND -> 404;
        case CONFLICT -> 409;
        case FORBIDDEN -> 403;
        default -> 400;
      };
      error(ctx, status, e.type(), e.getMessage());
    } else {
      error(ctx, 503, "ServiceUnavailable", cause.getMessage());
    }
  }

  private static io.vertx.core.Future<JsonArray> report(Vertx vertx) {
    return vertx.eventBus().<JsonArray>request(EngineVerticle.HOSTS_ADDRESS, null).map(m -> m.body());
  }

  /** Admin-only operator endpoints: true for an admin request, else answers 403 in Neutron's shape. */
  static boolean admin(RoutingContext ctx) {
    String roles = String.valueOf(ctx.request().getHeader("X-Roles"));
    if (Arrays.stream(roles.split(",")).map(String::trim).anyMatch("admin"::equals)) return true;
    error(ctx, 403, "PolicyNotAuthorized", "Only admins may use this resource.");
    return false;
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  private static void error(RoutingContext ctx, int status, String type, String message) {
    json(ctx, status, new JsonObject().put("NeutronError",
        new JsonObject().put("type", type).put("message", String.valueOf(message)).put("detail", "")));
  }
}
