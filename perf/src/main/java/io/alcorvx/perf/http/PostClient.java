package io.alcorvx.perf.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * How a {@link Lane} sends its POSTs: to one URI, with fixed headers, over keep-alive connections
 * of its own. Used only on the lane's event loop.
 */
interface PostClient {

  /** Which implementation a run uses ({@code --client}). */
  enum Kind {
    /** {@link RawPostClient}: pre-encoded requests, answers parsed for status and length only. */
    RAW,
    /** {@link VertxPostClient}: the full Vert.x HTTP client. */
    VERTX
  }

  /** The outcome of one POST, called exactly once on the lane's event loop. */
  @FunctionalInterface
  interface Answer {
    /**
     * @param status the HTTP status, or -1 when there was no answer
     * @param nonSuccessBody the start of the answer's body when the status is not 2xx, else null
     * @param failure why there was no answer (status -1), else null
     */
    void handle(int status, String nonSuccessBody, Throwable failure);
  }

  void post(Buffer body, Answer answer);

  /**
   * Opens every connection the client may use, before the first request: a phase of an open-loop
   * run must not start by setting up connections while its schedule runs (that put the first
   * 0.2 s of every measured phase at 5,000/s behind by up to 60 ms). Completes when all are open
   * or failed; a failed one is opened again on demand. The default opens nothing.
   */
  default Future<Void> preconnect() { return Future.succeededFuture(); }

  Future<Void> close();

  static boolean is2xx(int status) { return status >= 200 && status <= 299; }
}
