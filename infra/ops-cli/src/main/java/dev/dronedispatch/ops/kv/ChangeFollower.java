package dev.dronedispatch.ops.kv;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Starts (or resumes) a membership change and follows it to its end, printing a line whenever its
 * progress moves. When the coordinator running it stops answering, the client turns to the next
 * one, which does not run it: asking that one for the same change resumes it where it stands.
 */
public final class ChangeFollower {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  private final KvAdminClient kv;
  private final Consumer<String> out;
  private final ProgressLines lines = new ProgressLines();

  public ChangeFollower(KvAdminClient kv, Consumer<String> out) {
    this.kv = kv;
    this.out = out;
  }

  /** Asks for {@code change} and prints where it stands; does not wait for it. */
  public void start(MembershipChange change) {
    report(change, kv.request(change));
    out.accept(
        "the "
            + change.describe()
            + " goes on in the background; ops kv members shows how far it got");
  }

  /**
   * Asks for {@code change} and polls until it is done; prints the members it leaves last. Throws
   * {@link ChangeNotDoneException} when it fails or {@code timeout} passes first.
   */
  public Membership follow(MembershipChange change, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    MembershipState state = kv.request(change);
    while (true) {
      Optional<ChangeProgress> progress = report(change, state);
      if (progress.isPresent() && progress.get().done()) {
        out.accept(ProgressLines.ended(change, state.membership(), progress.get().updatedAt()));
        return state.membership();
      }
      if (progress.isPresent() && progress.get().failed()) {
        throw new ChangeNotDoneException(
            "the "
                + change.describe()
                + " failed: "
                + progress.get().error().orElse("no reason given")
                + " (asking for it again resumes it)");
      }
      if (progress.isEmpty() && change.isDoneIn(state.membership())) {
        // finished by a coordinator that stopped answering before this one was asked
        out.accept(ProgressLines.ended(change, state.membership(), Instant.now()));
        return state.membership();
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new ChangeNotDoneException(
            "the "
                + change.describe()
                + " has not ended within "
                + timeout.toSeconds()
                + " s; it goes on (asked for again while under way it is followed again; ops kv"
                + " members shows how far it got)");
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
      // a coordinator that does not run the change (the one that did stopped answering) resumes it
      state = progress.isPresent() ? kv.membership() : kv.request(change);
    }
  }

  /** Prints the line for the coordinator's progress of {@code change}, if it runs or ran it. */
  private Optional<ChangeProgress> report(MembershipChange change, MembershipState state) {
    Optional<ChangeProgress> progress = state.change().filter(change::isReportedBy);
    progress.flatMap(lines::lineFor).ifPresent(out);
    return progress;
  }
}
