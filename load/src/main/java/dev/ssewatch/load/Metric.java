package dev.ssewatch.load;

/** The distributions a run measures, all in microseconds. */
enum Metric {
  CONNECT("connect_us", "connect"),
  HEADERS("headers_us", "time to headers"),
  TTFE("ttfe_us", "time to first event"),
  GAP("gap_us", "gap between events"),
  LATENCY("latency_us", "delivery latency"),
  LIFETIME("lifetime_us", "connection lifetime");

  private final String key;
  private final String label;

  Metric(String key, String label) {
    this.key = key;
    this.label = label;
  }

  /** The JSON key. */
  String key() {
    return key;
  }

  /** The summary table's label. */
  String label() {
    return label;
  }
}
