package dev.ssewatch.core.genai;

/** Which token count a usage number is. */
final class UsageField {

  static final int NONE = 0;
  static final int INPUT = 1;
  static final int OUTPUT = 2;
  static final int TOTAL = 3;
  static final int CACHED = 4;
  static final int REASONING = 5;
  static final int COUNT = 6;

  private UsageField() {}
}
