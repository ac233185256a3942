package dev.dronedispatch.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;

/**
 * Users and their ACLs on a secured cluster ({@link BrokerSecurity}), set through the Admin API as
 * the super user: each user's SCRAM-SHA-512 credential is written (a changed password replaces the
 * old one), then the ACLs are created (one already there is left as it is).
 */
public final class KafkaUsers {

  /** SCRAM's iteration count: Kafka's minimum for SHA-512, and its default. */
  private static final int ITERATIONS = 4096;

  private KafkaUsers() {}

  /**
   * Sets {@code passwords} (user name to password) and creates {@code acls}, connecting with {@code
   * superUserClient} (e.g. {@link KafkaCluster#clientProperties()} of a secured cluster).
   */
  public static void apply(
      Map<String, Object> superUserClient,
      Map<String, String> passwords,
      Collection<AclBinding> acls) {
    try (Admin admin = Admin.create(superUserClient)) {
      List<UserScramCredentialUpsertion> users =
          passwords.entrySet().stream()
              .map(
                  e ->
                      new UserScramCredentialUpsertion(
                          e.getKey(),
                          new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS),
                          e.getValue()))
              .toList();
      admin.alterUserScramCredentials(List.copyOf(users)).all().get();
      admin.createAcls(acls).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot set the Kafka users and ACLs", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting the Kafka users and ACLs", e);
    }
  }
}
