package io.alcorvx.engine;

import java.util.UUID;

/** Where new resource ids come from; passed in so the engine stays deterministic under test. */
@FunctionalInterface
public interface IdSource {
  String next();

  static IdSource randomUuids() { return () -> UUID.randomUUID().toString(); }

  /** Deterministic ids "prefix-1", "prefix-2", ... for tests and benchmarks. */
  static IdSource sequential(String prefix) {
    long[] n = {0};
    return () -> prefix + "-" + (++n[0]);
  }
}
