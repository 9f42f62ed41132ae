package dev.ssewatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for {@code ssewatch doctor}. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = "Checks an API Management configuration against the SSE guidance.")
final class DoctorCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("ssewatch doctor: not available in this build");
    return 2;
  }
}
