package dev.dronedispatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.embedded.LocalKvCluster;
import dev.dronedispatch.kv.node.NodeServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.IntNode;

/**
 * {@code ops kv} in-process against a real KV cluster (three nodes and a coordinator, RF 2) holding
 * some keys: a node joins and a member leaves, followed to the end; refusals, a wrong token and an
 * unreachable coordinator are one line on stderr and their exit code.
 */
class KvCommandTest {

  @TempDir static Path dir;

  private static LocalKvCluster cluster;

  /** The cluster's tokens as the launcher keeps them, in a credentials file. */
  private static Path credentials;

  private record Run(int exitCode, String out, String err) {}

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LocalKvCluster.start(dir.resolve("kv"));
    credentials = credentials(cluster, "credentials.env");
    try (HttpKvClient kv = cluster.newClient()) {
      for (int i = 0; i < 200; i++) {
        kv.put("key-" + i, IntNode.valueOf(i)).block();
      }
    }
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void aNodeJoinsAndAMemberLeavesEachFollowedToTheEnd() {
    NodeServer added = cluster.addNode();
    String id = added.config().nodeId();

    Run join = kv("join", "--id", id, "--url", added.url());
    assertThat(join.exitCode()).as(join.err()).isZero();
    List<String> lines = join.out().lines().toList();
    assertThat(lines.get(0)).matches("^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z join " + id + ": .*");
    // the copy's own phase lines depend on when the progress is polled (a fast join shows only
    // installing and done; ProgressLinesTest covers them); its summary is always there
    assertThat(lines).anyMatch(l -> l.matches(".* " + id + ": done, epoch 4, round \\d+: .*"));
    assertThat(lines).doesNotHaveDuplicates();
    assertThat(lines.get(lines.size() - 1))
        .endsWith(id + " joined; members at epoch 4: node-a, node-b, node-c, " + id);

    // the first coordinator URL answers nothing: the next one does
    Run members =
        ops(
            "kv",
            "members",
            "--kv-url",
            "http://127.0.0.1:1," + cluster.coordinatorUrl(),
            "--kv-token-file",
            credentials.toString());
    assertThat(members.exitCode()).as(members.err()).isZero();
    assertThat(members.out()).startsWith("epoch 4, stable\n");
    assertThat(members.out().lines().filter(l -> l.startsWith("node-"))).hasSize(4);
    assertThat(members.out()).contains(id + "  " + added.url());
    assertThat(members.out()).contains("last change: join " + id + ": done, epoch 4");

    Run leave = kv("leave", "--id", "node-a");
    assertThat(leave.exitCode()).as(leave.err()).isZero();
    assertThat(leave.out().strip())
        .endsWith("node-a left; members at epoch 8: node-b, node-c, " + id);
  }

  @Test
  void leavingAnUnknownNodeIsNotFound() {
    Run run = kv("leave", "--id", "node-x");
    assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code);
    assertThat(run.err().strip())
        .isEqualTo("ops kv leave: node-x is not a member (404 kv-no-such-member)");
  }

  @Test
  void joiningAMemberIsRefused() {
    NodeServer b = cluster.nodes().get(1);
    Run run = kv("join", "--id", b.config().nodeId(), "--url", b.url());
    assertThat(run.exitCode()).isEqualTo(ExitCode.CHANGE_REFUSED.code);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).contains("is a member already (409 kv-membership-conflict)");
  }

  @Test
  void aWrongTokenIsOneClearLine() throws Exception {
    Path wrong = Files.writeString(dir.resolve("wrong-token"), "not-the-token\n");
    Run run = kv(cluster, wrong, "members");
    assertThat(run.exitCode()).isEqualTo(ExitCode.KV.code);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err())
        .startsWith(
            "ops kv members: the KV coordinator at "
                + cluster.coordinatorUrl()
                + " did not take the nodes' token")
        .contains("(401 unauthorized)", "KV_NODE_TOKEN", "--kv-token-file");
  }

  @Test
  void anUnreachableCoordinatorIsNamed() {
    Run run =
        ops(
            "kv",
            "join",
            "--id",
            "node-z",
            "--url",
            "http://127.0.0.1:2",
            "--kv-url",
            "http://127.0.0.1:1");
    assertThat(run.exitCode()).isEqualTo(ExitCode.KV.code);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err())
        .startsWith("ops kv join: cannot reach the KV coordinator at http://127.0.0.1:1");
  }

  @Test
  void aChangeThatCannotEndIsLeftGoingOnAtTheTimeout() throws IOException {
    // a cluster of its own: this change waits for its node for ever and blocks any other
    try (LocalKvCluster stuck = LocalKvCluster.start(dir.resolve("stuck"))) {
      Path token = credentials(stuck, "stuck.env");
      String[] join = {"join", "--id", "node-z", "--url", "http://127.0.0.1:1"};

      Run followed = kv(stuck, token, with(join, "--timeout", "2s"));
      assertThat(followed.exitCode()).as(followed.err()).isEqualTo(ExitCode.CHANGE_NOT_DONE.code);
      assertThat(followed.out()).contains(" join node-z: installing, epoch 1");
      assertThat(followed.err().lines()).hasSize(1);
      assertThat(followed.err())
          .startsWith("ops kv join: the join of node-z has not ended within 2 s; it goes on");

      // asked again, the coordinator answers with the change it still runs
      Run again = kv(stuck, token, with(join, "--no-wait"));
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(again.out().lines())
          .hasSize(2)
          .last()
          .isEqualTo(
              "the join of node-z goes on in the background; ops kv members shows how far it got");

      Run members = kv(stuck, token, "members");
      assertThat(members.exitCode()).as(members.err()).isZero();
      assertThat(members.out()).contains("last change: join node-z: ");

      Run aborted = kv(stuck, token, "abort");
      assertThat(aborted.exitCode()).as(aborted.err()).isZero();
      assertThat(aborted.out().lines().reduce((a, b) -> b).orElseThrow())
          .endsWith(" the change was taken back; members at epoch 2: node-a, node-b, node-c");
      Run nothingLeft = kv(stuck, token, "abort");
      assertThat(nothingLeft.exitCode()).isEqualTo(ExitCode.CHANGE_REFUSED.code);
      assertThat(nothingLeft.err()).contains("no change is under way");
    }
  }

  /** A credentials file as the launcher writes it, with {@code kv}'s tokens. */
  private static Path credentials(LocalKvCluster kv, String name) throws IOException {
    return Files.writeString(
        dir.resolve(name),
        "KV_NODE_TOKEN=" + kv.nodeToken() + "\nKV_AUTH_TOKEN=" + kv.clientToken() + "\n");
  }

  private static String[] with(String[] args, String... more) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** {@code ops kv <args>} against the shared cluster's coordinator with the operators' token. */
  private static Run kv(String... args) {
    return kv(cluster, credentials, args);
  }

  /** {@code ops kv <args>} against {@code kv}'s coordinator with the token in {@code tokenFile}. */
  private static Run kv(LocalKvCluster kv, Path tokenFile, String... args) {
    List<String> all = new ArrayList<>(List.of("kv"));
    all.addAll(List.of(args));
    all.addAll(List.of("--kv-url", kv.coordinatorUrl(), "--kv-token-file", tokenFile.toString()));
    return ops(all.toArray(String[]::new));
  }

  private static Run ops(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = OpsMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }
}
