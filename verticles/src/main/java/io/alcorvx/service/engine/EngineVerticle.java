package io.alcorvx.service.engine;

import io.alcorvx.engine.Engine;
import io.alcorvx.engine.EngineConfig;
import io.alcorvx.engine.EngineException;
import io.alcorvx.engine.IdSource;
import io.alcorvx.engine.Result;
import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.goalstate.Entry;
import io.alcorvx.engine.goalstate.EntryKey;
import io.alcorvx.engine.goalstate.GoalStateCompiler;
import io.alcorvx.engine.goalstate.HostQueues;
import io.alcorvx.engine.goalstate.StagedOps;
import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.model.Resource;
import io.alcorvx.engine.ondemand.PublishedView;
import io.alcorvx.service.session.SessionMessages;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single owner of the engine state (one event loop; DESIGN.md §2). For each command: apply
 * (validate, allocate, mutate in memory), compile the per-host operations but hold them back,
 * hand the change set to the store, and only when it is durable release the operations to the
 * host queues and answer the caller. Commands are pipelined: the next one is applied while
 * earlier ones are being committed (group commit in the store).
 *
 * <p>If a commit fails, memory is ahead of the database: the owner stops taking commands,
 * waits for the commits in flight, reloads everything from the database under a new epoch (so
 * agents resync), resets the store and takes commands again.
 */
public final class EngineVerticle extends AbstractVerticle {
  public static final String COMMAND_ADDRESS = "alcor.engine.command";
  /** Replies the hosts with their delivery state (a JsonArray), for the admin hosts resource. */
  public static final String HOSTS_ADDRESS = "alcor.engine.hosts";
  /** Compares the live state with a fresh load of the database; replies a JSON report. */
  public static final String VERIFY_ADDRESS = "alcor.engine.verify";
  /** FULL pushes outstanding at once unless configured otherwise (each is a whole goal state in memory). */
  public static final int DEFAULT_MAX_FULLS_IN_FLIGHT = 16;
  /**
   * Evaluations a compile does before it yields the event loop (about 10–30 ms of work): a bulk
   * create into a push VPC of thousands of hosts is millions of them, and ACKs, hellos and pushes
   * must go on meanwhile.
   */
  public static final long DEFAULT_COMPILE_SLICE = 50_000;
  /** How long a FULL push may hold one of the in-flight slots without an answer. */
  public static final long DEFAULT_FULL_SLOT_LEASE_MS = 30_000;
  private static final Logger log = LoggerFactory.getLogger(EngineVerticle.class);

  private final EngineConfig config;
  private final Durability store;
  private final Function<Consumer<Resource>, Future<Long>> loader;
  private final Supplier<Future<Long>> nextEpoch;
  private final MeterRegistry registry;
  private final AtomicBoolean readiness;
  private final int maxPendingOpsPerHost;
  private final AtomicReference<PublishedView> published = new AtomicReference<>();

  private Engine engine;
  private HostQueues queues;
  private GoalStateCompiler compiler;
  private EngineMetrics metrics;
  private boolean ready;
  private boolean recovering;
  private int commitsInFlight;
  /**
   * True while a compile runs in steps (see {@link #compileSlice}): the model must not change
   * until it is done, so commands arriving meanwhile wait in {@link #waitingCommands}, in order.
   */
  private boolean compiling;
  private final ArrayDeque<Runnable> waitingCommands = new ArrayDeque<>();
  /** Staged operations of the commits in flight (compiled, not durable yet), oldest first. */
  private final ArrayDeque<StagedOps> stagedInFlight = new ArrayDeque<>();
  /** (host, entry) evaluations per event-loop turn of a compile. */
  private long compileSlice = DEFAULT_COMPILE_SLICE;
  private Promise<Void> drained;
  /** Commits handed to the store so far, and how many of them completed (they complete in order). */
  private long commitsIssued;
  private long commitsDone;
  /** {@link #whenDurable} callers: the commit count each waits for, in that order. */
  private final ArrayDeque<Map.Entry<Long, Promise<Void>>> durableWaiters = new ArrayDeque<>();
  private MessageConsumer<Command> consumer;
  private final AgentSessions sessions;
  private final DeliveryOptions replyOptions = new DeliveryOptions().setCodecName(LocalCodec.NAME);

  /**
   * @param loader streams every stored record into the given sink, in load order
   * @param nextEpoch a new, never used engine epoch (persisted counter)
   * @param readiness set while the engine is loaded and takes commands (for /readyz)
   */
  public EngineVerticle(EngineConfig config, Durability store, Function<Consumer<Resource>, Future<Long>> loader,
      Supplier<Future<Long>> nextEpoch, MeterRegistry registry, AtomicBoolean readiness) {
    this(config, store, loader, nextEpoch, registry, readiness, HostQueues.DEFAULT_MAX_PENDING_OPS, DEFAULT_MAX_FULLS_IN_FLIGHT);
  }

  /**
   * @param maxPendingOpsPerHost operations that may wait behind a disconnected host's outstanding
   *     push before it falls back to a FULL state (bounds a dead host's memory); a connected host
   *     may have its goal state's size wait if that is more (see HostQueues#allowance)
   * @param maxFullsInFlight FULL pushes outstanding at once; more hosts due one wait in line
   */
  public EngineVerticle(EngineConfig config, Durability store, Function<Consumer<Resource>, Future<Long>> loader,
      Supplier<Future<Long>> nextEpoch, MeterRegistry registry, AtomicBoolean readiness, int maxPendingOpsPerHost,
      int maxFullsInFlight) {
    this.config = config;
    this.store = store;
    this.loader = loader;
    this.nextEpoch = nextEpoch;
    this.registry = registry;
    this.readiness = readiness;
    this.maxPendingOpsPerHost = maxPendingOpsPerHost;
    this.sessions = new AgentSessions(this, maxFullsInFlight);
  }

  @Override
  public void start(Promise<Void> started) {
    LocalCodec.register(vertx);
    metrics = new EngineMetrics(registry);
    consumer = vertx.eventBus().consumer(COMMAND_ADDRESS, this::onCommand);
    vertx.eventBus().<Object>consumer(SessionMessages.ENGINE_ADDRESS, sessions::onMessage);
    vertx.eventBus().<Object>consumer(HOSTS_ADDRESS, msg -> {
      if (!ready) msg.fail(503, "engine not ready");
      else msg.reply(HostStatusReport.of(engine.model(), queues, sessions));
    });
    vertx.eventBus().<Object>consumer(VERIFY_ADDRESS, msg -> verify().onComplete(ar -> {
      if (ar.succeeded()) msg.reply(ar.result());
      else msg.fail(500, String.valueOf(ar.cause()));
    }));
    load().onComplete(ar -> {
      if (ar.succeeded()) started.complete();
      else started.fail(ar.cause());
    });
    vertx.setPeriodic(1000, id -> { if (engine != null) metrics.sample(engine.model(), queues, sessions, ready); });
  }

  @Override
  public void stop(Promise<Void> stopped) {
    ready = false;
    readiness.set(false);
    consumer.unregister().compose(v -> awaitCommits()).onComplete(ar -> stopped.complete());
  }

  /** For tools that run in this verticle's context (tests, later the gateway): the live state. */
  public Engine engine() { return engine; }

  public HostQueues queues() { return queues; }

  /** (host, entry) evaluations a compile does per event-loop turn ({@link #DEFAULT_COMPILE_SLICE}). Call before deploying. */
  public EngineVerticle compileSlice(long evaluations) {
    if (evaluations < 1) throw new IllegalArgumentException("the compile slice must be at least 1 evaluation, got " + evaluations);
    compileSlice = evaluations;
    return this;
  }

  /**
   * A FULL push unanswered after this long gives its in-flight slot back (its host keeps it as
   * its outstanding push): an agent that never answers cannot stall every other host's FULL.
   * Call before deploying.
   */
  public EngineVerticle fullSlotLease(long millis) {
    if (millis < 1) throw new IllegalArgumentException("the FULL slot lease must be at least 1 ms, got " + millis);
    sessions.fullSlotLeaseMs = millis;
    return this;
  }

  /**
   * The state on-demand requests are answered from, on any thread (replaced on reload; read it
   * per request).
   */
  public Supplier<PublishedView> publishedView() { return published::get; }

  Vertx vertxRef() { return vertx; }

  /** A host's whole goal state as the engine computes it now (taken on the owner's event loop; for checks and tools). */
  public Future<Map<EntryKey, Entry>> goalStateOf(String host) {
    Promise<Map<EntryKey, Entry>> p = Promise.promise();
    context.runOnContext(v -> {
      if (!ready) p.fail(new EngineUnavailableException("engine not ready"));
      else p.complete(compiler.fullState(host));
    });
    return p.future();
  }

  public GoalStateCompiler compiler() { return compiler; }

  private Future<Void> load() {
    long t0 = System.nanoTime();
    return nextEpoch.get().compose(epoch -> {
      Engine fresh = new Engine(config, IdSource.randomUuids());
      return loader.apply(fresh::load).map(count -> {
        engine = fresh;
        if (queues != null) metrics.countOverflows(queues); // the last ones of the old incarnation
        queues = new HostQueues(epoch, maxPendingOpsPerHost);
        sessions.queuesReplaced();
        compiler = new GoalStateCompiler(engine.model(), queues);
        queues.fullStateSource(compiler::fullState);
        queues.goalSizeSource(compiler::goalSizeBound);
        compiler.initialize();
        published.set(PublishedView.of(engine.model()));
        ready = true;
        readiness.set(true);
        metrics.sample(engine.model(), queues, sessions, true);
        log.info("engine loaded {} records in {} ms (epoch {})", count, (System.nanoTime() - t0) / 1_000_000, epoch);
        for (Host h : engine.model().hosts()) sessions.attachUpstream(h.id());
        return null;
      });
    });
  }

  private void onCommand(Message<Command> message) {
    execute(message.body()).onComplete(ar -> {
      if (ar.succeeded()) reply(message, ar.result(), null);
      else reply(message, null, ar.cause() instanceof RuntimeException r ? r : new EngineUnavailableException(String.valueOf(ar.cause())));
    });
  }

  /**
   * Runs one command through the whole path: apply, compile (held back), commit, and once durable
   * release the host operations and push to connected agents. Completes with the command's value,
   * or fails with the EngineException that refused it or an EngineUnavailableException.
   */
  Future<Object> execute(Command command) {
    if (compiling) { // the model is being compiled in steps: apply after it, in arrival order
      Promise<Object> later = Promise.promise();
      waitingCommands.add(() -> execute(command).onComplete(later));
      return later.future();
    }
    long start = System.nanoTime();
    if (!ready) {
      metrics.unavailable.increment();
      return Future.failedFuture(new EngineUnavailableException(recovering
          ? "The network engine is recovering from a storage failure; retry shortly."
          : "The network engine is not ready."));
    }
    Result result;
    long t0 = System.nanoTime();
    try {
      result = engine.apply(command, System.currentTimeMillis());
    } catch (EngineException refused) {
      metrics.refused.increment();
      return Future.failedFuture(refused);
    } catch (RuntimeException bug) {
      log.error("engine failed on {}", command.getClass().getSimpleName(), bug);
      return Future.failedFuture(new EngineUnavailableException("Internal error while applying the request."));
    }
    metrics.apply.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    if (result.changes().isEmpty()) return Future.succeededFuture(result.value());
    // counted from here: a FULL read from memory meanwhile already holds this change (whenDurable)
    commitsInFlight++;
    commitsIssued++;
    Promise<Object> done = Promise.promise();
    GoalStateCompiler.StagedCompile job = compiler.beginStaged(result.changes());
    long[] busyNanos = {0};
    Runnable[] slice = new Runnable[1];
    slice[0] = () -> {
      long s0 = System.nanoTime();
      boolean finished;
      try {
        finished = job.step(compileSlice);
      } catch (RuntimeException bug) {
        log.error("compile failed on {}", command.getClass().getSimpleName(), bug);
        compileFailed(done);
        return;
      }
      busyNanos[0] += System.nanoTime() - s0;
      if (!finished) {
        compiling = true;
        context.runOnContext(v -> slice[0].run()); // let ACKs, hellos and pushes in between
        return;
      }
      compiling = false;
      metrics.compile.record(busyNanos[0], TimeUnit.NANOSECONDS);
      commit(command, result, job.staged(), start, done);
      while (!compiling && !waitingCommands.isEmpty()) waitingCommands.poll().run();
    };
    slice[0].run();
    return done.future();
  }

  /**
   * A compile broke (a bug): memory holds a change that will never be stored nor pushed, so the
   * command fails and the engine reloads from the database, as after a failed commit.
   */
  private void compileFailed(Promise<Object> done) {
    compiling = false;
    commitsInFlight--;
    commitsDone++;
    metrics.unavailable.increment();
    done.fail(new EngineUnavailableException("Internal error while compiling the change; it was not applied."));
    completeDurableWaiters(new EngineUnavailableException("a change could not be compiled; the engine reloads"));
    recover();
    while (!waitingCommands.isEmpty()) waitingCommands.poll().run(); // they fail fast: not ready
    signalIfNothingInFlight();
  }

  /** Makes the change durable, then releases its operations to the host queues and answers. */
  private void commit(Command command, Result result, StagedOps staged, long start, Promise<Object> done) {
    stagedInFlight.add(staged);
    store.commit(result.changes()).onComplete(ar -> {
      forgetStaged(staged);
      commitsInFlight--;
      commitsDone++;
      if (ar.succeeded() && !recovering) {
        List<String> hosts = queues.release(staged, AgentSessions.nowMicros());
        published.get().apply(result.changes());
        if (command instanceof Command.DeleteHost d) sessions.forget(d.id());
        metrics.commandTotal.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        done.complete(result.value());
        sessions.pushAll(hosts);
        sessions.hostsChanged(result.changes());
        completeDurableWaiters(null);
      } else {
        metrics.unavailable.increment();
        done.fail(new EngineUnavailableException("The change could not be stored; it was not applied."));
        if (ar.failed()) log.warn("commit failed: {}", ar.cause().toString());
        // what waited for this commit saw memory the database does not have: void (a reload follows)
        completeDurableWaiters(new EngineUnavailableException("a change could not be stored; the engine reloads"));
        recover();
      }
      signalIfNothingInFlight();
    });
  }

  /**
   * Loads the database into a second engine and compares every record with the live one (after
   * the commits in flight). Meant for quiet moments: commands applied during the load would show
   * as differences.
   */
  private Future<JsonObject> verify() {
    if (!ready) return Future.failedFuture(new EngineUnavailableException("engine not ready"));
    return awaitCommits().compose(v -> {
      Engine fresh = new Engine(config, IdSource.randomUuids());
      return loader.apply(fresh::load).map(count -> StateComparison.compare(engine.model(), fresh.model()));
    });
  }

  /** Memory is ahead of the database: reload from it once nothing is in flight. */
  private void recover() {
    if (recovering) return;
    recovering = true;
    ready = false;
    readiness.set(false);
    awaitCommits().compose(v -> store.reset()).compose(v -> retryLoad()).onComplete(ar -> {
      recovering = false;
      if (ar.failed()) log.error("engine reload failed; staying unavailable", ar.cause());
    });
  }

  private Future<Void> retryLoad() {
    return load().recover(e -> {
      log.warn("reload failed ({}); retrying in 1 s", e.toString());
      Promise<Void> p = Promise.promise();
      vertx.setTimer(1000, id -> store.reset().compose(v -> retryLoad()).onComplete(p));
      return p.future();
    });
  }

  /**
   * Completes once every change applied so far is durable (at once when nothing is in flight), on
   * this loop; fails if one of them fails to commit. Whatever is read from the model now may be
   * sent to agents when it completes: no host sees a change the database does not have.
   */
  Future<Void> whenDurable() {
    if (commitsInFlight == 0) return Future.succeededFuture(); // also while a reload runs: memory is the database
    if (recovering) return Future.failedFuture(new EngineUnavailableException("the engine is reloading"));
    Promise<Void> p = Promise.promise();
    durableWaiters.add(Map.entry(commitsIssued, p));
    return p.future();
  }

  private void completeDurableWaiters(RuntimeException failure) {
    while (!durableWaiters.isEmpty() && (failure != null || durableWaiters.peek().getKey() <= commitsDone)) {
      Promise<Void> p = durableWaiters.poll().getValue();
      if (failure == null) p.complete();
      else p.fail(failure);
    }
  }

  /**
   * True when memory may hold changes for {@code host} whose operations are not released yet
   * (being compiled, or compiled and being committed): its goal state read from memory is then
   * ahead of what its agent can hold. Looks through the staged operations of the commits in
   * flight; past {@value #MAX_STAGED_SCAN} of them (a large push fan-out) it stops looking and
   * says yes, which only costs that host a digest check at resync.
   */
  boolean changesInFlightFor(String host) {
    if (commitsInFlight == 0) return false;
    if (compiling) return true; // a change is being compiled: which hosts it touches is not known yet
    long staged = 0;
    for (StagedOps l : stagedInFlight) staged += l.size();
    if (staged > MAX_STAGED_SCAN) return true;
    for (StagedOps l : stagedInFlight) {
      for (int i = 0, n = l.size(); i < n; i++) if (l.host(i).equals(host)) return true;
    }
    return false;
  }

  /** Most staged operations {@link #changesInFlightFor} reads through. */
  static final int MAX_STAGED_SCAN = 100_000;

  private void forgetStaged(StagedOps staged) {
    for (Iterator<StagedOps> it = stagedInFlight.iterator(); it.hasNext(); ) {
      if (it.next() == staged) { // commits complete in order: usually the first
        it.remove();
        return;
      }
    }
  }

  /** Completes {@link #awaitCommits} once the last commit in flight is done. */
  private void signalIfNothingInFlight() {
    if (commitsInFlight == 0 && drained != null) {
      Promise<Void> p = drained;
      drained = null;
      p.complete();
    }
  }

  private Future<Void> awaitCommits() {
    if (commitsInFlight == 0) return Future.succeededFuture();
    if (drained == null) drained = Promise.promise();
    return drained.future();
  }

  private void reply(Message<Command> message, Object value, RuntimeException error) {
    message.reply(new CommandOutcome(value, error), replyOptions);
  }

}
