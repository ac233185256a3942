package dev.dronedispatch.checking.linearizability;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Wing–Gong linearizability checker (with Lowe's memoisation of (linearized set, state)) for a
 * single register. It searches for an order of the operations that respects real time (an op that
 * returned before another was invoked comes first) and the register's sequential semantics. Pending
 * ops (unknown outcome) may be placed anywhere after their invocation, or left out.
 */
public final class LinearizabilityChecker {

  private LinearizabilityChecker() {}

  /** An event of the history: the call or the return of op {@code id}. */
  private static final class Entry {
    final int id;
    final boolean call;
    final long time;
    Entry match;
    Entry prev;
    Entry next;

    Entry(int id, boolean call, long time) {
      this.id = id;
      this.call = call;
      this.time = time;
    }
  }

  private record Memo(BitSet linearized, Integer state) {}

  public static boolean check(List<RegisterOp> history, Integer initial) {
    List<Entry> events = new ArrayList<>();
    int definite = 0;
    for (int i = 0; i < history.size(); i++) {
      RegisterOp op = history.get(i);
      Entry call = new Entry(i, true, op.invokedAt());
      events.add(call);
      if (!op.pending()) {
        Entry ret = new Entry(i, false, op.returnedAt());
        call.match = ret;
        ret.match = call;
        events.add(ret);
        definite++;
      }
    }
    // calls before returns at equal times: overlapping at the boundary counts as concurrent
    events.sort(
        (a, b) ->
            a.time != b.time ? Long.compare(a.time, b.time) : Boolean.compare(!a.call, !b.call));
    Entry head = new Entry(-1, false, Long.MIN_VALUE);
    Entry tail = head;
    for (Entry e : events) {
      tail.next = e;
      e.prev = tail;
      tail = e;
    }

    record Frame(Entry call, Integer state) {}
    Deque<Frame> stack = new ArrayDeque<>();
    BitSet linearized = new BitSet(history.size());
    Set<Memo> seen = new HashSet<>();
    Integer state = initial;
    int definiteDone = 0;
    Entry entry = head.next;
    while (definiteDone < definite) {
      if (entry != null && entry.call) {
        RegisterOp op = history.get(entry.id);
        RegisterOp.Step step = op.apply(state);
        boolean tried = false;
        if (step.legal()) {
          BitSet next = (BitSet) linearized.clone();
          next.set(entry.id);
          if (seen.add(new Memo(next, step.state()))) {
            stack.push(new Frame(entry, state));
            state = step.state();
            linearized.set(entry.id);
            if (!op.pending()) {
              definiteDone++;
            }
            lift(entry);
            entry = head.next;
            tried = true;
          }
        }
        if (!tried) {
          entry = entry.next;
        }
        continue;
      }
      // only pending calls were left to try and none fits, or a return whose call is not
      // linearized yet: something earlier must change, so backtrack
      if (stack.isEmpty()) {
        return false;
      }
      Frame f = stack.pop();
      state = f.state();
      linearized.clear(f.call().id);
      if (!history.get(f.call().id).pending()) {
        definiteDone--;
      }
      unlift(f.call());
      entry = f.call().next;
    }
    return true;
  }

  private static void lift(Entry call) {
    call.prev.next = call.next;
    if (call.next != null) {
      call.next.prev = call.prev;
    }
    Entry ret = call.match;
    if (ret != null) {
      ret.prev.next = ret.next;
      if (ret.next != null) {
        ret.next.prev = ret.prev;
      }
    }
  }

  private static void unlift(Entry call) {
    Entry ret = call.match;
    if (ret != null) {
      ret.prev.next = ret;
      if (ret.next != null) {
        ret.next.prev = ret;
      }
    }
    call.prev.next = call;
    if (call.next != null) {
      call.next.prev = call;
    }
  }
}
