package dev.dronedispatch.launcher;

import java.util.List;
import java.util.Locale;

/**
 * Which just-in-time compilers the service JVMs of the local system run. The local system starts
 * every service as its own JVM on one machine (nine by default, fifteen scaled), and each JVM's
 * optimising compiler (C2) wants most of a core for minutes before the code is hot: on a machine
 * with fewer cores than JVMs those compilers took 45–75 % of every service's CPU for the first four
 * minutes of a run, and the whole system went slower than its requests. The quick compiler alone
 * (C1) compiles in a fraction of that time, for code that runs somewhat slower once hot
 * (`docs/benchmarks.md`, "The JIT on a small machine").
 */
public enum JitMode {
  /** C1 alone when the machine has fewer cores than the local system has JVMs, else both. */
  AUTO,
  /** The quick compiler alone: hot code early, at a lower peak. */
  C1,
  /** The JVM's default: C1 first, C2 for the hottest code; the best peak once warm. */
  TIERED,
  /**
   * C1 alone, but the gateways keep the JVM's default: for a high order rate sustained on a small
   * machine. The gateways' work grows with the offered rate, and once such a rate has run for a
   * minute their C2 code takes a quarter less CPU per request; the minute before costs more
   * (`docs/benchmarks.md`, "C2 for the gateway alone?").
   */
  GATEWAYS;

  private static final List<String> C1_ONLY = List.of("-XX:TieredStopAtLevel=1");
  private static final String BOTH = "C1, then C2 for hot code";

  /**
   * The JVM flags a service JVM gets — a {@code gateway} or not — when the system runs {@code jvms}
   * of them on a machine with {@code cores}.
   */
  public List<String> jvmArgs(boolean gateway, int jvms, int cores) {
    return switch (this) {
      case C1 -> C1_ONLY;
      case TIERED -> List.of();
      case AUTO -> cores < jvms ? C1_ONLY : List.of();
      case GATEWAYS -> gateway ? List.of() : C1_ONLY;
    };
  }

  /** Which compilers that is, in a line for the launcher's console. */
  public String describe(int jvms, int cores) {
    String chosen =
        switch (this) {
          case GATEWAYS -> "C1 alone, the gateways " + BOTH;
          default -> jvmArgs(false, jvms, cores).isEmpty() ? BOTH : "C1 alone";
        };
    return "service JVMs compile with %s (--jit %s; %d JVMs on %d cores)"
        .formatted(chosen, wireName(), jvms, cores);
  }

  /** The name on the command line: {@code auto}, {@code c1} or {@code tiered}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
