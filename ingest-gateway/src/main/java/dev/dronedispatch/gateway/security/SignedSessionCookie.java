package dev.dronedispatch.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Keeps a person's login (form login) in a cookie the gateway signs, {@code user|roles|expiry} with
 * HMAC-SHA256, instead of in a server session: behind the load balancer every gateway that shares
 * the key (DD_SESSION_KEY) accepts the login, whichever of them took it, and a restarted gateway
 * still does. The cookie is HttpOnly and SameSite=Lax; it carries no password.
 */
public final class SignedSessionCookie implements ServerSecurityContextRepository {

  static final String NAME = "DD_SESSION";

  private final SecretKeySpec key;
  private final Duration lifetime;
  private final Clock clock;

  public SignedSessionCookie(byte[] key, Duration lifetime, Clock clock) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.lifetime = lifetime;
    this.clock = clock;
  }

  @Override
  public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
    Authentication auth = context == null ? null : context.getAuthentication();
    ResponseCookie.ResponseCookieBuilder cookie =
        ResponseCookie.from(NAME).httpOnly(true).sameSite("Lax").path("/");
    if (auth == null) {
      exchange.getResponse().addCookie(cookie.value("").maxAge(0).build());
      return Mono.empty();
    }
    long expires = clock.instant().plus(lifetime).getEpochSecond();
    String roles =
        String.join(
            " ", auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
    String payload = encode(auth.getName()) + "|" + encode(roles) + "|" + expires;
    exchange
        .getResponse()
        .addCookie(cookie.value(payload + "|" + sign(payload)).maxAge(lifetime).build());
    return Mono.empty();
  }

  @Override
  public Mono<SecurityContext> load(ServerWebExchange exchange) {
    HttpCookie cookie = exchange.getRequest().getCookies().getFirst(NAME);
    return Mono.justOrEmpty(
        cookie == null ? Optional.empty() : read(cookie.getValue()).map(SecurityContextImpl::new));
  }

  /** The login the value carries, if its signature is right and it has not expired. */
  Optional<Authentication> read(String value) {
    int lastBar = value.lastIndexOf('|');
    if (lastBar < 0) {
      return Optional.empty();
    }
    String payload = value.substring(0, lastBar);
    byte[] given = value.substring(lastBar + 1).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(given, sign(payload).getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    String[] parts = payload.split("\\|", -1);
    try {
      if (parts.length != 3 || Long.parseLong(parts[2]) < clock.instant().getEpochSecond()) {
        return Optional.empty();
      }
      List<GrantedAuthority> authorities =
          java.util.Arrays.stream(decode(parts[1]).split(" "))
              .filter(r -> !r.isEmpty())
              .map(r -> (GrantedAuthority) new SimpleGrantedAuthority(r))
              .toList();
      return Optional.of(
          UsernamePasswordAuthenticationToken.authenticated(decode(parts[0]), null, authorities));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private String sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }

  private static String encode(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String s) {
    return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
  }
}
