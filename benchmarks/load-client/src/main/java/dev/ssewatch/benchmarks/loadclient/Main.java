package dev.ssewatch.benchmarks.loadclient;

import dev.ssewatch.load.LoadCommand;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * {@code backend --port P [--threads N]}: the benchmark's SSE backend; {@code load …}: {@code
 * ssewatch load}, exactly as the command line runs it.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("backend")) {
      BenchBackend.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("load")) {
      System.exit(
          new CommandLine(new LoadCommand()).execute(Arrays.copyOfRange(args, 1, args.length)));
    }
    System.err.println("usage: backend --port P [--threads N] | load URL [options]");
    System.exit(2);
  }
}
