package io.alcorvx.service.store;

import io.alcorvx.engine.ChangeSet;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Resource;
import io.alcorvx.service.codec.ResourceKind;
import io.alcorvx.service.engine.Durability;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The write side of the store, with group commit. While a transaction is in flight, further
 * {@link #commit} calls queue; when it finishes, everything queued (up to {@code maxBatch} change
 * sets) goes into ONE transaction. A batch is coalesced to the final state of each (kind, id) —
 * the last {@code after} wins, a null {@code after} deletes — and written with pipelined array
 * statements: per table one {@code unnest} insert (rows new in the batch), one {@code unnest}
 * upsert (the others) and one {@code DELETE ... = ANY}, plus the {@code port_fixed_ips} side
 * table. One transaction at a time means commits complete strictly in submission order.
 *
 * <p>Each call's future completes only after its transaction committed; if the transaction fails,
 * every call of that batch fails with the cause and nothing of it is stored. From then on the
 * store refuses commits — those already queued and every later one fail with
 * {@link StoreFailedException} — until {@link #reset()}: later change sets may build on the
 * failed ones, so the engine owner must reload from the database first (the
 * {@link Durability} protocol).
 *
 * <p>Threading: the store lives on the context that was current when it was created (the
 * {@link StoreVerticle}'s event loop). Calls from other threads hop onto it, keeping their order;
 * a caller on another Vert.x context gets its callbacks back on its own context, a caller outside
 * Vert.x on the store's. The {@link CommitListener} runs on the store's context. Nothing blocks.
 */
public final class PgStore implements ChangeSink, Durability {

  /** Change sets per transaction at most. */
  public static final int DEFAULT_MAX_BATCH = 512;

  /** Metrics hook, called on the store's context after each transaction. */
  public interface CommitListener {
    /**
     * A transaction committed.
     *
     * @param changeSets how many commit calls it carried
     * @param rows resource rows written (upserts + deletes after coalescing; not the fixed-ip side table)
     * @param nanos from the start of the batch to the commit's acknowledgement
     */
    void committed(int changeSets, int rows, long nanos);

    /** A transaction failed; every one of its {@code changeSets} calls failed with {@code cause}. */
    default void failed(int changeSets, Throwable cause) {}
  }

  private static final CommitListener NO_LISTENER = (c, r, n) -> {};

  private record Pending(ChangeSet changes, Promise<Void> promise) {}

  private final Pool pool;
  private final Context context;
  private final int maxBatch;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean inFlight;
  /** Set by a failed transaction: commits are refused until {@link #reset}. */
  private Throwable failure;
  private volatile CommitListener listener = NO_LISTENER;
  /** Waiting for the queue to drain ({@link #idle}). */
  private final List<Promise<Void>> idleWaiters = new ArrayList<>();

  /**
   * Test hook: run inside each batch's transaction after its writes (read when the batch starts).
   * A failed future makes the whole batch fail and roll back.
   */
  volatile Function<SqlConnection, Future<?>> beforeCommit;

  public PgStore(Vertx vertx, Pool pool) { this(vertx, pool, DEFAULT_MAX_BATCH); }

  public PgStore(Vertx vertx, Pool pool, int maxBatch) {
    if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
    this.pool = Objects.requireNonNull(pool);
    this.context = vertx.getOrCreateContext();
    this.maxBatch = maxBatch;
  }

  /** Sets the metrics hook (null = none). */
  public PgStore commitListener(CommitListener l) {
    this.listener = l == null ? NO_LISTENER : l;
    return this;
  }

  /** Change sets waiting for a transaction (not counting the one in flight): a queue-depth gauge. */
  public int pending() { return queue.size(); }

  @Override
  public Future<Void> commit(ChangeSet changes) {
    if (changes == null) return Future.failedFuture(new NullPointerException("changes"));
    Promise<Void> promise = Promise.promise();
    Pending p = new Pending(changes, promise);
    Context caller = Vertx.currentContext();
    if (caller == context) {
      enqueue(p);
      return promise.future();
    }
    context.runOnContext(v -> enqueue(p));
    return onCaller(caller, promise.future());
  }

  /** A caller on another Vert.x context gets its callbacks there (in completion order). */
  private static <T> Future<T> onCaller(Context caller, Future<T> f) {
    if (caller == null) return f;
    Promise<T> hop = Promise.promise();
    f.onComplete(ar -> caller.runOnContext(v -> hop.handle(ar)));
    return hop.future();
  }

  /**
   * Accepts commits again after a failed transaction (call it once memory was reloaded from the
   * database). Completes on the store's context; a no-op when nothing failed.
   */
  @Override
  public Future<Void> reset() {
    Promise<Void> promise = Promise.promise();
    Context caller = Vertx.currentContext();
    if (caller == context) {
      failure = null;
      promise.complete();
      return promise.future();
    }
    context.runOnContext(v -> {
      failure = null;
      promise.complete();
    });
    return onCaller(caller, promise.future());
  }

  /**
   * Completes once everything submitted so far has been committed or failed (for a graceful
   * stop). Call on the store's context.
   */
  public Future<Void> idle() {
    if (!inFlight && queue.isEmpty()) return Future.succeededFuture();
    Promise<Void> p = Promise.promise();
    idleWaiters.add(p);
    return p.future();
  }

  /** True while commits are refused after a failed transaction. Call on the store's context. */
  public boolean refusing() { return failure != null; }

  /** Increments and returns the engine epoch (see {@link Migrations#nextEpoch}). */
  public Future<Long> nextEpoch() { return Migrations.nextEpoch(pool); }

  private void enqueue(Pending p) {
    if (failure != null) {
      p.promise.fail(new StoreFailedException(failure));
      return;
    }
    queue.add(p);
    if (!inFlight) flush();
  }

  private void flush() {
    if (queue.isEmpty()) {
      if (!idleWaiters.isEmpty()) {
        List<Promise<Void>> waiters = new ArrayList<>(idleWaiters);
        idleWaiters.clear();
        for (Promise<Void> w : waiters) w.tryComplete();
      }
      return;
    }
    int n = Math.min(queue.size(), maxBatch);
    List<Pending> batch = new ArrayList<>(n);
    for (int i = 0; i < n; i++) batch.add(queue.poll());
    inFlight = true;
    long start = System.nanoTime();
    Function<SqlConnection, Future<?>> hook = beforeCommit;
    Future<Integer> done;
    try {
      Writes writes = Writes.of(batch);
      if (writes.isEmpty() && hook == null) {
        done = Future.succeededFuture(0);
      } else {
        done = pool.withTransaction(conn -> {
          Future<Integer> w;
          try {
            w = writes.write(conn);
          } catch (RuntimeException e) { // a record that cannot be rendered: roll back this batch
            return Future.failedFuture(e);
          }
          return hook == null ? w : w.compose(rows -> hook.apply(conn).map(x -> rows));
        });
      }
    } catch (RuntimeException e) { // a change set that cannot be coalesced: fail this batch
      done = Future.failedFuture(e);
    }
    done.onComplete(ar -> {
      if (ar.succeeded()) {
        for (Pending p : batch) p.promise.tryComplete();
        notifyListener(() -> listener.committed(batch.size(), ar.result(), System.nanoTime() - start));
      } else {
        failure = ar.cause();
        for (Pending p : batch) p.promise.tryFail(ar.cause());
        notifyListener(() -> listener.failed(batch.size(), ar.cause()));
        // what queued behind the failed batch may build on it: refuse it too
        Pending p;
        while ((p = queue.poll()) != null) p.promise.tryFail(new StoreFailedException(failure));
      }
      inFlight = false;
      flush();
    });
  }

  private static void notifyListener(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException ignored) {
      // a broken metrics hook must not stall the commit pipeline
    }
  }

  /** A batch coalesced to final states, as statements. */
  static final class Writes {
    /** Per kind: id -> final record, or null to delete (insertion order kept). */
    final EnumMap<ResourceKind, LinkedHashMap<String, Resource>> finals = new EnumMap<>(ResourceKind.class);
    /**
     * Per kind: id -> the record as the database holds it when the batch starts (the first
     * change's {@code before}), or null when the database has no row for it. Memory and database
     * agree whenever a batch starts (a failed commit makes the engine reload), so a null here
     * means a plain INSERT is safe: it skips the conflict probe and speculative-insertion records
     * an upsert costs for every row. Should the invariant ever break, the INSERT fails the
     * transaction instead of silently overwriting a row.
     */
    final EnumMap<ResourceKind, HashMap<String, Resource>> stored = new EnumMap<>(ResourceKind.class);
    /** Ports whose fixed IPs must be rewritten, and the rows to insert. */
    final List<String> fixedIpPorts = new ArrayList<>();
    final List<Tuple> fixedIpRows = new ArrayList<>();

    static Writes of(List<Pending> batch) {
      Writes w = new Writes();
      for (Pending p : batch) {
        for (ChangeSet.Change c : p.changes.changes()) {
          Resource cur = c.current();
          ResourceKind kind = ResourceKind.of(cur);
          w.finals.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(cur.id(), c.after());
          HashMap<String, Resource> storedOfKind = w.stored.computeIfAbsent(kind, k -> new HashMap<>());
          // not putIfAbsent: it would replace a first change's null before
          if (!storedOfKind.containsKey(cur.id())) storedOfKind.put(cur.id(), c.before());
        }
      }
      LinkedHashMap<String, Resource> ports = w.finals.get(ResourceKind.PORT);
      if (ports != null) {
        for (Map.Entry<String, Resource> e : ports.entrySet()) {
          Port after = (Port) e.getValue();
          Port before = (Port) w.stored.get(ResourceKind.PORT).get(e.getKey());
          // the stored fixed IPs are the first before's: unchanged (e.g. a status update) -> nothing to do
          if (after != null && before != null && before.fixedIps().equals(after.fixedIps())) continue;
          if (before != null) w.fixedIpPorts.add(e.getKey()); // a port new in this batch has no rows to replace
          if (after != null) {
            for (Port.FixedIp f : after.fixedIps()) w.fixedIpRows.add(Tuple.of(after.id(), f.subnetId(), f.ipAddress().toString()));
          }
        }
      }
      return w;
    }

    boolean isEmpty() { return finals.isEmpty(); }

    /** Issues every statement at once (pipelined on the connection, executed in order). */
    Future<Integer> write(SqlConnection conn) {
      List<Future<?>> all = new ArrayList<>();
      int rows = 0;
      for (Map.Entry<ResourceKind, LinkedHashMap<String, Resource>> e : finals.entrySet()) {
        StoreTables.Table table = StoreTables.table(e.getKey());
        Map<String, Resource> storedOfKind = stored.get(e.getKey());
        List<Tuple> inserts = new ArrayList<>();
        List<Tuple> upserts = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        for (Map.Entry<String, Resource> r : e.getValue().entrySet()) {
          boolean inDatabase = storedOfKind.get(r.getKey()) != null;
          if (r.getValue() == null) {
            if (inDatabase) deletes.add(r.getKey()); // else created and deleted within the batch
          } else {
            (inDatabase ? upserts : inserts).add(StoreTables.row(r.getValue()));
          }
        }
        rows += inserts.size() + upserts.size() + deletes.size();
        if (!inserts.isEmpty()) all.add(conn.preparedQuery(table.bulkInsertSql()).execute(table.columnArrays(inserts)));
        if (!upserts.isEmpty()) all.add(conn.preparedQuery(table.bulkUpsertSql()).execute(table.columnArrays(upserts)));
        if (!deletes.isEmpty()) {
          all.add(conn.preparedQuery("DELETE FROM " + e.getKey().table + " WHERE id = ANY($1::text[])")
              .execute(Tuple.of(deletes.toArray(new String[0]))));
        }
      }
      if (!fixedIpPorts.isEmpty()) {
        all.add(conn.preparedQuery("DELETE FROM port_fixed_ips WHERE port_id = ANY($1::text[])")
            .execute(Tuple.of(fixedIpPorts.toArray(new String[0]))));
      }
      if (!fixedIpRows.isEmpty()) {
        String[][] columns = new String[3][fixedIpRows.size()];
        for (int r = 0; r < fixedIpRows.size(); r++) {
          for (int c = 0; c < 3; c++) columns[c][r] = fixedIpRows.get(r).getString(c);
        }
        // a port's fixed IPs are distinct (the engine refuses one address twice) and its old
        // rows were deleted just before, so nothing can conflict: no ON CONFLICT probe
        all.add(conn.preparedQuery("INSERT INTO port_fixed_ips (port_id, subnet_id, ip_address)"
            + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[])")
            .execute(Tuple.of(columns[0], columns[1], columns[2])));
      }
      int total = rows;
      return Future.all(all).map(v -> total);
    }
  }
}
