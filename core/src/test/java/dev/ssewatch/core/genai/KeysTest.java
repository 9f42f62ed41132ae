package dev.ssewatch.core.genai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The key table: every name found wherever its bytes lie, every near miss an unknown key. */
class KeysTest {

  @Test
  void everyNameIsFoundInsideABufferAndAtItsEnd() {
    for (int k = 2; k < Keys.count(); k++) {
      String name = Keys.name(k);
      for (String around : new String[] {"\"%s\":", "{\"xxxxxxxxxxxxxxx\":1,\"%s\"", "%s"}) {
        byte[] b = around.formatted(name).getBytes(StandardCharsets.US_ASCII);
        int at = around.indexOf("%s");
        assertThat(Keys.of(b, at, name.length())).as(around.formatted(name)).isEqualTo(k);
      }
    }
  }

  @Test
  void nearMissesAreUnknown() {
    for (int k = 2; k < Keys.count(); k++) {
      String name = Keys.name(k);
      String last = name.substring(name.length() - 1);
      String[] misses = {
        name + "s",
        "_" + name,
        name.substring(0, name.length() - 1),
        name.substring(0, name.length() - 1) + (last.equals("x") ? "y" : "x"),
        "X" + name.substring(1),
        name.toUpperCase(),
      };
      for (String miss : misses) {
        byte[] b = ("\"" + miss + "\":1").getBytes(StandardCharsets.US_ASCII);
        int expected = Keys.of(miss.getBytes(StandardCharsets.US_ASCII), 0, miss.length());
        assertThat(Keys.of(b, 1, miss.length())).as(miss).isEqualTo(expected);
        if (expected != Keys.OTHER) {
          // Only another known name may match (as "prompt_tokens" is "prompt_tokens_details" cut).
          assertThat(Keys.name(expected)).isEqualTo(miss);
        }
      }
    }
    byte[] empty = "\"\":1".getBytes(StandardCharsets.US_ASCII);
    assertThat(Keys.of(empty, 1, 0)).isEqualTo(Keys.OTHER);
    byte[] longer = "c".repeat(40).getBytes(StandardCharsets.US_ASCII);
    assertThat(Keys.of(longer, 0, 40)).isEqualTo(Keys.OTHER);
  }
}
