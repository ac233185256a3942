package dev.dronedispatch.gateway.ratelimit;

import dev.dronedispatch.gateway.web.ApiProblem;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
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
 * are exempt. Over the limit: 429 problem JSON with {@code Retry-After}.
 */
public final class RateLimitFilter implements WebFilter {

  private static final List<String> LIMITED = List.of("/deliveries", "/drones", "/stream");

  private final RateLimiter limiter;
  private final MeterRegistry metrics;

  public RateLimitFilter(RateLimiter limiter, MeterRegistry metrics) {
    this.limiter = limiter;
    this.metrics = metrics;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!limiter.enabled() || !limited(exchange.getRequest().getPath().value())) {
      return chain.filter(exchange);
    }
    RateDecision decision = limiter.tryAcquire(clientOf(exchange.getRequest()));
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
              Map.of(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()))));
    }
    return chain.filter(exchange);
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
   * The client: the last X-Forwarded-For hop (the address our nginx saw; earlier hops are
   * client-supplied and could be forged), else the peer address.
   */
  static String clientOf(ServerHttpRequest request) {
    String xff = request.getHeaders().getFirst("X-Forwarded-For");
    if (xff != null && !xff.isBlank()) {
      String[] hops = xff.split(",");
      String last = hops[hops.length - 1].trim();
      if (!last.isEmpty()) {
        return last;
      }
    }
    InetSocketAddress remote = request.getRemoteAddress();
    return remote == null || remote.getAddress() == null
        ? "unknown"
        : remote.getAddress().getHostAddress();
  }
}
