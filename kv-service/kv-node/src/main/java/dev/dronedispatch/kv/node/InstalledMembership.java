package dev.dronedispatch.kv.node;

import dev.dronedispatch.kv.web.ApiException;
import dev.dronedispatch.kv.web.Failure;
import dev.dronedispatch.kv.web.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The membership installed on this node, kept in {@code <data dir>/membership.json}. An install
 * replaces the file atomically and durably before it takes effect, so after a crash the node holds
 * either the old membership or the new one — never a torn file, never an epoch it did not confirm.
 */
public final class InstalledMembership {

  public static final String FILE_NAME = "membership.json";

  private static final Logger log = LoggerFactory.getLogger(InstalledMembership.class);

  private final Path dir;
  private final Path file;
  private volatile MembershipDocument current;

  private InstalledMembership(Path dir, MembershipDocument current) {
    this.dir = dir;
    this.file = dir.resolve(FILE_NAME);
    this.current = current;
  }

  /**
   * The membership installed in {@code dataDir}, {@link MembershipDocument#NONE} if none is. An
   * unreadable file fails with {@link IllegalStateException}: resetting it to none would let
   * requests planned under an outdated membership through again.
   */
  public static InstalledMembership load(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return new InstalledMembership(dataDir, MembershipDocument.NONE);
    }
    try {
      return new InstalledMembership(dataDir, MembershipDocument.parse(Files.readAllBytes(file)));
    } catch (IOException | ApiException e) {
      throw new IllegalStateException(
          "cannot read the installed membership from "
              + file
              + " ("
              + e.getMessage()
              + "); restore it from another node's GET /membership rather than deleting it",
          e);
    }
  }

  public MembershipDocument current() {
    return current;
  }

  /**
   * Installs {@code proposed} if its epoch is newer than the installed one: persisted first, then
   * current. The same epoch with the same document is a retried install and changes nothing; with
   * another document it is refused (MEMBERSHIP_CONFLICT), as is an older epoch (STALE_MEMBERSHIP).
   */
  public synchronized void install(MembershipDocument proposed) {
    MembershipDocument installed = current;
    if (proposed.epoch() < installed.epoch()) {
      throw installed.staleRefusal(
          "membership epoch "
              + proposed.epoch()
              + " is older than epoch "
              + installed.epoch()
              + " installed on this node");
    }
    if (proposed.epoch() == installed.epoch()) {
      if (proposed.document().equals(installed.document())) {
        return;
      }
      throw new ApiException(
          Failure.MEMBERSHIP_CONFLICT,
          "membership epoch "
              + proposed.epoch()
              + " is already installed on this node with a different document",
          installed.problemMembers());
    }
    persist(proposed);
    current = proposed;
    log.info("membership installed epoch {} -> {}", installed.epoch(), proposed.epoch());
  }

  /** Write a temporary file, fsync it, move it over the old one, fsync the directory. */
  private void persist(MembershipDocument membership) {
    Path temporary = dir.resolve(FILE_NAME + ".tmp");
    try {
      Files.createDirectories(dir);
      try (FileChannel out =
          FileChannel.open(
              temporary,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(Json.bytes(membership.document()));
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        out.force(true);
      }
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      // the rename itself is durable only once the directory entry is
      try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
        directory.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot persist the membership to " + file, e);
    }
  }
}
