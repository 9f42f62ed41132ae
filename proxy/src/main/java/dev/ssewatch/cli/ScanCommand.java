package dev.ssewatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for {@code ssewatch scan}. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = "Reads a captured event stream and prints each event's metadata.")
final class ScanCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("ssewatch scan: not available in this build");
    return 2;
  }
}
