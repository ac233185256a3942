package dev.dronedispatch.ops;

import dev.dronedispatch.ops.kv.ChangeFollower;
import dev.dronedispatch.ops.kv.KvAdminClient;
import dev.dronedispatch.ops.kv.MembershipChange;
import dev.dronedispatch.ops.kv.MembershipText;
import dev.dronedispatch.ops.kv.OperatorToken;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ops kv}: the KV's storage-node membership through a coordinator's admin API — show it, add
 * a node, remove one. Unlike the other commands these change the system.
 */
@Command(
    name = "kv",
    mixinStandardHelpOptions = true,
    subcommands = {
      KvCommands.Members.class,
      KvCommands.Join.class,
      KvCommands.Leave.class,
      KvCommands.Abort.class
    },
    description = {
      "The KV's storage-node membership, changed online: members shows it, join adds a running"
          + " node, leave removes a member. join and leave follow the change to its end, one line"
          + " per step or streaming round; asking for a change under way (e.g. after its"
          + " coordinator stopped) resumes it.",
      "Exit codes: 5 not a member, 6 KV coordinator unreachable or failing or the token refused,"
          + " 7 change refused (a member already, another change under way, too few nodes left),"
          + " 8 change failed or not ended within --timeout."
    })
final class KvCommands implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "a command is needed: members, join, leave or abort");
  }

  /** Where the coordinators are and the operators' token, as the system keeps them. */
  static class Coordinator {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(
        names = "--kv-url",
        paramLabel = "URL[,URL…]",
        defaultValue = "${env:KV_URL:-http://127.0.0.1:9000}",
        description =
            "KV coordinator base URL, or several comma-separated: the first that answers is used"
                + " (default: $KV_URL or http://127.0.0.1:9000).")
    String kvUrl;

    @Option(
        names = "--kv-token-file",
        paramLabel = "FILE",
        description =
            "File holding the KV nodes' token, which membership changes take: the token alone, or"
                + " a KV_NODE_TOKEN=… line (the local run's data/credentials.env)."
                + " Default: $KV_NODE_TOKEN.")
    Optional<Path> tokenFile;

    KvAdminClient client() {
      return new KvAdminClient(kvUrl, OperatorToken.resolve(tokenFile, System.getenv()));
    }

    PrintWriter out() {
      return command.commandLine().getOut();
    }
  }

  /** Whether and how long {@code join} and {@code leave} follow the change they ask for. */
  static class Following {
    @Option(
        names = "--no-wait",
        description = "Start the change and return at once; ops kv members shows its progress.")
    boolean noWait;

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        defaultValue = "10m",
        description =
            "Stop following after this long, with exit code 8; the change goes on"
                + " (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    int run(Coordinator coordinator, MembershipChange change) throws InterruptedException {
      PrintWriter out = coordinator.out();
      ChangeFollower follower = new ChangeFollower(coordinator.client(), out::println);
      if (noWait) {
        follower.start(change);
      } else {
        follower.follow(change, timeout);
      }
      return ExitCode.OK.code;
    }
  }

  /** A command that asks for a membership change and follows it: join, leave or abort. */
  abstract static class ChangeCommand implements Callable<Integer> {
    @CommandLine.Mixin Coordinator coordinator;
    @CommandLine.Mixin Following following;

    abstract MembershipChange change();

    @Override
    public Integer call() throws InterruptedException {
      return following.run(coordinator, change());
    }
  }

  @Command(
      name = "members",
      mixinStandardHelpOptions = true,
      description =
          "The membership a coordinator plans with (epoch, phase, each member's id and URL; during"
              + " a change the nodes joining or leaving) and the progress of its last change.")
  static final class Members implements Callable<Integer> {
    @CommandLine.Mixin Coordinator coordinator;

    @Override
    public Integer call() {
      coordinator.out().print(MembershipText.render(coordinator.client().membership()));
      coordinator.out().flush(); // print does not flush an autoflush writer, and main exits next
      return ExitCode.OK.code;
    }
  }

  @Command(
      name = "join",
      mixinStandardHelpOptions = true,
      description =
          "Add a running storage node that is no member yet (or resume adding it), and follow the"
              + " change until the node serves; the last line lists the new members.")
  static final class Join extends ChangeCommand {
    @Option(
        names = "--id",
        required = true,
        paramLabel = "ID",
        description = "The node's member id, e.g. node-d.")
    String id;

    @Option(
        names = "--url",
        required = true,
        paramLabel = "URL",
        description = "The node's base URL, e.g. http://127.0.0.1:9004.")
    String url;

    @Override
    MembershipChange change() {
      return MembershipChange.join(id, url);
    }
  }

  @Command(
      name = "leave",
      mixinStandardHelpOptions = true,
      description =
          "Remove a member (or resume removing it), and follow the change until its keys have"
              + " their new homes; the node may be stopped then. The last line lists the members.")
  static final class Leave extends ChangeCommand {
    @Option(
        names = "--id",
        required = true,
        paramLabel = "ID",
        description = "The member's id, e.g. node-a.")
    String id;

    @Override
    MembershipChange change() {
      return MembershipChange.leave(id);
    }
  }

  @Command(
      name = "abort",
      mixinStandardHelpOptions = true,
      description =
          "Take the change under way back to the members it started from (a join that cannot"
              + " finish, say), and follow that to its end; refused once the next members serve.")
  static final class Abort extends ChangeCommand {
    @Override
    MembershipChange change() {
      return MembershipChange.abort();
    }
  }
}
