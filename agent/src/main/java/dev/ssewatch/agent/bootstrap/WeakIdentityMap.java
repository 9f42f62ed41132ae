package dev.ssewatch.agent.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * Identity-keyed map with weak keys: attaches agent state to application objects (responses,
 * streams, channels) without keeping them, or their class loaders, alive. Lookups allocate nothing;
 * the lock is striped so that threads serving different connections rarely meet.
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

  private static final class Segment<V> {
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private Entry<V>[] table = newTable(16);
    private int count;

    @SuppressWarnings("unchecked")
    private static <V> Entry<V>[] newTable(int n) {
      return new Entry[n];
    }

    synchronized V get(Object key, int h) {
      Entry<V>[] t = table;
      for (Entry<V> e = t[(h >>> 5) & (t.length - 1)]; e != null; e = e.next) {
        if (e.hash == h && e.get() == key) {
          return e.value;
        }
      }
      return null;
    }

    synchronized void put(Object key, int h, V value) {
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
      expunge();
      return count;
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
