package dev.dronedispatch.gateway.security;

import dev.dronedispatch.gateway.web.ApiProblem;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * How a refused request is answered: a person's browser asking for a page is sent to the login
 * form; anything else gets a problem document (rendered like every other problem, by the error
 * handler) — 401 with the ways to authenticate, 403 when the caller is known but its role may not
 * do this, and 400 when the security firewall refuses a malformed path (an encoded NUL, slash, line
 * break or dot-dot) before anything else looks at it.
 */
public final class RefusalProblems
    implements ServerAuthenticationEntryPoint,
        ServerAccessDeniedHandler,
        ServerExchangeRejectedHandler {

  static final String CHALLENGE = "Basic realm=\"dronedispatch\", ApiKey header=\"X-Api-Key\"";

  @Override
  public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
    if (wantsPage(exchange)) {
      exchange.getResponse().setStatusCode(HttpStatus.SEE_OTHER);
      exchange.getResponse().getHeaders().setLocation(java.net.URI.create("/login"));
      return exchange.getResponse().setComplete();
    }
    return Mono.error(
        new ApiProblem(
            HttpStatus.UNAUTHORIZED,
            "unauthorized",
            "Unauthorized",
            "this needs credentials: an API key in "
                + ApiKeyAuthentication.HEADER
                + " for order clients, a login for people",
            List.of(),
            Map.of(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)));
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
    return Mono.error(
        ApiProblem.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "your role may not do this"));
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
    return Mono.error(
        ApiProblem.of(
            HttpStatus.BAD_REQUEST,
            "malformed-request",
            "Malformed request",
            "the request's path or headers are not acceptable: " + rejected.getMessage()));
  }

  /** A GET whose Accept names HTML first or explicitly: a browser navigating to a page. */
  private static boolean wantsPage(ServerWebExchange exchange) {
    if (!"GET".equals(exchange.getRequest().getMethod().name())) {
      return false;
    }
    return exchange.getRequest().getHeaders().getAccept().stream()
        .anyMatch(m -> m.isCompatibleWith(MediaType.TEXT_HTML) && !m.isWildcardType());
  }
}
