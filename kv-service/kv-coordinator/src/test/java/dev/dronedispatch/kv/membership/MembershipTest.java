package dev.dronedispatch.kv.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.web.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipTest {

  static final NodeRef A = new NodeRef("a", "http://127.0.0.1:1");
  static final NodeRef B = new NodeRef("b", "http://127.0.0.1:2");
  static final NodeRef C = new NodeRef("c", "http://127.0.0.1:3");
  static final NodeRef D = new NodeRef("d", "http://127.0.0.1:4");

  final Membership three = Membership.initial(List.of(A, B, C));

  @Test
  void aJoinWalksEveryStepAndEndsWithTheNodeAMember() {
    Membership copying = three.join(D);
    assertThat(copying.epoch()).isEqualTo(1);
    assertThat(copying.phase()).isEqualTo(Phase.COPYING);
    assertThat(copying.joining()).contains(D);
    assertThat(copying.leaving()).isEmpty();
    assertThat(copying.nodes()).containsExactly(A, B, C, D);

    Membership handoff = copying.advance();
    Membership switched = handoff.advance();
    Membership stable = switched.advance();
    assertThat(List.of(handoff.phase(), switched.phase(), stable.phase()))
        .containsExactly(Phase.HANDOFF, Phase.SWITCHED, Phase.STABLE);
    assertThat(stable.epoch()).isEqualTo(4);
    assertThat(stable.members()).containsExactly(A, B, C, D);
    assertThat(stable.changing()).isFalse();
    assertThatThrownBy(stable::advance).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aLeaveKeepsTheLeavingNodeUntilTheLastStep() {
    Membership copying = three.join(D).advance().advance().advance().leave("a", 2);
    assertThat(copying.leaving()).contains(A);
    assertThat(copying.nodes()).contains(A);
    Membership stable = copying.advance().advance().advance();
    assertThat(stable.members()).containsExactly(B, C, D);
  }

  @Test
  void aChangeWaitsForTheOneUnderWay() {
    assertThatThrownBy(() -> three.join(D).leave("a", 2))
        .isInstanceOfSatisfying(
            MembershipChangeRefused.class,
            e -> assertThat(e.reason()).isEqualTo(MembershipChangeRefused.Reason.CHANGE_UNDER_WAY));
  }

  @Test
  void aMemberCannotJoinAgainByIdOrByUrl() {
    assertThatThrownBy(() -> three.join(new NodeRef("a", "http://127.0.0.1:9")))
        .isInstanceOfSatisfying(
            MembershipChangeRefused.class,
            e -> assertThat(e.reason()).isEqualTo(MembershipChangeRefused.Reason.ALREADY_MEMBER));
    assertThatThrownBy(() -> three.join(new NodeRef("z", A.url())))
        .isInstanceOfSatisfying(
            MembershipChangeRefused.class,
            e -> assertThat(e.reason()).isEqualTo(MembershipChangeRefused.Reason.ALREADY_MEMBER));
  }

  @Test
  void onlyAMemberLeavesAndNeverBelowTheCopiesOfAKey() {
    assertThatThrownBy(() -> three.leave("z", 2))
        .isInstanceOfSatisfying(
            MembershipChangeRefused.class,
            e -> assertThat(e.reason()).isEqualTo(MembershipChangeRefused.Reason.NOT_A_MEMBER));
    assertThatThrownBy(() -> three.leave("a", 3))
        .isInstanceOfSatisfying(
            MembershipChangeRefused.class,
            e -> assertThat(e.reason()).isEqualTo(MembershipChangeRefused.Reason.TOO_FEW_NODES));
  }

  @Test
  void aChangeGoesBackToItsMembersUntilTheNextOnesServe() {
    Membership copying = three.join(D);
    Membership back = copying.abort();
    assertThat(back.epoch()).isEqualTo(2);
    assertThat(back.phase()).isEqualTo(Phase.STABLE);
    assertThat(back.members()).containsExactly(A, B, C);
    assertThat(copying.advance().abort().members()).containsExactly(A, B, C);
    assertThatThrownBy(() -> copying.advance().advance().abort())
        .isInstanceOfSatisfying(
            MembershipChangeRefused.class,
            e -> assertThat(e.reason()).isEqualTo(MembershipChangeRefused.Reason.ALREADY_SWITCHED));
    assertThatThrownBy(three::abort)
        .isInstanceOfSatisfying(
            MembershipChangeRefused.class,
            e ->
                assertThat(e.reason()).isEqualTo(MembershipChangeRefused.Reason.NOTHING_UNDER_WAY));
  }

  @Test
  void theStoredFormReadsBackAsTheSameMembership() {
    Membership m = three.join(D).advance();
    assertThat(MembershipJson.read(Json.tree(Json.bytes(MembershipJson.write(m))))).isEqualTo(m);
  }

  @Test
  void aDocumentThatIsNotAMembershipIsRefused() {
    assertThatThrownBy(() -> MembershipJson.read(Json.tree("{\"epoch\":0}".getBytes())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                MembershipJson.read(
                    Json.tree(
                        ("{\"epoch\":2,\"phase\":\"copying\",\"members\":[{\"id\":\"a\"}],"
                                + "\"next\":[]}")
                            .getBytes())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MembershipJson.read(Json.tree("[1]".getBytes())))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
