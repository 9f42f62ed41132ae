package dev.ssewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class MainTest {

  @ParameterizedTest(name = "ssewatch {0} exits {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "lod --help       | 2 | Unmatched argument at index 0: 'lod'",
        "lod              | 2 | Unmatched argument at index 0: 'lod'",
        "--help lod       | 2 | Unmatched argument at index 1: 'lod'",
        "doctor apim x -h | 2 | Unmatched argument",
        "--help           | 0 | Commands:",
        "doctor --help    | 0 | apim",
      })
  void unknownCommandsFailEvenWithHelp(String args, int code, String says) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    int exit = cli.execute(args.strip().split("\\s+"));

    assertThat(exit).isEqualTo(code);
    assertThat(out + "" + err).contains(says);
  }
}
