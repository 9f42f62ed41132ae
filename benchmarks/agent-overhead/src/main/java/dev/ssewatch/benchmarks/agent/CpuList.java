package dev.ssewatch.benchmarks.agent;

import java.util.BitSet;

/**
 * A set of CPUs in the notation of {@code taskset -c} and of {@code /proc/PID/status}'s {@code
 * Cpus_allowed_list}: {@code 0-3,6}.
 */
record CpuList(BitSet cpus) {

  static CpuList parse(String list) {
    BitSet cpus = new BitSet();
    for (String part : list.strip().split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int dash = part.indexOf('-');
      try {
        if (dash < 0) {
          cpus.set(Integer.parseInt(part.strip()));
        } else {
          int from = Integer.parseInt(part.substring(0, dash).strip());
          int to = Integer.parseInt(part.substring(dash + 1).strip());
          if (to < from) {
            throw new IllegalArgumentException("bad CPU range " + part + " in " + list);
          }
          cpus.set(from, to + 1);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad CPU list " + list, e);
      }
    }
    if (cpus.isEmpty()) {
      throw new IllegalArgumentException("empty CPU list: " + list);
    }
    return new CpuList(cpus);
  }

  /** The CPUs of this set that are not in {@code other}, or null when none are left. */
  CpuList without(CpuList other) {
    BitSet rest = (BitSet) cpus.clone();
    rest.andNot(other.cpus);
    return rest.isEmpty() ? null : new CpuList(rest);
  }

  /** The highest CPU alone. */
  CpuList last() {
    BitSet one = new BitSet();
    one.set(cpus.length() - 1);
    return new CpuList(one);
  }

  boolean overlaps(CpuList other) {
    return cpus.intersects(other.cpus);
  }

  int size() {
    return cpus.cardinality();
  }

  /** The {@code taskset -c} notation, ranges joined. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (int from = cpus.nextSetBit(0); from >= 0; ) {
      int to = cpus.nextClearBit(from) - 1;
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(from);
      if (to > from) {
        out.append('-').append(to);
      }
      from = cpus.nextSetBit(to + 1);
    }
    return out.toString();
  }
}
