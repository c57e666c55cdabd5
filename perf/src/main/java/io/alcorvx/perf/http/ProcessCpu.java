package io.alcorvx.perf.http;

import java.lang.management.ManagementFactory;

/** CPU time this JVM process has used, all threads together. */
final class ProcessCpu {
  private ProcessCpu() {}

  /** Nanoseconds of CPU since the process started, or -1 when the JVM does not expose it. */
  static long nanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
