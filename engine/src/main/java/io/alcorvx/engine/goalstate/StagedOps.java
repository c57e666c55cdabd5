package io.alcorvx.engine.goalstate;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * A compile's staged operations, in compile order, as two parallel arrays (host, operation; a
 * null operation: the host's next push must be a FULL state).
 *
 * <p>Why not a list of {@link GoalStateCompiler.StagedOp}: in push mode one port create stages an
 * operation for every host of its subnet, and they stay live until the commit is durable. As
 * records, that was an object per (host, create) for every young GC to copy (7 % of the live
 * objects at 1,000 creates/s into 1,000 hosts, docs/benchmarks.md session 15), and a pointer to
 * follow per host when released. Read as a {@code List}, elements are made on the fly.
 */
public final class StagedOps extends AbstractList<GoalStateCompiler.StagedOp> {
  private String[] hosts;
  private Op[] ops;
  private int size;

  StagedOps() { this(16); }

  StagedOps(int capacity) {
    hosts = new String[Math.max(1, capacity)];
    ops = new Op[hosts.length];
  }

  /** The same operations (a copy, unless {@code staged} already is one). */
  public static StagedOps of(List<GoalStateCompiler.StagedOp> staged) {
    if (staged instanceof StagedOps s) return s;
    StagedOps copy = new StagedOps(staged.size());
    for (GoalStateCompiler.StagedOp s : staged) copy.add(s.host(), s.op());
    return copy;
  }

  /** Stages {@code op} for {@code host}; null: a FULL state. */
  void add(String host, Op op) {
    if (size == hosts.length) {
      hosts = Arrays.copyOf(hosts, size * 2);
      ops = Arrays.copyOf(ops, size * 2);
    }
    hosts[size] = host;
    ops[size] = op;
    size++;
  }

  @Override
  public int size() { return size; }

  public String host(int i) {
    checkIndex(i);
    return hosts[i];
  }

  /** The operation at {@code i}, or null when it stages a FULL state. */
  public Op op(int i) {
    checkIndex(i);
    return ops[i];
  }

  @Override
  public GoalStateCompiler.StagedOp get(int i) {
    checkIndex(i);
    return new GoalStateCompiler.StagedOp(hosts[i], ops[i]);
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= size) throw new IndexOutOfBoundsException("index " + i + ", size " + size);
  }
}
