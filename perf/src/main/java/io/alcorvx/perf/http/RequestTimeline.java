package io.alcorvx.perf.http;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Arrays;

/**
 * When each request of one lane was sent and answered, in nanoseconds from the phase's start, and
 * its status (the HTTP code, or -1 for a failure); its global index and due time follow from its
 * place in the lane and the schedule, so they are not kept. A tail latency is a sum of waits in
 * different places: due → sent is the driver's (all connections busy, or its own pauses), sent →
 * answered the service's and the network's. Lining these up with both JVMs' GC logs tells which
 * stall made which slow request.
 *
 * <p>Written only on the lane's event loop; read after the lane finished.
 */
final class RequestTimeline {
  private final int lane;
  private final int lanes;
  private final RateSchedule schedule;
  private final long[] sent;
  private final long[] answered;
  private final int[] status;

  /**
   * @param capacity requests the lane may send
   * @param lane the lane's number
   * @param lanes number of lanes
   * @param schedule the open-loop schedule, or null when a request is due when it is sent
   */
  RequestTimeline(int capacity, int lane, int lanes, RateSchedule schedule) {
    this.lane = lane;
    this.lanes = lanes;
    this.schedule = schedule;
    sent = new long[capacity];
    answered = new long[capacity];
    status = new int[capacity];
    Arrays.fill(answered, -1);
  }

  void sent(int localSeq, long sentNanos) {
    sent[localSeq] = sentNanos;
  }

  void answered(int localSeq, long answeredNanos, int code) {
    answered[localSeq] = answeredNanos;
    status[localSeq] = code;
  }

  /** Header of {@link #writeRows}: one row per request, times in microseconds from the phase start. */
  static void writeHeader(Writer w, long phaseStartEpochMillis) throws IOException {
    w.write("# phase start (epoch ms): " + phaseStartEpochMillis + "\n");
    w.write("index,due_us,sent_us,answered_us,status\n");
  }

  /** Rows for the first {@code count} requests this lane sent; an unanswered request has answered_us -1. */
  void writeRows(Writer w, int count) {
    PrintWriter p = new PrintWriter(w);
    for (int i = 0; i < count; i++) {
      long index = RateSchedule.globalIndex(i, lane, lanes);
      p.print(index);
      p.print(',');
      p.print((schedule == null ? sent[i] : schedule.offsetNanos(index)) / 1_000);
      p.print(',');
      p.print(sent[i] / 1_000);
      p.print(',');
      p.print(answered[i] < 0 ? -1 : answered[i] / 1_000);
      p.print(',');
      p.println(status[i]);
    }
    p.flush();
  }
}
