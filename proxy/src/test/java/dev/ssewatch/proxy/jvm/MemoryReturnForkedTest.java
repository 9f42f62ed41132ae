package dev.ssewatch.proxy.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The policy against real JVMs: what HotSpot accepts, keeps and reports, not a fake's. */
class MemoryReturnForkedTest {

  @Test
  @EnabledOnOs(OS.LINUX)
  void aDefaultG1JvmGetsTheRatiosThePeriodicGcAndTrimsAfterAFullGc() throws Exception {
    String out = child();
    assertThat(out)
        .contains("MinHeapFreeRatio=10", "MaxHeapFreeRatio=20", "G1PeriodicGCInterval=60000")
        .contains("trimmed after a full GC");
  }

  @Test
  void flagsOnTheCommandLineWin() throws Exception {
    String out = child("-XX:MaxHeapFreeRatio=50", "-XX:G1PeriodicGCInterval=0");
    assertThat(out)
        .contains("MinHeapFreeRatio=10", "MaxHeapFreeRatio=50", "G1PeriodicGCInterval=0")
        .contains("MaxHeapFreeRatio kept at 50");
  }

  @Test
  void anotherCollectorIsLeftAsItIs() throws Exception {
    String out = child("-XX:+UseParallelGC");
    assertThat(out).contains("heap left as it is (not G1)", "G1PeriodicGCInterval=0");
    assertThat(out).doesNotContain("MaxHeapFreeRatio=20");
  }

  @Test
  void aJvmTrimmingItsOwnHeapIsNotTrimmedAgain() throws Exception {
    String out = child("-XX:TrimNativeHeapInterval=60000");
    assertThat(out).contains("native heap trimmed by the JVM").doesNotContain("after a full GC");
  }

  private static String child(String... jvmOptions) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx64m");
    cmd.addAll(List.of(jvmOptions));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(MemoryReturnChild.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    return text;
  }
}
