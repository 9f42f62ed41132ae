package dev.ssewatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for {@code ssewatch proxy}. */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    description = "Runs the logging reverse proxy in front of an SSE backend.")
final class ProxyCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("ssewatch proxy: not available in this build");
    return 2;
  }
}
