package io.alcorvx.service.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * One socket write per event-loop task for an agent connection, instead of one per pushed message.
 *
 * <p>Vert.x flushes an HTTP/2 connection after every write made outside a read. The gateway writes
 * its pushes outside reads: one delivery from the engine owner writes a delta to each of hundreds of
 * streams that share a connection, and each write became its own {@code writev} system call (an
 * eighth of the service's CPU at 1,000 creates/s into 1,000 hosts). Netty's
 * {@link FlushConsolidationHandler} lets those flushes through as one, run right after the task that
 * asked for them (or after {@value #FLUSHES} of them), so no message waits longer than the task.
 *
 * <p>That handler also flushes at once whenever the connection turns unwritable, which with Netty's
 * default 64 KB high-water mark happened several times per delivery and gave most of the system
 * calls back. So agent connections get a {@value #HIGH_WATER_MARK}-byte mark: one delivery's
 * writes to a connection's streams fit under it, and it still bounds what a connection holds
 * unsent (HTTP/2 flow control bounds each stream within it).
 */
final class FlushBatching {
  private FlushBatching() {}

  /** Flushes let through at most this many writes apart. */
  static final int FLUSHES = 256;

  static final String HANDLER_NAME = "alcor-flush-batching";

  /** Unsent bytes a connection may hold before it reports itself unwritable. */
  static final int HIGH_WATER_MARK = 2 << 20;

  /** Installs the batching on a new connection's pipeline, in front of its HTTP handler. */
  static void install(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) return; // another implementation: leave it as it is
    ChannelHandlerContext http = base.channelHandlerContext();
    if (http.pipeline().get(HANDLER_NAME) != null) return;
    http.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(HIGH_WATER_MARK / 2, HIGH_WATER_MARK));
    http.pipeline().addBefore(http.name(), HANDLER_NAME, new FlushConsolidationHandler(FLUSHES, true));
  }
}
