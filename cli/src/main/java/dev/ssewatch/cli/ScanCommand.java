package dev.ssewatch.cli;

import dev.ssewatch.core.sse.SseEvent;
import dev.ssewatch.core.sse.SseParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ssewatch scan}: reads a captured event stream and prints each event's metadata as it is
 * parsed, so that fed from a live pipe it shows events as they arrive.
 */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = {
      "Reads an event stream (text/event-stream) from FILE, or from standard input when FILE is"
          + " '-' or missing, and prints one line per event as it is parsed: sequence number,"
          + " type, id, data bytes, data lines, and time since the previous event. Comment lines"
          + " are counted. A summary follows at the end.",
      "",
      "Event data is not shown unless you ask for it with --show-data: that option is the only"
          + " place where ssewatch ever shows event data.",
      "",
      "Example: curl -sN https://host/events | java -jar ssewatch.jar scan",
      "",
      "Times are measured when scan reads the bytes, so they mean something for a live pipe,"
          + " not for a file. Ids are shown as sent: nothing leaves this machine."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the input was read to its end", "2:the input could not be read"})
final class ScanCommand implements Callable<Integer> {

  private static final int READ_BUFFER = 8192;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "A captured event stream; '-' or none for standard input.")
  String input;

  @Option(
      names = "--show-data",
      description =
          "Also print each event's data. The only way ssewatch shows event data, and only on"
              + " request.")
  boolean showData;

  @Option(names = "--json", description = "Print JSON lines instead of text.")
  boolean json;

  @Spec CommandSpec spec;

  private final InputStream stdin;
  private final LongSupplier nanoTime;

  ScanCommand() {
    this(System.in, System::nanoTime);
  }

  /** For tests: another standard input and clock. */
  ScanCommand(InputStream stdin, LongSupplier nanoTime) {
    this.stdin = stdin;
    this.nanoTime = nanoTime;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean fromStdin = input == null || input.equals("-");
    InputStream in;
    if (fromStdin) {
      in = stdin;
    } else {
      try {
        in = Files.newInputStream(Path.of(input));
      } catch (IOException | InvalidPathException | SecurityException e) {
        err.println("ssewatch scan: cannot read '" + input + "': " + reason(e));
        err.flush();
        return 2;
      }
    }
    ScanPrinter printer = new ScanPrinter(out, json, showData);
    SseParser parser =
        showData
            ? SseParser.capturing(new Capturing(printer), SseParser.DEFAULT_MAX_DATA_BYTES, null)
            : SseParser.metadataOnly(new MetadataOnly(printer), null);
    long bytes = 0;
    byte[] buf = new byte[READ_BUFFER];
    byte last = 0;
    try {
      // read() returns what a pipe has so far, so each event prints as soon as it is complete.
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        if (n == 0) {
          continue;
        }
        bytes += n;
        last = buf[n - 1];
        parser.feed(buf, 0, n);
        out.flush();
        if (out.checkError()) {
          return 0; // the reader went away (scan … | head): stop like any filter would
        }
      }
    } catch (IOException e) {
      err.println(
          "ssewatch scan: cannot read "
              + (fromStdin ? "standard input" : "'" + input + "'")
              + ": "
              + reason(e));
      err.flush();
      return 2;
    } finally {
      if (!fromStdin) {
        try {
          in.close();
        } catch (IOException ignored) {
          // Read to the end already; nothing to lose.
        }
      }
    }
    long retry = parser.retryMillis();
    String lastId = parser.lastEventId();
    boolean unfinished = !parser.atEventBoundary();
    if (unfinished && last != '\n') {
      // Not at a boundary may only mean a final line without its line ending (a comment, say).
      // An LF ends that line but cannot dispatch an event (that takes an empty line); after a
      // final CR it is absorbed into the CR's line ending. Either way the parser then tells
      // whether an event's fields are really pending. What the probe line sets (a retry, an id,
      // a comment) is not taken: the standard discards an unterminated line.
      printer.ignoreComments();
      parser.feed(new byte[] {'\n'}, 0, 1);
      unfinished = !parser.atEventBoundary();
    }
    parser.end();
    printer.summary(bytes, retry, lastId, unfinished);
    out.flush();
    return 0;
  }

  private static String reason(Exception e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** Metadata mode: the parser never hands the data over, so it cannot be printed by mistake. */
  private final class MetadataOnly implements SseParser.MetadataListener {
    private final ScanPrinter printer;

    MetadataOnly(ScanPrinter printer) {
      this.printer = printer;
    }

    @Override
    public void onEvent(String type, String lastEventId, long dataBytes, int dataLines) {
      printer.event(nanoTime.getAsLong(), type, lastEventId, dataBytes, dataLines, null, false);
    }

    @Override
    public void onComment(long length) {
      printer.comment();
    }
  }

  /** Capturing mode, used only with --show-data. */
  private final class Capturing implements SseParser.Listener {
    private final ScanPrinter printer;

    Capturing(ScanPrinter printer) {
      this.printer = printer;
    }

    @Override
    public void onEvent(SseEvent e) {
      printer.event(
          nanoTime.getAsLong(),
          e.type(),
          e.lastEventId(),
          e.dataBytes(),
          e.dataLines(),
          e.data(),
          e.overLimit());
    }

    @Override
    public void onComment(long length) {
      printer.comment();
    }
  }
}
