package dev.ssewatch.cli;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.telemetry.StrictJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class ScanCommandTest {

  private static final String CANARY = "CANARY-7f3a9c";

  /** Three events (one multi-line, one typed, one with an id), two comments, a retry. */
  private static final String STREAM =
      ": hello\n"
          + "retry: 3000\n"
          + "data: first "
          + CANARY
          + "\n\n"
          + "event: update\n"
          + "data: line one\n"
          + "data: line two\n"
          + "\n"
          + ": keep-alive\n"
          + "id: 7\n"
          + "data: {\"token\":\""
          + CANARY
          + "\"}\n"
          + "\n";

  @TempDir Path dir;

  @Test
  void printsOneLinePerEventAndASummary() {
    Result r = scan(STREAM, "-");

    assertThat(r.exit).isZero();
    assertThat(r.err).isEmpty();
    List<String> lines = r.out.lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).matches("\\s+1\\s+message\\s+id=-\\s+19 B\\s+1 line\\s+-");
    assertThat(lines.get(1)).matches("\\s+2\\s+update\\s+id=-\\s+17 B\\s+2 lines\\s+\\+0\\.000s");
    assertThat(lines.get(2)).matches("\\s+3\\s+message\\s+id=7\\s+25 B\\s+1 line\\s+\\+0\\.000s");
    assertThat(lines.get(3))
        .isEqualTo(
            "-- 3 events, 2 comments, "
                + STREAM.getBytes(StandardCharsets.UTF_8).length
                + " bytes, retry 3000 ms, last id 7");
  }

  @Test
  void dataAppearsOnlyWithShowData() {
    assertThat(scan(STREAM).out).doesNotContain(CANARY).doesNotContain("first");
    assertThat(scan(STREAM, "--json").out).doesNotContain(CANARY).doesNotContain("first");

    Result text = scan(STREAM, "--show-data");
    assertThat(text.out).contains("| first " + CANARY, "| line one", "| line two");
    Result json = scan(STREAM, "--show-data", "--json");
    assertThat(StrictJson.object(json.out.lines().toList().get(2)))
        .containsEntry("data", "{\"token\":\"" + CANARY + "\"}")
        .containsEntry("data_over_limit", false);
  }

  @Test
  void helpSaysShowDataIsTheOnlyWayToSeeData() {
    Result r = scan("", "--help");

    assertThat(r.out).contains("--show-data").contains("only place where ssewatch ever shows");
  }

  @Test
  void jsonOutputIsOneStrictJsonObjectPerLine() {
    Result r = scan(STREAM, "--json");

    List<Map<String, Object>> objects = r.out.lines().map(StrictJson::object).toList();
    assertThat(objects).hasSize(4);
    assertThat(objects.get(1).keySet())
        .containsExactly("record", "seq", "type", "id", "data_bytes", "data_lines", "gap_ms");
    assertThat(objects.get(1))
        .containsEntry("record", "event")
        .containsEntry("seq", new BigDecimal("2"))
        .containsEntry("type", "update")
        .containsEntry("id", null)
        .containsEntry("data_bytes", new BigDecimal("17"))
        .containsEntry("data_lines", new BigDecimal("2"))
        .containsEntry("gap_ms", new BigDecimal("0.000"));
    assertThat(objects.get(0)).containsEntry("gap_ms", null);
    assertThat(objects.get(2)).containsEntry("id", "7");
    assertThat(objects.get(3))
        .containsEntry("record", "summary")
        .containsEntry("events", new BigDecimal("3"))
        .containsEntry("comments", new BigDecimal("2"))
        .containsEntry("retry_ms", new BigDecimal("3000"))
        .containsEntry("last_id", "7")
        .containsEntry("unfinished_event", false);
  }

  @Test
  void crlfAndCrInputGiveTheSameEventsAsLf() {
    String lf = scan(STREAM, "--json").out;
    String crlf = scan(STREAM.replace("\n", "\r\n"), "--json").out;
    String cr = scan(STREAM.replace("\n", "\r"), "--json").out;

    assertThat(withoutBytes(crlf)).isEqualTo(withoutBytes(lf));
    assertThat(withoutBytes(cr)).isEqualTo(withoutBytes(lf));
  }

  @Test
  void gapsAreTheTimeBetweenEventsAsRead() {
    AtomicLong clock = new AtomicLong();
    long[] times = {5_000_000_000L, 6_500_000_000L};
    LongSupplier nanos = () -> times[(int) Math.min(clock.getAndIncrement(), 1)];

    Result r = scan(new ByteArrayInputStream(bytes("data: a\n\ndata: b\n\n")), nanos, "--json");

    assertThat(StrictJson.object(r.out.lines().toList().get(1)))
        .containsEntry("gap_ms", new BigDecimal("1500.000"));
    Result text = scan(new ByteArrayInputStream(bytes("data: a\n\ndata: b\n\n")), sequence(), "-");
    assertThat(text.out.lines().toList().get(1)).endsWith("+1.500s");
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"-", ""})
  void readsStandardInputWithDashOrNoArgument(String arg) {
    Result r = arg.isEmpty() ? scan("data: x\n\n") : scan("data: x\n\n", arg);

    assertThat(r.exit).isZero();
    assertThat(r.out).contains("-- 1 event, 0 comments, 9 bytes");
  }

  @Test
  void readsAFile() throws IOException {
    Path file = Files.writeString(dir.resolve("capture.txt"), STREAM);

    Result r = scan("", file.toString());

    assertThat(r.exit).isZero();
    assertThat(r.out).contains("-- 3 events, 2 comments");
  }

  @Test
  void unreadableInputExitsWith2AndOneLineOfError() {
    Result r = scan("", dir.resolve("missing.txt").toString());

    assertThat(r.exit).isEqualTo(2);
    assertThat(r.out).isEmpty();
    assertThat(r.err.lines().toList())
        .singleElement()
        .asString()
        .startsWith("ssewatch scan: cannot read '")
        .endsWith("missing.txt': no such file");
  }

  @Test
  void aReadErrorMidStreamExitsWith2() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }
        };

    Result r = scan(broken, System::nanoTime);

    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err.strip())
        .isEqualTo("ssewatch scan: cannot read standard input: connection reset");
  }

  @Test
  void printsEachEventAsItArrivesFromALivePipe() throws IOException {
    PipedOutputStream feed = new PipedOutputStream();
    PipedInputStream pipe = new PipedInputStream(feed, 1 << 16);
    StringWriter out = new StringWriter();
    CommandLine cli = cli(pipe, System::nanoTime, out, new StringWriter());
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("scan"));

    feed.write(bytes("event: first\ndata: 1\n\n"));
    feed.flush();
    await().atMost(10, SECONDS).until(() -> out.toString().contains("first"));
    assertThat(exit).isNotDone();

    feed.write(bytes("event: second\ndata: 2\n\n"));
    feed.flush();
    await().atMost(10, SECONDS).until(() -> out.toString().contains("second"));
    assertThat(out.toString()).doesNotContain("-- ");

    feed.close();
    assertThat(exit.join()).isZero();
    assertThat(out.toString()).contains("-- 2 events");
  }

  @Test
  void notesAnEventLeftUnfinishedAtTheEnd() {
    assertThat(scan("data: a\n\ndata: cut off").out)
        .contains("-- 1 event,")
        .contains("ended inside an event");
    assertThat(scan("data: a\r\r").out).contains("-- 1 event,").doesNotContain("ended inside");
    assertThat(scan("data: a\r").out).contains("-- 0 events,").contains("ended inside");
    assertThat(scan("data: a\n\n: trailing comment").out)
        .contains("-- 1 event, 0 comments")
        .doesNotContain("ended inside");
    assertThat(scan("data: a\n\nretry: 5000").out).contains("retry not set");
    assertThat(scan("id: 1\ndata: a\n\nid: 2").out).contains("last id 1");
  }

  @Test
  void controlCharactersInTypesIdsAndDataCannotReachTheTerminal() {
    String hostile = "event: red\u001b[31m\nid: \u009b2J\ndata: x\u001b]0;title\u0007 \u202e\n\n";

    Result r = scan(hostile, "--show-data");

    assertThat(r.out).doesNotContain("\u001b", "\u009b", "\u0007", "\u202e");
    assertThat(r.out).contains("red\\x1b[31m", "id=\\x9b2J", "x\\x1b]0;title\\x07 \\u202e");
  }

  private static String withoutBytes(String jsonLines) {
    return jsonLines.replaceAll("\"bytes\":\\d+", "\"bytes\":_");
  }

  private static LongSupplier sequence() {
    AtomicLong calls = new AtomicLong();
    return () -> calls.getAndIncrement() == 0 ? 0 : 1_500_000_000L;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Result scan(String stdin, String... args) {
    return scan(new ByteArrayInputStream(bytes(stdin)), () -> 0, args);
  }

  private static Result scan(InputStream stdin, LongSupplier nanos, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] full = new String[args.length + 1];
    full[0] = "scan";
    System.arraycopy(args, 0, full, 1, args.length);
    int exit = cli(stdin, nanos, out, err).execute(full);
    return new Result(exit, out.toString(), err.toString());
  }

  /** The real command tree of {@link Main}, with scan reading {@code stdin} and {@code nanos}. */
  private static CommandLine cli(
      InputStream stdin, LongSupplier nanos, StringWriter out, StringWriter err) {
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> cls) throws Exception {
            if (cls == ScanCommand.class) {
              return cls.cast(new ScanCommand(stdin, nanos));
            }
            return CommandLine.defaultFactory().create(cls);
          }
        };
    CommandLine cli = new CommandLine(new Main(), factory);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli;
  }

  private record Result(int exit, String out, String err) {}
}
