package io.alcorvx.perf.http;

import java.util.List;

/**
 * Outcome of listing every port of the network after a run.
 *
 * @param listed ports listed
 * @param expected ports that should be there (before the run + created in 2xx answers)
 * @param duplicateIps addresses held by more than one port
 * @param duplicateMacs MAC addresses held by more than one port
 * @param withoutIp ports with no fixed IP
 * @param pages list requests made
 * @param durationNanos time the listing took
 * @param problems a few examples of what was wrong (empty when it passed)
 */
public record VerifyResult(long listed, long expected, long duplicateIps, long duplicateMacs, long withoutIp, long pages,
    long durationNanos, List<String> problems) {

  public VerifyResult {
    problems = List.copyOf(problems);
  }

  public boolean passed() { return listed == expected && duplicateIps == 0 && duplicateMacs == 0 && withoutIp == 0; }
}
