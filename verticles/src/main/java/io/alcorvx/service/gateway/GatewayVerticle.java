package io.alcorvx.service.gateway;

import com.google.protobuf.ByteString;
import io.alcorvx.engine.goalstate.Delta;
import io.alcorvx.engine.net.IpAddress;
import io.alcorvx.proto.AgentHello;
import io.alcorvx.proto.AgentMessage;
import io.alcorvx.proto.AgentSessionGrpcService;
import io.alcorvx.proto.GoalStateNack;
import io.alcorvx.proto.GoalStateOperationStatus;
import io.alcorvx.proto.GoalStateProvisionerGrpcService;
import io.alcorvx.proto.HostRequest;
import io.alcorvx.proto.OperationStatus;
import io.alcorvx.proto.ResourceType;
import io.alcorvx.service.engine.LocalCodec;
import io.alcorvx.service.gateway.GatewayMetrics.Refusal;
import io.alcorvx.service.ondemand.OnDemandHandler;
import io.alcorvx.service.session.SessionMessages.Ack;
import io.alcorvx.service.session.SessionMessages.Closed;
import io.alcorvx.service.session.SessionMessages.Hello;
import io.alcorvx.service.session.SessionMessages.HelloResult;
import io.alcorvx.service.session.SessionMessages.Nack;
import io.alcorvx.service.session.SessionMessages.Notice;
import io.alcorvx.service.session.SessionMessages.Push;
import io.alcorvx.service.session.SessionMessages;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent gateway (DESIGN.md §3–§4): a gRPC server serving {@code AgentSession.Connect}, one
 * long-lived bidirectional stream per agent. It translates, the engine owner decides: hellos,
 * ACKs, NACKs and closes go to {@link SessionMessages#ENGINE_ADDRESS}; pushes and notices come
 * back on this instance's own delivery address and are written, pre-encoded by the
 * {@link DeltaEncoder}, to the host's stream.
 *
 * <p>Per stream: the agent token is checked before anything is read; the first message must be
 * a hello with a host id and a valid host IP; afterwards only an ACK or NACK of the push
 * outstanding on this stream is accepted. Any violation ends the stream with a gRPC status and
 * a message saying why; nothing a peer sends can fail the verticle. A second stream of the same
 * host replaces the first. Backpressure: the engine keeps at most one push per host in flight;
 * when the stream's write queue is full that one message waits here and is written from the
 * drain handler — never more than one per host, never a blocked event loop.
 */
public final class GatewayVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(GatewayVerticle.class);
  /** The AgentSession.Connect method seen as bytes both ways: frames are decoded and encoded here. */
  static final ServiceMethod<Buffer, Buffer> CONNECT = ServiceMethod.server(AgentSessionGrpcService.SERVICE_NAME, "Connect",
      GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);
  /** RequestGoalStates with the reply as bytes: it is written around cached entry encodings. */
  static final ServiceMethod<Buffer, Buffer> REQUEST_GOAL_STATES = ServiceMethod.server(
      GoalStateProvisionerGrpcService.SERVICE_NAME, "RequestGoalStates",
      GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);
  static final long MAX_AGENT_MESSAGE_BYTES = 8L << 20;
  /** A stream that has not said hello by then gives its session slot back. */
  static final long HELLO_TIMEOUT_MS = 30_000;

  private final GatewayConfig config;
  private final GatewayMetrics metrics;
  private final DeltaEncoder encoder;
  private final DeliveryOptions local = new DeliveryOptions().setCodecName(LocalCodec.NAME);
  private final String address = "alcor.gateway." + UUID.randomUUID();
  /**
   * The HTTP request whose gRPC call is being dispatched right now: the gRPC server runs the call
   * handler synchronously inside {@code handle}, so {@link #onStream} can take the request's own
   * HTTP/2 response to write pre-framed pushes on (see {@link AgentStream#raw}).
   */
  private HttpServerRequest dispatching;
  /** Messages written pre-framed on a call's HTTP/2 response (for tests; written on the event loop only). */
  volatile long framedWrites;
  /** Pushes encoded and not yet released (for tests; written on the event loop only). */
  volatile long liveBuffers;
  /** Streams opened on this instance so far (numbers them; event-loop confined). */
  private long sessions;
  private final byte[] token;
  /** Every open stream (also those still waiting for their hello), for the session limit and shutdown. */
  private final Set<AgentStream> streams = new LinkedHashSet<>();
  /** The current stream of each host that said hello. */
  private final Map<String, AgentStream> byHost = new HashMap<>();
  private MessageConsumer<Object> consumer;
  private HttpServer server;
  private volatile int actualPort = -1;
  /** Simulated fleets and agent proxies multiplex thousands of sessions on a few connections. */
  static final long MAX_STREAMS_PER_CONNECTION = 100_000;

  public GatewayVerticle(GatewayConfig config, GatewayMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.encoder = new DeltaEncoder(metrics.bodiesEncoded, metrics.bodiesReused);
    this.token = config.agentToken() == null ? null : config.agentToken().getBytes(StandardCharsets.UTF_8);
  }

  public GatewayVerticle(GatewayConfig config, MeterRegistry registry) { this(config, new GatewayMetrics(registry)); }

  private OnDemandHandler onDemand;

  /**
   * Also serve upstream's {@code GoalStateProvisioner.RequestGoalStates} (on-demand) on this
   * server. The asking agent names its host in {@code x-alcor-host-id} and presents the agent
   * token like a session does; only its own ports are resolved as sources.
   */
  public GatewayVerticle onDemand(OnDemandHandler handler) {
    this.onDemand = handler;
    return this;
  }

  @Override
  public Future<?> start() {
    LocalCodec.register(vertx);
    consumer = vertx.eventBus().localConsumer(address, this::onEngine);
    GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(MAX_AGENT_MESSAGE_BYTES));
    grpc.callHandler(CONNECT, this::onStream);
    if (onDemand != null) {
      grpc.callHandler(REQUEST_GOAL_STATES, this::onDemandRequest);
    }
    // many agents may share one HTTP/2 connection (one stream each): lift the default of 100 streams
    HttpServerOptions http = new HttpServerOptions().setHost(config.host()).setPort(config.port()).setTcpNoDelay(true)
        .setHttp2ClearTextEnabled(true)
        .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(MAX_STREAMS_PER_CONNECTION));
    return consumer.completion()
        .compose(v -> vertx.createHttpServer(http).connectionHandler(FlushBatching::install).requestHandler(req -> {
          dispatching = req;
          try {
            grpc.handle(req);
          } finally {
            dispatching = null;
          }
        }).listen())
        .onSuccess(s -> {
          server = s;
          actualPort = s.actualPort();
          log.info("agent gateway listening on {}:{} (gRPC AgentSession), delivery address {}", config.host(), actualPort, address);
        });
  }

  /** Tells every agent the controller is going away (SHUTTING_DOWN), ends the streams, closes the server. */
  @Override
  public Future<?> stop() {
    for (AgentStream s : new ArrayList<>(streams)) s.shutDown();
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.eventually(() -> consumer == null ? Future.succeededFuture() : consumer.unregister());
  }

  /** The port the gRPC server listens on (after start), or -1. */
  public int actualPort() { return actualPort; }

  /** This instance's event-bus address for pushes (named in every hello it forwards). */
  public String deliveryAddress() { return address; }

  // ---------------------------------------------------------------- engine -> gateway

  private void onEngine(Message<Object> message) {
    Object body = message.body();
    try {
      if (body instanceof Push p) {
        AgentStream s = byHost.get(p.hostId());
        if (s == null) log.debug("push {} for host {} dropped: no session here", p.delta().toVersion(), p.hostId());
        else s.push(p, false);
      } else if (body instanceof Notice n) {
        AgentStream s = byHost.get(n.hostId());
        if (s != null) s.inSync(n, false);
      } else if (body instanceof SessionMessages.Replaced r) {
        AgentStream s = byHost.get(r.hostId());
        if (s != null && s.session == r.session()) s.fail(GrpcStatus.ABORTED, "replaced by a newer session of host " + r.hostId(), Refusal.REPLACED);
      } else {
        log.warn("unexpected message on the gateway delivery address: {}", body == null ? "null" : body.getClass().getName());
      }
    } catch (RuntimeException bug) {
      log.error("gateway failed on {}", body == null ? "null" : body.getClass().getSimpleName(), bug);
    }
  }

  // ---------------------------------------------------------------- agent streams

  private void onStream(GrpcServerRequest<Buffer, Buffer> request) {
    AgentStream s = new AgentStream(request, plainGrpcResponse(dispatching));
    if (!authorized(request.headers())) {
      s.refuse(GrpcStatus.UNAUTHENTICATED,
          "agent token missing or wrong: send 'authorization: Bearer <token>' or 'x-alcor-agent-token: <token>'", Refusal.UNAUTHENTICATED);
      return;
    }
    if (streams.size() >= config.maxSessions()) {
      s.refuse(GrpcStatus.RESOURCE_EXHAUSTED, "this gateway already holds its maximum of " + config.maxSessions()
          + " agent sessions; retry later or elsewhere", Refusal.CAPACITY);
      return;
    }
    streams.add(s);
    s.open();
  }

  private void onDemandRequest(GrpcServerRequest<Buffer, Buffer> request) {
    GrpcServerResponse<Buffer, Buffer> response = request.response();
    if (!authorized(request.headers())) {
      metrics.refused(Refusal.UNAUTHENTICATED).increment();
      response.status(GrpcStatus.UNAUTHENTICATED).statusMessage("agent token missing or wrong").end();
      return;
    }
    String host = request.headers().get("x-alcor-host-id");
    if (host == null || host.isBlank()) {
      response.status(GrpcStatus.INVALID_ARGUMENT)
          .statusMessage("name the asking host in the x-alcor-host-id metadata").end();
      return;
    }
    request.messageHandler(frame -> {
      HostRequest hostRequest;
      try {
        hostRequest = HostRequest.parseFrom(payload(frame));
      } catch (IOException | RuntimeException e) {
        response.status(GrpcStatus.INVALID_ARGUMENT).statusMessage("undecodable request").end();
        return;
      }
      try {
        // wrapped, not copied (Buffer.buffer(byte[]) copies): the reply is tens of KB, made for this call only
        response.end(BufferInternal.buffer(Unpooled.wrappedBuffer(onDemand.handleEncoded(host, hostRequest))));
      } catch (RuntimeException e) {
        log.warn("on-demand request of {} failed", host, e);
        response.status(GrpcStatus.INTERNAL).statusMessage("internal error").end();
      }
    });
    request.exceptionHandler(e -> response.status(GrpcStatus.INVALID_ARGUMENT)
        .statusMessage("undecodable request").end());
  }

  /** A frame's message bytes, decompressed (identity or gzip, at most MAX_AGENT_MESSAGE_BYTES). */
  private static byte[] payload(GrpcMessage frame) throws IOException {
    byte[] raw = frame.payload().getBytes();
    switch (frame.encoding()) {
      case "identity":
        return raw;
      case "gzip":
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
          byte[] out = in.readNBytes((int) MAX_AGENT_MESSAGE_BYTES + 1);
          if (out.length > MAX_AGENT_MESSAGE_BYTES) throw new IOException("message larger than " + MAX_AGENT_MESSAGE_BYTES + " bytes");
          return out;
        }
      default:
        throw new IOException("unsupported grpc-encoding '" + frame.encoding() + "'");
    }
  }

  /**
   * The HTTP response of a gRPC call over HTTP/2 (not gRPC-web, whose framing differs), or null:
   * then everything goes through the gRPC server's response.
   */
  private static HttpServerResponse plainGrpcResponse(HttpServerRequest req) {
    if (req == null || req.version() != HttpVersion.HTTP_2) return null;
    String type = req.getHeader("content-type");
    if (type == null || !type.startsWith("application/grpc") || type.startsWith("application/grpc-web")) return null;
    return req.response();
  }

  private boolean authorized(MultiMap headers) {
    if (token == null) return true;
    String presented = null;
    String auth = headers.get("authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) presented = auth.substring(7).trim();
    if (presented == null) presented = headers.get("x-alcor-agent-token");
    return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }

  private enum State { AWAITING_HELLO, HELLO_PENDING, ACTIVE, ENDED }

  /** Ends an {@link Out}'s life: written, dropped or its stream gone. */
  private void dispose(Out out) {
    out.release();
    if (out.delta()) liveBuffers--;
  }

  /**
   * One message behind its gRPC frame prefix, to write or waiting for the stream's write queue to
   * drain. Its buffer is owned here: Vert.x hands Netty an unreleasable view of a buffer it did not
   * allocate, so whoever ends an Out's life (written, dropped, its stream gone) releases it, once.
   */
  private record Out(ByteBuf framed, boolean delta) {
    static Out of(byte[] framed, boolean delta) {
      // wrapped, not copied (notices are small, and release frees nothing here)
      return new Out(Unpooled.wrappedBuffer(framed), delta);
    }

    int messageBytes() { return framed.readableBytes() - DeltaEncoder.GRPC_PREFIX; }

    Buffer message() {
      return BufferInternal.buffer(framed.slice(DeltaEncoder.GRPC_PREFIX, framed.readableBytes() - DeltaEncoder.GRPC_PREFIX));
    }

    void release() { framed.release(); }
  }

  /** One agent's stream. Lives on this verticle's event loop like everything else here. */
  private final class AgentStream {
    private final GrpcServerRequest<Buffer, Buffer> request;
    private final GrpcServerResponse<Buffer, Buffer> response;
    /**
     * The call's HTTP/2 response, when it is plain gRPC: messages are written on it already framed,
     * after the gRPC response sent the headers, so each push is encoded once into the direct buffer
     * that is sent ({@link DeltaEncoder#encodeFramed}). The gRPC response still ends the call (trailers,
     * status). Null: messages go through {@code response.writeMessage}.
     */
    private final HttpServerResponse raw;
    private boolean headWritten;
    private State state = State.AWAITING_HELLO;
    private String hostId;
    private String hostIp;
    /** {@link #hostIp} in UTF-8, as every push writes it. */
    private ByteString hostIpUtf8;
    /** Tells this stream from the same host's earlier or later streams on this instance. */
    private final long session = ++sessions;
    private boolean counted;
    /** The push written or waiting on this stream that the agent has not answered yet. */
    private boolean outstanding;
    private long outEpoch;
    private long outVersion;
    private long outCommittedAtMicros;
    /** At most one message waiting for the stream's write queue to drain. */
    private Out pending;
    private long helloTimer = -1;

    AgentStream(GrpcServerRequest<Buffer, Buffer> request, HttpServerResponse raw) {
      this.request = request;
      this.response = request.response();
      this.raw = raw;
    }

    void open() {
      request.messageHandler(this::onFrame);
      request.invalidMessageHandler(e -> fail(GrpcStatus.INVALID_ARGUMENT, "invalid frame: " + e, Refusal.UNDECODABLE));
      request.endHandler(v -> finish());
      request.exceptionHandler(e -> gone("stream failed: " + e));
      request.errorHandler(e -> gone("stream reset: " + e));
      response.exceptionHandler(e -> gone("response failed: " + e));
      response.drainHandler(v -> flush());
      helloTimer = vertx.setTimer(HELLO_TIMEOUT_MS, id -> {
        helloTimer = -1;
        if (state == State.AWAITING_HELLO) {
          fail(GrpcStatus.DEADLINE_EXCEEDED, "no hello within " + HELLO_TIMEOUT_MS / 1000 + " s", Refusal.BAD_HELLO);
        }
      });
    }

    void refuse(GrpcStatus status, String message, Refusal reason) {
      log.info("agent stream from {} refused: {} ({})", remote(), status.name(), message);
      metrics.refused(reason).increment();
      state = State.ENDED;
      try {
        response.status(status).statusMessage(message).end();
      } catch (RuntimeException alreadyGone) {
        // the peer reset the stream meanwhile
      }
    }

    private String remote() {
      try {
        return String.valueOf(request.connection().remoteAddress());
      } catch (RuntimeException e) {
        return "?";
      }
    }

    // ------------------------------------------------------------ agent -> gateway

    private void onFrame(GrpcMessage frame) {
      if (state == State.ENDED) return;
      AgentMessage m;
      try {
        m = AgentMessage.parseFrom(payload(frame));
      } catch (IOException | RuntimeException e) {
        fail(GrpcStatus.INVALID_ARGUMENT, "undecodable AgentMessage: " + e.getMessage(), Refusal.UNDECODABLE);
        return;
      }
      try {
        onMessage(m);
      } catch (RuntimeException bug) {
        log.error("gateway failed on a message of host {}", hostId, bug);
        fail(GrpcStatus.INTERNAL, "internal error in the gateway", Refusal.INTERNAL);
      }
    }

    private void onMessage(AgentMessage m) {
      if (state == State.AWAITING_HELLO) {
        if (!m.hasHello()) {
          fail(GrpcStatus.INVALID_ARGUMENT, "the first message of a session must be a hello (got " + kind(m) + ")", Refusal.BAD_HELLO);
          return;
        }
        hello(m.getHello());
        return;
      }
      switch (m.getBodyCase()) {
        case HELLO -> fail(GrpcStatus.FAILED_PRECONDITION, "out of order: a second hello on the same session", Refusal.OUT_OF_ORDER);
        case ACK -> {
          if (answersOutstanding("ACK", m.getAck().getEngineEpoch(), m.getAck().getVersion())) {
            outstanding = false;
            if (outCommittedAtMicros > 0) metrics.convergedMicros(nowMicros() - outCommittedAtMicros);
            send(new Ack(hostId, outEpoch, outVersion));
          }
        }
        case NACK -> {
          GoalStateNack n = m.getNack();
          if (answersOutstanding("NACK", n.getEngineEpoch(), n.getVersion())) {
            outstanding = false;
            send(new Nack(hostId, outEpoch, outVersion, failedPorts(n), n.getDetail()));
          }
        }
        default -> fail(GrpcStatus.INVALID_ARGUMENT, "empty AgentMessage (no hello, ack or nack)", Refusal.UNDECODABLE);
      }
    }

    private boolean answersOutstanding(String what, long epoch, long version) {
      if (outstanding && epoch == outEpoch && version == outVersion) return true;
      fail(GrpcStatus.FAILED_PRECONDITION, "out of order: " + what + " of " + epoch + "/" + version + " but "
          + (outstanding ? "the push outstanding on this session is " + outEpoch + "/" + outVersion : "no push is outstanding on this session"),
          Refusal.OUT_OF_ORDER);
      return false;
    }

    private void hello(AgentHello h) {
      cancelHelloTimer();
      if (h.getHostId().isBlank()) {
        fail(GrpcStatus.INVALID_ARGUMENT, "hello without host_id", Refusal.BAD_HELLO);
        return;
      }
      try {
        IpAddress.parse(h.getHostIp());
      } catch (IllegalArgumentException e) {
        fail(GrpcStatus.INVALID_ARGUMENT, "hello of host " + h.getHostId() + " has no valid host_ip: " + e.getMessage(), Refusal.BAD_HELLO);
        return;
      }
      state = State.HELLO_PENDING;
      hostId = h.getHostId();
      hostIp = h.getHostIp();
      hostIpUtf8 = h.getHostIpBytes();
      AgentStream old = byHost.put(hostId, this);
      if (old != null && old != this) {
        old.fail(GrpcStatus.ABORTED, "replaced by a newer session of host " + hostId, Refusal.REPLACED);
      }
      Hello hello = new Hello(hostId, h.getHostName(), hostIp, h.getHostMac(), h.getEngineEpoch(), h.getGoalStateVersion(),
          h.getStateDigest(), h.getEntryCount(), address, session);
      vertx.eventBus().<Object>request(SessionMessages.ENGINE_ADDRESS, hello, local).onComplete(this::helloAnswered);
    }

    private void helloAnswered(AsyncResult<Message<Object>> ar) {
      if (state == State.ENDED) {
        // The agent left (or was replaced) while the engine registered it: make sure the engine
        // does not keep pushing to this gateway for a host it no longer holds.
        if (!byHost.containsKey(hostId)) send(new Closed(hostId, address));
        return;
      }
      if (ar.failed()) {
        fail(GrpcStatus.UNAVAILABLE, "the network engine did not answer the hello: " + ar.cause().getMessage(), Refusal.ENGINE_UNAVAILABLE);
        return;
      }
      if (!(ar.result().body() instanceof HelloResult r)) {
        fail(GrpcStatus.INTERNAL, "unexpected answer to the hello", Refusal.ENGINE_UNAVAILABLE);
        return;
      }
      if (!r.accepted()) {
        fail(GrpcStatus.INVALID_ARGUMENT, "hello of host " + hostId + " refused: " + r.error(), Refusal.HELLO_REFUSED);
        return;
      }
      state = State.ACTIVE;
      counted = true;
      metrics.connected.incrementAndGet();
      if (r.notice() != null) inSync(r.notice(), true);
      else if (r.push() != null) push(r.push(), true);
      log.debug("session of host {} ({}) accepted: {}", hostId, hostIp, r.notice() != null ? "in sync"
          : r.push() != null && r.push().delta().full() ? "FULL" : "DELTA");
    }

    // ------------------------------------------------------------ gateway -> agent

    void push(Push p, boolean helloAnswer) {
      Delta d = p.delta();
      if (!helloAnswer && state != State.ACTIVE) {
        // Sent before the engine resynced this host for the hello in flight (the engine answers
        // a hello before it pushes anything newer, and the resync takes back what it had sent).
        log.debug("push {} for host {} dropped: its session is not established", d.toVersion(), hostId);
        return;
      }
      if (outstanding) {
        log.warn("host {}: push {} while {} is still outstanding on its stream; the engine's view wins", hostId, d.toVersion(), outVersion);
      }
      ByteBuf framed = encoder.encodeFramed(d, hostIpUtf8, p.committedAtMicros(), ByteBufAllocator.DEFAULT);
      liveBuffers++;
      outstanding = true;
      outEpoch = d.epoch();
      outVersion = d.toVersion();
      outCommittedAtMicros = p.committedAtMicros();
      if (helloAnswer) (d.full() ? metrics.resyncFull : metrics.resyncDelta).increment();
      else if (d.full()) metrics.resyncFull.increment();
      offer(new Out(framed, true));
    }

    void inSync(Notice n, boolean helloAnswer) {
      if (!helloAnswer && state != State.ACTIVE) return;
      metrics.resyncInSync.increment();
      offer(Out.of(DeltaEncoder.framed(DeltaEncoder.inSync(n.epoch(), n.version())), false));
    }

    /** Writes now, or holds the one message until the stream's write queue drains. */
    private void offer(Out out) {
      if (pending == null && !response.writeQueueFull()) {
        write(out);
        return;
      }
      if (pending == null || !pending.delta()) {
        if (pending != null) dispose(pending);
        pending = out; // an unsent IN_SYNC notice is superseded by the push that follows it
        return;
      }
      dispose(out);
      fail(GrpcStatus.RESOURCE_EXHAUSTED, "the agent does not read its stream: a push is still waiting to be written",
          Refusal.SLOW_AGENT);
    }

    private void flush() {
      if (state != State.ACTIVE || pending == null || response.writeQueueFull()) return;
      Out out = pending;
      pending = null;
      write(out);
    }

    private void write(Out out) {
      int bytes = out.messageBytes(); // read now: once written, the buffer may be another's
      try {
        writeFramed(out);
      } catch (IllegalStateException streamGone) {
        gone("write after the stream ended: " + streamGone.getMessage());
        return;
      }
      if (out.delta()) {
        metrics.pushMessages.increment();
        metrics.pushBytes.increment(bytes);
      }
    }

    private void writeFramed(Out out) {
      Future<Void> written;
      try {
        if (raw == null) {
          written = response.writeMessage(GrpcMessage.message("identity", out.message()));
        } else {
          if (!headWritten) {
            headWritten = true;
            response.writeHead(); // the gRPC response's headers; it still writes the trailers at the end
          }
          written = raw.write(BufferInternal.buffer(out.framed()));
          framedWrites++;
        }
      } catch (RuntimeException notWritten) {
        dispose(out);
        throw notWritten;
      }
      // on the socket, or dropped with the stream (Vert.x completes every write): read by no one now
      written.onComplete(ar -> dispose(out));
    }

    // ------------------------------------------------------------ endings

    /** The agent closed its side: end ours too. */
    private void finish() {
      if (state == State.ENDED) return;
      state = State.ENDED;
      try {
        response.end();
      } catch (RuntimeException alreadyGone) {
        // reset meanwhile
      }
      detach();
    }

    /** The stream is gone (reset, connection lost): nothing more can be written. */
    private void gone(String why) {
      if (state == State.ENDED) return;
      log.debug("session of host {} ended: {}", hostId, why);
      state = State.ENDED;
      detach();
    }

    /** Ends the stream with an error status saying why. */
    void fail(GrpcStatus status, String message, Refusal reason) {
      if (state == State.ENDED) return;
      log.info("session of host {} from {} ended: {} ({})", hostId == null ? "?" : hostId, remote(), status.name(), message);
      state = State.ENDED;
      metrics.refused(reason).increment();
      try {
        response.status(status).statusMessage(message).end();
      } catch (RuntimeException alreadyGone) {
        // reset meanwhile
      }
      detach();
    }

    void shutDown() {
      if (state == State.ENDED) return;
      if (state == State.ACTIVE && pending == null) {
        try {
          writeFramed(Out.of(DeltaEncoder.framed(DeltaEncoder.shuttingDown("controller shutting down")), false));
        } catch (IllegalStateException ignored) {
          // gone already
        }
      }
      finish();
    }

    private void cancelHelloTimer() {
      if (helloTimer >= 0) {
        vertx.cancelTimer(helloTimer);
        helloTimer = -1;
      }
    }

    private void detach() {
      cancelHelloTimer();
      streams.remove(this);
      if (pending != null) {
        dispose(pending);
        pending = null;
      }
      if (counted) {
        counted = false;
        metrics.connected.decrementAndGet();
      }
      if (hostId != null && byHost.get(hostId) == this) {
        byHost.remove(hostId);
        send(new Closed(hostId, address));
      }
    }

    private void send(Object sessionMessage) {
      vertx.eventBus().send(SessionMessages.ENGINE_ADDRESS, sessionMessage, local);
    }
  }

  /** NACKed ports: the PORT resources the agent reports with a status other than SUCCESS. */
  static List<String> failedPorts(GoalStateNack n) {
    List<String> out = new ArrayList<>();
    for (GoalStateOperationStatus s : n.getOperationStatusesList()) {
      if (s.getResourceType() == ResourceType.PORT && s.getOperationStatus() != OperationStatus.SUCCESS && !s.getResourceId().isEmpty()) {
        out.add(s.getResourceId());
      }
    }
    return out;
  }

  private static String kind(AgentMessage m) {
    return switch (m.getBodyCase()) {
      case HELLO -> "hello";
      case ACK -> "ack";
      case NACK -> "nack";
      case BODY_NOT_SET -> "an empty message";
    };
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
