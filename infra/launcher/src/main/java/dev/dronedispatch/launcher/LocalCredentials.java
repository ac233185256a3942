package dev.dronedispatch.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The secrets of one data directory: created on its first start, kept in {@code <data
 * dir>/credentials.env} (owner-only, 0600), reused on every later start, handed to the services as
 * environment variables. A key the file lacks (a directory from an older version) is generated and
 * added; a key it has is never changed, so restarting keeps every client's credential valid.
 *
 * @param kvAuthToken KV_AUTH_TOKEN: what the system's services present to the KV coordinator
 * @param kvNodeToken KV_NODE_TOKEN: what only the coordinator presents to the KV nodes
 * @param apiKey DD_API_KEY: the first order client's API key (the order generator's)
 * @param operatorUser DD_OPERATOR_USER: the operator's login at the gateway
 * @param operatorPassword DD_OPERATOR_PASSWORD
 * @param sessionKey DD_SESSION_KEY: signs the gateways' login cookies (shared by every instance)
 * @param faultSwitchToken FAULT_SWITCH_TOKEN: opens the simulator's operator-only fault switch
 * @param kafkaPasswords each Kafka user's SCRAM password ({@code KAFKA_PASSWORD_<USER>}): the
 *     brokers' and administrator's {@link #KAFKA_ADMIN} and every identity of {@link KafkaGrants}
 */
public record LocalCredentials(
    String kvAuthToken,
    String kvNodeToken,
    String apiKey,
    String operatorUser,
    String operatorPassword,
    String sessionKey,
    String faultSwitchToken,
    Map<String, String> kafkaPasswords) {

  public static final String FILE_NAME = "credentials.env";

  /** The Kafka super user: the brokers' own identity, and the launcher's to create users. */
  public static final String KAFKA_ADMIN = "admin";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  public LocalCredentials {
    kafkaPasswords = Map.copyOf(kafkaPasswords);
  }

  /** The credentials of {@code dataDir}, created (and written) on its first start. */
  public static LocalCredentials loadOrCreate(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    Map<String, String> stored = Files.exists(file) ? read(file) : Map.of();
    Map<String, String> values = new LinkedHashMap<>(stored);
    values.computeIfAbsent("KV_AUTH_TOKEN", k -> newSecret());
    values.computeIfAbsent("KV_NODE_TOKEN", k -> newSecret());
    values.computeIfAbsent("DD_API_KEY", k -> newSecret());
    values.computeIfAbsent("DD_OPERATOR_USER", k -> "operator");
    values.computeIfAbsent("DD_OPERATOR_PASSWORD", k -> newSecret());
    values.computeIfAbsent("DD_SESSION_KEY", k -> newSecret());
    values.computeIfAbsent("FAULT_SWITCH_TOKEN", k -> newSecret());
    for (String user : kafkaUsers()) {
      values.computeIfAbsent(kafkaPasswordKey(user), k -> newSecret());
    }
    if (!values.equals(stored)) {
      write(file, values);
    } else {
      // a copy restored with a wider mode is narrowed again
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    }
    return new LocalCredentials(
        values.get("KV_AUTH_TOKEN"),
        values.get("KV_NODE_TOKEN"),
        values.get("DD_API_KEY"),
        values.get("DD_OPERATOR_USER"),
        values.get("DD_OPERATOR_PASSWORD"),
        values.get("DD_SESSION_KEY"),
        values.get("FAULT_SWITCH_TOKEN"),
        kafkaUsers().stream()
            .collect(Collectors.toMap(u -> u, u -> values.get(kafkaPasswordKey(u)))));
  }

  /** The password of Kafka user {@code user}. */
  public String kafkaPassword(String user) {
    String password = kafkaPasswords.get(user);
    if (password == null) {
      throw new IllegalArgumentException("no Kafka user " + user);
    }
    return password;
  }

  /** The services' Kafka users (all but the administrator) with their passwords. */
  public Map<String, String> kafkaServicePasswords() {
    return KafkaGrants.USERS.stream().collect(Collectors.toMap(u -> u, this::kafkaPassword));
  }

  private static List<String> kafkaUsers() {
    return Stream.concat(Stream.of(KAFKA_ADMIN), KafkaGrants.USERS.stream()).toList();
  }

  /** e.g. KAFKA_PASSWORD_FLEET_SIMULATOR. */
  static String kafkaPasswordKey(String user) {
    return "KAFKA_PASSWORD_" + user.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** Where {@link #loadOrCreate} keeps them. */
  public static Path file(Path dataDir) {
    return dataDir.resolve(FILE_NAME);
  }

  /**
   * What the gateways are given instead of the API key: {@code order-generator=<SHA-256 hex>}, the
   * form of DD_API_KEY_HASHES (the gateway stores keys hashed only).
   */
  public String apiKeyHashes() {
    try {
      return "order-generator="
          + java.util.HexFormat.of()
              .formatHex(
                  java.security.MessageDigest.getInstance("SHA-256")
                      .digest(apiKey.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** 32 random bytes from SecureRandom, base64url: safe in env files, headers and URLs. */
  static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Map<String, String> read(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String l = line.trim();
      int eq = l.indexOf('=');
      if (!l.isEmpty() && !l.startsWith("#") && eq > 0) {
        values.put(l.substring(0, eq).trim(), l.substring(eq + 1).trim());
      }
    }
    return values;
  }

  /** Written beside the target with 0600 from its creation, then moved over it in one step. */
  private static void write(Path file, Map<String, String> values) throws IOException {
    Files.createDirectories(file.getParent());
    StringBuilder text =
        new StringBuilder(
            "# Generated on this data directory's first start; keep it secret (mode 0600).\n"
                + "# Services get these as environment variables; see docs/security.md.\n");
    values.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public String toString() {
    return "LocalCredentials[<hidden>]";
  }
}
