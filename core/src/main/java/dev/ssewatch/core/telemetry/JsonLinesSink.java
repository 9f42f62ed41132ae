package dev.ssewatch.core.telemetry;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes each record as one line of {@link JsonLines} JSON to standard output or a file (appended),
 * flushing once per batch so a crash loses at most the batch in flight. Called from the
 * dispatcher's worker only.
 */
public final class JsonLinesSink implements TelemetrySink {

  private final Writer out;
  private final boolean closeOnShutdown;
  private final String target;
  private final StringBuilder line = new StringBuilder(512);

  /**
   * The line's characters for the writer: {@code Writer.append(CharSequence)} would make a String
   * of every line first, which was most of the sink's allocation per record.
   */
  private char[] chars = new char[512];

  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private boolean closed;
  private boolean failureReported;

  JsonLinesSink(Writer out, boolean closeOnShutdown, String target) {
    this.out = out;
    this.closeOnShutdown = closeOnShutdown;
    this.target = target;
  }

  /** A sink writing to {@code stdout}; shutting down flushes but does not close it. */
  public static JsonLinesSink stdout(PrintStream stdout) {
    return new JsonLinesSink(
        new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 64 * 1024),
        false,
        "standard output");
  }

  /** A sink appending to {@code file}, created with its parent directories if need be. */
  public static JsonLinesSink file(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Writer w =
        Files.newBufferedWriter(
            file,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    return new JsonLinesSink(w, true, file.toString());
  }

  @Override
  public void export(List<TelemetryRecord> batch) {
    if (closed) {
      return;
    }
    int done = 0;
    try {
      for (int i = 0, n = batch.size(); i < n; i++) {
        line.setLength(0);
        JsonLines.appendJson(batch.get(i), line);
        line.append('\n');
        int len = line.length();
        if (chars.length < len) {
          chars = new char[Math.max(len, chars.length * 2)];
        }
        line.getChars(0, len, chars, 0);
        out.write(chars, 0, len);
        done++;
      }
      out.flush();
      written.addAndGet(done);
    } catch (IOException | RuntimeException e) {
      // The contract says a failed export is counted, not thrown; the lines not flushed are lost.
      failed.addAndGet(batch.size() - done);
      written.addAndGet(done);
      reportOnce(e);
    }
    if (line.capacity() > 64 * 1024) {
      // One huge record (a long URL, many headers) should not pin its buffer forever.
      line.setLength(0);
      line.trimToSize();
      chars = new char[512];
    }
  }

  @Override
  public void flush() {
    if (closed) {
      return;
    }
    try {
      out.flush();
    } catch (IOException e) {
      reportOnce(e);
    }
  }

  @Override
  public void shutdown() {
    if (closed) {
      return;
    }
    flush();
    closed = true;
    if (closeOnShutdown) {
      try {
        out.close();
      } catch (IOException e) {
        reportOnce(e);
      }
    }
  }

  /** Records handed to the writer (and flushed with their batch) so far. */
  public long written() {
    return written.get();
  }

  /** Records lost to write errors so far. */
  public long failed() {
    return failed.get();
  }

  private void reportOnce(Exception e) {
    if (!failureReported) {
      failureReported = true;
      // One line, once: a full disk must not turn into a log flood.
      System.err.println(
          "ssewatch: cannot write telemetry to " + target + " (further errors not shown): " + e);
    }
  }
}
