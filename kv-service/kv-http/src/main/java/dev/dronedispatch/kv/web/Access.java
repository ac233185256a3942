package dev.dronedispatch.kv.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Who may call a KV server: the holders of one bearer token, or — only when explicitly opted out
 * with {@code KV_AUTH=none}, for local experiments — anyone. The health probes are open either way
 * ({@link Router}).
 */
public sealed interface Access {

  /** The environment key whose value {@code none} turns authentication off. */
  String OPT_OUT_KEY = "KV_AUTH";

  /** Whether a request with this {@code Authorization} header (null: none) may pass. */
  boolean admits(String authorization);

  /** The token this side presents when it calls a server guarded by the same access. */
  Optional<String> credential();

  /** No credential asked for: {@code KV_AUTH=none}. */
  record Open() implements Access {
    @Override
    public boolean admits(String authorization) {
      return true;
    }

    @Override
    public Optional<String> credential() {
      return Optional.empty();
    }
  }

  /** {@code Authorization: Bearer <token>} required. */
  record Bearer(String token) implements Access {

    private static final SecureRandom RANDOM = new SecureRandom();

    public Bearer {
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("a bearer token must not be blank");
      }
    }

    /** A fresh random token: 32 bytes from SecureRandom, base64url. */
    public static Bearer generate() {
      byte[] bytes = new byte[32];
      RANDOM.nextBytes(bytes);
      return new Bearer(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    @Override
    public boolean admits(String authorization) {
      // constant-time, so the answer's timing does not reveal how much of a guess was right
      return authorization != null
          && MessageDigest.isEqual(
              authorization.getBytes(StandardCharsets.UTF_8),
              ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<String> credential() {
      return Optional.of(token);
    }

    @Override
    public String toString() {
      return "Bearer[token=<hidden>]";
    }
  }

  /**
   * The access {@code tokenKey} of {@code env} sets. Without a token the server must not start:
   * {@link IllegalStateException} saying so, unless {@code KV_AUTH=none} opts out.
   */
  static Access fromEnv(Map<String, String> env, String tokenKey) {
    String mode = env.getOrDefault(OPT_OUT_KEY, "token").trim();
    if (mode.equalsIgnoreCase("none")) {
      return new Open();
    }
    if (!mode.equalsIgnoreCase("token")) {
      throw new IllegalStateException(
          OPT_OUT_KEY + " must be 'token' (the default) or 'none', not '" + mode + "'");
    }
    String token = env.get(tokenKey);
    if (token == null || token.isBlank()) {
      throw new IllegalStateException(
          tokenKey
              + " is not set: the KV requires a bearer token by default (the launcher generates"
              + " one into <data dir>/credentials.env). Set "
              + tokenKey
              + ", or "
              + OPT_OUT_KEY
              + "=none to run without authentication (local experiments only)");
    }
    return new Bearer(token.trim());
  }
}
