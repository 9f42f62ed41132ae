package dev.ssewatch.cli;

import dev.ssewatch.doctor.DoctorCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ssewatch} command line: {@code java -jar ssewatch.jar COMMAND …}. */
@Command(
    name = "ssewatch",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Records and checks Server-Sent Events streams: headers and event metadata only.",
    subcommands = {
      ProxyCommand.class,
      ScanCommand.class,
      ProbeCommand.class,
      DoctorCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code, without exiting: for tests and the demo. */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
