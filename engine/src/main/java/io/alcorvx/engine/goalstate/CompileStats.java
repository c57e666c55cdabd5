package io.alcorvx.engine.goalstate;

/** Counters of the compiler's work, for metrics and for tests that check work stays proportional. */
public final class CompileStats {
  private long compiles;
  private long evaluations;
  private long emitted;
  private long lastEvaluations;

  void record(long evaluations, long emitted) {
    compiles++;
    this.evaluations += evaluations;
    this.emitted += emitted;
    this.lastEvaluations = evaluations;
  }

  public long compiles() { return compiles; }

  /** (host, entry) pairs examined, in total. */
  public long evaluations() { return evaluations; }

  /** Operations queued, in total. */
  public long emitted() { return emitted; }

  /** (host, entry) pairs examined by the last compile. */
  public long lastEvaluations() { return lastEvaluations; }
}
