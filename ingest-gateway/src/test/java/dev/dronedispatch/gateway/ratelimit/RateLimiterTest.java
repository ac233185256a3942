package dev.dronedispatch.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.gateway.config.GatewayProperties;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class RateLimiterTest {

  @Test
  void offWhenRateOrBurstIsZero() {
    RateLimiter limiter = new RateLimiter(new GatewayProperties.RateLimit(0, 5, 3, 0, List.of()));
    assertThat(limiter.enabled()).isFalse();
  }

  @Test
  void aClientGetsItsBurstThenIsLimitedWithARetryAfterOfAtLeastOneSecond() {
    RateLimiter limiter = new RateLimiter(new GatewayProperties.RateLimit(0, 0, 0.5, 3, List.of()));
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire("10.0.0.1")).isInstanceOf(RateDecision.Allowed.class);
    }
    RateDecision d = limiter.tryAcquire("10.0.0.1");
    assertThat(d).isInstanceOf(RateDecision.Limited.class);
    assertThat(((RateDecision.Limited) d).scope()).isEqualTo("client");
    // at 0.5 tokens/s the next token is about 2 s away
    assertThat(((RateDecision.Limited) d).retryAfterSeconds()).isBetween(1L, 2L);
    // another client has its own bucket
    assertThat(limiter.tryAcquire("10.0.0.2")).isInstanceOf(RateDecision.Allowed.class);
  }

  @Test
  void theGlobalBucketLimitsEveryoneTogether() {
    RateLimiter limiter = new RateLimiter(new GatewayProperties.RateLimit(1, 2, 0, 0, List.of()));
    assertThat(limiter.tryAcquire("a")).isInstanceOf(RateDecision.Allowed.class);
    assertThat(limiter.tryAcquire("b")).isInstanceOf(RateDecision.Allowed.class);
    RateDecision d = limiter.tryAcquire("c");
    assertThat(d).isEqualTo(new RateDecision.Limited("global", 1));
  }

  @Test
  void onlyTheApiIsLimited() {
    assertThat(RateLimitFilter.limited("/deliveries")).isTrue();
    assertThat(RateLimitFilter.limited("/deliveries/abc")).isTrue();
    assertThat(RateLimitFilter.limited("/drones")).isTrue();
    assertThat(RateLimitFilter.limited("/stream")).isTrue();
    assertThat(RateLimitFilter.limited("/zones")).isFalse();
    assertThat(RateLimitFilter.limited("/health")).isFalse();
    assertThat(RateLimitFilter.limited("/actuator/prometheus")).isFalse();
    assertThat(RateLimitFilter.limited("/dashboard")).isFalse();
    assertThat(RateLimitFilter.limited("/app.js")).isFalse();
    assertThat(RateLimitFilter.limited("/deliveriesx")).isFalse();
  }

  @Test
  void forwardedForIsBelievedOnlyFromATrustedProxy() {
    var viaNginx =
        MockServerHttpRequest.get("/deliveries")
            .remoteAddress(new java.net.InetSocketAddress("127.0.0.1", 5555))
            .header("X-Forwarded-For", "1.2.3.4, 10.9.8.7")
            .build();
    assertThat(RateLimitFilter.addressOf(viaNginx, Set.of("127.0.0.1"))).isEqualTo("10.9.8.7");
    var spoofed =
        MockServerHttpRequest.get("/deliveries")
            .remoteAddress(new java.net.InetSocketAddress("192.168.1.5", 5555))
            .header("X-Forwarded-For", "10.0.0.1")
            .build();
    assertThat(RateLimitFilter.addressOf(spoofed, Set.of("127.0.0.1"))).isEqualTo("192.168.1.5");
  }
}
