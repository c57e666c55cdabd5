package io.alcorvx.perf.http;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.LongUnaryOperator;
import org.HdrHistogram.Histogram;

/**
 * One event loop's share of a phase: its own keep-alive {@link PostClient} with a fixed number of
 * connections, at most {@code concurrency} requests in flight, and the requests whose global index
 * is {@code lane mod lanes}. Everything here runs on the lane's event loop, so its counters and
 * histogram need no locks; other threads only read the shared {@link Progress} atomics, and take a
 * {@link #snapshot()} through the lane's context.
 */
final class Lane extends VerticleBase {

  /** Counters every lane adds to, read by the progress printer. */
  static final class Progress {
    final AtomicLong completed = new AtomicLong();
    final AtomicLong notOk = new AtomicLong();
  }

  /**
   * @param host server host
   * @param port server port
   * @param uri request path (and query)
   * @param headers request headers (shared, never changed)
   * @param lane this lane's number
   * @param lanes number of lanes
   * @param totalRequests requests of the whole phase (all lanes)
   * @param concurrency this lane's in-flight limit
   * @param connections this lane's connection pool size
   * @param schedule open-loop schedule, or null for as fast as possible (closed loop)
   * @param timeoutMs per-request timeout (idle and connect)
   * @param body request body of a global index
   * @param portsPerOk ports a 2xx answer to a global index created
   * @param client which HTTP client sends the requests
   * @param keepTimeline whether to keep each request's times ({@link RequestTimeline})
   */
  record Spec(String host, int port, String uri, MultiMap headers, int lane, int lanes, long totalRequests,
      int concurrency, int connections, RateSchedule schedule, long timeoutMs, LongFunction<Buffer> body,
      LongUnaryOperator portsPerOk, PostClient.Kind client, boolean keepTimeline) {}

  /** What a lane did, copied on its own event loop. */
  record Result(long sent, long completed, long portsCreated, Map<String, Long> status, Histogram histogram,
      long lastCompletionNanos, String stoppedBy, List<String> samples, RequestTimeline timeline) {}

  private static final int MAX_SAMPLES = 3;

  private final Spec spec;
  private final Progress progress;
  private final long localTotal;
  private final Histogram histogram = LatencySummary.newHistogram();
  private final Map<String, long[]> status = new HashMap<>();
  private final List<String> samples = new ArrayList<>();
  private final RequestTimeline timeline;
  private final Promise<Void> finished = Promise.promise();
  private PostClient client;
  private long seq;
  private long completed;
  private long portsCreated;
  private int inFlight;
  private long t0;
  private long deadline;
  private long lastCompletion;
  private String stoppedBy;
  private long timerId = -1;
  private boolean going;

  Lane(Spec spec, Progress progress) {
    this.spec = spec;
    this.progress = progress;
    this.localTotal = RateSchedule.laneShare(spec.totalRequests(), spec.lane(), spec.lanes());
    this.timeline = spec.keepTimeline()
        ? new RequestTimeline(Math.toIntExact(localTotal), spec.lane(), spec.lanes(), spec.schedule()) : null;
  }

  @Override
  public Future<?> start() {
    int connections = Math.max(1, spec.connections());
    client = spec.client() == PostClient.Kind.VERTX
        ? new VertxPostClient(vertx, spec.host(), spec.port(), spec.uri(), spec.headers(), connections, spec.timeoutMs())
        : new RawPostClient(vertx, spec.host(), spec.port(), spec.uri(), spec.headers(), connections, spec.timeoutMs());
    return client.preconnect();
  }

  @Override
  public Future<?> stop() {
    return client == null ? Future.succeededFuture() : client.close();
  }

  /**
   * Starts sending (from any thread); completes when every request the lane sent has completed.
   *
   * @param startNanos the phase's start on {@link System#nanoTime()} (the same for all lanes)
   * @param deadlineNanos no request is sent after this
   */
  Future<Void> go(long startNanos, long deadlineNanos) {
    context.runOnContext(v -> {
      t0 = startNanos;
      deadline = deadlineNanos;
      going = true;
      long delayMs = Math.max(0, (startNanos - System.nanoTime()) / 1_000_000);
      if (delayMs > 0) vertx.setTimer(delayMs, id -> begin()); else begin();
    });
    return finished.future();
  }

  private void begin() {
    if (spec.schedule() != null && localTotal > 0) timerId = vertx.setPeriodic(1, id -> pump());
    pump();
  }

  /** Sends what is due and allowed; finishes the lane when all is sent and answered. */
  private void pump() {
    if (!going) return;
    long now = System.nanoTime();
    if (stoppedBy == null && seq < localTotal && now - deadline >= 0) stoppedBy = "max-seconds";
    if (stoppedBy == null) {
      long allowed = localTotal;
      if (spec.schedule() != null) {
        long due = spec.schedule().dueCount(now - t0, spec.totalRequests());
        allowed = RateSchedule.laneShare(due, spec.lane(), spec.lanes());
      }
      while (inFlight < spec.concurrency() && seq < allowed) send(seq++);
    }
    boolean allSent = seq >= localTotal || stoppedBy != null;
    if (allSent && timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    if (allSent && inFlight == 0) finished.tryComplete();
  }

  private void send(long localSeq) {
    long index = RateSchedule.globalIndex(localSeq, spec.lane(), spec.lanes());
    long sentAt = System.nanoTime();
    long start = spec.schedule() == null ? sentAt : t0 + spec.schedule().offsetNanos(index);
    if (timeline != null) timeline.sent((int) localSeq, sentAt - t0);
    inFlight++;
    client.post(spec.body().apply(index), (code, nonSuccessBody, failure) -> {
      long end = System.nanoTime();
      if (timeline != null) timeline.answered((int) localSeq, end - t0, failure == null ? code : -1);
      inFlight--;
      completed++;
      lastCompletion = end;
      LatencySummary.record(histogram, end - start);
      String key;
      if (failure == null) {
        key = PhaseResult.statusKey(code);
        if (PostClient.is2xx(code)) {
          portsCreated += spec.portsPerOk().applyAsLong(index);
        } else {
          progress.notOk.incrementAndGet();
          if (samples.size() < MAX_SAMPLES) samples.add(code + " " + PortSetCheck.abbreviate(nonSuccessBody));
        }
      } else {
        key = PhaseResult.errorKey(failure);
        progress.notOk.incrementAndGet();
        if (samples.size() < MAX_SAMPLES) samples.add(key + " " + failure.getMessage());
      }
      status.computeIfAbsent(key, k -> new long[1])[0]++;
      progress.completed.incrementAndGet();
      pump();
    });
  }

  /** A copy of the lane's results, taken on its event loop. */
  Future<Result> snapshot() {
    Promise<Result> p = Promise.promise();
    context.runOnContext(v -> {
      Map<String, Long> s = new TreeMap<>();
      status.forEach((k, c) -> s.put(k, c[0]));
      p.complete(new Result(seq, completed, portsCreated, s, histogram.copy(), lastCompletion, stoppedBy, List.copyOf(samples),
          timeline));
    });
    return p.future();
  }
}
