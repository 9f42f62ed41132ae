package dev.ssewatch.load;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One invocation of {@code ssewatch load}, as the command line runs it, with its output. */
record LoadRun(int exitCode, String out, String err) {

  static LoadRun of(String... args) {
    LoadCommand command = new LoadCommand();
    command.terminal = false;
    CommandLine cl = new CommandLine(command);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new LoadRun(code, out.toString(), err.toString());
  }
}
