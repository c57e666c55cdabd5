package io.alcorvx.engine;

import io.alcorvx.engine.model.Resource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one command changed, as (before, after) pairs in the order they were applied: a create has
 * no before, a delete no after. The store persists the afters (and deletes the befores' ids), the
 * compiler derives per-host operations from both, and {@link Engine#revert} undoes them.
 */
public final class ChangeSet {

  /** One resource's transition. */
  public record Change(Resource before, Resource after) {
    public Change {
      if (before == null && after == null) throw new IllegalArgumentException("empty change");
    }

    public Resource current() { return after != null ? after : before; }

    public boolean isCreate() { return before == null; }

    public boolean isDelete() { return after == null; }
  }

  private final List<Change> changes = new ArrayList<>();

  void add(Resource before, Resource after) { changes.add(new Change(before, after)); }

  public List<Change> changes() { return Collections.unmodifiableList(changes); }

  public boolean isEmpty() { return changes.isEmpty(); }

  public int size() { return changes.size(); }

  @Override public String toString() { return "ChangeSet" + changes; }
}
