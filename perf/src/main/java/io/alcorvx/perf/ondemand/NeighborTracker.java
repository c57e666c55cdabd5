package io.alcorvx.perf.ondemand;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * For every neighbor key seen while armed: how many hosts received it, when the first and the last
 * did ({@link System#nanoTime()}), and the smallest {@code committed_at_unix_micros} stamp of the
 * deltas that carried it. Recorded from any number of event loops.
 *
 * <p>"Applied" here is the moment a probe agent has the decoded delta in hand and is about to ACK it
 * (the probe agents hold no state, so there is nothing more to apply).
 *
 * <p>Why it is built this way: at 1,000 creates a second into 1,000 hosts the probe records a million
 * keys a second. A {@code ConcurrentHashMap} of atomically updated records, keyed by a {@code String}
 * decoded per key, took a fifth of the probe's CPU. Keys are now read from the received message as
 * 64-bit words, hashed and compared as such, with no {@code String} per key (the lookup is most of
 * what is left). Each recording thread owns a {@link Recorder} with its own table, so recording needs
 * no atomics; only reads ({@link #get}) merge the threads' tables.
 */
public final class NeighborTracker {

  /** One key's record, merged over the recording threads. */
  public record Track(int hosts, long firstNanos, long lastNanos, long minCommittedMicros) {}

  private final CopyOnWriteArrayList<Recorder> recorders = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Recorder> own = ThreadLocal.withInitial(this::newRecorder);
  private volatile boolean armed;
  /** Bumped by {@link #clear}; a recorder whose generation is older empties itself before recording. */
  private volatile int generation;

  /** Start recording (keys delivered before are not tracked: preloads). */
  public void arm() { armed = true; }

  public void disarm() { armed = false; }

  public boolean armed() { return armed; }

  /** The calling thread's recorder; use it on this thread only. */
  public Recorder recorder() { return own.get(); }

  private Recorder newRecorder() {
    Recorder r = new Recorder(this);
    recorders.add(r);
    return r;
  }

  /** One host received {@code key} at {@code nanos} in a delta stamped {@code committedMicros} (0 = none). */
  public void record(String key, long nanos, long committedMicros) {
    Recorder r = recorder();
    ByteBuffer bytes = ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8));
    r.begin(bytes);
    r.key(bytes, 0, bytes.limit());
    r.commit(nanos, committedMicros);
  }

  /**
   * The record of a key merged over all threads, or null when no host received it while armed. Read
   * once the traffic that recorded it has settled (a recorder writing concurrently may be seen half-way).
   */
  public Track get(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    long[] k = new long[bytes.length / 8 + 2];
    words(ByteBuffer.wrap(bytes), 0, bytes.length, k);
    long hash = hash(k, k.length);
    int g = generation;
    int hosts = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long minStamp = Long.MAX_VALUE;
    for (Recorder r : recorders) {
      Table t = r.tableOf(g);
      if (t == null) continue;
      int slot = t.find(k, hash);
      if (slot < 0) continue;
      hosts += t.hosts[slot];
      first = Math.min(first, t.first[slot]);
      last = Math.max(last, t.last[slot]);
      minStamp = Math.min(minStamp, t.minStamp[slot]);
    }
    return hosts == 0 ? null : new Track(hosts, first, last, minStamp == Long.MAX_VALUE ? 0 : minStamp);
  }

  /** Distinct keys recorded since the last {@link #clear}. */
  public int size() {
    int g = generation;
    Set<String> keys = new HashSet<>(); // a key's words, as text: equal for equal keys
    for (Recorder r : recorders) {
      Table t = r.tableOf(g);
      if (t == null) continue;
      for (long[] k : t.keys) if (k != null) keys.add(Arrays.toString(k));
    }
    return keys.size();
  }

  /** Forgets every record (each recorder empties its table when it next records). */
  public void clear() { generation++; }

  /** The L2 neighbor map key the engine uses for a port's address in a subnet (goal-state-protocol.md §7). */
  public static String l2Key(String portId, String subnetId) {
    return "L2/" + portId + "/" + subnetId;
  }

  /**
   * Reads a key into big-endian 64-bit words (the last one padded with zeros, the length in the high
   * byte of an extra word), so that hashing and comparing are done eight bytes at a time; returns
   * the number of words.
   */
  static int words(ByteBuffer b, int offset, int length, long[] into) {
    int n = 0;
    int i = 0;
    for (; i + 8 <= length; i += 8) into[n++] = b.getLong(offset + i);
    long tail = 0;
    for (; i < length; i++) tail = (tail << 8) | (b.get(offset + i) & 0xFF);
    into[n++] = tail;
    into[n++] = length;
    return n;
  }

  static long hash(long[] words, int n) {
    long h = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < n; i++) h = mix(h ^ words[i]);
    return h;
  }

  private static long mix(long v) {
    v *= 0xBF58476D1CE4E5B9L;
    v ^= v >>> 31;
    v *= 0x94D049BB133111EBL;
    return v ^ (v >>> 29);
  }

  /**
   * One thread's records. Per message: {@link #begin} with the message's bytes, {@link #key} for each
   * neighbor key in it (only positions are kept), then {@link #commit} with the time and stamp, which
   * are known only once the whole message was read.
   */
  public static final class Recorder implements WireScan.KeySink {
    private final NeighborTracker tracker;
    /** Written last by {@link #commit}: a reader that reads it first sees everything before it. */
    private volatile int published;
    private volatile int generation;
    /** Replaced, never emptied in place, so that a concurrent reader sees one table or the other. */
    private volatile Table table = new Table(1024);
    private ByteBuffer message;
    private int[] staged = new int[64];
    private int stagedCount;
    private long[] scratch = new long[16];

    private Recorder(NeighborTracker tracker) {
      this.tracker = tracker;
      this.generation = tracker.generation;
    }

    /** Its table as of its last commit, or null when it holds nothing of generation {@code g}. */
    private Table tableOf(int g) {
      int ignored = published; // read first (acquire): the slots its last commit wrote are visible
      return generation == g ? table : null;
    }

    /** Starts a message whose keys will be given as positions in {@code bytes}. */
    public void begin(ByteBuffer bytes) {
      message = bytes;
      stagedCount = 0;
    }

    @Override
    public void key(ByteBuffer bytes, int offset, int length) {
      if (stagedCount + 2 > staged.length) staged = Arrays.copyOf(staged, staged.length * 2);
      staged[stagedCount++] = offset;
      staged[stagedCount++] = length;
    }

    /** Records the message's keys as received at {@code nanos}, stamped {@code committedMicros} (0 = none). */
    public void commit(long nanos, long committedMicros) {
      int g = tracker.generation;
      if (g != generation) {
        table = new Table(1024);
        generation = g;
      }
      long stamp = committedMicros > 0 ? committedMicros : Long.MAX_VALUE;
      Table t = table;
      for (int i = 0; i < stagedCount; i += 2) {
        int length = staged[i + 1];
        if (scratch.length < length / 8 + 2) scratch = new long[length / 8 + 2];
        int n = words(message, staged[i], length, scratch);
        long h = hash(scratch, n);
        int slot = t.slotFor(scratch, n, h);
        if (slot < 0) { // full: grow, publish, go on in the new table
          t = t.grown();
          table = t;
          slot = t.slotFor(scratch, n, h);
        }
        t.hosts[slot]++;
        if (nanos < t.first[slot]) t.first[slot] = nanos;
        if (nanos > t.last[slot]) t.last[slot] = nanos;
        if (stamp < t.minStamp[slot]) t.minStamp[slot] = stamp;
      }
      stagedCount = 0;
      message = null;
      published++;
    }
  }

  /** Open addressing with linear probing, at most half full. */
  private static final class Table {
    final long[] hashes;
    /** Each key as {@link #words}. */
    final long[][] keys;
    final int[] hosts;
    final long[] first;
    final long[] last;
    final long[] minStamp;
    int size;

    Table(int capacity) {
      hashes = new long[capacity];
      keys = new long[capacity][];
      hosts = new int[capacity];
      first = new long[capacity];
      last = new long[capacity];
      minStamp = new long[capacity];
    }

    /** The key's slot, added if new; -1 when a new key would make the table more than half full. */
    int slotFor(long[] words, int n, long h) {
      int mask = hashes.length - 1;
      int i = (int) h & mask;
      while (keys[i] != null) {
        if (hashes[i] == h && Arrays.equals(keys[i], 0, keys[i].length, words, 0, n)) return i;
        i = (i + 1) & mask;
      }
      if (2 * (size + 1) > hashes.length) return -1;
      hashes[i] = h;
      hosts[i] = 0;
      first[i] = Long.MAX_VALUE;
      last[i] = Long.MIN_VALUE;
      minStamp[i] = Long.MAX_VALUE;
      keys[i] = Arrays.copyOf(words, n);
      size++;
      return i;
    }

    /** The slot holding {@code key} (its words), or -1. */
    int find(long[] key, long h) {
      int mask = hashes.length - 1;
      int i = (int) h & mask;
      while (keys[i] != null) {
        if (hashes[i] == h && Arrays.equals(keys[i], key)) return i;
        i = (i + 1) & mask;
      }
      return -1;
    }

    /** A copy with twice the capacity. */
    Table grown() {
      Table t = new Table(hashes.length * 2);
      int mask = t.hashes.length - 1;
      for (int j = 0; j < hashes.length; j++) {
        if (keys[j] == null) continue;
        int i = (int) hashes[j] & mask;
        while (t.keys[i] != null) i = (i + 1) & mask;
        t.hashes[i] = hashes[j];
        t.keys[i] = keys[j];
        t.hosts[i] = hosts[j];
        t.first[i] = first[j];
        t.last[i] = last[j];
        t.minStamp[i] = minStamp[j];
      }
      t.size = size;
      return t;
    }
  }
}
