package dev.ssewatch.core.telemetry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes each record as one line of {@link JsonLines} JSON to standard output or a file (appended),
 * flushing once per batch so a crash loses at most the batch in flight. Called from the
 * dispatcher's worker only.
 *
 * <p>Lines are encoded as UTF-8 straight into one reusable byte buffer and handed to the stream in
 * chunks of about {@value #CHUNK} bytes: no String, char[] or charset encoder per line, which had
 * been most of the telemetry thread's CPU per record.
 */
public final class JsonLinesSink implements TelemetrySink {

  /** Bytes gathered before a write to the stream; also what a huge line may keep after it. */
  static final int CHUNK = 64 * 1024;

  private final OutputStream out;
  private final boolean closeOnShutdown;
  private final String target;
  private final JsonLineEncoder lines = new JsonLineEncoder(CHUNK + 1024);
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final ExporterHealth health = ExporterHealth.of("jsonl");
  private boolean closed;
  private boolean failureReported;

  JsonLinesSink(OutputStream out, boolean closeOnShutdown, String target) {
    this.out = out;
    this.closeOnShutdown = closeOnShutdown;
    this.target = target;
  }

  /** A sink writing to {@code stdout}; shutting down flushes but does not close it. */
  public static JsonLinesSink stdout(PrintStream stdout) {
    return new JsonLinesSink(stdout, false, "standard output");
  }

  /** A sink appending to {@code file}, created with its parent directories if need be. */
  public static JsonLinesSink file(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    OutputStream o =
        Files.newOutputStream(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    return new JsonLinesSink(o, true, file.toString());
  }

  @Override
  public void export(List<TelemetryRecord> batch) {
    if (closed) {
      return;
    }
    int done = 0; // records whose bytes reached the stream
    int buffered = 0; // records encoded but not yet written
    lines.clear();
    try {
      for (int i = 0, n = batch.size(); i < n; i++) {
        lines.record(batch.get(i));
        lines.put('\n');
        buffered++;
        if (lines.length() >= CHUNK) {
          lines.writeTo(out);
          lines.clear();
          done += buffered;
          buffered = 0;
        }
      }
      if (buffered > 0) {
        lines.writeTo(out);
        done += buffered;
        buffered = 0;
      }
      out.flush();
      written.addAndGet(done);
      health.sent(done);
      health.recovered("telemetry output " + target);
    } catch (IOException | RuntimeException e) {
      // The contract says a failed export is counted, not thrown; the lines not flushed are lost.
      failed.addAndGet(batch.size() - done);
      written.addAndGet(done);
      health.sent(done);
      health.failed(ExporterHealth.Reason.ERROR, batch.size() - done);
      health.enter(
          ExporterHealth.State.RETRYING,
          "cannot write telemetry to "
              + target
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "): records are lost until a write succeeds; check the disk or the output");
      failureReported = true; // just logged, as the change of state
    }
    lines.clear();
    if (lines.capacity() > 4 * CHUNK) {
      // One huge record (a long URL, many headers) should not pin its buffer forever.
      lines.shrink(CHUNK + 1024);
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

  @Override
  public Optional<ExporterHealth> health() {
    return Optional.of(health);
  }

  /** Records handed to the stream (and flushed with their batch) so far. */
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
