package dev.dronedispatch.ops.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MembershipTextTest {

  private static final Member A = new Member("node-a", "http://127.0.0.1:9001");
  private static final Member B = new Member("node-b", "http://127.0.0.1:9002");
  private static final Member C = new Member("node-c", "http://127.0.0.1:9003");
  private static final Member D = new Member("node-d", "http://127.0.0.1:9004");

  @Test
  void aStableMembershipIsItsMembers() {
    String text =
        MembershipText.render(
            new MembershipState(
                new Membership(1, "stable", List.of(A, B, C), List.of()), Optional.empty()));
    assertThat(text)
        .isEqualTo(
            """
            epoch 1, stable
            member  url
            node-a  http://127.0.0.1:9001
            node-b  http://127.0.0.1:9002
            node-c  http://127.0.0.1:9003
            last change: none since this coordinator started
            """);
  }

  @Test
  void duringAChangeTheNodesJoiningAndLeavingAreMarked() {
    Instant t0 = Instant.parse("2026-12-07T11:50:00Z");
    ChangeProgress copying =
        new ChangeProgress(
            "join",
            "node-d",
            "copying",
            2,
            1,
            128,
            128,
            9,
            300,
            List.of(),
            Optional.empty(),
            t0,
            t0.plusMillis(700));
    String text =
        MembershipText.render(
            new MembershipState(
                new Membership(2, "copying", List.of(A, B, C), List.of(B, C, D)),
                Optional.of(copying)));
    assertThat(text)
        .isEqualTo(
            """
            epoch 2, copying
            member  url                    change
            node-a  http://127.0.0.1:9001  leaving
            node-b  http://127.0.0.1:9002
            node-c  http://127.0.0.1:9003
            node-d  http://127.0.0.1:9004  joining
            last change: join node-d: copying, epoch 2, round 1: 128/128 segments compared, \
            9 divergent, 300 copies made (started 2026-12-07T11:50:00.000Z, updated \
            2026-12-07T11:50:00.700Z)
            """);
  }
}
