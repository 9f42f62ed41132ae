package dev.ssewatch.core.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import dev.ssewatch.core.http.Header;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

  private static final String R = Redactor.MARKER;
  private final Redactor defaults = Redactor.defaults();

  @ParameterizedTest(name = "{0} is redacted")
  @ValueSource(
      strings = {
        "Authorization",
        "authorization",
        "PROXY-AUTHORIZATION",
        "Proxy-Authorization",
        "Cookie",
        "Set-Cookie",
        "set-cookie",
        "Ocp-Apim-Subscription-Key",
        "api-key",
        "X-API-KEY",
        "x-functions-key",
        "X-Csrf-Token",
        "X-Client-Secret",
        "X-DB-Password",
        "X-Signature",
        "Sec-WebSocket-Key",
        "Idempotency-Key",
        "tokenid",
        "KEY"
      })
  void secretHeaderValuesAreReplacedByTheMarker(String name) {
    List<Header> out = defaults.headers(List.of(new Header(name, "s3cr3t")));

    assertThat(out).containsExactly(new Header(name, R));
    assertThat(defaults.redactsHeader(name)).isTrue();
  }

  @ParameterizedTest(name = "{0} is kept")
  @ValueSource(
      strings = {
        "Content-Type",
        "Accept",
        "Cache-Control",
        "Keep-Alive",
        "X-Request-Id",
        "Connection",
        "X-Accel-Buffering",
        "Host",
        "User-Agent"
      })
  void ordinaryHeaderValuesAreKept(String name) {
    Header h = new Header(name, "value");

    assertThat(defaults.headers(List.of(h))).containsExactly(h);
    assertThat(defaults.redactsHeader(name)).isFalse();
  }

  @Test
  void headerListKeepsOrderCaseAndRepeatedHeaders() {
    List<Header> in =
        List.of(
            new Header("Content-Type", "text/event-stream"),
            new Header("Set-Cookie", "a=1"),
            new Header("X-Trace", "t"),
            new Header("Set-Cookie", "b=2"));

    assertThat(defaults.headers(in))
        .containsExactly(
            new Header("Content-Type", "text/event-stream"),
            new Header("Set-Cookie", R),
            new Header("X-Trace", "t"),
            new Header("Set-Cookie", R));
    assertThat(in.get(1).value()).as("input untouched").isEqualTo("a=1");
  }

  @Test
  void headerListWithoutSecretsIsReturnedAsIs() {
    List<Header> in = new ArrayList<>(List.of(new Header("Accept", "text/event-stream")));

    assertThat(defaults.headers(in)).isSameAs(in);
  }

  @Test
  void nullHeaderListReadsAsEmpty() {
    assertThat(defaults.headers(null)).isEmpty();
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Location         | https://h/p?sig=abc&sv=1 | https://h/p?sig=[REDACTED]&sv=1",
        "content-location | /p?token=abc             | /p?token=[REDACTED]",
        "Referer          | https://u:pw@h/page      | https://u:[REDACTED]@h/page",
        "Location         | https://h/p?a=1          | https://h/p?a=1",
      })
  void urlValuedHeadersKeepTheUrlWithSecretsRedacted(String name, String value, String expected) {
    assertThat(defaults.headers(List.of(new Header(name, value))))
        .containsExactly(new Header(name, expected));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/stream?token=abc                          | /stream?token=[REDACTED]",
        "/stream?a=1&sig=xyz&b=2                    | /stream?a=1&sig=[REDACTED]&b=2",
        "/s?sig=1&sig=2                             | /s?sig=[REDACTED]&sig=[REDACTED]",
        "https://acct.blob.core.windows.net/c/b?sv=2020-08-04&se=2026&sig=ab%2Bcd%3D "
            + "| https://acct.blob.core.windows.net/c/b?sv=2020-08-04&se=2026&sig=[REDACTED]",
        "https://h/api?code=abc#frag                | https://h/api?code=[REDACTED]#frag",
        "https://h/cb#access_token=abc&state=s      | https://h/cb#access_token=[REDACTED]&state=s",
        "https://h/p?q=1#a?key=k                    | https://h/p?q=1#a?key=[REDACTED]",
        "https://h/app#/route?token=t&x=1           | https://h/app#/route?token=[REDACTED]&x=1",
        "/p?signature=s&key=k&api_key=a&api-key=b   "
            + "| /p?signature=[REDACTED]&key=[REDACTED]&api_key=[REDACTED]&api-key=[REDACTED]",
        "/p?subscription-key=s&password=p&secret=x  "
            + "| /p?subscription-key=[REDACTED]&password=[REDACTED]&secret=[REDACTED]",
        "/p?TOKEN=abc&Sig=def                       | /p?TOKEN=[REDACTED]&Sig=[REDACTED]",
        "/p?%74oken=abc                             | /p?%74oken=[REDACTED]",
        "/p?access%5Ftoken=abc                      | /p?access%5Ftoken=[REDACTED]",
        "/p?X-Amz-Signature=abc&X-Amz-Date=1        | /p?X-Amz-Signature=[REDACTED]&X-Amz-Date=1",
        "/p?refresh_token=r&client_secret=c         | /p?refresh_token=[REDACTED]&client_secret=[REDACTED]",
        "/p?token                                   | /p?token",
        "/p?token=                                  | /p?token=",
        "/p?token=&sig=1                            | /p?token=&sig=[REDACTED]",
        "/p?&&key=1&                                | /p?&&key=[REDACTED]&",
        "/p?key=a=b&x=1                             | /p?key=[REDACTED]&x=1",
        "/p?q=a?b&key=1                             | /p?q=a?b&key=[REDACTED]",
        "/p?keyword=x&zipcode=12345&lang=en         | /p?keyword=x&zipcode=12345&lang=en",
        "/p?%zz=1&key=2                             | /p?%zz=1&key=[REDACTED]",
        "/p%3Ftoken=1                               | /p%3Ftoken=1",
        "/p                                         | /p",
        "/p?                                        | /p?",
        "https://user:pw@host:8443/p?x=1            | https://user:[REDACTED]@host:8443/p?x=1",
        "https://user@host/p                        | https://[REDACTED]@host/p",
        "//user:pw@host/p                           | //user:[REDACTED]@host/p",
        "/p/a@b:c                                   | /p/a@b:c",
        "https://host/p?next=https://u:pw@x/        | https://host/p?next=https://u:[REDACTED]@x/",
        "https://u:p@ss@host/                       | https://u:[REDACTED]@host/",
      })
  void secretQueryValuesAreReplacedAndEverythingElseKept(String url, String expected) {
    assertThat(defaults.url(url)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // ';' separates query parameters for some servers: a secret after it is hidden, and a
        // secret value holding ';' is hidden whole, up to the next '&'
        "semicolon after a plain value  | /p?foo=1;sig=S               | /p?foo=1;sig=[REDACTED]",
        "semicolon only                 | /p?a=1;token=S;b=2           | /p?a=1;token=[REDACTED]",
        "secret value holding ;         | /p?token=S;T&b=2             | /p?token=[REDACTED]&b=2",
        "semicolon in the fragment      | /p#state=1;access_token=S    | /p#state=1;access_token=[REDACTED]",
        "plain semicolons               | /p?a=1;b=2                   | /p?a=1;b=2",
        // matrix (path) parameters
        "matrix parameter               | /p;sig=S/x?y=1               | /p;sig=[REDACTED]/x?y=1",
        "matrix parameter, last segment | /a/b;x=1;token=S             | /a/b;x=1;token=[REDACTED]",
        "jsessionid                     | /app;jsessionid=ABC123?x=1   | /app;jsessionid=[REDACTED]?x=1",
        "jsessionid, any case           | /app;JSESSIONID=ABC123       | /app;JSESSIONID=[REDACTED]",
        "plain matrix parameters        | /a;v=1/b;lang=en             | /a;v=1/b;lang=en",
        "matrix in an absolute URL      | https://h:1/a;sig=S          | https://h:1/a;sig=[REDACTED]",
        // repeated names, mixed case, encoded names
        "repeated, mixed case           | /p?Sig=a&SIG=b&sIg=c         | /p?Sig=[REDACTED]&SIG=[REDACTED]&sIg=[REDACTED]",
        "encoded name                   | /p?%53IG=S                   | /p?%53IG=[REDACTED]",
        "plus in the name               | /p?api+key=S&api_key=T       | /p?api+key=S&api_key=[REDACTED]",
        // encoded separators: a server that decodes once more would see a secret
        "encoded & in a value           | /p?a=1%26sig%3DS&b=2         | /p?a=[REDACTED]&b=2",
        "encoded ; in a value           | /p?a=1%3Bsig%3DS             | /p?a=[REDACTED]",
        "encoded = in a name            | /p?sig%3DS&b=2               | /p?[REDACTED]&b=2",
        "lower-case escapes             | /p?a=1%26token%3ds           | /p?a=[REDACTED]",
        "double encoding                | /p?a=1%2526sig%253DS         | /p?a=[REDACTED]",
        "encoded separators, no secret  | /p?a=1%26b%3D2               | /p?a=1%26b%3D2",
        // URLs inside values and userinfo
        "encoded URL with a password    | /p?next=https%3A%2F%2Fu%3Apw%40x%2F | /p?next=[REDACTED]",
        "token as user name             | https://ghp_abc@github.com/r | https://[REDACTED]@github.com/r",
        "user name and password         | http://u:p@h/                | http://u:[REDACTED]@h/",
        "userinfo before a query        | https://u:p@h?x=1            | https://u:[REDACTED]@h?x=1",
        "empty password                 | https://u:@h/                | https://u:@h/",
      })
  void everyFormOfASecretInAUrlIsRedacted(String form, String url, String expected) {
    assertThat(defaults.url(url)).isEqualTo(expected);
  }

  @Test
  void urlWithoutSecretsIsReturnedAsIs() {
    String url = "https://h/stream?topic=a&since=5";

    assertThat(defaults.url(url)).isSameAs(url);
  }

  @Test
  void nullAndEmptyUrlsPassThrough() {
    assertThat(defaults.url(null)).isNull();
    assertThat(defaults.url("")).isEmpty();
  }

  @Test
  void configuredHeadersAreAddedAndAllowedOnesExempted() {
    Redactor r =
        Redactor.from(
            Settings.of(
                Map.of(
                    "ssewatch.redact.headers", "X-Tenant, X-Both",
                    "ssewatch.redact.headers.allow", "cookie, Sec-WebSocket-Key, X-Both")));

    assertThat(r.redactsHeader("x-tenant")).isTrue();
    assertThat(r.redactsHeader("Cookie")).isFalse();
    assertThat(r.redactsHeader("Sec-WebSocket-Key")).isFalse();
    assertThat(r.redactsHeader("X-Both")).as("added beats allowed").isTrue();
    assertThat(r.redactsHeader("Set-Cookie")).isTrue();
    assertThat(r.redactsHeader("Authorization")).isTrue();
  }

  @Test
  void allowingADefaultSubstringSwitchesThatRuleOffButKeepsExactNames() {
    Redactor r = Redactor.from(Settings.of(Map.of("ssewatch.redact.headers.allow", "key")));

    assertThat(r.redactsHeader("Idempotency-Key")).isFalse();
    assertThat(r.redactsHeader("x-api-key")).isTrue();
    assertThat(r.redactsHeader("X-Auth-Token")).isTrue();
  }

  @Test
  void configuredQueryParamsAreAddedAndAllowedOnesExempted() {
    Redactor r =
        Redactor.from(
            Settings.of(
                Map.of(
                    "ssewatch.redact.query-params", "tenant",
                    "ssewatch.redact.query-params.allow", "code,token")));

    assertThat(r.url("/p?tenant=t&code=c&token=x&sig=s&page_token=p"))
        .isEqualTo("/p?tenant=[REDACTED]&code=c&token=x&sig=[REDACTED]&page_token=p");
  }

  @Test
  void hashedEventIdIsAShortStableDigest() {
    // SipHash-2-4 of "42" and of "é-1" as UTF-8 under the documented key (the first 16 bytes of
    // SHA-256("ssewatch.event-id")), computed independently.
    assertThat(defaults.eventId("42")).isEqualTo("e55f107b6ee60b65");
    assertThat(defaults.eventId("42")).isEqualTo("e55f107b6ee60b65");
    assertThat(defaults.eventId("é-1")).isEqualTo("39b8f9205b11dd42");
    assertThat(defaults.eventId("42")).isEqualTo("e55f107b6ee60b65");
    assertThat(defaults.eventId("1")).isEqualTo("0a9a49b44e1fbbb4");
  }

  @Test
  void theIdKeyIsTheDocumentedOne() throws Exception {
    byte[] d =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest("ssewatch.event-id".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(d).order(java.nio.ByteOrder.LITTLE_ENDIAN);

    assertThat(defaults.eventId("42"))
        .isEqualTo(String.format("%016x", referenceSipHash(key.getLong(0), key.getLong(8), "42")));
  }

  @Test
  void hashedIdsOfEveryLengthAndFromManyThreadsMatchAPlainSipHash() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int len = 1; len <= 1100; len += 37) {
      // Every remainder of 8 bytes, one-word to many-word ids.
      ids.add("i".repeat(len));
      ids.add("é".repeat(len)); // non-ASCII: the UTF-8 path
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(pool.submit(() -> ids.stream().map(defaults::eventId).toList()));
      }
      List<String> expected = ids.stream().map(RedactorTest::referenceHash).toList();
      for (var f : results) {
        assertThat(f.get()).containsExactlyElementsOf(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void idsGivenAsUtf8BytesAreRedactedAsTheirStrings() {
    List<String> ids =
        List.of("", "1", "order-7", "\u00e9-1", "\ud83d\ude00", "x".repeat(2000), "a\ufffdb");
    for (String mode : List.of("hash", "raw", "drop")) {
      Redactor r = Redactor.from(Settings.of(Map.of("ssewatch.event-id", mode)));
      for (String id : ids) {
        byte[] utf8 = ("<<" + id + ">>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(r.eventIdOfUtf8(utf8, 2, utf8.length - 4))
            .as(mode + " " + id)
            .isEqualTo(r.eventId(id));
      }
    }
  }

  private static String referenceHash(String id) {
    return String.format("%016x", referenceSipHash(0x12f617ac6248d65fL, 0x7089ae44a7d91fc2L, id));
  }

  /** SipHash-2-4 as its paper states it, one byte at a time: a reference for the fast one. */
  private static long referenceSipHash(long k0, long k1, String id) {
    byte[] m = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    long[] v = {
      k0 ^ 0x736f6d6570736575L,
      k1 ^ 0x646f72616e646f6dL,
      k0 ^ 0x6c7967656e657261L,
      k1 ^ 0x7465646279746573L
    };
    int blocks = m.length / 8 + 1;
    for (int b = 0; b < blocks; b++) {
      long w = 0;
      for (int i = 7; i >= 0; i--) {
        int at = b * 8 + i;
        int octet = at < m.length ? m[at] & 0xff : (i == 7 ? m.length & 0xff : 0);
        w = (w << 8) | octet;
      }
      v[3] ^= w;
      sipRound(v);
      sipRound(v);
      v[0] ^= w;
    }
    v[2] ^= 0xff;
    for (int r = 0; r < 4; r++) {
      sipRound(v);
    }
    return v[0] ^ v[1] ^ v[2] ^ v[3];
  }

  private static void sipRound(long[] v) {
    v[0] += v[1];
    v[1] = Long.rotateLeft(v[1], 13);
    v[1] ^= v[0];
    v[0] = Long.rotateLeft(v[0], 32);
    v[2] += v[3];
    v[3] = Long.rotateLeft(v[3], 16);
    v[3] ^= v[2];
    v[0] += v[3];
    v[3] = Long.rotateLeft(v[3], 21);
    v[3] ^= v[0];
    v[2] += v[1];
    v[1] = Long.rotateLeft(v[1], 17);
    v[1] ^= v[2];
    v[2] = Long.rotateLeft(v[2], 32);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"hash, e55f107b6ee60b65", "raw, 42", "drop,", "RAW, 42"})
  void eventIdModeFollowsSetting(String mode, String expected) {
    Redactor r = Redactor.from(Settings.of(Map.of("ssewatch.event-id", mode)));

    assertThat(r.eventId("42")).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hash", "raw", "drop"})
  void missingEventIdIsNullInEveryMode(String mode) {
    Redactor r = Redactor.from(Settings.of(Map.of("ssewatch.event-id", mode)));

    assertThat(r.eventId(null)).isNull();
    assertThat(r.eventId("")).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"hash, e55f107b6ee60b65", "raw, 42", "drop, [REDACTED]"})
  void lastEventIdHeaderIsTreatedLikeEventIds(String mode, String expected) {
    Redactor r = Redactor.from(Settings.of(Map.of("ssewatch.event-id", mode)));

    assertThat(r.headers(List.of(new Header("last-event-id", "42"))))
        .containsExactly(new Header("last-event-id", expected));
    assertThat(r.headers(List.of(new Header("Last-Event-ID", ""))))
        .containsExactly(new Header("Last-Event-ID", ""));
  }

  @Test
  void nullEntriesAreLeftOutInsteadOfFailingTheList() {
    List<Header> in = new ArrayList<>();
    in.add(new Header("Accept", "*/*"));
    in.add(null);
    in.add(new Header("Cookie", "c"));

    assertThat(defaults.headers(in))
        .containsExactly(new Header("Accept", "*/*"), new Header("Cookie", R));
  }

  @Test
  void unknownEventIdModeIsASettingsErrorNamingTheKey() {
    assertThatThrownBy(() -> Redactor.from(Settings.of(Map.of("ssewatch.event-id", "md5"))))
        .isInstanceOf(SettingsException.class)
        .satisfies(e -> assertThat(((SettingsException) e).key()).isEqualTo("ssewatch.event-id"));
  }

  @Test
  void emptySettingsBehaveAsDefaults() {
    Redactor r = Redactor.from(Settings.of(Map.of()));

    assertThat(r.eventIdMode()).isEqualTo(Redactor.EventIdMode.HASH);
    assertThat(r.url("/p?sig=1&x=2")).isEqualTo(defaults.url("/p?sig=1&x=2"));
    assertThat(r.redactsHeader("Authorization")).isTrue();
  }
}
