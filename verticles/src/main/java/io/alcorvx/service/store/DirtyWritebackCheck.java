package io.alcorvx.service.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Warns when the Linux host lets the page cache collect so much dirty data that writing it back
 * stalls PostgreSQL's commits.
 *
 * <p>Why: every port create grows PostgreSQL's tables and indexes, and PostgreSQL extends a
 * relation by writing zero-filled pages, which stay dirty in the page cache. With the kernel's
 * defaults the flusher starts on them only when they are 30 s old or pass
 * {@code vm.dirty_background_ratio} (10 %) of memory; then it writes hundreds of MB at once. A
 * commit's WAL {@code fdatasync} on the same disk waits behind that burst: at 5,000 creates/s we
 * measured 300–500 ms in which no commit finished, and the client's p99 followed
 * (docs/benchmarks.md, session 21). With {@code vm.dirty_background_bytes} at 32 MB the flusher
 * writes continuously in small pieces and the stalls went away. This is a host setting, so the
 * service only says so; it never changes it.
 */
public final class DirtyWritebackCheck {
  /** Above this much dirty data before background writeback starts, a burst stalls commits noticeably. */
  public static final long LIMIT_BYTES = 64L << 20;
  /** What the warning recommends. */
  public static final long RECOMMENDED_BYTES = 32L << 20;

  private DirtyWritebackCheck() {}

  /**
   * The warning for these settings, if any.
   *
   * @param backgroundBytes {@code vm.dirty_background_bytes} (0 = the ratio applies)
   * @param backgroundRatio {@code vm.dirty_background_ratio}, in percent
   * @param memoryBytes the memory the ratio is taken of (MemTotal is an upper bound of what the kernel uses)
   */
  public static Optional<String> advice(long backgroundBytes, long backgroundRatio, long memoryBytes) {
    long threshold = backgroundBytes > 0 ? backgroundBytes : memoryBytes / 100 * backgroundRatio;
    if (threshold <= LIMIT_BYTES) return Optional.empty();
    String setting = backgroundBytes > 0 ? "vm.dirty_background_bytes=" + backgroundBytes
        : "vm.dirty_background_ratio=" + backgroundRatio + " of " + (memoryBytes >> 20) + " MB";
    return Optional.of("the kernel starts writing dirty pages back only at " + (threshold >> 20) + " MB (" + setting
        + ") or when they are 30 s old; PostgreSQL's commits can then stall for hundreds of ms behind a writeback burst. "
        + "On a host that runs the embedded PostgreSQL, set vm.dirty_background_bytes=" + RECOMMENDED_BYTES
        + " (sysctl; see the README)");
  }

  /** The warning for this host, read from {@code /proc}; empty where those files do not exist (not Linux). */
  public static Optional<String> forThisHost() { return forHost(Path.of("/proc")); }

  static Optional<String> forHost(Path proc) {
    try {
      long bytes = firstNumber(proc.resolve("sys/vm/dirty_background_bytes"));
      long ratio = firstNumber(proc.resolve("sys/vm/dirty_background_ratio"));
      return advice(bytes, ratio, memTotalBytes(proc.resolve("meminfo")));
    } catch (IOException | NumberFormatException | IndexOutOfBoundsException e) {
      return Optional.empty(); // not Linux, or a kernel without these knobs: nothing to advise
    }
  }

  /**
   * The number on a file's first line. Read by lines on purpose: on JDK 17, {@code Files.readString}
   * and {@code readAllBytes} of a sysctl file return only its first byte ("1" for "10").
   */
  private static long firstNumber(Path file) throws IOException {
    return Long.parseLong(Files.readAllLines(file).get(0).trim());
  }

  private static long memTotalBytes(Path meminfo) throws IOException {
    for (String line : Files.readAllLines(meminfo)) {
      if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }
    throw new IOException("no MemTotal in " + meminfo);
  }
}
