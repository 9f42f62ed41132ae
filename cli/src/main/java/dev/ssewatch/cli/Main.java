package dev.ssewatch.cli;

import dev.ssewatch.doctor.DoctorCommand;
import dev.ssewatch.load.LoadCommand;
import java.util.ArrayList;
import java.util.List;
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
      LoadCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code, without exiting: for tests and the demo. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /**
   * The command line with its subcommands. picocli stops checking for unknown arguments once it has
   * seen {@code --help}, so {@code ssewatch lod --help} would print the top-level usage and exit 0;
   * a mistyped command in a CI script must fail instead, so unmatched arguments are refused before
   * any command runs, with or without {@code --help}.
   */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
    cli.setExecutionStrategy(
        parsed -> {
          List<String> unmatched = unmatched(parsed);
          if (!unmatched.isEmpty()) {
            throw new CommandLine.UnmatchedArgumentException(
                parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1), unmatched);
          }
          return runLast.execute(parsed);
        });
    return cli;
  }

  private static List<String> unmatched(CommandLine.ParseResult parsed) {
    List<String> out = new ArrayList<>();
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      out.addAll(p.unmatched());
    }
    return out;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
