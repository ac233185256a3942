package dev.dronedispatch.gateway.ratelimit;

import dev.dronedispatch.gateway.web.ApiProblem;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Applies the {@link RateLimiter} to the API ({@code /deliveries}, {@code /drones}, {@code
 * /stream}); {@code /health}, {@code /zones}, {@code /actuator/**}, the API docs and static files
 * are exempt. Over the limit: 429 problem JSON with {@code Retry-After}. It runs after Spring
 * Security (order -50 against its -100), so the caller is known.
 */
public final class RateLimitFilter implements WebFilter {

  private static final List<String> LIMITED = List.of("/deliveries", "/drones", "/stream");

  private final RateLimiter limiter;
  private final MeterRegistry metrics;
  private final Set<String> trustedProxies;

  public RateLimitFilter(RateLimiter limiter, MeterRegistry metrics, Set<String> trustedProxies) {
    this.limiter = limiter;
    this.metrics = metrics;
    this.trustedProxies = Set.copyOf(trustedProxies);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!limiter.enabled() || !limited(exchange.getRequest().getPath().value())) {
      return chain.filter(exchange);
    }
    return clientOf(exchange, trustedProxies)
        .flatMap(
            client -> {
              RateDecision decision = limiter.tryAcquire(client);
              if (decision instanceof RateDecision.Limited limited) {
                metrics.counter("gateway.rate.limited", "scope", limited.scope()).increment();
                return Mono.error(
                    new ApiProblem(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "rate-limited",
                        "Too many requests",
                        "rate limit ("
                            + limited.scope()
                            + "); retry after "
                            + limited.retryAfterSeconds()
                            + " s",
                        List.of(),
                        Map.of(
                            HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()))));
              }
              return chain.filter(exchange);
            });
  }

  static boolean limited(String path) {
    for (String p : LIMITED) {
      if (path.equals(p) || path.startsWith(p + "/")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whose bucket a request draws on: the authenticated client's (its API key's client, or the
   * person logged in), so no header a caller writes changes it; else its address.
   */
  static Mono<String> clientOf(ServerWebExchange exchange, Set<String> trustedProxies) {
    return exchange
        .getPrincipal()
        .map(p -> "principal:" + p.getName())
        .defaultIfEmpty("address:" + addressOf(exchange.getRequest(), trustedProxies));
  }

  /**
   * The caller's address: the last X-Forwarded-For hop (the address our balancer saw; earlier hops
   * are client-supplied) when the peer is a trusted proxy, else the peer itself — a client that
   * reaches the gateway directly cannot choose its own identity with the header.
   */
  static String addressOf(ServerHttpRequest request, Set<String> trustedProxies) {
    InetSocketAddress remote = request.getRemoteAddress();
    String peer =
        remote == null || remote.getAddress() == null
            ? "unknown"
            : remote.getAddress().getHostAddress();
    String xff = request.getHeaders().getFirst("X-Forwarded-For");
    if (trustedProxies.contains(peer) && xff != null && !xff.isBlank()) {
      String[] hops = xff.split(",");
      String last = hops[hops.length - 1].trim();
      if (!last.isEmpty()) {
        return last;
      }
    }
    return peer;
  }
}
