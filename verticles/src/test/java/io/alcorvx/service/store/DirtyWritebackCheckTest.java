package io.alcorvx.service.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirtyWritebackCheckTest {
  private static final long GB = 1L << 30;
  private static final long MB = 1L << 20;

  @Test
  void theKernelDefaultRatioOnABigHostIsWarnedAbout() {
    Optional<String> advice = DirtyWritebackCheck.advice(0, 10, 23 * GB);
    assertTrue(advice.isPresent());
    assertTrue(advice.get().contains("at 2355 MB (vm.dirty_background_ratio=10 of 23552 MB)"), advice.get());
    assertTrue(advice.get().contains("set vm.dirty_background_bytes=33554432"), advice.get());
  }

  @Test
  void aSmallThresholdIsLeftAlone() {
    assertEquals(Optional.empty(), DirtyWritebackCheck.advice(32 * MB, 10, 23 * GB), "bytes win over the ratio");
    assertEquals(Optional.empty(), DirtyWritebackCheck.advice(0, 1, 4 * GB), "1 % of 4 GB is 40 MB");
    assertEquals(Optional.empty(), DirtyWritebackCheck.advice(64 * MB, 10, 23 * GB), "the limit itself is fine");
  }

  @Test
  void aLargeByteThresholdIsWarnedAboutByItsOwnName() {
    Optional<String> advice = DirtyWritebackCheck.advice(512 * MB, 10, 2 * GB);
    assertTrue(advice.orElseThrow().contains("at 512 MB (vm.dirty_background_bytes=536870912)"), advice.get());
  }

  @Test
  void readsTheHostFromProc(@TempDir Path proc) throws Exception {
    Files.createDirectories(proc.resolve("sys/vm"));
    Files.writeString(proc.resolve("sys/vm/dirty_background_bytes"), "0\n");
    Files.writeString(proc.resolve("sys/vm/dirty_background_ratio"), "10\n");
    Files.writeString(proc.resolve("meminfo"), "MemTotal:       24117248 kB\nMemFree:        20000000 kB\n");
    assertTrue(DirtyWritebackCheck.forHost(proc).orElseThrow().contains("at 2355 MB"));
    Files.writeString(proc.resolve("sys/vm/dirty_background_bytes"), "33554432\n");
    assertEquals(Optional.empty(), DirtyWritebackCheck.forHost(proc));
  }

  /** Files under /proc report no size; a reader that trusts the size gets "1" for "10". Compared with cat's reading. */
  @Test
  void readsThisHostsSysctlFilesWhole() throws Exception {
    Path vm = Path.of("/proc/sys/vm/dirty_background_ratio");
    Assumptions.assumeTrue(Files.exists(vm), "skipped: not Linux (no /proc/sys/vm)");
    long bytes = Long.parseLong(cat("/proc/sys/vm/dirty_background_bytes"));
    long ratio = Long.parseLong(cat("/proc/sys/vm/dirty_background_ratio"));
    long mem = Long.parseLong(cat("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal:")).findFirst().orElseThrow()
        .replaceAll("[^0-9]", "")) * 1024;
    assertEquals(DirtyWritebackCheck.advice(bytes, ratio, mem), DirtyWritebackCheck.forThisHost());
  }

  private static String cat(String file) throws Exception {
    Process p = new ProcessBuilder("cat", file).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertEquals(0, p.waitFor());
    return out;
  }

  @Test
  void aHostWithoutTheseFilesGetsNoAdvice(@TempDir Path proc) {
    assertEquals(Optional.empty(), DirtyWritebackCheck.forHost(proc));
  }
}
