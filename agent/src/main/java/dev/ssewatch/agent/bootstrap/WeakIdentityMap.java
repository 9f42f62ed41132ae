package dev.ssewatch.agent.bootstrap;

import java.lang.invoke.VarHandle;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * Identity-keyed map with weak keys: attaches agent state to application objects (responses,
 * streams, channels) without keeping them, or their class loaders, alive. Lookups allocate nothing
 * and take no lock: every write and flush of every instrumented stream does one, and a monitor
 * there cost each event two atomic instructions (and made a lookup wait for any writer of its
 * stripe). Changes are rare (one or two per exchange) and take the stripe's lock.
 */
public final class WeakIdentityMap<V> {

  private static final int STRIPES = 32;

  private final Segment<V>[] segments;

  @SuppressWarnings("unchecked")
  public WeakIdentityMap() {
    segments = new Segment[STRIPES];
    for (int i = 0; i < STRIPES; i++) {
      segments[i] = new Segment<>();
    }
  }

  public V get(Object key) {
    if (key == null) {
      return null;
    }
    int h = hash(key);
    return segments[h & (STRIPES - 1)].get(key, h);
  }

  public void put(Object key, V value) {
    int h = hash(key);
    segments[h & (STRIPES - 1)].put(key, h, value);
  }

  /** Removes the mapping of {@code key} only while it still maps to {@code value}. */
  public void remove(Object key, V value) {
    if (key == null) {
      return;
    }
    int h = hash(key);
    segments[h & (STRIPES - 1)].remove(key, h, value);
  }

  /** Live and not yet expunged mappings. */
  public int size() {
    int n = 0;
    for (Segment<V> s : segments) {
      n += s.size();
    }
    return n;
  }

  private static int hash(Object key) {
    int h = System.identityHashCode(key);
    return h ^ (h >>> 16);
  }

  private static final class Entry<V> extends WeakReference<Object> {
    final int hash;
    V value;
    Entry<V> next;

    Entry(Object key, int hash, V value, Entry<V> next, ReferenceQueue<Object> queue) {
      super(key, queue);
      this.hash = hash;
      this.value = value;
      this.next = next;
    }
  }

  /**
   * One stripe. Readers go without the lock, as a sequence lock: {@code version} is odd while a
   * writer changes the stripe, and a reader that saw it odd, or changed across its walk, walks
   * again under the lock. A walk racing a writer may read stale links, even a cycle (a resize
   * relinks entries), so it gives up after as many steps as the table has buckets: no real chain is
   * that long, the table being at most three quarters full.
   */
  private static final class Segment<V> {
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private Entry<V>[] table = newTable(16);
    private int count;
    private volatile int version;

    @SuppressWarnings("unchecked")
    private static <V> Entry<V>[] newTable(int n) {
      return new Entry[n];
    }

    V get(Object key, int h) {
      int v = version;
      if ((v & 1) == 0) {
        Entry<V>[] t = table;
        int steps = t.length;
        Entry<V> e = t[(h >>> 5) & (t.length - 1)];
        while (e != null && --steps >= 0 && (e.hash != h || e.get() != key)) {
          e = e.next;
        }
        V found = e == null ? null : e.value;
        // The walk's reads must not move after the second read of the version.
        VarHandle.acquireFence();
        if (steps >= 0 && version == v) {
          return found;
        }
      }
      synchronized (this) {
        return find(key, h);
      }
    }

    private V find(Object key, int h) {
      Entry<V>[] t = table;
      for (Entry<V> e = t[(h >>> 5) & (t.length - 1)]; e != null; e = e.next) {
        if (e.hash == h && e.get() == key) {
          return e.value;
        }
      }
      return null;
    }

    /** Called under the lock before a change: readers from now on take the lock. */
    private void beginChange() {
      version++;
      // The odd version must be visible before any of the change is.
      VarHandle.releaseFence();
    }

    /** Called under the lock after a change: readers may go without it again. */
    private void endChange() {
      version++;
    }

    synchronized void put(Object key, int h, V value) {
      beginChange();
      try {
        putLocked(key, h, value);
      } finally {
        endChange();
      }
    }

    private void putLocked(Object key, int h, V value) {
      expunge();
      Entry<V>[] t = table;
      int i = (h >>> 5) & (t.length - 1);
      for (Entry<V> e = t[i]; e != null; e = e.next) {
        if (e.hash == h && e.get() == key) {
          e.value = value;
          return;
        }
      }
      t[i] = new Entry<>(key, h, value, t[i], queue);
      if (++count > t.length * 3 / 4) {
        resize();
      }
    }

    synchronized void remove(Object key, int h, V value) {
      beginChange();
      try {
        removeLocked(key, h, value);
      } finally {
        endChange();
      }
    }

    private void removeLocked(Object key, int h, V value) {
      Entry<V>[] t = table;
      int i = (h >>> 5) & (t.length - 1);
      Entry<V> prev = null;
      for (Entry<V> e = t[i]; e != null; prev = e, e = e.next) {
        if (e.hash == h && e.get() == key) {
          if (e.value == value) {
            unlink(t, i, prev, e);
          }
          break;
        }
      }
      expunge();
    }

    synchronized int size() {
      beginChange();
      try {
        expunge();
        return count;
      } finally {
        endChange();
      }
    }

    private void unlink(Entry<V>[] t, int i, Entry<V> prev, Entry<V> e) {
      if (prev == null) {
        t[i] = e.next;
      } else {
        prev.next = e.next;
      }
      e.value = null;
      e.clear();
      count--;
    }

    @SuppressWarnings("unchecked")
    private void expunge() {
      Object x;
      while ((x = queue.poll()) != null) {
        Entry<V> dead = (Entry<V>) x;
        Entry<V>[] t = table;
        int i = (dead.hash >>> 5) & (t.length - 1);
        Entry<V> prev = null;
        for (Entry<V> e = t[i]; e != null; prev = e, e = e.next) {
          if (e == dead) {
            if (prev == null) {
              t[i] = e.next;
            } else {
              prev.next = e.next;
            }
            e.value = null;
            count--;
            break;
          }
        }
      }
    }

    private void resize() {
      Entry<V>[] old = table;
      Entry<V>[] t = newTable(old.length * 2);
      for (Entry<V> head : old) {
        Entry<V> e = head;
        while (e != null) {
          Entry<V> next = e.next;
          int i = (e.hash >>> 5) & (t.length - 1);
          e.next = t[i];
          t[i] = e;
          e = next;
        }
      }
      table = t;
    }
  }
}
