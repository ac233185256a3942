package dev.dronedispatch.ops.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which progress reports of a change print a line, and what the lines say. */
class ProgressLinesTest {

  private static final Instant T0 = Instant.parse("2026-12-07T11:50:00Z");

  private static ChangeProgress report(
      long atMs,
      String step,
      long epoch,
      int rounds,
      int compared,
      int divergent,
      long copies,
      List<String> waitingFor) {
    return new ChangeProgress(
        "join",
        "node-d",
        step,
        epoch,
        rounds,
        rounds > 0 ? 128 : 0,
        compared,
        divergent,
        copies,
        waitingFor,
        Optional.empty(),
        T0,
        T0.plusMillis(atMs));
  }

  private static List<String> linesFor(ChangeProgress... reports) {
    ProgressLines lines = new ProgressLines();
    List<String> printed = new ArrayList<>();
    for (ChangeProgress r : reports) {
      lines.lineFor(r).ifPresent(printed::add);
    }
    return printed;
  }

  @Test
  void aChangeIsToldStepByStepAndRoundByRound() {
    assertThat(
            linesFor(
                report(0, "installing", 2, 0, 0, 0, 0, List.of("node-d")),
                report(400, "copying", 2, 1, 128, 37, 410, List.of()),
                report(900, "copying", 2, 2, 128, 0, 452, List.of()),
                report(1_300, "handing_over", 3, 3, 128, 0, 452, List.of()),
                report(1_800, "done", 4, 3, 128, 0, 452, List.of())))
        .containsExactly(
            "2026-12-07T11:50:00.000Z join node-d: installing, epoch 2, waiting for node-d",
            "2026-12-07T11:50:00.400Z join node-d: copying, epoch 2, round 1: 128/128 segments"
                + " compared, 37 divergent, 410 copies made",
            "2026-12-07T11:50:00.900Z join node-d: copying, epoch 2, round 2: 128/128 segments"
                + " compared, 0 divergent, 452 copies made",
            "2026-12-07T11:50:01.300Z join node-d: handing_over, epoch 3, round 3: 128/128"
                + " segments compared, 0 divergent, 452 copies made",
            "2026-12-07T11:50:01.800Z join node-d: done, epoch 4, round 3: 128/128 segments"
                + " compared, 0 divergent, 452 copies made");
  }

  @Test
  void unchangedProgressPrintsNothingEvenWhenReportedAgainLater() {
    ChangeProgress waiting = report(0, "installing", 2, 0, 0, 0, 0, List.of("node-d"));
    assertThat(
            linesFor(
                waiting,
                waiting,
                report(500, "installing", 2, 0, 0, 0, 0, List.of("node-d")),
                report(1_000, "installing", 2, 0, 0, 0, 0, List.of("node-d"))))
        .hasSize(1);
  }

  @Test
  void aNodeNoLongerWaitedForIsALine() {
    assertThat(
            linesFor(
                report(0, "installing", 2, 0, 0, 0, 0, List.of("node-c", "node-d")),
                report(500, "installing", 2, 0, 0, 0, 0, List.of("node-d"))))
        .containsExactly(
            "2026-12-07T11:50:00.000Z join node-d: installing, epoch 2, waiting for node-c,"
                + " node-d",
            "2026-12-07T11:50:00.500Z join node-d: installing, epoch 2, waiting for node-d");
  }

  @Test
  void aFailureShowsTheCoordinatorsError() {
    ChangeProgress failed =
        new ChangeProgress(
            "leave",
            "node-a",
            "failed",
            2,
            0,
            0,
            0,
            0,
            0,
            List.of("node-b"),
            Optional.of("node-b did not take epoch 2"),
            T0,
            T0.plusSeconds(3));
    assertThat(linesFor(failed))
        .containsExactly(
            "2026-12-07T11:50:03.000Z leave node-a: failed, epoch 2, waiting for node-b:"
                + " node-b did not take epoch 2");
  }

  @Test
  void theLastLineListsTheMembersTheChangeLeft() {
    Membership after =
        new Membership(
            4,
            "stable",
            List.of(
                new Member("node-a", "http://127.0.0.1:9001"),
                new Member("node-d", "http://127.0.0.1:9004")),
            List.of());
    assertThat(ProgressLines.ended(MembershipChange.join("node-d", "http://x:1"), after, T0))
        .isEqualTo("2026-12-07T11:50:00.000Z node-d joined; members at epoch 4: node-a, node-d");
    assertThat(ProgressLines.ended(MembershipChange.leave("node-b"), after, T0))
        .endsWith(" node-b left; members at epoch 4: node-a, node-d");
  }
}
