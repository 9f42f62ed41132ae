package dev.ssewatch.agent.it;

import java.util.ArrayList;
import java.util.List;

/** Spring Boot's settings for the test applications, as command-line arguments. */
final class SpringArgs {

  private SpringArgs() {}

  /** A free loopback port (the application prints it), quiet logs. */
  static String[] common(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /**
   * Spring Boot's response compression, on for event streams: {@code server.compression.enabled}
   * with {@code text/event-stream} among the MIME types (the default list has none).
   */
  static String[] compression() {
    return common(
        "--server.compression.enabled=true",
        "--server.compression.mime-types=text/event-stream,text/plain,application/json");
  }
}
