package dev.dronedispatch.kv.client.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The coordinators a client knows ({@code KV_URL} may list several, comma-separated) and the one it
 * sends to now. Every coordinator serves every key (changes are decided at the key's primary node),
 * so the client stays with one until a request to it fails, then moves to the next one that has not
 * failed in the last {@link #COOL_OFF} — so two failures in a row (a coordinator stopping while a
 * connection to the other breaks) do not send it back to the one that is going away. Clients start
 * at different coordinators ({@link #NEXT_START}).
 */
final class CoordinatorEndpoints implements AutoCloseable {

  /** How long a coordinator that failed is passed over while another one is left. */
  static final Duration COOL_OFF = Duration.ofSeconds(2);

  /**
   * Where the next client starts: clients of one process take the coordinators in turn, and each
   * process begins at a random one, so a deployment's processes spread over them.
   */
  private static final AtomicInteger NEXT_START =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 20));

  /** One coordinator: its base URL and its connections. */
  record Endpoint(int index, String url, HttpConnectionPool http) {}

  private final List<Endpoint> endpoints;
  private final AtomicInteger current;
  private final AtomicLongArray failedAtNanos;
  private final LongSupplier nanoClock;

  CoordinatorEndpoints(String urls, Function<String, HttpConnectionPool> connect) {
    this(urls, connect, System::nanoTime);
  }

  CoordinatorEndpoints(
      String urls, Function<String, HttpConnectionPool> connect, LongSupplier nanoClock) {
    List<Endpoint> list = new ArrayList<>();
    for (String url : parse(urls)) {
      list.add(new Endpoint(list.size(), url, connect.apply(url)));
    }
    this.endpoints = List.copyOf(list);
    this.current = new AtomicInteger(NEXT_START.getAndIncrement() % endpoints.size());
    this.nanoClock = nanoClock;
    this.failedAtNanos = new AtomicLongArray(endpoints.size());
    for (int i = 0; i < endpoints.size(); i++) {
      failedAtNanos.set(i, nanoClock.getAsLong() - COOL_OFF.toNanos());
    }
  }

  /** {@code url[,url...]}, each without a trailing slash; at least one. */
  static List<String> parse(String urls) {
    List<String> out = new ArrayList<>();
    for (String part : urls.split(",")) {
      String url = part.trim().replaceAll("/+$", "");
      if (!url.isEmpty()) {
        out.add(url);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no KV coordinator URL in '" + urls + "'");
    }
    return out;
  }

  Endpoint current() {
    return endpoints.get(current.get());
  }

  /**
   * After a failure at {@code failed}: the next coordinator that has not failed lately (when all
   * have, the one whose last failure is oldest) becomes the current one, unless another request
   * moved on already. Answers whether this call moved it.
   */
  boolean moveOnFrom(Endpoint failed) {
    long now = nanoClock.getAsLong();
    failedAtNanos.set(failed.index(), now);
    int n = endpoints.size();
    if (n == 1) {
      return false;
    }
    int next = -1;
    int longestRecovered = -1;
    for (int step = 1; step < n && next < 0; step++) {
      int candidate = (failed.index() + step) % n;
      if (now - failedAtNanos.get(candidate) >= COOL_OFF.toNanos()) {
        next = candidate;
      } else if (longestRecovered < 0
          || failedAtNanos.get(candidate) < failedAtNanos.get(longestRecovered)) {
        longestRecovered = candidate;
      }
    }
    return current.compareAndSet(failed.index(), next >= 0 ? next : longestRecovered);
  }

  @Override
  public void close() {
    endpoints.forEach(e -> e.http().close());
  }
}
