package io.alcorvx.perf.ondemand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FanoutProbeCliTest {

  @Test
  void leadInIsOffUnlessAsked() {
    FanoutProbe p = new FanoutProbe();
    new CommandLine(p).parseArgs();
    assertEquals(0, p.leadIn);
    FanoutProbe q = new FanoutProbe();
    new CommandLine(q).parseArgs("--lead-in", "5000", "--creates", "10000");
    assertEquals(5000, q.leadIn);
    assertEquals(10000, q.creates);
  }

  @Test
  void aNegativeLeadInIsAUsageErrorBeforeAnythingConnects() {
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new FanoutProbe());
    cmd.setErr(new PrintWriter(err));
    // no service listens on port 1: had the probe tried to connect first, this would fail otherwise
    int code = cmd.execute("--lead-in", "-1", "--url", "http://127.0.0.1:1", "--gateway", "127.0.0.1:1");
    assertEquals(CommandLine.ExitCode.USAGE, code);
    assertTrue(err.toString().contains("--lead-in must be 0 or more, got -1"), err.toString());
  }
}
