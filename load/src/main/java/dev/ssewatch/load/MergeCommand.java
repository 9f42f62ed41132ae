package dev.ssewatch.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ssewatch load merge a.json b.json …}: several machines' runs as one. */
@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    description = {
      "Merges the --json results of runs of the same scenario from several machines: counters"
          + " add, histograms merge exactly, timelines add second by second from each run's"
          + " start.",
      "Exit code: 0 merged, 2 a file could not be read or written."
    })
final class MergeCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "Result files of ssewatch load --json.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--json", paramLabel = "FILE", description = "Write the merged figures to FILE.")
  Path json;

  @Option(names = "--html", paramLabel = "FILE", description = "Write the merged HTML report.")
  Path html;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<LoadResult> results = new ArrayList<>();
    for (Path f : files) {
      try {
        if (Files.size(f) > LoadResult.MAX_FILE_BYTES) {
          err.println("ssewatch load merge: " + f + ": larger than 256 MiB");
          return 2;
        }
        results.add(LoadResult.fromJson(Files.readString(f, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        err.println("ssewatch load merge: cannot read " + f);
        return 2;
      } catch (RuntimeException e) {
        err.println("ssewatch load merge: " + f + ": " + e.getMessage());
        return 2;
      }
    }
    LoadResult merged = LoadResult.merge(results);
    String summary = SummaryTable.render(merged, List.of(), false);
    out.print(summary);
    out.flush();
    return LoadCommand.writeOutputs(merged, summary, json, html, err) ? 0 : 2;
  }
}
