package dev.ssewatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for {@code ssewatch probe}. */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = "Connects to an SSE URL as a client and reports its risks.")
final class ProbeCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("ssewatch probe: not available in this build");
    return 2;
  }
}
