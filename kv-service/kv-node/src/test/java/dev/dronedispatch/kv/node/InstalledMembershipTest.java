package dev.dronedispatch.kv.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dronedispatch.kv.web.ApiException;
import dev.dronedispatch.kv.web.Failure;
import dev.dronedispatch.kv.web.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installed membership on a real directory: durable installs, reloads, refusals. */
class InstalledMembershipTest {

  @TempDir Path dir;

  static MembershipDocument membership(String json) {
    return MembershipDocument.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  static Failure failureOf(Runnable action) {
    try {
      action.run();
    } catch (ApiException e) {
      return e.failure();
    }
    throw new AssertionError("not refused");
  }

  @Test
  void noFileMeansEpochZeroAnsweredAsAnEmptyMembership() {
    InstalledMembership installed = InstalledMembership.load(dir);

    assertThat(installed.current()).isEqualTo(MembershipDocument.NONE);
    assertThat(installed.current().epoch()).isZero();
    assertThat(installed.current().document()).isEqualTo(Json.object().put("epoch", 0));
  }

  @Test
  void anInstallIsKeptAcrossAReopenOfTheSameDirectory() {
    InstalledMembership installed = InstalledMembership.load(dir);
    installed.install(membership("{\"epoch\":1,\"members\":[\"a\",\"b\"]}"));
    installed.install(membership("{\"epoch\":2,\"members\":[\"a\",\"b\",\"c\"]}"));

    MembershipDocument reloaded = InstalledMembership.load(dir).current();

    assertThat(reloaded.epoch()).isEqualTo(2);
    assertThat(reloaded.document())
        .isEqualTo(membership("{\"members\":[\"a\",\"b\",\"c\"],\"epoch\":2}").document());
    // the temporary file was moved into place, not left behind
    assertThat(dir.resolve(InstalledMembership.FILE_NAME + ".tmp")).doesNotExist();
  }

  @Test
  void anOlderEpochIsRefusedWithTheInstalledMembership() {
    InstalledMembership installed = InstalledMembership.load(dir);
    MembershipDocument second = membership("{\"epoch\":2,\"members\":[\"a\"]}");
    installed.install(second);

    assertThatThrownBy(() -> installed.install(membership("{\"epoch\":1}")))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(Failure.STALE_MEMBERSHIP);
              assertThat(e.getMessage()).contains("1").contains("2");
              assertThat(e.members()).containsEntry("epoch", 2L);
              assertThat(e.members()).containsEntry("membership", second.document());
            });
    assertThat(InstalledMembership.load(dir).current()).isEqualTo(second);
  }

  @Test
  void theSameEpochInstallsAgainOnlyWithTheSameDocument() {
    InstalledMembership installed = InstalledMembership.load(dir);
    installed.install(membership("{\"epoch\":3,\"members\":[\"a\"]}"));

    installed.install(membership("{\"members\":[\"a\"],\"epoch\":3}"));

    assertThat(failureOf(() -> installed.install(membership("{\"epoch\":3,\"members\":[]}"))))
        .isEqualTo(Failure.MEMBERSHIP_CONFLICT);
    assertThat(installed.current().document().path("members").size()).isEqualTo(1);
  }

  @Test
  void aCorruptFileFailsTheLoadInsteadOfResettingTheEpoch() throws IOException {
    Files.writeString(dir.resolve(InstalledMembership.FILE_NAME), "{\"epoch\":7,\"memb");

    assertThatThrownBy(() -> InstalledMembership.load(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(InstalledMembership.FILE_NAME)
        .hasMessageContaining("cannot read the installed membership");
  }

  @Test
  void aFileWithoutAValidEpochFailsTheLoad() throws IOException {
    Files.writeString(dir.resolve(InstalledMembership.FILE_NAME), "{\"epoch\":0}");

    assertThatThrownBy(() -> InstalledMembership.load(dir))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void onlyAnObjectWithAnIntegralEpochOfAtLeastOneIsAMembership() {
    for (String bad :
        new String[] {
          "",
          "[]",
          "7",
          "{}",
          "{\"epoch\":0}",
          "{\"epoch\":-1}",
          "{\"epoch\":\"1\"}",
          "{\"epoch\":1.5}",
          "{\"epoch\":99999999999999999999}",
          "{\"epoch\":1"
        }) {
      assertThat(failureOf(() -> membership(bad))).as(bad).isEqualTo(Failure.MALFORMED_REQUEST);
    }
  }
}
