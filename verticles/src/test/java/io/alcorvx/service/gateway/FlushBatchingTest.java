package io.alcorvx.service.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes that the gateway makes outside a read (pushes to many streams in one task) reach the
 * socket in one flush, and none of them is held back.
 */
class FlushBatchingTest {
  private static final int STREAMS = 50;
  private static final int MESSAGES_PER_STREAM = 20;
  /** 1 MB in all, within what one delivery writes to a connection at 1,000 creates/s, and over Netty's default water mark. */
  private static final int MESSAGE_BYTES = 1000;

  private Vertx vertx;
  /** Flushes that reached the socket side of the batching handler. */
  private final AtomicInteger socketFlushes = new AtomicInteger();
  private final List<HttpServerResponse> responses = new ArrayList<>();
  private Promise<Void> allOpen;
  private Context serverContext;

  @BeforeEach
  void setUp() { vertx = Vertx.vertx(); }

  @AfterEach
  void tearDown() throws Exception { vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS); }

  private HttpServer server(boolean batching) throws Exception {
    allOpen = Promise.promise();
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setPort(0).setHost("127.0.0.1").setHttp2ClearTextEnabled(true))
        .connectionHandler(connection -> {
          if (batching) FlushBatching.install(connection);
          countFlushes(connection);
        })
        .requestHandler(req -> {
          serverContext = Vertx.currentContext();
          HttpServerResponse r = req.response().setChunked(true);
          r.writeHead();
          responses.add(r);
          if (responses.size() == STREAMS) allOpen.tryComplete();
        });
    return server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A counter at the head of the pipeline: it sees what leaves for the socket. */
  private void countFlushes(HttpConnection connection) {
    ChannelHandlerContext http = ((ConnectionBase) connection).channelHandlerContext();
    String before = http.pipeline().get(FlushBatching.HANDLER_NAME) != null ? FlushBatching.HANDLER_NAME : http.name();
    http.pipeline().addBefore(before, "flush-counter", new ChannelOutboundHandlerAdapter() {
      @Override
      public void flush(ChannelHandlerContext ctx) {
        socketFlushes.incrementAndGet();
        ctx.flush();
      }
    });
  }

  /** Opens the streams, then writes every message of every stream in one task outside any read; returns the socket flushes that took. */
  private int pushAllInOneTask(boolean batching) throws Exception {
    HttpServer server = server(batching);
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false).setHttp2ConnectionWindowSize(4 << 20).setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
    List<Future<Buffer>> bodies = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      bodies.add(client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/s" + i))
          .compose(req -> req.setChunked(true).send().compose(resp -> resp.body())));
    }
    allOpen.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Promise<Integer> flushes = Promise.promise();
    Buffer message = Buffer.buffer(new byte[MESSAGE_BYTES]);
    // on the connection's own context, from a timer: outside any read, as the gateway's pushes are
    serverContext.runOnContext(v -> vertx.setTimer(20, id -> {
      int before = socketFlushes.get();
      for (int m = 0; m < MESSAGES_PER_STREAM; m++) for (HttpServerResponse r : responses) r.write(message);
      for (HttpServerResponse r : responses) r.end();
      flushes.complete(socketFlushes.get() - before); // what went out before the task ended
    }));
    int duringTask = flushes.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    for (Future<Buffer> b : bodies) {
      assertEquals(MESSAGES_PER_STREAM * MESSAGE_BYTES, b.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).length(),
          "every message arrives");
    }
    return duringTask;
  }

  @Test
  void writesOutsideAReadGoOutInOneFlushAfterTheTask() throws Exception {
    int duringTask = pushAllInOneTask(true);
    int writes = STREAMS * (MESSAGES_PER_STREAM + 1);
    assertTrue(duringTask <= writes / FlushBatching.FLUSHES, "at most one flush per " + FlushBatching.FLUSHES + " writes inside the task, was "
        + duringTask + " for " + writes + " writes");
  }

  @Test
  void withoutItEveryWriteIsFlushed() throws Exception {
    // the behaviour the batching exists for: if Vert.x ever stops flushing per write, it can go
    int duringTask = pushAllInOneTask(false);
    // (about 600 of 1,050 writes flushed when this was written)
    assertTrue(duringTask > STREAMS * MESSAGES_PER_STREAM / 4, "flushes inside the task: " + duringTask);
  }
}
