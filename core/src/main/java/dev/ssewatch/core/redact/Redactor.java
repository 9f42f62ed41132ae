package dev.ssewatch.core.redact;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.http.Header;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Removes secrets from what ssewatch records: header values, URL query values and, as configured,
 * event ids. Immutable and thread-safe; build one per configuration and share it.
 *
 * <p>A header value is replaced by {@link #MARKER} when the header's name (ignoring case) is one of
 * {@link #DEFAULT_HEADERS}, contains one of {@link #DEFAULT_HEADER_SUBSTRINGS}, or is named in
 * {@code ssewatch.redact.headers}; names in {@code ssewatch.redact.headers.allow} are exempt from
 * the defaults (an explicitly added name stays redacted even if also allowed: when the two lists
 * disagree, the safe answer wins). URL-valued headers ({@code Location}, {@code Content-Location},
 * {@code Referer}) are kept but pass through {@link #url}; {@code Last-Event-ID} passes through
 * {@link #eventId} ({@link #MARKER} when ids are dropped).
 *
 * <p>A URL query (or fragment) parameter's value is replaced when its percent-decoded name,
 * ignoring case, is one of {@link #DEFAULT_QUERY_PARAMS}, contains one of {@link
 * #DEFAULT_QUERY_PARAM_SUBSTRINGS}, or is named in {@code ssewatch.redact.query-params}; {@code
 * ssewatch.redact.query-params.allow} exempts names likewise. The password of a userinfo ({@code
 * https://user:password@host/}) is always replaced.
 *
 * <p>The decisions use precomputed sets and plain character scans, no regular expressions, because
 * {@link #headers} runs for every observed exchange.
 */
public final class Redactor {

  /** What replaces a secret value. */
  public static final String MARKER = "[REDACTED]";

  /** Header names whose values are always secret unless allowed. */
  public static final List<String> DEFAULT_HEADERS =
      List.of(
          "Authorization",
          "Proxy-Authorization",
          "Cookie",
          "Set-Cookie",
          "Ocp-Apim-Subscription-Key",
          "api-key",
          "x-api-key",
          "x-functions-key");

  /** A header whose name contains one of these (ignoring case) is secret unless allowed. */
  public static final List<String> DEFAULT_HEADER_SUBSTRINGS =
      List.of("token", "secret", "password", "signature", "key");

  /** Query parameter names whose values are secret unless allowed. */
  public static final List<String> DEFAULT_QUERY_PARAMS =
      List.of(
          "sig",
          "signature",
          "code",
          "key",
          "token",
          "access_token",
          "api_key",
          "api-key",
          "subscription-key",
          "password",
          "secret",
          "jsessionid",
          "phpsessid",
          "sessionid");

  /**
   * A query parameter whose name contains one of these is secret unless allowed: catches {@code
   * X-Amz-Signature}, {@code refresh_token}, {@code client_secret}. Deliberately narrower than the
   * header list ({@code key} or {@code code} as substrings would hit {@code keyword}, {@code
   * zipcode}).
   */
  public static final List<String> DEFAULT_QUERY_PARAM_SUBSTRINGS =
      List.of("token", "secret", "password", "signature");

  /** Headers whose value is a URL: kept, with their query values redacted. */
  private static final NameSet URL_HEADERS =
      NameSet.of(List.of("Location", "Content-Location", "Referer"));

  /** Hex digits of a hashed event id: all 64 bits of the hash, plenty to tell ids apart. */
  static final int HASH_HEX_CHARS = 16;

  /** How {@link #eventId} treats ids. */
  public enum EventIdMode {
    /** A short stable digest: reconnects stay correlatable without exposing the id. */
    HASH,
    /** The id as sent. */
    RAW,
    /** No id at all. */
    DROP
  }

  private static final Redactor DEFAULTS =
      new Redactor(List.of(), List.of(), List.of(), List.of(), EventIdMode.HASH);

  private final NameSet addedHeaders;
  private final NameSet allowedHeaders;
  private final NameSet defaultHeaders;
  private final String[] headerSubstrings;
  private final NameSet addedParams;
  private final NameSet allowedParams;
  private final NameSet defaultParams;
  private final String[] paramSubstrings;
  private final EventIdMode eventIdMode;

  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

  // The id hash's key: the first 16 bytes of the SHA-256 of "ssewatch.event-id", little-endian.
  // Public on purpose: the agent, the proxy and a restart must agree on every id's hash.
  private static final long ID_KEY_0 = 0x12f617ac6248d65fL;
  private static final long ID_KEY_1 = 0x7089ae44a7d91fc2L;

  // The hex digits are written here, per thread, then copied into the String: a fresh array per id
  // was a third of the hash's allocation. A JDK type, so an application thread pins nothing of
  // ours.
  private static final ThreadLocal<byte[]> HEX_SCRATCH =
      ThreadLocal.withInitial(() -> new byte[HASH_HEX_CHARS]);

  private Redactor(
      Collection<String> extraHeaders,
      Collection<String> allowHeaders,
      Collection<String> extraParams,
      Collection<String> allowParams,
      EventIdMode eventIdMode) {
    this.addedHeaders = NameSet.of(extraHeaders);
    this.allowedHeaders = NameSet.of(allowHeaders);
    this.defaultHeaders = NameSet.of(DEFAULT_HEADERS);
    this.headerSubstrings = foldedExcept(DEFAULT_HEADER_SUBSTRINGS, allowHeaders);
    this.addedParams = NameSet.of(extraParams);
    this.allowedParams = NameSet.of(allowParams);
    this.defaultParams = NameSet.of(DEFAULT_QUERY_PARAMS);
    this.paramSubstrings = foldedExcept(DEFAULT_QUERY_PARAM_SUBSTRINGS, allowParams);
    this.eventIdMode = eventIdMode;
  }

  /** The built-in lists, event ids hashed. */
  public static Redactor defaults() {
    return DEFAULTS;
  }

  /**
   * Configured by {@code ssewatch.redact.headers}, {@code ssewatch.redact.headers.allow}, {@code
   * ssewatch.redact.query-params}, {@code ssewatch.redact.query-params.allow} (comma lists of
   * names) and {@code ssewatch.event-id} ({@code hash}, {@code raw} or {@code drop}).
   */
  public static Redactor from(Settings settings) {
    String mode = settings.choice("ssewatch.event-id", "hash", List.of("hash", "raw", "drop"));
    return new Redactor(
        settings.list("ssewatch.redact.headers", List.of()),
        settings.list("ssewatch.redact.headers.allow", List.of()),
        settings.list("ssewatch.redact.query-params", List.of()),
        settings.list("ssewatch.redact.query-params.allow", List.of()),
        EventIdMode.valueOf(mode.toUpperCase(Locale.ROOT)));
  }

  /**
   * The default lists plus {@code extra…} and minus {@code allow…} names (an allowed name that is
   * also a default substring, such as {@code key}, switches that substring rule off).
   */
  public static Redactor of(
      Collection<String> extraHeaders,
      Collection<String> allowHeaders,
      Collection<String> extraQueryParams,
      Collection<String> allowQueryParams,
      EventIdMode eventIdMode) {
    return new Redactor(
        extraHeaders, allowHeaders, extraQueryParams, allowQueryParams, eventIdMode);
  }

  /**
   * The headers with secret values replaced by {@link #MARKER}, in their original order and case,
   * repeated headers kept. Returns {@code headers} itself when nothing needs changing; {@code null}
   * reads as no headers.
   */
  public List<Header> headers(List<Header> headers) {
    if (headers == null) {
      return List.of();
    }
    Header[] out = null;
    boolean nulls = false;
    for (int i = 0, n = headers.size(); i < n; i++) {
      Header h = headers.get(i);
      Header r = h == null ? null : header(h);
      if (r != h && out == null) {
        out = headers.toArray(new Header[0]);
      }
      if (out != null) {
        out[i] = r;
      }
      nulls |= h == null;
    }
    if (nulls) {
      // A null entry is nobody's header: leave it out rather than fail the whole list.
      List<Header> kept = new ArrayList<>(headers.size());
      for (Header h : out == null ? headers.toArray(new Header[0]) : out) {
        if (h != null) {
          kept.add(h);
        }
      }
      return List.copyOf(kept);
    }
    return out == null ? headers : List.of(out);
  }

  /** One header, its value redacted if need be; {@code h} itself when nothing changes. */
  public Header header(Header h) {
    String name = h.name();
    if (redactsHeader(name)) {
      return MARKER.equals(h.value()) ? h : new Header(name, MARKER);
    }
    if (name.equalsIgnoreCase("Last-Event-ID")) {
      // The id a client reconnects with is an event id: treat it as ssewatch.event-id says, so a
      // hashed id here matches the hashed ids of the event records it refers to.
      String id = eventId(h.value());
      String v = id == null ? (h.value().isEmpty() ? "" : MARKER) : id;
      return v.equals(h.value()) ? h : new Header(name, v);
    }
    if (URL_HEADERS.contains(name)) {
      String v = url(h.value());
      return v == h.value() ? h : new Header(name, v);
    }
    return h;
  }

  /** Whether the value of the header {@code name} (any case) is replaced. */
  public boolean redactsHeader(String name) {
    if (addedHeaders.contains(name)) {
      return true;
    }
    if (allowedHeaders.contains(name)) {
      return false;
    }
    if (defaultHeaders.contains(name)) {
      return true;
    }
    return headerSubstrings.length > 0 && NameSet.containsAnyFolded(name, headerSubstrings);
  }

  /**
   * The URL (absolute, {@code //authority…}, or origin-form {@code /path?query}) with secret query
   * and fragment parameter values and any userinfo password replaced by {@link #MARKER}. Parameter
   * names, order, separators, valueless parameters and everything else stay as they were. Returns
   * {@code url} itself when nothing needs changing.
   */
  public String url(String url) {
    if (url == null || url.isEmpty()) {
      return url;
    }
    int fragment = url.indexOf('#');
    int beforeFragment = fragment < 0 ? url.length() : fragment;
    int query = url.indexOf('?');
    if (query > beforeFragment) {
      query = -1; // a '?' inside the fragment belongs to the fragment
    }
    int pathEnd = query >= 0 ? query : beforeFragment;
    Edit edit = new Edit(url);
    int pathStart = redactUserInfo(url, 0, pathEnd, edit);
    if (url.indexOf(';', pathStart) >= 0) {
      redactMatrixParams(url, pathStart, pathEnd, edit);
    }
    if (query >= 0) {
      redactParams(url, query + 1, beforeFragment, edit);
    }
    if (fragment >= 0) {
      // Fragments carry tokens too: the OAuth implicit flow returns #access_token=…, and
      // single-page apps route with #/path?token=….
      int inner = url.indexOf('?', fragment);
      redactParams(url, (inner < 0 ? fragment : inner) + 1, url.length(), edit);
    }
    return edit.result();
  }

  /**
   * The event id as configured: raw, hashed, or {@code null} when ids are dropped. {@code null} or
   * empty (never set) gives {@code null} in every mode. The hash is the SipHash-2-4 of the id's
   * UTF-8 bytes under a fixed, public key, as {@link #HASH_HEX_CHARS} lower-case hex digits (the
   * 64-bit result, most significant digit first). The key is fixed so the agent, the proxy and a
   * restart agree on it: like any unsalted hash it hides an opaque id but not a guessable one such
   * as a small counter, which anyone can hash and compare.
   */
  public String eventId(String id) {
    if (id == null || id.isEmpty()) {
      return null;
    }
    switch (eventIdMode) {
      case RAW:
        return id;
      case DROP:
        return null;
      default:
        // No shared last-id cache here: the recorder keeps one per stream (a stream repeats its
        // last-event-ID for every event that sets none), and a shared one cost every new id an
        // allocation and a write to a cache line all event loops contend for.
        return hash(id);
    }
  }

  /** The configured event-id mode. */
  public EventIdMode eventIdMode() {
    return eventIdMode;
  }

  /**
   * As {@link #eventId}, for an id given as its UTF-8 bytes: a caller holding the bytes (the SSE
   * parser does) need not make a String of every new id only to hash it. {@code len == 0} is an id
   * never set. In raw mode the id is decoded; the bytes must be valid UTF-8 for the hash to match
   * {@link #eventId} of the decoded String (the parser checks that before calling).
   */
  public String eventIdOfUtf8(byte[] utf8, int off, int len) {
    if (len == 0) {
      return null;
    }
    switch (eventIdMode) {
      case RAW:
        return new String(utf8, off, len, StandardCharsets.UTF_8);
      case DROP:
        return null;
      default:
        return hash(utf8, off, len);
    }
  }

  private static String hash(String id) {
    byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
    return hash(utf8, 0, utf8.length);
  }

  /** SipHash-2-4 of the id's bytes under the id key, as {@link #HASH_HEX_CHARS} hex digits. */
  private static String hash(byte[] utf8, int off, int len) {
    long h = SipHash.hash(ID_KEY_0, ID_KEY_1, utf8, off, len);
    byte[] hex = HEX_SCRATCH.get();
    for (int i = 0; i < HASH_HEX_CHARS; i++) {
      hex[i] = HEX_DIGITS[(int) (h >>> (60 - 4 * i)) & 0xf];
    }
    // Latin-1 bytes are copied straight into the compact string's own array: no char[] in between.
    return new String(hex, StandardCharsets.ISO_8859_1);
  }

  private boolean redactsParam(String s, int from, int to) {
    if (addedParams.contains(s, from, to)) {
      return true;
    }
    if (allowedParams.contains(s, from, to)) {
      return false;
    }
    if (defaultParams.contains(s, from, to)) {
      return true;
    }
    if (paramSubstrings.length == 0) {
      return false;
    }
    String name = from == 0 && to == s.length() ? s : s.substring(from, to);
    return NameSet.containsAnyFolded(name, paramSubstrings);
  }

  /**
   * Redacts the parameters of a query or fragment, {@code url[from, to)}. Parameters are separated
   * by {@code &}, and within one by {@code ;} as well (older servers and HTML 4 split on both): a
   * secret found either way is hidden up to the next {@code &}, so that a value holding a {@code ;}
   * is hidden whole whichever way the server splits.
   */
  private void redactParams(String url, int from, int to, Edit edit) {
    int start = from;
    while (start <= to) {
      int amp = url.indexOf('&', start);
      int end = amp < 0 || amp > to ? to : amp;
      redactParam(url, start, end, edit);
      start = end + 1;
    }
  }

  /** One {@code &}-separated parameter, {@code url[from, to)}. */
  private void redactParam(String url, int from, int to, Edit edit) {
    int sub = from;
    while (sub < to) {
      int semi = indexOf(url, ';', sub, to);
      int subEnd = semi < 0 ? to : semi;
      int eq = indexOf(url, '=', sub, subEnd);
      // A parameter without '=' has no value to hide; an empty value hides nothing either.
      if (eq >= 0 && eq < subEnd - 1 && paramNameIsSecret(url, sub, eq)) {
        edit.replace(eq + 1, to);
        return;
      }
      sub = subEnd + 1;
    }
    if (indexOf(url, '%', from, to) >= 0 && hidesSecret(decodeComponent(url, from, to), 0)) {
      // Encoded separators or an encoded URL: a server that decodes once more finds a secret.
      int eq = indexOf(url, '=', from, to);
      boolean plainName = eq >= 0 && indexOf(url, '%', from, eq) < 0;
      edit.replace(plainName ? eq + 1 : from, to);
      return;
    }
    int eq = indexOf(url, '=', from, to);
    if (eq >= 0) {
      // A URL as a value (a redirect target) may carry a password of its own.
      redactUserInfo(url, eq + 1, to, edit);
    }
  }

  /**
   * Whether {@code decoded}, read as a query or a URL, holds a secret: a secret parameter, or a
   * userinfo password; looked at through up to three levels of percent-encoding.
   */
  private boolean hidesSecret(String decoded, int depth) {
    int from = 0;
    int n = decoded.length();
    while (from <= n) {
      int end = n;
      for (int i = from; i < n; i++) {
        char c = decoded.charAt(i);
        if (c == '&' || c == ';' || c == '?' || c == '#') {
          end = i;
          break;
        }
      }
      int eq = indexOf(decoded, '=', from, end);
      if (eq >= 0 && eq < end - 1 && redactsParam(decoded, from, eq)) {
        return true;
      }
      Edit probe = new Edit(decoded);
      redactUserInfo(decoded, eq < 0 ? from : eq + 1, end, probe);
      if (probe.changed()) {
        return true;
      }
      from = end + 1;
    }
    return depth < 2
        && decoded.indexOf('%') >= 0
        && hidesSecret(decodeComponent(decoded, 0, n), depth + 1);
  }

  /**
   * Redacts path parameters ({@code /a;jsessionid=…/b}, {@code /p;sig=…}) in {@code url[from, to)}:
   * a secret one is hidden up to the end of its segment.
   */
  private void redactMatrixParams(String url, int from, int to, Edit edit) {
    int semi = indexOf(url, ';', from, to);
    while (semi >= 0) {
      int segEnd = indexOf(url, '/', semi, to);
      if (segEnd < 0) {
        segEnd = to;
      }
      int p = semi + 1;
      while (p < segEnd) {
        int next = indexOf(url, ';', p, segEnd);
        int end = next < 0 ? segEnd : next;
        int eq = indexOf(url, '=', p, end);
        if (eq >= 0 && eq < end - 1 && paramNameIsSecret(url, p, eq)) {
          edit.replace(eq + 1, segEnd);
          break;
        }
        p = end + 1;
      }
      semi = indexOf(url, ';', segEnd, to);
    }
  }

  /** The first {@code c} in {@code s[from, to)}, or -1. */
  private static int indexOf(String s, char c, int from, int to) {
    int i = s.indexOf(c, from);
    return i < to ? i : -1;
  }

  private boolean paramNameIsSecret(String url, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = url.charAt(i);
      if (c == '%' || c == '+') {
        String decoded = decodeComponent(url, from, to);
        return redactsParam(decoded, 0, decoded.length());
      }
    }
    return redactsParam(url, from, to);
  }

  /**
   * Hides the userinfo secret of {@code scheme://user:password@host} or {@code //…} starting at
   * {@code from} and ending before {@code to}: the password, or the user name when there is no
   * password (a token sent as user name, as Git hosts take it). Only the authority counts: an
   * {@code @} in the path is not userinfo. Returns where the path starts ({@code from} when there
   * is no authority).
   */
  private static int redactUserInfo(String url, int from, int to, Edit edit) {
    int authority;
    int sep = indexOfScheme(url, from, to);
    if (url.startsWith("//", from)) {
      authority = from + 2;
    } else if (sep > from && isScheme(url, from, sep)) {
      authority = sep + 3;
    } else {
      return from;
    }
    int authorityEnd = authority;
    while (authorityEnd < to && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    int at = url.lastIndexOf('@', authorityEnd - 1);
    if (at < authority) {
      return authorityEnd;
    }
    int colon = indexOf(url, ':', authority, at);
    if (colon >= 0 && colon < at - 1) {
      edit.replace(colon + 1, at);
    } else if (colon < 0 && at > authority) {
      edit.replace(authority, at);
    }
    return authorityEnd;
  }

  private static int indexOfScheme(String url, int from, int to) {
    int sep = url.indexOf("://", from);
    return sep >= 0 && sep < to ? sep : -1;
  }

  private static boolean isScheme(String url, int from, int end) {
    if (!Character.isLetter(url.charAt(from))) {
      return false;
    }
    for (int i = from + 1; i < end; i++) {
      char c = url.charAt(i);
      if (!(c < 0x80 && (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.'))) {
        return false;
      }
    }
    return true;
  }

  /** Percent-decodes {@code s[from, to)} as UTF-8, {@code +} as space; bad escapes stay literal. */
  static String decodeComponent(String s, int from, int to) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < to) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          bytes.write(hi << 4 | lo);
          i += 2;
          continue;
        }
      }
      if (c == '+') {
        bytes.write(' ');
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String[] foldedExcept(List<String> substrings, Collection<String> allowed) {
    Set<String> allowedFolded = new HashSet<>();
    for (String a : allowed) {
      allowedFolded.add(NameSet.fold(a));
    }
    List<String> out = new ArrayList<>();
    for (String s : substrings) {
      String folded = NameSet.fold(s);
      if (!allowedFolded.contains(folded)) {
        out.add(folded);
      }
    }
    return out.toArray(new String[0]);
  }

  /** Builds the redacted string lazily: most URLs have nothing to hide and are returned as is. */
  private static final class Edit {
    private final String source;
    private StringBuilder out;
    private int copied;

    Edit(String source) {
      this.source = source;
    }

    /** Replaces {@code source[from, to)}; calls come in increasing, non-overlapping order. */
    void replace(int from, int to) {
      if (out == null) {
        out = new StringBuilder(source.length() + MARKER.length());
      }
      out.append(source, copied, from).append(MARKER);
      copied = to;
    }

    boolean changed() {
      return out != null;
    }

    String result() {
      if (out == null) {
        return source;
      }
      return out.append(source, copied, source.length()).toString();
    }
  }
}
