package io.alcorvx.service.store;

import io.alcorvx.engine.ChangeSet;
import io.alcorvx.service.engine.Durability;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Reaches the {@link StoreVerticle} over the local event bus (no encoding: {@link ChangeSetCodec}).
 * A failed commit fails the future with a {@link io.vertx.core.eventbus.ReplyException}: code 503
 * when the transaction failed or the store refuses commits after an earlier failure (until
 * {@link #reset()}), a TIMEOUT failure when no answer came within the timeout, and NO_HANDLERS
 * when the store is not deployed. Replies arrive on the caller's context.
 */
public final class StoreClient implements ChangeSink, Durability {
  /** Long enough for a queued batch behind a slow transaction; a commit is not retried. */
  public static final long DEFAULT_TIMEOUT_MS = 60_000;

  private final Vertx vertx;
  private final DeliveryOptions commitOptions;
  private final DeliveryOptions epochOptions;

  public StoreClient(Vertx vertx) { this(vertx, DEFAULT_TIMEOUT_MS); }

  public StoreClient(Vertx vertx, long timeoutMillis) {
    this.vertx = vertx;
    StoreVerticle.registerCodecs(vertx);
    this.commitOptions = new DeliveryOptions().setCodecName(ChangeSetCodec.NAME).setSendTimeout(timeoutMillis).setLocalOnly(true);
    this.epochOptions = new DeliveryOptions().setSendTimeout(timeoutMillis).setLocalOnly(true);
  }

  @Override
  public Future<Void> commit(ChangeSet changes) {
    return vertx.eventBus().request(StoreVerticle.COMMIT_ADDRESS, changes, commitOptions).mapEmpty();
  }

  /** Lets the store take commits again after a failed one (see {@link PgStore#reset()}). */
  @Override
  public Future<Void> reset() {
    return vertx.eventBus().request(StoreVerticle.RESET_ADDRESS, null, epochOptions).mapEmpty();
  }

  /** The next engine epoch (incremented durably). */
  public Future<Long> nextEpoch() {
    return vertx.eventBus().<Long>request(StoreVerticle.EPOCH_ADDRESS, null, epochOptions).map(m -> m.body());
  }
}
