package dev.ssewatch.proxy.admin;

import java.util.Locale;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram in seconds with fixed buckets; lock-free to observe. */
final class Histogram {

  private final double[] bounds;
  private final LongAdder[] counts;
  private final LongAdder count = new LongAdder();
  private final DoubleAdder sum = new DoubleAdder();

  Histogram(double... boundsSeconds) {
    this.bounds = boundsSeconds.clone();
    this.counts = new LongAdder[bounds.length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  void observeNanos(long nanos) {
    if (nanos < 0) {
      return;
    }
    double s = nanos / 1e9;
    for (int i = 0; i < bounds.length; i++) {
      if (s <= bounds[i]) {
        counts[i].increment();
        break;
      }
    }
    count.increment();
    sum.add(s);
  }

  long count() {
    return count.sum();
  }

  void write(StringBuilder out, String name, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" histogram\n");
    long cumulative = 0;
    for (int i = 0; i < bounds.length; i++) {
      cumulative += counts[i].sum();
      out.append(name)
          .append("_bucket{le=\"")
          .append(format(bounds[i]))
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
    out.append(name).append("_bucket{le=\"+Inf\"} ").append(count.sum()).append('\n');
    out.append(name).append("_sum ").append(format(sum.sum())).append('\n');
    out.append(name).append("_count ").append(count.sum()).append('\n');
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%s", v);
  }
}
