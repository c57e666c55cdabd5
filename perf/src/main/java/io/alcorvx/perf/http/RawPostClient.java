package io.alcorvx.perf.http;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * A minimal HTTP/1.1 client for the driver's hot path: keep-alive TCP connections carrying one
 * POST at a time, each request written as one pre-encoded buffer, each answer parsed for its
 * status line, {@code Content-Length} and {@code Connection: close} only.
 *
 * <p>Why: the load generator shares this machine's two cores with the service and PostgreSQL, and
 * the Vert.x HTTP client costs header maps, a codec, a future chain and an aggregated body per
 * request: 46-52 us of CPU per create against 37 us with this client (docs/benchmarks.md, session
 * 10). What this client does not do, it refuses with a clear error instead of guessing: chunked or
 * length-less answers, pipelining, TLS, redirects. Use {@link VertxPostClient} ({@code --client
 * vertx}) for such servers.
 *
 * <p>Requests beyond the open connections wait, in order, for one to free up; up to
 * {@code maxConnections} are opened on demand. A request without an answer after
 * {@code timeoutMs} fails with a {@link TimeoutException} and its connection is closed (checked
 * by a sweep a few times per timeout, not a timer per request). Used only on the event loop of
 * the context that created it.
 */
final class RawPostClient implements PostClient {

  /** A protocol violation by the server: the connection is closed and the request fails. */
  static final class ProtocolException extends RuntimeException {
    ProtocolException(String message) { super(message); }
  }

  /** Longest answer head accepted, and how much of a non-2xx body is kept for the report. */
  static final int MAX_HEAD_BYTES = 16 * 1024;
  static final int SAMPLE_BYTES = 300;

  private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private record Waiting(Buffer body, Answer answer) {}

  private final Vertx vertx;
  private final NetClient net;
  private final String host;
  private final int port;
  /** The request up to the Content-Length value. */
  private final byte[] head;
  private final int maxConnections;
  private final long timeoutNanos;
  private final List<Connection> open = new ArrayList<>();
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private final long sweepTimer;
  private int connecting;
  private boolean closed;

  RawPostClient(Vertx vertx, String host, int port, String uri, MultiMap headers, int maxConnections, long timeoutMs) {
    if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be >= 1");
    if (timeoutMs < 1) throw new IllegalArgumentException("timeoutMs must be >= 1");
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.maxConnections = maxConnections;
    this.timeoutNanos = timeoutMs * 1_000_000L;
    this.head = requestHead(host, port, uri, headers);
    this.net = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs)));
    this.sweepTimer = vertx.setPeriodic(Math.max(10, Math.min(1000, timeoutMs / 4)), id -> sweep());
  }

  /** "POST uri HTTP/1.1", Host, the given headers (but any length or framing), then "Content-Length: ". */
  static byte[] requestHead(String host, int port, String uri, MultiMap headers) {
    StringBuilder sb = new StringBuilder("POST ").append(uri).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host).append(':').append(port).append("\r\n");
    for (Map.Entry<String, String> h : headers) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (name.equals("host") || name.equals("content-length") || name.equals("transfer-encoding") || name.equals("connection")) continue;
      sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    return sb.append("Content-Length: ").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** One request as sent: the fixed head, the body's length, the body. */
  Buffer encode(Buffer body) {
    String length = Integer.toString(body.length());
    return Buffer.buffer(head.length + length.length() + END_OF_HEAD.length + body.length())
        .appendBytes(head).appendString(length, "ISO-8859-1").appendBytes(END_OF_HEAD).appendBuffer(body);
  }

  @Override
  public void post(Buffer body, Answer answer) {
    if (closed) {
      answer.handle(-1, null, new IllegalStateException("client closed"));
      return;
    }
    waiting.add(new Waiting(body, answer));
    dispatch();
  }

  /** Gives waiting requests to idle connections, and opens connections for the rest while allowed. */
  private void dispatch() {
    while (!waiting.isEmpty() && !idle.isEmpty()) {
      Waiting w = waiting.poll();
      idle.poll().send(encode(w.body()), w.answer());
    }
    int unserved = waiting.size() - connecting;
    while (unserved-- > 0 && open.size() + connecting < maxConnections) connect();
  }

  @Override
  public Future<Void> preconnect() {
    List<Future<?>> all = new ArrayList<>();
    while (open.size() + connecting < maxConnections) all.add(connect());
    return Future.join(all).transform(ar -> Future.succeededFuture());
  }

  private Future<NetSocket> connect() {
    connecting++;
    return net.connect(port, host).onComplete(ar -> {
      connecting--;
      if (ar.succeeded()) {
        Connection c = new Connection(ar.result());
        if (closed) {
          c.socket.close();
          return;
        }
        open.add(c);
        idle.add(c);
      } else {
        // the request this connection was opened for fails; the next attempt serves the next one
        Waiting w = waiting.poll();
        if (w != null) w.answer().handle(-1, null, ar.cause());
      }
      dispatch();
    });
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Connection c : List.copyOf(open)) {
      if (c.answer != null && now - c.sentAt - timeoutNanos > 0) {
        c.fail(new TimeoutException("no complete answer within " + timeoutNanos / 1_000_000 + " ms"));
      }
    }
  }

  @Override
  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(sweepTimer);
    Waiting w;
    while ((w = waiting.poll()) != null) w.answer().handle(-1, null, new IllegalStateException("client closed"));
    for (Connection c : List.copyOf(open)) c.fail(new IllegalStateException("client closed"));
    return net.close();
  }

  /** One keep-alive connection and the parse state of its current answer. */
  private final class Connection {
    final NetSocket socket;
    Answer answer;
    long sentAt;
    /** Bytes of an answer head split over reads; null while none is pending. */
    Buffer partialHead;
    /** Body bytes still to come; -1 while the head is not complete. */
    long remaining = -1;
    int status;
    boolean closeAfter;
    Buffer sample;
    Throwable closeCause;

    Connection(NetSocket socket) {
      this.socket = socket;
      socket.handler(this::received);
      socket.exceptionHandler(this::fail);
      socket.closeHandler(v -> onClose());
    }

    void send(Buffer request, Answer a) {
      answer = a;
      sentAt = System.nanoTime();
      socket.write(request);
    }

    void received(Buffer data) {
      if (answer == null) {
        fail(new ProtocolException("the server sent " + data.length() + " bytes while no request was outstanding"));
        return;
      }
      try {
        int from = 0;
        if (remaining < 0) {
          Buffer bytes = partialHead == null ? data : partialHead.appendBuffer(data);
          int end = indexOf(bytes, END_OF_HEAD, partialHead == null ? 0 : Math.max(0, partialHead.length() - data.length() - 3));
          if (end < 0) {
            if (bytes.length() > MAX_HEAD_BYTES) throw new ProtocolException("answer head longer than " + MAX_HEAD_BYTES + " bytes");
            partialHead = partialHead == null ? Buffer.buffer(bytes.length() * 2).appendBuffer(bytes) : bytes;
            return;
          }
          parseHead(bytes.getString(0, end, "ISO-8859-1"));
          partialHead = null;
          data = bytes;
          from = end + END_OF_HEAD.length;
        }
        int available = data.length() - from;
        if (available > remaining) {
          throw new ProtocolException((available - remaining) + " bytes after the end of an answer (pipelining is not used)");
        }
        if (sample != null && sample.length() < SAMPLE_BYTES) {
          sample.appendBuffer(data, from, (int) Math.min(available, SAMPLE_BYTES - sample.length()));
        }
        remaining -= available;
        if (remaining == 0) complete();
      } catch (ProtocolException e) {
        fail(e);
      }
    }

    private void parseHead(String text) {
      // "HTTP/1.1 201 Created"
      if (text.length() < 12 || !text.startsWith("HTTP/1.") || text.charAt(8) != ' ') {
        throw new ProtocolException("not an HTTP/1.x status line: " + PortSetCheck.abbreviate(text));
      }
      try {
        status = Integer.parseInt(text, 9, 12, 10);
      } catch (NumberFormatException e) {
        throw new ProtocolException("bad status in " + PortSetCheck.abbreviate(text));
      }
      long length = -1;
      closeAfter = text.startsWith("HTTP/1.0");
      int lineStart = text.indexOf("\r\n") + 2;
      while (lineStart > 1 && lineStart < text.length()) {
        int lineEnd = text.indexOf("\r\n", lineStart);
        if (lineEnd < 0) lineEnd = text.length();
        int colon = text.indexOf(':', lineStart);
        if (colon > 0 && colon < lineEnd) {
          String name = text.substring(lineStart, colon).trim();
          String value = text.substring(colon + 1, lineEnd).trim();
          if (name.equalsIgnoreCase("content-length")) {
            try {
              length = Long.parseLong(value);
            } catch (NumberFormatException e) {
              throw new ProtocolException("bad Content-Length: " + value);
            }
          } else if (name.equalsIgnoreCase("transfer-encoding") && !value.equalsIgnoreCase("identity")) {
            throw new ProtocolException("Transfer-Encoding " + value + " is not supported by --client raw; use --client vertx");
          } else if (name.equalsIgnoreCase("connection")) {
            closeAfter = value.equalsIgnoreCase("close");
          }
        }
        lineStart = lineEnd + 2;
      }
      if (length < 0) {
        if (status == 204 || status == 304 || status < 200) length = 0;
        else throw new ProtocolException("answer " + status + " without Content-Length is not supported by --client raw; use --client vertx");
      }
      remaining = length;
      sample = PostClient.is2xx(status) ? null : Buffer.buffer();
    }

    private void complete() {
      Answer a = answer;
      String body = sample == null ? null : sample.toString(StandardCharsets.UTF_8);
      answer = null;
      remaining = -1;
      sample = null;
      // free before answering: the answer usually posts the lane's next request at once
      if (closeAfter) socket.close(); else idle.add(this);
      a.handle(status, body, null);
      dispatch(); // requests that were waiting for a connection (when the answer posted none)
    }

    /** Fails the outstanding request (if any) with {@code cause} and closes the connection. */
    void fail(Throwable cause) {
      if (closeCause == null) closeCause = cause;
      Answer a = answer;
      answer = null;
      forget();
      socket.close();
      if (a != null) a.handle(-1, null, cause);
      dispatch();
    }

    private void onClose() {
      Answer a = answer;
      answer = null;
      forget();
      if (a != null) {
        a.handle(-1, null, closeCause != null ? closeCause
            : new ProtocolException("connection closed by the server before the answer was complete"));
      }
      if (!closed) dispatch();
    }

    private void forget() {
      open.remove(this);
      idle.remove(this);
    }
  }

  /** First index of {@code needle} in {@code haystack} at or after {@code from}, or -1. */
  static int indexOf(Buffer haystack, byte[] needle, int from) {
    int last = haystack.length() - needle.length;
    outer:
    for (int i = Math.max(0, from); i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack.getByte(i + j) != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}
