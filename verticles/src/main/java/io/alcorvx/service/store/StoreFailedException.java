package io.alcorvx.service.store;

/**
 * A commit refused because an earlier transaction failed: the store takes commits again only
 * after {@link PgStore#reset()} (the engine owner reloads from the database first). The cause is
 * the failure of that earlier transaction.
 */
public final class StoreFailedException extends RuntimeException {
  public StoreFailedException(Throwable earlierFailure) {
    super("an earlier commit failed (" + earlierFailure + "); commits are refused until the store is reset", earlierFailure);
  }
}
