package io.alcorvx.perf.http;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/** {@link PostClient} on the Vert.x HTTP client: any HTTP/1.1 server, at more CPU a request than {@link RawPostClient}. */
final class VertxPostClient implements PostClient {
  private final HttpClientAgent client;
  private final RequestOptions options;

  VertxPostClient(Vertx vertx, String host, int port, String uri, MultiMap headers, int connections, long timeoutMs) {
    client = vertx.createHttpClient(
        new HttpClientOptions().setDefaultHost(host).setDefaultPort(port).setKeepAlive(true)
            .setPipelining(false).setTcpNoDelay(true).setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
            .setIdleTimeout(0),
        new PoolOptions().setHttp1MaxSize(Math.max(1, connections)));
    options = new RequestOptions().setMethod(HttpMethod.POST).setURI(uri).setHeaders(headers)
        .setIdleTimeout(timeoutMs).setConnectTimeout(timeoutMs);
  }

  @Override
  public void post(Buffer body, Answer answer) {
    client.request(options)
        .compose(req -> req.send(body))
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), b)))
        .onComplete(ar -> {
          if (ar.failed()) {
            answer.handle(-1, null, ar.cause());
          } else {
            Reply r = ar.result();
            answer.handle(r.status(), PostClient.is2xx(r.status()) ? null : r.body().toString(), null);
          }
        });
  }

  private record Reply(int status, Buffer body) {}

  @Override
  public Future<Void> close() { return client.close(); }
}
