package dev.ssewatch.core.redact;

import java.util.Collection;

/**
 * An immutable set of names looked up case-insensitively without allocating: header names arrive in
 * whatever case the peer chose, and lower-casing each one would cost a String per header.
 *
 * <p>Case folding is per character ({@link #fold}), not {@link String#toLowerCase}, so that stored
 * names and looked-up names fold identically whatever the default locale.
 */
final class NameSet {

  private static final NameSet EMPTY = new NameSet(new String[1], 0);

  /** Folded names, open addressing with linear probing; {@code null} marks a free slot. */
  private final String[] table;

  private final int size;

  private NameSet(String[] table, int size) {
    this.table = table;
    this.size = size;
  }

  static NameSet of(Collection<String> names) {
    if (names.isEmpty()) {
      return EMPTY;
    }
    // At most half full, so probes stay short and a free slot always ends an unsuccessful lookup.
    int capacity = Integer.highestOneBit(Math.max(2, names.size()) * 2) * 2;
    String[] table = new String[capacity];
    int size = 0;
    for (String name : names) {
      String folded = fold(name);
      int i = hash(folded, 0, folded.length()) & (capacity - 1);
      while (table[i] != null && !table[i].equals(folded)) {
        i = (i + 1) & (capacity - 1);
      }
      if (table[i] == null) {
        table[i] = folded;
        size++;
      }
    }
    return new NameSet(table, size);
  }

  int size() {
    return size;
  }

  boolean contains(String name) {
    return contains(name, 0, name.length());
  }

  /** Whether {@code s[from, to)} is in the set, ignoring case. */
  boolean contains(String s, int from, int to) {
    if (size == 0) {
      return false;
    }
    int mask = table.length - 1;
    int i = hash(s, from, to) & mask;
    for (String candidate = table[i]; candidate != null; candidate = table[i]) {
      if (equalsFolded(candidate, s, from, to)) {
        return true;
      }
      i = (i + 1) & mask;
    }
    return false;
  }

  /**
   * Whether {@code s} contains any of {@code foldedNeedles} (already folded, non-empty), ignoring
   * case: one pass over {@code s}, folding each character once whatever the number of needles.
   */
  static boolean containsAnyFolded(String s, String[] foldedNeedles) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = fold(s.charAt(i));
      for (String needle : foldedNeedles) {
        if (needle.charAt(0) == c && regionEqualsFolded(s, i + 1, needle)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code s} from {@code from} continues with {@code needle} minus its first char. */
  private static boolean regionEqualsFolded(String s, int from, String needle) {
    int m = needle.length();
    if (from + m - 1 > s.length()) {
      return false;
    }
    for (int j = 1; j < m; j++) {
      if (fold(s.charAt(from + j - 1)) != needle.charAt(j)) {
        return false;
      }
    }
    return true;
  }

  static String fold(String s) {
    char[] out = new char[s.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = fold(s.charAt(i));
    }
    return new String(out);
  }

  static char fold(char c) {
    if (c >= 'A' && c <= 'Z') {
      return (char) (c + ('a' - 'A'));
    }
    return c < 0x80 ? c : Character.toLowerCase(c);
  }

  private static int hash(String s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + fold(s.charAt(i));
    }
    // Spread the high bits down: the table index uses only the low ones.
    return h ^ (h >>> 16);
  }

  private static boolean equalsFolded(String folded, String s, int from, int to) {
    if (folded.length() != to - from) {
      return false;
    }
    for (int i = 0; i < folded.length(); i++) {
      if (folded.charAt(i) != fold(s.charAt(from + i))) {
        return false;
      }
    }
    return true;
  }
}
