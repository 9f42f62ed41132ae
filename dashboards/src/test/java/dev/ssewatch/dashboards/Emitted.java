package dev.ssewatch.dashboards;

/** Runs the exporters once per test JVM: capturing what they send takes a few seconds. */
final class Emitted {

  private Emitted() {}

  private static NameCheck check;

  static synchronized NameCheck check() {
    if (check == null) {
      check = new NameCheck(EmittedNames.applicationInsights(), EmittedNames.otlpMetrics());
    }
    return check;
  }
}
