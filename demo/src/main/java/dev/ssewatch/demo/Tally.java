package dev.ssewatch.demo;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts what the demo saw, by side and alert rule, for the closing summary. */
final class Tally {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  void add(String side, String what) {
    add(side, what, 1);
  }

  void add(String side, String what, long n) {
    counts.computeIfAbsent(side + " " + what, k -> new LongAdder()).add(n);
  }

  /** Sorted copy: side and rule in alphabetical order. */
  Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
