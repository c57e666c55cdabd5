package io.alcorvx.service.api;

import io.alcorvx.service.engine.EngineClient;
import io.alcorvx.service.store.ResourceReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Objects;

/** What the API needs: the engine for writes, the reader for reads, settings, metrics, and who-is-asking. */
public record ApiDeps(EngineClient engine, ResourceReader reader, ApiConfig config, MeterRegistry registry,
    ActorResolver actors) {

  public ApiDeps {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(actors, "actors");
  }

  /** No-auth deps ({@link ActorResolver#headers}) with the given registry. */
  public static ApiDeps of(EngineClient engine, ResourceReader reader, ApiConfig config, MeterRegistry registry) {
    if (!config.authNone()) {
      throw new IllegalArgumentException("token validation is not built in: pass an ActorResolver when authNone is false");
    }
    return new ApiDeps(engine, reader, config, registry, ActorResolver.headers(config.defaultProjectId()));
  }

  /** No-auth deps recording into Micrometer's global registry. */
  public static ApiDeps of(EngineClient engine, ResourceReader reader, ApiConfig config) {
    return of(engine, reader, config, Metrics.globalRegistry);
  }
}
