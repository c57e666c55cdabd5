package io.alcorvx.engine.ondemand;

import io.alcorvx.engine.net.IpAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * The requests of one agent's batch and, after {@link OnDemandResolver#resolve(String, OnDemandBatch)},
 * their answers. Held as parallel arrays so the resolver can run each stage of the resolution over
 * the whole batch (see there why). Not thread-safe. Make one per request being answered rather
 * than keeping one: the resolver stores a reference per request and stage into these arrays, and
 * G1's write barrier is cheap for a young object but fences for one in the old generation.
 */
public final class OnDemandBatch {
  long[] vni;
  IpAddress[] src;
  IpAddress[] dst;
  int[] protocol;
  int[] dstPort;
  // both ends of each request, as the lookup stage found them
  Endpoint[] source;
  Endpoint[] dest;
  // the answers
  Resolution[] resolution;
  /** Null until a request fails (rare), so a batch costs one array less. */
  private RuntimeException[] error;
  /** What warming the lookups read, kept only so the JIT keeps those reads (see {@link ResolverView#warm}). */
  long warmth;
  private int size;

  public OnDemandBatch(int capacity) {
    int c = Math.max(1, capacity);
    vni = new long[c];
    src = new IpAddress[c];
    dst = new IpAddress[c];
    protocol = new int[c];
    dstPort = new int[c];
    source = new Endpoint[c];
    dest = new Endpoint[c];
    resolution = new Resolution[c];
  }

  /** Adds a request and returns its index in the batch. */
  public int add(long vni, IpAddress src, IpAddress dst, int protocol, int dstPort) {
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(dst, "dst");
    if (size == this.vni.length) grow();
    int i = size++;
    this.vni[i] = vni;
    this.src[i] = src;
    this.dst[i] = dst;
    this.protocol[i] = protocol;
    this.dstPort[i] = dstPort;
    return i;
  }

  public int size() { return size; }

  /** The answer to request {@code i}, or null if resolving it failed ({@link #error}). */
  public Resolution resolution(int i) { return resolution[check(i)]; }

  /** Why request {@code i} could not be resolved (an inconsistency inside the engine), or null. */
  public RuntimeException error(int i) {
    check(i);
    return error == null ? null : error[i];
  }

  boolean failed(int i) { return error != null && error[i] != null; }

  void fail(int i, RuntimeException e) {
    if (error == null) error = new RuntimeException[vni.length];
    error[i] = e;
  }

  private int check(int i) {
    if (i < 0 || i >= size) throw new IndexOutOfBoundsException("request " + i + " of a batch of " + size);
    return i;
  }

  private void grow() {
    int c = vni.length * 2;
    vni = Arrays.copyOf(vni, c);
    src = Arrays.copyOf(src, c);
    dst = Arrays.copyOf(dst, c);
    protocol = Arrays.copyOf(protocol, c);
    dstPort = Arrays.copyOf(dstPort, c);
    source = Arrays.copyOf(source, c);
    dest = Arrays.copyOf(dest, c);
    resolution = Arrays.copyOf(resolution, c);
    if (error != null) error = Arrays.copyOf(error, c);
  }
}
