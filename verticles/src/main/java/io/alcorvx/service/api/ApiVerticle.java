package io.alcorvx.service.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The Neutron API verticle: deploy one instance per core on the same port (Vert.x spreads the
 * connections over the instances). Each instance builds its own router: first whatever
 * {@code extraRoutes} adds (the launcher's /metrics, /healthz, /readyz), then the API, which
 * answers every other path.
 */
public final class ApiVerticle extends VerticleBase {
  private final ApiDeps deps;
  private final HttpServerOptions serverOptions;
  private final Consumer<Router> extraRoutes;
  private volatile Router router;
  private volatile HttpServer server;

  public ApiVerticle(ApiDeps deps, HttpServerOptions serverOptions, Consumer<Router> extraRoutes) {
    this.deps = Objects.requireNonNull(deps, "deps");
    this.serverOptions = Objects.requireNonNull(serverOptions, "serverOptions");
    this.extraRoutes = extraRoutes == null ? r -> { } : extraRoutes;
  }

  public ApiVerticle(ApiDeps deps, HttpServerOptions serverOptions) { this(deps, serverOptions, null); }

  @Override
  public Future<?> start() {
    Router r = Router.router(vertx);
    extraRoutes.accept(r);
    NeutronApi.mount(r, deps);
    router = r;
    AtomicLong open = ApiMetrics.openConnections(deps.registry());
    return vertx.createHttpServer(new HttpServerOptions(serverOptions))
        .connectionHandler(conn -> {
          open.incrementAndGet();
          conn.closeHandler(v -> open.decrementAndGet());
        })
        .requestHandler(r).listen()
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    HttpServer s = server;
    return s == null ? Future.succeededFuture() : s.close();
  }

  /** This instance's router (after start). */
  public Router router() { return router; }

  /** The port listened on (after start), or -1. */
  public int actualPort() {
    HttpServer s = server;
    return s == null ? -1 : s.actualPort();
  }
}
