package dev.dronedispatch.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A broker that lets in only known users and asks its authorizer what each may do: clients
 * authenticate with SASL/SCRAM-SHA-512 on the client listener, the nodes of the quorum with SASL/
 * PLAIN on the controller listener (KRaft keeps SCRAM credentials in the metadata log, which a
 * controller must reach before it can check them), and {@code StandardAuthorizer} allows what an
 * ACL grants and nothing else. {@code superUser} is the brokers' own identity and the
 * administrator's: it may do everything, and its SCRAM credential is written when the storage is
 * formatted, so it can connect before any other user exists.
 */
public record BrokerSecurity(String superUser, String superPassword) {

  /** The environment variables a broker process takes its super user from. */
  public static final String USER_KEY = "KAFKA_SUPER_USER";

  public static final String PASSWORD_KEY = "KAFKA_SUPER_PASSWORD";

  /** The client listener's name and protocol. */
  public static final String LISTENER = "SASL_PLAINTEXT";

  public static final String MECHANISM = "SCRAM-SHA-512";

  private static final String AUTHORIZER =
      "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

  public BrokerSecurity {
    if (superUser == null || !superUser.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "the super user's name must be letters, digits, '.', '_' or '-': " + superUser);
    }
    // the storage tool's credential syntax has no quoting: the launcher's secrets are base64url
    if (superPassword == null || !superPassword.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(
          "the super user's password must be non-empty base64url (letters, digits, '-', '_')");
    }
  }

  /**
   * The security {@code env} asks for: both {@link #USER_KEY} and {@link #PASSWORD_KEY}, or neither
   * (PLAINTEXT); one without the other is a mistake, said as such.
   */
  public static Optional<BrokerSecurity> fromEnv(Map<String, String> env) {
    String user = env.getOrDefault(USER_KEY, "").trim();
    String password = env.getOrDefault(PASSWORD_KEY, "").trim();
    if (user.isEmpty() != password.isEmpty()) {
      throw new IllegalArgumentException(
          USER_KEY + " and " + PASSWORD_KEY + " go together: set both or neither");
    }
    return user.isEmpty() ? Optional.empty() : Optional.of(new BrokerSecurity(user, password));
  }

  /** What the broker's listeners and authorizer are set to, over its PLAINTEXT defaults. */
  void applyTo(Properties p, int port, int controllerPort) {
    p.put(
        "listeners",
        LISTENER + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", LISTENER + "://127.0.0.1:" + port);
    p.put("inter.broker.listener.name", LISTENER);
    p.put("listener.security.protocol.map", LISTENER + ":SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
    p.put("sasl.enabled.mechanisms", MECHANISM);
    p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
    p.put("listener.name.sasl_plaintext.sasl.enabled.mechanisms", MECHANISM);
    p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", scramLogin());
    p.put("sasl.mechanism.controller.protocol", "PLAIN");
    p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
    // the controller listener's only user is the nodes' own identity: it logs in and is let in
    p.put(
        "listener.name.controller.plain.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username="
            + quoted(superUser)
            + " password="
            + quoted(superPassword)
            + " user_"
            + superUser
            + "="
            + quoted(superPassword)
            + ";");
    p.put("authorizer.class.name", AUTHORIZER);
    p.put("super.users", "User:" + superUser);
    p.put("allow.everyone.if.no.acl.found", "false");
  }

  /** The storage tool's arguments that write the super user's SCRAM credential at format time. */
  List<String> formatArguments() {
    return List.of(
        "--add-scram", MECHANISM + "=[name=" + superUser + ",password=" + superPassword + "]");
  }

  /** What the super user's clients (the launcher's admin, the tests') connect with. */
  public Map<String, Object> superUserClientProperties() {
    return Map.of(
        "security.protocol",
        LISTENER,
        "sasl.mechanism",
        MECHANISM,
        "sasl.jaas.config",
        scramLogin());
  }

  private String scramLogin() {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username="
        + quoted(superUser)
        + " password="
        + quoted(superPassword)
        + ";";
  }

  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public String toString() {
    return "BrokerSecurity[superUser=" + superUser + ", superPassword=<hidden>]";
  }
}
