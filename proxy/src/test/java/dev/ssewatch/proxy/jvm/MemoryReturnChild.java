package dev.ssewatch.proxy.jvm;

import static org.awaitility.Awaitility.await;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/** Runs {@link MemoryReturn} in a JVM of its own and prints what it did, for the forked test. */
final class MemoryReturnChild {

  private MemoryReturnChild() {}

  public static void main(String[] args) {
    try (MemoryReturn r = MemoryReturn.start()) {
      System.out.println("summary: " + r.summary());
      if (r.summary().contains("native heap trimmed after")) {
        // A full collection: the moment the heap may have shrunk, so a trim must follow.
        System.gc();
        await().atMost(Duration.ofSeconds(30)).until(() -> r.trims() >= 1);
        System.out.println("trimmed after a full GC");
      }
      HotSpotDiagnosticMXBean vm =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      for (String flag :
          new String[] {"MinHeapFreeRatio", "MaxHeapFreeRatio", "G1PeriodicGCInterval"}) {
        System.out.println(flag + "=" + vm.getVMOption(flag).getValue());
      }
    }
  }
}
