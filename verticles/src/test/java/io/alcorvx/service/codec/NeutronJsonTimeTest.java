package io.alcorvx.service.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NeutronJsonTimeTest {

  private static String reference(long millis) { return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString(); }

  @Test
  void formatsLikeJavaTimeToTheSecondWhateverCameBefore() {
    assertEquals("2026-12-02T11:30:00Z", NeutronJson.time(Instant.parse("2026-12-02T11:30:00.999Z").toEpochMilli()));
    assertEquals("1970-01-01T00:00:00Z", NeutronJson.time(0));
    assertEquals("1969-12-31T23:59:59Z", NeutronJson.time(-1), "a negative time rounds down, as Instant does");
    SplittableRandom random = new SplittableRandom(7);
    long now = 1_796_000_000_000L;
    for (int i = 0; i < 20_000; i++) {
      // mostly the same or the next second (the cached case), sometimes far away or alternating
      long millis = switch (i % 4) {
        case 0, 1 -> now + i / 3;
        case 2 -> random.nextLong(-62_135_596_800_000L, 253_402_300_799_000L);
        default -> now - 86_400_000L;
      };
      assertEquals(reference(millis), NeutronJson.time(millis), "at " + millis);
    }
  }

  @Test
  void concurrentCallersAlwaysGetTheirOwnSecond() throws Exception {
    Thread[] threads = new Thread[4];
    Throwable[] failure = new Throwable[1];
    for (int t = 0; t < threads.length; t++) {
      long base = 1_700_000_000_000L + t * 1_000L; // each thread formats a different second
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 50_000; i++) {
          long millis = base + (i % 1000);
          if (!reference(millis).equals(NeutronJson.time(millis))) {
            synchronized (failure) { failure[0] = new AssertionError("wrong text for " + millis); }
            return;
          }
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) t.join();
    assertEquals(null, failure[0]);
  }
}
