package dev.ssewatch.demo.backend;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the demo backend on its own, as the demo does in a child JVM with the agent attached. Prints
 * {@code listening <port>} on standard error once it accepts connections (standard output belongs
 * to the agent's JSON lines), and stops when standard input closes, so it never outlives the demo.
 *
 * <p>Arguments: {@code [pace-millis] [silence-millis]}.
 */
public final class BackendMain {

  private BackendMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Duration pace = Duration.ofMillis(args.length > 0 ? Long.parseLong(args[0]) : 300);
    Duration silence = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 9_500);
    try (DemoBackend backend = DemoBackend.start(0, pace, silence)) {
      System.err.println("listening " + backend.port());
      System.err.flush();
      CountDownLatch parentGone = new CountDownLatch(1);
      Thread watcher =
          new Thread(
              () -> {
                try {
                  while (System.in.read() >= 0) {
                    // The parent never writes; reading only detects that it has gone.
                  }
                } catch (IOException e) {
                  // Same meaning as end of input.
                }
                parentGone.countDown();
              },
              "parent-watcher");
      watcher.setDaemon(true);
      watcher.start();
      parentGone.await();
    }
  }
}
