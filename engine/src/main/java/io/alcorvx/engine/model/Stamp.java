package io.alcorvx.engine.model;

/** Bookkeeping every Neutron resource shows: revision_number, created_at, updated_at (epoch millis). */
public record Stamp(long revision, long createdAt, long updatedAt) {
  public static Stamp created(long now) { return new Stamp(1, now, now); }

  public Stamp bumped(long now) { return new Stamp(revision + 1, createdAt, Math.max(now, updatedAt)); }
}
