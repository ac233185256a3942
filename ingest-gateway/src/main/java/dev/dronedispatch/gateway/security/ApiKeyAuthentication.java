package dev.dronedispatch.gateway.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An order client's API key: before authentication the key as presented, after it the client's name
 * with the role {@code CLIENT} (the key itself is then dropped).
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

  /** The header order clients send their key in. */
  public static final String HEADER = "X-Api-Key";

  private final String client;
  private final transient String key;

  private ApiKeyAuthentication(String client, String key, boolean authenticated) {
    super(authenticated ? List.of(new SimpleGrantedAuthority("ROLE_CLIENT")) : List.of());
    this.client = client;
    this.key = key;
    setAuthenticated(authenticated);
  }

  static ApiKeyAuthentication presented(String key) {
    return new ApiKeyAuthentication(null, key, false);
  }

  static ApiKeyAuthentication of(String client) {
    return new ApiKeyAuthentication(client, null, true);
  }

  @Override
  public Object getCredentials() {
    return key;
  }

  @Override
  public Object getPrincipal() {
    return client;
  }

  @Override
  public String getName() {
    return client == null ? "" : client;
  }
}
