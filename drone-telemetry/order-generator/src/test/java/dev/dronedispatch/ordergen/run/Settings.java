package dev.dronedispatch.ordergen.run;

import dev.dronedispatch.ordergen.profile.BurstyProfile;
import java.time.Duration;
import java.util.Optional;

/** Settings for test runs: short timeouts, fixed seed. */
final class Settings {

  private Settings() {}

  static OrderGenSettings constant(
      String url, double rate, long total, int concurrency, Optional<String> kafka) {
    return new OrderGenSettings(
        url,
        Optional.empty(),
        Optional.of(rate),
        BurstyProfile.cycle(0.5, 2, 30, 10, 20, 60),
        Duration.ZERO,
        total,
        concurrency,
        0.2,
        10,
        42,
        kafka,
        Duration.ofMillis(200),
        Duration.ofSeconds(20),
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        2,
        2);
  }

  static OrderGenSettings bursty(String url, long total) {
    return new OrderGenSettings(
        url,
        Optional.empty(),
        Optional.empty(),
        BurstyProfile.cycle(40, 200, 0.2, 0.1, 0.2, 0.3),
        Duration.ofSeconds(30),
        total,
        16,
        0.2,
        10,
        7,
        Optional.empty(),
        Duration.ofMillis(200),
        Duration.ZERO,
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        2,
        2);
  }
}
