package dev.ssewatch.core.telemetry;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded, lock-free queue for many producers and one consumer, after Dmitry Vyukov's bounded
 * queue: each slot carries a sequence number telling producers whether it is free and the consumer
 * whether it is filled. {@link #offer} never blocks and never allocates; when the queue is full it
 * fails at once. A producer stalled between claiming and filling a slot holds up only the consumer
 * at that slot, never other producers.
 */
final class BoundedMpscQueue<E> {

  private final int mask;
  private final AtomicReferenceArray<E> slots;

  /**
   * Per slot: {@code pos} when free for the producer of position {@code pos}; {@code pos + 1} once
   * that producer has filled it; {@code pos + capacity} once the consumer has emptied it again.
   */
  private final AtomicLongArray sequences;

  /** Next position producers claim. */
  private final AtomicLong tail = new AtomicLong();

  /** Next position the consumer takes; written by the consumer only. */
  private final AtomicLong head = new AtomicLong();

  /** A queue of at least {@code minCapacity} slots, rounded up to a power of two. */
  BoundedMpscQueue(int minCapacity) {
    if (minCapacity < 1 || minCapacity > 1 << 30) {
      throw new IllegalArgumentException("capacity must be from 1 to 2^30, got " + minCapacity);
    }
    int capacity = minCapacity == 1 ? 1 : Integer.highestOneBit(minCapacity - 1) << 1;
    this.mask = capacity - 1;
    this.slots = new AtomicReferenceArray<>(capacity);
    this.sequences = new AtomicLongArray(capacity);
    for (int i = 0; i < capacity; i++) {
      sequences.set(i, i);
    }
  }

  int capacity() {
    return mask + 1;
  }

  /** Adds {@code e} unless the queue is full; any thread. */
  boolean offer(E e) {
    return offerAt(e) >= 0;
  }

  /**
   * As {@link #offer}, returning the position {@code e} took (0 for the first element ever), or -1
   * when the queue was full.
   */
  long offerAt(E e) {
    long pos = tail.get();
    while (true) {
      int index = (int) (pos & mask);
      long diff = sequences.get(index) - pos;
      if (diff == 0) {
        if (tail.compareAndSet(pos, pos + 1)) {
          slots.lazySet(index, e);
          // A release store publishes the element written just before it to the consumer, whose
          // volatile read of the sequence acquires it (Vyukov's queue asks no more). A volatile
          // store would add a full fence to every event on the application's write path.
          sequences.lazySet(index, pos + 1);
          return pos;
        }
        pos = tail.get();
      } else if (diff < 0) {
        return -1; // the slot still holds the element from one lap ago: full
      } else {
        pos = tail.get(); // another producer took this position; catch up
      }
    }
  }

  /** The oldest element, or {@code null} when empty (or its producer is still filling it). */
  E poll() {
    long pos = head.get();
    int index = (int) (pos & mask);
    if (sequences.get(index) != pos + 1) {
      return null;
    }
    E e = slots.get(index);
    slots.lazySet(index, null);
    // Release, as in offerAt: the producer of the next lap reads the sequence before the slot.
    sequences.lazySet(index, pos + mask + 1);
    head.lazySet(pos + 1);
    return e;
  }

  /** Positions claimed by producers so far: everything offered successfully. */
  long offered() {
    return tail.get();
  }

  /** Elements taken by the consumer so far. */
  long taken() {
    return head.get();
  }

  /** Approximately how many elements wait; exact when nothing runs concurrently. */
  int size() {
    long taken = head.get();
    long size = tail.get() - taken;
    return (int) Math.max(0, Math.min(size, mask + 1));
  }
}
