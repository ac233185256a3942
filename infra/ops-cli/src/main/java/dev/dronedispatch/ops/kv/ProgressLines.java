package dev.dronedispatch.ops.kv;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The lines {@code ops kv join} and {@code leave} print while they follow a change: one per report
 * that says something new (a report every poll would repeat the last line while a round runs), each
 * stamped with the coordinator's time of the report.
 */
public final class ProgressLines {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private String lastDescribed;

  /** The line for {@code progress}, or none when it reads as the one printed before. */
  public Optional<String> lineFor(ChangeProgress progress) {
    String described = describe(progress);
    if (described.equals(lastDescribed)) {
      return Optional.empty();
    }
    lastDescribed = described;
    return Optional.of(stamp(progress.updatedAt()) + " " + described);
  }

  /** The last line of a change that is done: the members it left. */
  public static String ended(MembershipChange change, Membership membership, Instant at) {
    return stamp(at)
        + " "
        + change.outcome()
        + "; members at epoch "
        + membership.epoch()
        + ": "
        + String.join(", ", membership.memberIds());
  }

  /**
   * What a progress report says, without its time: step and epoch, the last streaming round (its
   * segments compared of all, those still divergent, the copies made in all rounds), the nodes an
   * install waits for, the error.
   */
  public static String describe(ChangeProgress p) {
    StringBuilder sb =
        new StringBuilder()
            .append(p.action())
            .append(' ')
            .append(p.node())
            .append(": ")
            .append(p.step())
            .append(", epoch ")
            .append(p.epoch());
    if (p.rounds() > 0) {
      sb.append(", round ")
          .append(p.rounds())
          .append(": ")
          .append(p.segmentsCompared())
          .append('/')
          .append(p.segments())
          .append(" segments compared, ")
          .append(p.segmentsDivergent())
          .append(" divergent, ")
          .append(p.copies())
          .append(" copies made");
    }
    if (!p.waitingFor().isEmpty()) {
      sb.append(", waiting for ").append(String.join(", ", p.waitingFor()));
    }
    p.error().ifPresent(e -> sb.append(": ").append(e));
    return sb.toString();
  }

  static String stamp(Instant at) {
    return STAMP.format(at);
  }
}
