package dev.ssewatch.load;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The self-contained HTML report: the summary, and four plots drawn as inline SVG by a short inline
 * script from figures embedded in the page. Nothing is fetched: the file opens offline.
 */
final class HtmlReport {

  /** Upper edges of the gap histogram's bars, in µs; the last bar takes the rest. */
  static final long[] GAP_EDGES_US = {
    1_000,
    2_000,
    5_000,
    10_000,
    20_000,
    50_000,
    100_000,
    200_000,
    500_000,
    1_000_000,
    2_000_000,
    5_000_000,
    10_000_000,
    30_000_000,
    60_000_000,
    120_000_000,
    240_000_000
  };

  private HtmlReport() {}

  static String render(LoadResult r, String summary) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        + "<title>ssewatch load report</title>\n<style>\n"
        + STYLE
        + "</style></head><body>\n<h1>ssewatch load report</h1>\n"
        + "<section><h2>Time to first event and delivery latency, p50 and p99 (ms)</h2>"
        + "<svg id=\"latency\" class=\"plot\" viewBox=\"0 0 800 240\"></svg></section>\n"
        + "<section><h2>Gap between events</h2>"
        + "<svg id=\"gaps\" class=\"plot\" viewBox=\"0 0 800 240\"></svg></section>\n"
        + "<section><h2>Open streams</h2>"
        + "<svg id=\"open\" class=\"plot\" viewBox=\"0 0 800 240\"></svg></section>\n"
        + "<section><h2>Errors per second</h2>"
        + "<svg id=\"errors\" class=\"plot\" viewBox=\"0 0 800 240\"></svg></section>\n"
        + "<section><h2>Summary</h2><pre>"
        + escape(summary)
        + "</pre></section>\n"
        + "<script id=\"data\" type=\"application/json\">"
        + data(r)
        + "</script>\n<script>\n"
        + SCRIPT
        + "</script>\n</body></html>\n";
  }

  /** The plotted figures as JSON; {@link JsonWriter} escapes '<', so no text ends the element. */
  static String data(LoadResult r) {
    JsonWriter w = new JsonWriter().beginObject();
    List<Sample> t = r.timeline;
    w.name("second").beginArray();
    t.forEach(s -> w.value(s.second()));
    w.endArray();
    w.name("open").beginArray();
    t.forEach(s -> w.value(s.open()));
    w.endArray();
    w.name("errors").beginArray();
    t.forEach(s -> w.value(s.errors()));
    w.endArray();
    series(w, "ttfe_p50", t, true, 50);
    series(w, "ttfe_p99", t, true, 99);
    series(w, "latency_p50", t, false, 50);
    series(w, "latency_p99", t, false, 99);
    Histogram gaps = r.histogram(Metric.GAP);
    w.name("gap_labels").beginArray();
    for (long edge : GAP_EDGES_US) {
      w.value("≤" + SummaryTable.micros(edge));
    }
    w.value(">" + SummaryTable.micros(GAP_EDGES_US[GAP_EDGES_US.length - 1]));
    w.endArray();
    w.name("gap_counts").beginArray();
    long lo = 0;
    for (long edge : GAP_EDGES_US) {
      w.value(lo > gaps.getMaxValue() ? 0 : gaps.getCountBetweenValues(lo, edge - 1));
      lo = edge;
    }
    w.value(lo > gaps.getMaxValue() ? 0 : gaps.getCountBetweenValues(lo, gaps.getMaxValue()));
    w.endArray();
    return w.endObject().toString();
  }

  private static void series(JsonWriter w, String name, List<Sample> t, boolean ttfe, double p) {
    w.name(name).beginArray();
    for (Sample s : t) {
      Histogram h = ttfe ? s.ttfe() : s.latency();
      if (h.getTotalCount() == 0) {
        w.value((String) null);
      } else {
        w.value(h.getValueAtPercentile(p) / 1000.0);
      }
    }
    w.endArray();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static final String STYLE =
      """
      body { font: 14px system-ui, sans-serif; margin: 24px; color: #222; }
      h1 { font-size: 20px; } h2 { font-size: 15px; margin: 18px 0 6px; }
      .plot { width: 800px; max-width: 100%; height: auto; border: 1px solid #ddd; }
      .axis { stroke: #999; stroke-width: 1; fill: none; }
      .label { font-size: 11px; fill: #555; }
      pre { background: #f6f6f6; padding: 12px; overflow-x: auto; }
      """;

  // Each plot: axes, min/max labels, one path per series; gaps in a series (null) break the line.
  private static final String SCRIPT =
      """
      (function () {
        var d = JSON.parse(document.getElementById('data').textContent);
        var NS = 'http://www.w3.org/2000/svg', W = 800, H = 240, L = 60, R = 150, T = 14, B = 30;
        function el(svg, name, attrs, text) {
          var e = document.createElementNS(NS, name);
          for (var k in attrs) { e.setAttribute(k, attrs[k]); }
          if (text !== undefined) { e.textContent = text; }
          svg.appendChild(e);
          return e;
        }
        function frame(svg, maxY, xs) {
          el(svg, 'path', {d: 'M' + L + ',' + T + 'V' + (H - B) + 'H' + (W - R), 'class': 'axis'});
          el(svg, 'text', {x: L - 6, y: T + 4, 'text-anchor': 'end', 'class': 'label'},
             String(Math.round(maxY * 100) / 100));
          el(svg, 'text', {x: L - 6, y: H - B, 'text-anchor': 'end', 'class': 'label'}, '0');
          el(svg, 'text', {x: L, y: H - 10, 'class': 'label'}, xs);
        }
        function lines(id, series) {
          var svg = document.getElementById(id), n = d.second.length, maxY = 0;
          series.forEach(function (s) { s.values.forEach(function (v) {
            if (v !== null && v > maxY) { maxY = v; } }); });
          if (maxY === 0) { maxY = 1; }
          frame(svg, maxY, 'seconds 0 to ' + (n > 0 ? d.second[n - 1] + 1 : 0));
          series.forEach(function (s, i) {
            var path = '', pen = 'M';
            s.values.forEach(function (v, j) {
              if (v === null) { pen = 'M'; return; }
              var x = L + (n <= 1 ? 0 : j * (W - L - R) / (n - 1));
              var y = H - B - v / maxY * (H - B - T);
              path += pen + x.toFixed(1) + ',' + y.toFixed(1);
              pen = 'L';
              el(svg, 'circle', {cx: x.toFixed(1), cy: y.toFixed(1), r: 2.5, fill: s.color});
            });
            el(svg, 'path', {d: path, stroke: s.color, 'stroke-width': 2, fill: 'none',
                             'data-series': s.name});
            el(svg, 'text', {x: W - R + 8, y: T + 12 + i * 16, fill: s.color, 'class': 'label'},
               s.name);
          });
        }
        function bars(id, labels, counts) {
          var svg = document.getElementById(id), maxY = Math.max.apply(null, counts.concat([1]));
          frame(svg, maxY, 'gap');
          var bw = (W - L - R) / counts.length;
          counts.forEach(function (c, i) {
            var h = c / maxY * (H - B - T), x = L + i * bw;
            el(svg, 'path', {d: 'M' + (x + 1).toFixed(1) + ',' + (H - B) + 'v' + (-h).toFixed(1)
                + 'h' + (bw - 2).toFixed(1) + 'v' + h.toFixed(1) + 'z', fill: '#4a78b5',
                'data-count': c});
            if (i % 2 === 0) {
              el(svg, 'text', {x: x, y: H - 18, 'class': 'label', 'font-size': 9}, labels[i]);
            }
          });
        }
        lines('latency', [
          {name: 'ttfe p50', color: '#4a78b5', values: d.ttfe_p50},
          {name: 'ttfe p99', color: '#1f3f6e', values: d.ttfe_p99},
          {name: 'latency p50', color: '#e08a2c', values: d.latency_p50},
          {name: 'latency p99', color: '#a4521a', values: d.latency_p99}]);
        bars('gaps', d.gap_labels, d.gap_counts);
        lines('open', [{name: 'open', color: '#3b8d4a', values: d.open}]);
        lines('errors', [{name: 'errors', color: '#c0392b', values: d.errors}]);
      })();
      """;
}
