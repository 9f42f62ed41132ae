package dev.ssewatch.load;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every figure of a run, or of several runs merged: counters add, histograms merge exactly (they
 * travel in HdrHistogram's compressed encoding), the timelines add second by second from each run's
 * start. Headers and per-event metadata only: nothing of any event's data.
 */
final class LoadResult {

  /** The {@code format} of the JSON file; a reader refuses others. */
  static final int FORMAT = 1;

  /** Counter names, in the order they are written. */
  static final List<String> COUNTERS =
      List.of(
          "streams_started",
          "connections",
          "reconnects",
          "failed_connections",
          "events",
          "comments",
          "bytes",
          "latency_negative",
          "skipped_at_max_open");

  /** Largest result file {@code merge} reads. */
  static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

  final int runs;
  final long startedAtMillis;
  final long durationMillis;
  final List<String> targets;
  final Map<String, String> plan;
  final Map<String, Long> counters;
  final Map<String, Long> ends;
  final Map<String, Long> statuses;
  final Map<Metric, Histogram> histograms;
  final Map<String, Finding> findings;
  final List<Sample> timeline;

  LoadResult(
      int runs,
      long startedAtMillis,
      long durationMillis,
      List<String> targets,
      Map<String, String> plan,
      Map<String, Long> counters,
      Map<String, Long> ends,
      Map<String, Long> statuses,
      Map<Metric, Histogram> histograms,
      Map<String, Finding> findings,
      List<Sample> timeline) {
    this.runs = runs;
    this.startedAtMillis = startedAtMillis;
    this.durationMillis = durationMillis;
    this.targets = List.copyOf(targets);
    this.plan = Map.copyOf(plan);
    this.counters = counters;
    this.ends = ends;
    this.statuses = statuses;
    this.histograms = histograms;
    this.findings = findings;
    this.timeline = List.copyOf(timeline);
  }

  long counter(String name) {
    return counters.getOrDefault(name, 0L);
  }

  Histogram histogram(Metric m) {
    return histograms.get(m);
  }

  /** Failed connections over connections; 0 without connections. */
  double errorRate() {
    long c = counter("connections");
    return c == 0 ? 0 : (double) counter("failed_connections") / c;
  }

  double perSecond(String counter) {
    return durationMillis <= 0 ? 0 : counter(counter) * 1000.0 / durationMillis;
  }

  /** Whether any connection got response headers. */
  boolean anyResponse() {
    return histogram(Metric.HEADERS).getTotalCount() > 0;
  }

  // ---- merge -------------------------------------------------------------------------------

  static LoadResult merge(List<LoadResult> results) {
    if (results.isEmpty()) {
      throw new IllegalArgumentException("nothing to merge");
    }
    LoadResult first = results.get(0);
    int runs = 0;
    long started = Long.MAX_VALUE;
    long duration = 0;
    Set<String> targets = new LinkedHashSet<>();
    Map<String, Long> counters = new LinkedHashMap<>();
    Map<String, Long> ends = new TreeMap<>();
    Map<String, Long> statuses = new TreeMap<>();
    Map<Metric, Histogram> histograms = new EnumMap<>(Metric.class);
    for (Metric m : Metric.values()) {
      histograms.put(m, new Histogram(LoadMetrics.DIGITS));
    }
    Map<String, Finding> findings = new TreeMap<>();
    TreeMap<Integer, Sample> timeline = new TreeMap<>();
    for (LoadResult r : results) {
      runs += r.runs;
      started = Math.min(started, r.startedAtMillis);
      duration = Math.max(duration, r.durationMillis);
      targets.addAll(r.targets);
      r.counters.forEach((k, v) -> counters.merge(k, v, Long::sum));
      r.ends.forEach((k, v) -> ends.merge(k, v, Long::sum));
      r.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
      r.histograms.forEach((m, h) -> histograms.get(m).add(h));
      r.findings.forEach((k, f) -> findings.merge(k, f, Finding::plus));
      for (Sample s : r.timeline) {
        timeline.merge(s.second(), s, Sample::plus);
      }
    }
    return new LoadResult(
        runs,
        started,
        duration,
        new ArrayList<>(targets),
        first.plan,
        counters,
        ends,
        statuses,
        histograms,
        findings,
        new ArrayList<>(timeline.values()));
  }

  // ---- JSON --------------------------------------------------------------------------------

  String toJson() {
    JsonWriter w = new JsonWriter().beginObject();
    w.name("format").value(FORMAT);
    w.name("runs").value(runs);
    w.name("started_at").value(Instant.ofEpochMilli(startedAtMillis).toString());
    w.name("started_at_ms").value(startedAtMillis);
    w.name("duration_ms").value(durationMillis);
    w.name("targets").beginArray();
    targets.forEach(w::value);
    w.endArray();
    w.name("plan").beginObject();
    new TreeMap<>(plan).forEach((k, v) -> w.name(k).value(v));
    w.endObject();
    w.name("counters").beginObject();
    counters.forEach((k, v) -> w.name(k).value(v));
    w.endObject();
    w.name("events_per_second").value(round(perSecond("events")));
    w.name("bytes_per_second").value(round(perSecond("bytes")));
    w.name("error_rate").value(errorRate());
    w.name("ends").beginObject();
    ends.forEach((k, v) -> w.name(k).value(v));
    w.endObject();
    w.name("http_status").beginObject();
    statuses.forEach((k, v) -> w.name(k).value(v));
    w.endObject();
    w.name("histograms").beginObject();
    for (Metric m : Metric.values()) {
      Histogram h = histograms.get(m);
      w.name(m.key()).beginObject();
      w.name("count").value(h.getTotalCount());
      if (h.getTotalCount() > 0) {
        w.name("min").value(h.getMinValue());
        w.name("mean").value(round(h.getMean()));
        w.name("p50").value(h.getValueAtPercentile(50));
        w.name("p90").value(h.getValueAtPercentile(90));
        w.name("p99").value(h.getValueAtPercentile(99));
        w.name("p999").value(h.getValueAtPercentile(99.9));
        w.name("max").value(h.getMaxValue());
      }
      w.name("hdr").value(encode(h));
      w.endObject();
    }
    w.endObject();
    w.name("findings").beginArray();
    for (Finding f : findings.values()) {
      w.beginObject();
      w.name("kind").value(f.kind());
      w.name("rule").value(f.rule());
      w.name("severity").value(f.severity());
      w.name("connections").value(f.connections());
      w.name("example").value(f.example());
      w.name("advice").value(f.advice());
      w.endObject();
    }
    w.endArray();
    w.name("timeline").beginArray();
    for (Sample s : timeline) {
      w.beginObject();
      w.name("second").value(s.second());
      w.name("open").value(s.open());
      w.name("connections").value(s.connections());
      w.name("events").value(s.events());
      w.name("bytes").value(s.bytes());
      w.name("errors").value(s.errors());
      w.name("reconnects").value(s.reconnects());
      w.name("ttfe_hdr").value(encode(s.ttfe()));
      w.name("latency_hdr").value(encode(s.latency()));
      w.endObject();
    }
    w.endArray();
    return w.endObject().toString() + "\n";
  }

  /**
   * Reads what {@link #toJson} wrote.
   *
   * @throws IllegalArgumentException when it is not such a file
   */
  static LoadResult fromJson(String json) {
    Object root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setCodePointLimit((int) MAX_FILE_BYTES);
      root = new Yaml(new SafeConstructor(options)).load(json);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (!(root instanceof Map<?, ?> m) || !(m.get("format") instanceof Number f)) {
      throw new IllegalArgumentException("not an ssewatch load result");
    }
    if (f.intValue() != FORMAT) {
      throw new IllegalArgumentException("result format " + f + ", expected " + FORMAT);
    }
    Map<String, String> plan = new TreeMap<>();
    map(m, "plan").forEach((k, v) -> plan.put(String.valueOf(k), String.valueOf(v)));
    List<String> targets = new ArrayList<>();
    for (Object t : list(m, "targets")) {
      targets.add(String.valueOf(t));
    }
    Map<Metric, Histogram> histograms = new EnumMap<>(Metric.class);
    Map<?, ?> hs = map(m, "histograms");
    for (Metric metric : Metric.values()) {
      Object h = hs.get(metric.key());
      histograms.put(
          metric,
          h instanceof Map<?, ?> hm
              ? decode(String.valueOf(hm.get("hdr")))
              : new Histogram(LoadMetrics.DIGITS));
    }
    Map<String, Finding> findings = new TreeMap<>();
    for (Object o : list(m, "findings")) {
      Map<?, ?> fm = (Map<?, ?>) o;
      Finding fi =
          new Finding(
              str(fm, "kind"),
              str(fm, "rule"),
              str(fm, "severity"),
              num(fm, "connections"),
              str(fm, "example"),
              str(fm, "advice"));
      findings.put(fi.rule(), fi);
    }
    List<Sample> timeline = new ArrayList<>();
    for (Object o : list(m, "timeline")) {
      Map<?, ?> s = (Map<?, ?>) o;
      timeline.add(
          new Sample(
              (int) num(s, "second"),
              num(s, "open"),
              num(s, "connections"),
              num(s, "events"),
              num(s, "bytes"),
              num(s, "errors"),
              num(s, "reconnects"),
              decode(str(s, "ttfe_hdr")),
              decode(str(s, "latency_hdr"))));
    }
    return new LoadResult(
        (int) num(m, "runs"),
        num(m, "started_at_ms"),
        num(m, "duration_ms"),
        targets,
        plan,
        longs(map(m, "counters"), new LinkedHashMap<>()),
        longs(map(m, "ends"), new TreeMap<>()),
        longs(map(m, "http_status"), new TreeMap<>()),
        histograms,
        findings,
        timeline);
  }

  static String encode(Histogram h) {
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int n = h.encodeIntoCompressedByteBuffer(buf);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n));
  }

  static Histogram decode(String base64) {
    try {
      Histogram h =
          Histogram.decodeFromCompressedByteBuffer(
              ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
      h.setAutoResize(true);
      return h;
    } catch (DataFormatException | RuntimeException e) {
      throw new IllegalArgumentException("a histogram does not decode");
    }
  }

  private static Map<String, Long> longs(Map<?, ?> in, Map<String, Long> out) {
    in.forEach((k, v) -> out.put(String.valueOf(k), ((Number) v).longValue()));
    return out;
  }

  private static Map<?, ?> map(Map<?, ?> m, String key) {
    if (!(m.get(key) instanceof Map<?, ?> v)) {
      throw new IllegalArgumentException("'" + key + "' is missing");
    }
    return v;
  }

  private static List<?> list(Map<?, ?> m, String key) {
    if (!(m.get(key) instanceof List<?> v)) {
      throw new IllegalArgumentException("'" + key + "' is missing");
    }
    return v;
  }

  private static String str(Map<?, ?> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException("'" + key + "' is missing");
    }
    return String.valueOf(v);
  }

  private static long num(Map<?, ?> m, String key) {
    if (!(m.get(key) instanceof Number n)) {
      throw new IllegalArgumentException("'" + key + "' is missing");
    }
    return n.longValue();
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
