package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Arbitrary bytes from a client, over a real loopback socket, into a proxy in front of a backend
 * that records exactly what it receives. Every build replays the seed corpus in {@code
 * RequestFuzzTestInputs/}; docs/fuzzing.md says how to fuzz.
 *
 * <p>Invariants: no buffer leak and no exception escaping a handler; every exchange the proxy
 * begins ends; everything the backend receives is a sequence of well-formed HTTP/1.1 requests as a
 * strict peer reads them (one framing, CRLF, token names, origin-form target, one Host), never more
 * of them than the exchanges the proxy began, with the methods of those exchanges in the same
 * order: a request the proxy did not parse as one can never reach the backend.
 */
class RequestFuzzTest {

  @RegisterExtension static final LoopbackFuzzRig.PerClass fuzz = new LoopbackFuzzRig.PerClass();

  @FuzzTest(maxDuration = "10m")
  void onlyRequestsTheProxyParsedReachTheBackend(byte[] input) throws IOException {
    LoopbackFuzzRig rig = fuzz.rig();
    LoopbackFuzzRig.Outcome out = rig.exchange(input);
    String as = describe(input);
    assertThat(rig.takeProblems()).as(as).isEmpty();

    List<StrictHttp.Message> forwarded = new ArrayList<>();
    for (RawRecordingBackend.Conn c : out.backendConns()) {
      assertThat(c.malformed).as("backend could not read what it got: %s", as).isNull();
      forwarded.addAll(c.requests);
    }
    List<String> begun = out.begun().stream().map(b -> b.method).toList();
    assertThat(forwarded.size())
        .as("requests the backend read against exchanges the proxy began: %s", as)
        .isLessThanOrEqualTo(begun.size());
    int k = 0;
    for (StrictHttp.Message m : forwarded) {
      while (k < begun.size() && !begun.get(k).equals(m.first())) {
        k++;
      }
      assertThat(k)
          .as(
              "%s %s reached the backend without an exchange of its own: %s",
              m.first(), m.second(), as)
          .isLessThan(begun.size());
      k++;
    }
  }

  static String describe(byte[] input) {
    String text = new String(input, StandardCharsets.ISO_8859_1);
    boolean printable =
        text.chars().allMatch(c -> c == '\r' || c == '\n' || (c >= 0x20 && c < 0x7F));
    String shown =
        printable
            ? text.replace("\r", "\\r").replace("\n", "\\n")
            : HexFormat.of().formatHex(input, 0, Math.min(input.length, 512));
    return shown.length() > 600 ? shown.substring(0, 600) + "…" : shown;
  }
}
