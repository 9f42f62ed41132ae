package dev.ssewatch.it;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;

/**
 * Fresh per run: the canary every data line carries, and the secrets a client sends and a backend
 * answers with. None of them may reach any exporter's receiver, nor the recorder's own output.
 */
record Secrets(
    String canary,
    String bearer,
    String cookie,
    String apimKey,
    String apiKey,
    String sig,
    String code,
    String setCookie) {

  static Secrets random() {
    return new Secrets(
        token("canary"),
        token("bearer"),
        token("cookie"),
        token("apim"),
        token("apikey"),
        token("sig"),
        token("code"),
        token("setcookie"));
  }

  private static String token(String what) {
    return "ssewatch-" + what + "-" + UUID.randomUUID().toString().replace("-", "");
  }

  /** Every string that must never be exported, by what it is (for readable failures). */
  Map<String, String> forbidden() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("data-line canary", canary);
    out.put("Authorization bearer", bearer);
    out.put("Cookie", cookie);
    out.put("Ocp-Apim-Subscription-Key", apimKey);
    out.put("x-api-key", apiKey);
    out.put("sig query value", sig);
    out.put("code query value", code);
    out.put("Set-Cookie", setCookie);
    return out;
  }

  /** Fails naming every forbidden string found in {@code text}, e.g. a process's output. */
  void assertAbsentFrom(String where, String text) {
    SoftAssertions softly = new SoftAssertions();
    forbidden()
        .forEach(
            (what, secret) ->
                softly
                    .assertThat(text)
                    .as("%s containing the %s", where, what)
                    .doesNotContain(secret));
    softly.assertAll();
  }

  /** The query a client sends: two secret values and a harmless one. */
  String query() {
    return "topic=a&sig=" + sig + "&code=" + code;
  }

  /** Request headers a client sends, every value secret. */
  Map<String, String> requestHeaders() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("Authorization", "Bearer " + bearer);
    out.put("Cookie", "session=" + cookie);
    out.put("Ocp-Apim-Subscription-Key", apimKey);
    out.put("x-api-key", apiKey);
    return out;
  }
}
