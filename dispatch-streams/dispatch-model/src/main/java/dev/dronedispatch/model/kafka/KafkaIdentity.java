package dev.dronedispatch.model.kafka;

import java.util.Map;
import java.util.Optional;

/**
 * Who a service is to Kafka, from its environment: nobody on a PLAINTEXT listener (the default
 * single-broker run on loopback), or a SCRAM-SHA-512 user on a SASL_PLAINTEXT listener (the scaled
 * deployment, where every service has an identity and the brokers' ACLs say what it may do). Every
 * Kafka client of every service adds {@link #clientProperties()} to its own.
 */
public sealed interface KafkaIdentity {

  String PROTOCOL = "KAFKA_SECURITY_PROTOCOL";
  String USERNAME = "KAFKA_SASL_USERNAME";
  String PASSWORD = "KAFKA_SASL_PASSWORD";

  /** The SASL mechanism of every identity: the one KRaft stores credentials for. */
  String MECHANISM = "SCRAM-SHA-512";

  /** The properties that make a client connect as this identity. */
  Map<String, Object> clientProperties();

  /** No identity: a PLAINTEXT listener. */
  record Anonymous() implements KafkaIdentity {
    @Override
    public Map<String, Object> clientProperties() {
      return Map.of("security.protocol", "PLAINTEXT");
    }
  }

  /** A SCRAM user on a SASL_PLAINTEXT listener. */
  record Scram(String username, String password) implements KafkaIdentity {

    public Scram {
      if (username == null || username.isBlank() || password == null || password.isBlank()) {
        throw new IllegalArgumentException("a SCRAM identity needs a username and a password");
      }
    }

    @Override
    public Map<String, Object> clientProperties() {
      return Map.of(
          "security.protocol",
          "SASL_PLAINTEXT",
          "sasl.mechanism",
          MECHANISM,
          "sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
              + quoted(username)
              + "\" password=\""
              + quoted(password)
              + "\";");
    }

    @Override
    public String toString() {
      return "Scram[username=" + username + ", password=<hidden>]";
    }

    /** JAAS quotes a value in double quotes, with backslash escapes. */
    private static String quoted(String value) {
      return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
  }

  /** The identity of this process's environment. */
  static KafkaIdentity current() {
    return fromEnv(System.getenv());
  }

  /**
   * The identity {@code env} gives: {@code KAFKA_SASL_USERNAME} and {@code KAFKA_SASL_PASSWORD}
   * make a SCRAM user; neither makes none. {@code KAFKA_SECURITY_PROTOCOL} ({@code PLAINTEXT} or
   * {@code SASL_PLAINTEXT}) may say which is meant; when it contradicts the credentials given, or
   * only one of them is given, this says so ({@link IllegalArgumentException}) rather than
   * connecting as something else than intended.
   */
  static KafkaIdentity fromEnv(Map<String, String> env) {
    Optional<String> username = value(env, USERNAME);
    Optional<String> password = value(env, PASSWORD);
    if (username.isPresent() != password.isPresent()) {
      throw new IllegalArgumentException(
          USERNAME + " and " + PASSWORD + " go together: set both or neither");
    }
    boolean credentials = username.isPresent();
    String protocol = value(env, PROTOCOL).orElse(credentials ? "SASL_PLAINTEXT" : "PLAINTEXT");
    switch (protocol) {
      case "SASL_PLAINTEXT" -> {
        if (!credentials) {
          throw new IllegalArgumentException(
              PROTOCOL + "=SASL_PLAINTEXT needs " + USERNAME + " and " + PASSWORD);
        }
        return new Scram(username.get(), password.get());
      }
      case "PLAINTEXT" -> {
        if (credentials) {
          throw new IllegalArgumentException(
              PROTOCOL
                  + "=PLAINTEXT sends no credentials: unset "
                  + USERNAME
                  + " and "
                  + PASSWORD
                  + ", or use SASL_PLAINTEXT");
        }
        return new Anonymous();
      }
      default ->
          throw new IllegalArgumentException(
              PROTOCOL + " must be PLAINTEXT or SASL_PLAINTEXT, not '" + protocol + "'");
    }
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }
}
