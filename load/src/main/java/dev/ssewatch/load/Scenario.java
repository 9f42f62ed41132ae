package dev.ssewatch.load;

import java.util.List;

/**
 * The targets of a run and how streams are shared among them: stream {@code n} goes to the {@code
 * n}-th entry of a cycle in which each target appears as often as its weight, interleaved, so any
 * prefix of the streams is shared as evenly as the weights allow and a run is reproducible.
 */
final class Scenario {

  /** Most targets, and most total weight, of one scenario. */
  static final int MAX_TARGETS = 1000;

  static final int MAX_TOTAL_WEIGHT = 10_000;

  private final List<Target> targets;
  private final int[] cycle;

  Scenario(List<Target> targets) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no target: give a URL or --config");
    }
    if (targets.size() > MAX_TARGETS) {
      throw new IllegalArgumentException("more than " + MAX_TARGETS + " targets");
    }
    this.targets = List.copyOf(targets);
    long total = 0;
    for (Target t : targets) {
      total += t.weight();
    }
    if (total > MAX_TOTAL_WEIGHT) {
      throw new IllegalArgumentException(
          "the targets' weights add up to more than " + MAX_TOTAL_WEIGHT);
    }
    this.cycle = smoothCycle(targets, (int) total);
  }

  List<Target> targets() {
    return targets;
  }

  Target pick(long streamIndex) {
    return targets.get(cycle[(int) (streamIndex % cycle.length)]);
  }

  // Smooth weighted round robin (as nginx balances upstreams): each step every target gains its
  // weight, the richest is picked and pays the total.
  private static int[] smoothCycle(List<Target> targets, int total) {
    int[] out = new int[total];
    long[] current = new long[targets.size()];
    for (int step = 0; step < total; step++) {
      int best = 0;
      for (int i = 0; i < targets.size(); i++) {
        current[i] += targets.get(i).weight();
        if (current[i] > current[best]) {
          best = i;
        }
      }
      current[best] -= total;
      out[step] = best;
    }
    return out;
  }
}
