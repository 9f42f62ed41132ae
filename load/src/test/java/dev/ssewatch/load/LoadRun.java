package dev.ssewatch.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * One invocation of {@code ssewatch load}, as the command line runs it, with its output and, when
 * it was asked for one, the path of its JSON result.
 */
record LoadRun(int exitCode, String out, String err, Path json) {

  static LoadRun of(String... args) {
    return run(null, args);
  }

  /** Runs {@code args} with {@code --json json} added, for {@link #result()}. */
  static LoadRun withJson(Path json, String... args) {
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--json";
    all[args.length + 1] = json.toString();
    return run(json, all);
  }

  /** The result the run wrote with {@code --json}. */
  LoadResult result() throws IOException {
    if (json == null) {
      throw new IllegalStateException("a run without --json has no result to read");
    }
    return LoadResult.fromJson(Files.readString(json));
  }

  private static LoadRun run(Path json, String... args) {
    LoadCommand command = new LoadCommand();
    command.terminal = false;
    CommandLine cl = new CommandLine(command);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new LoadRun(code, out.toString(), err.toString(), json);
  }
}
