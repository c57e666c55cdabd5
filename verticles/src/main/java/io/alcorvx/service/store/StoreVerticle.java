package io.alcorvx.service.store;

import io.alcorvx.engine.ChangeSet;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * Owner of the write side: deploys on its own event loop, creates the write pool, applies the
 * schema {@link Migrations} (so deploy it before loading the engine), and serves
 * <ul>
 *   <li>{@value #COMMIT_ADDRESS}: body a {@link ChangeSet} (local codec {@link ChangeSetCodec});
 *       replies null once committed (group commit through {@link PgStore}), or fails the message
 *       with 503 and the cause's message;</li>
 *   <li>{@value #RESET_ADDRESS}: any body; after a failed commit the store refuses commits
 *       (503) until reset ({@link PgStore#reset()}); replies null;</li>
 *   <li>{@value #EPOCH_ADDRESS}: any body; replies the next engine epoch (a Long), or fails 503.</li>
 * </ul>
 * Use {@link StoreClient} to talk to it.
 */
public final class StoreVerticle extends VerticleBase {
  public static final String COMMIT_ADDRESS = "alcor.store.commit";
  public static final String EPOCH_ADDRESS = "alcor.store.epoch";
  public static final String RESET_ADDRESS = "alcor.store.reset";

  private final PgConnectOptions connectOptions;
  private final int maxBatch;
  private volatile PgStore.CommitListener listener;
  private Pool pool;
  private volatile PgStore store;

  public StoreVerticle(PgConnectOptions connectOptions) { this(connectOptions, PgStore.DEFAULT_MAX_BATCH); }

  public StoreVerticle(PgConnectOptions connectOptions, int maxBatch) {
    this.connectOptions = new PgConnectOptions(connectOptions).setCachePreparedStatements(true);
    this.maxBatch = maxBatch;
  }

  /** Sets the metrics hook; may be called before or after deployment. Runs on the store's event loop. */
  public StoreVerticle commitListener(PgStore.CommitListener l) {
    this.listener = l;
    if (store != null) store.commitListener(l);
    return this;
  }

  /** The running store (for gauges such as {@link PgStore#pending()}); null before start. */
  public PgStore store() { return store; }

  /**
   * Registers the event-bus codecs of the store's messages on this Vert.x instance. Idempotent:
   * every verticle or client that sends them may call it.
   */
  public static void registerCodecs(Vertx vertx) {
    try {
      vertx.eventBus().registerCodec(new ChangeSetCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // registered by an earlier call (or concurrently): fine
    }
  }

  @Override
  public Future<?> start() {
    registerCodecs(vertx);
    // one connection carries the group commit, one the epoch and migrations
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2).setName("alcor-store")).connectingTo(connectOptions).using(vertx).build();
    return Migrations.migrate(pool).compose(version -> {
      store = new PgStore(vertx, pool, maxBatch).commitListener(listener);
      MessageConsumer<Object> commits = vertx.eventBus().localConsumer(COMMIT_ADDRESS, this::onCommit);
      MessageConsumer<Object> epochs = vertx.eventBus().localConsumer(EPOCH_ADDRESS, this::onEpoch);
      MessageConsumer<Object> resets = vertx.eventBus().localConsumer(RESET_ADDRESS,
          msg -> store.reset().onComplete(ar -> msg.reply(null)));
      return Future.all(commits.completion(), epochs.completion(), resets.completion());
    });
  }

  private void onCommit(Message<Object> msg) {
    if (!(msg.body() instanceof ChangeSet changes)) {
      msg.fail(400, "expected a ChangeSet, got " + (msg.body() == null ? "null" : msg.body().getClass().getName()));
      return;
    }
    store.commit(changes).onComplete(ar -> {
      if (ar.succeeded()) msg.reply(null);
      else msg.fail(503, "store commit failed: " + ar.cause());
    });
  }

  private void onEpoch(Message<Object> msg) {
    store.nextEpoch().onComplete(ar -> {
      if (ar.succeeded()) msg.reply(ar.result());
      else msg.fail(503, "store epoch failed: " + ar.cause());
    });
  }

  /** Lets the commits already submitted finish, then closes the pool. */
  @Override
  public Future<?> stop() {
    Future<Void> drained = store == null ? Future.succeededFuture() : store.idle();
    return drained.eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
