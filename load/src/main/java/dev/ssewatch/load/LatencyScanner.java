package dev.ssewatch.load;

/**
 * Finds the send time a server states in a comment line or a JSON field of the data, byte by byte
 * as the body arrives, in any chunking. It keeps a few integers and the number being read: no line
 * or data is buffered, and the number goes to the callback and nowhere else.
 *
 * <p>A comment {@code :PREFIX123} (one space after the colon allowed) states 123. In {@code data:}
 * lines, {@code "NAME"} followed by optional blanks, a colon, optional blanks and an optional quote
 * states the digits after it. Lines end at CR or LF, as in the event stream format.
 */
final class LatencyScanner {

  /** Receives each stated value, as the number was written. */
  interface Sink {
    void onStatedTime(long value);
  }

  /** The part shared by every stream of a run: the byte patterns. */
  static final class Spec {
    final boolean field;
    final byte[] linePrefix;
    final byte[] pattern;
    final int[] failure;

    Spec(LatencySource source) {
      if (source.kind() == LatencySource.Kind.ID) {
        throw new IllegalArgumentException("the id is read by the parser, not scanned");
      }
      field = source.kind() == LatencySource.Kind.FIELD;
      linePrefix = field ? new byte[] {'d', 'a', 't', 'a', ':'} : new byte[] {':'};
      pattern =
          field
              ? ("\"" + source.name() + "\"").getBytes(java.nio.charset.StandardCharsets.US_ASCII)
              : source.nameBytes();
      failure = failure(pattern);
    }

    private static int[] failure(byte[] p) {
      int[] f = new int[p.length];
      for (int i = 1, k = 0; i < p.length; i++) {
        while (k > 0 && p[i] != p[k]) {
          k = f[k - 1];
        }
        if (p[i] == p[k]) {
          k++;
        }
        f[i] = k;
      }
      return f;
    }
  }

  private static final int LINE_PREFIX = 0;
  private static final int SPACE = 1;
  private static final int MATCH = 2;
  private static final int AFTER_KEY = 3;
  private static final int AFTER_COLON = 4;
  private static final int DIGITS = 5;
  private static final int SKIP_LINE = 6;

  /** Digits kept; a longer number is no time and is ignored. */
  private static final int MAX_DIGITS = 18;

  private final Spec spec;
  private final Sink sink;
  private int state = LINE_PREFIX;
  private int matched;
  private long value;
  private int digits;

  LatencyScanner(Spec spec, Sink sink) {
    this.spec = spec;
    this.sink = sink;
  }

  void feed(byte[] b, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      step(b[i]);
    }
  }

  private void step(byte c) {
    if (c == '\r' || c == '\n') {
      // Every state ends with the line; a number ends there too.
      if (state == DIGITS) {
        emit();
      }
      state = LINE_PREFIX;
      matched = 0;
      return;
    }
    switch (state) {
      case LINE_PREFIX -> {
        // Only data lines (field) or comment lines (comment) are looked into.
        if (c != spec.linePrefix[matched]) {
          state = SKIP_LINE;
        } else if (++matched == spec.linePrefix.length) {
          matched = 0;
          state = spec.field ? MATCH : SPACE;
        }
      }
      case SPACE -> {
        // One space after the colon is part of the syntax, as for field values.
        state = MATCH;
        if (c != ' ') {
          match(c);
        }
      }
      case MATCH -> match(c);
      case AFTER_KEY -> {
        // Between "NAME" and the colon: blanks only.
        if (c == ':') {
          state = AFTER_COLON;
        } else if (c != ' ' && c != '\t') {
          restartMatch(c);
        }
      }
      case AFTER_COLON -> {
        // Blanks and one opening quote before the digits.
        if (c >= '0' && c <= '9') {
          state = DIGITS;
          value = c - '0';
          digits = 1;
        } else if (c != ' ' && c != '\t' && c != '"') {
          restartMatch(c);
        }
      }
      case DIGITS -> {
        if (c >= '0' && c <= '9') {
          if (++digits > MAX_DIGITS) {
            state = spec.field ? MATCH : SKIP_LINE;
            matched = 0;
          } else {
            value = value * 10 + (c - '0');
          }
        } else {
          emit();
          restartMatch(c);
        }
      }
      default -> {
        // SKIP_LINE: nothing until the line ends.
      }
    }
  }

  private void match(byte c) {
    byte[] p = spec.pattern;
    if (!spec.field) {
      // A comment must start with the prefix: no second chance.
      if (c != p[matched]) {
        state = SKIP_LINE;
        return;
      }
      matched++;
    } else {
      // Knuth-Morris-Pratt: the key may start anywhere in the line, also inside a failed match.
      while (matched > 0 && c != p[matched]) {
        matched = spec.failure[matched - 1];
      }
      if (c == p[matched]) {
        matched++;
      }
    }
    if (matched == p.length) {
      matched = 0;
      state = spec.field ? AFTER_KEY : AFTER_COLON;
    }
  }

  // After a key that led nowhere (or a number), the rest of a data line may hold the key again.
  private void restartMatch(byte c) {
    matched = 0;
    if (spec.field) {
      state = MATCH;
      match(c);
    } else {
      state = SKIP_LINE;
    }
  }

  private void emit() {
    long v = value;
    value = 0;
    digits = 0;
    sink.onStatedTime(v);
  }
}
