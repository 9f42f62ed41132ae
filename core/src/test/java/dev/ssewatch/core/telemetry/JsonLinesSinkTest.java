package dev.ssewatch.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesSinkTest {

  @TempDir Path dir;

  @Test
  void fileSinkCreatesParentsAndWritesOneParsableLinePerRecordFlushedPerBatch() throws IOException {
    Path file = dir.resolve("a/b/telemetry.jsonl");
    TelemetrySink sink = provider().create(settings(file.toString()));

    sink.export(SampleRecords.oneOfEach());

    // Readable before shutdown: the batch was flushed.
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(SampleRecords.oneOfEach().size());
    for (int i = 0; i < lines.size(); i++) {
      assertThat(StrictJson.object(lines.get(i)).get("record"))
          .isEqualTo(SampleRecords.oneOfEach().get(i).recordType());
    }
    sink.shutdown();
  }

  @Test
  void fileSinkAppendsToAnExistingFile() throws IOException {
    Path file = dir.resolve("t.jsonl");
    Files.writeString(file, "earlier\n");
    TelemetrySink sink = provider().create(settings(file.toString()));

    sink.export(List.of(SampleRecords.dropped()));
    sink.shutdown();

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("earlier");
    assertThat(lines.get(1)).isEqualTo(JsonLines.toJson(SampleRecords.dropped()));
  }

  @Test
  void stdoutSinkFlushesPerBatchAndLeavesTheStreamOpen() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);
    JsonLinesSink sink = JsonLinesSink.stdout(out);

    sink.export(List.of(SampleRecords.event(), SampleRecords.progress()));
    String afterExport = bytes.toString(StandardCharsets.UTF_8);
    sink.shutdown();
    out.println("still open");

    assertThat(afterExport)
        .isEqualTo(
            JsonLines.toJson(SampleRecords.event())
                + "\n"
                + JsonLines.toJson(SampleRecords.progress())
                + "\n");
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .endsWith("still open" + System.lineSeparator());
    assertThat(out.checkError()).isFalse();
    assertThat(sink.written()).isEqualTo(2);
  }

  @Test
  void nothingIsWrittenAfterShutdown() throws IOException {
    Path file = dir.resolve("t.jsonl");
    TelemetrySink sink = provider().create(settings(file.toString()));
    sink.shutdown();

    sink.export(List.of(SampleRecords.dropped()));
    sink.flush();
    sink.shutdown();

    assertThat(Files.readString(file)).isEmpty();
  }

  @Test
  void writeFailuresAreCountedNotThrown() {
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void flush() throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void close() {}
        };
    JsonLinesSink sink = new JsonLinesSink(broken, true, "test");
    PrintStream err = System.err;
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    try {
      sink.export(List.of(SampleRecords.event(), SampleRecords.event()));
      sink.export(List.of(SampleRecords.event()));
      sink.flush();
      sink.shutdown();
    } finally {
      System.setErr(err);
    }

    assertThat(sink.failed()).isEqualTo(3);
    assertThat(sink.written()).isZero();
    // Said once, as the sink's change of state, not once per failed write.
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).containsOnlyOnce("disk full");
    ExporterHealth health = sink.health().orElseThrow();
    assertThat(health.state()).isEqualTo(ExporterHealth.State.RETRYING);
    assertThat(health.cause()).contains("cannot write telemetry to test (IOException: disk full)");
    assertThat(health.failed(ExporterHealth.Reason.ERROR)).isEqualTo(3);
    assertThat(health.changes()).isEqualTo(1);
  }

  @Test
  void unwritablePathIsASettingsErrorNamingTheKey() throws IOException {
    Path notADir = Files.writeString(dir.resolve("file"), "x");

    assertThatThrownBy(() -> provider().create(settings(notADir.resolve("t.jsonl").toString())))
        .isInstanceOf(SettingsException.class)
        .satisfies(e -> assertThat(((SettingsException) e).key()).isEqualTo("ssewatch.jsonl.path"));
  }

  @Test
  void providerIsRegisteredUnderItsName() {
    assertThat(ServiceLoader.load(TelemetrySinkProvider.class).stream())
        .anySatisfy(
            p -> {
              assertThat(p.get().name()).isEqualTo("jsonl");
              assertThat(p.type()).isEqualTo(JsonLinesSinkProvider.class);
            });
  }

  @Test
  void defaultPathIsStandardOutput() {
    TelemetrySink sink = provider().create(Settings.of(Map.of()));

    assertThat(sink).isInstanceOf(JsonLinesSink.class);
    sink.shutdown(); // must not close System.out
    assertThat(System.out.checkError()).isFalse();
  }

  private static JsonLinesSinkProvider provider() {
    return new JsonLinesSinkProvider();
  }

  private static Settings settings(String path) {
    return Settings.of(Map.of("ssewatch.jsonl.path", path));
  }
}
