package dev.dronedispatch.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.ui.DefaultResourcesWebFilter;
import org.springframework.security.web.server.ui.LoginPageGeneratingWebFilter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.publisher.Mono;

/**
 * Who may do what (docs/security.md has the table): order clients (an API key in {@code X-Api-Key},
 * role CLIENT) create deliveries and read the API; people log in (form login for the dashboard, or
 * HTTP Basic) as a VIEWER, who may see the dashboard, its stream and the API, or as the OPERATOR,
 * who may also see everything operational (actuator beyond the health probes, Prometheus, the API
 * docs). Only the health probes, the original's {@code /health} and the login page are open.
 * Refusals are problem documents ({@link RefusalProblems}).
 */
@Configuration
@EnableWebFluxSecurity
@EnableConfigurationProperties(AccessProperties.class)
public class SecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  /**
   * No observation of each security filter, authentication and authorization. The request's own
   * observation ({@code http_server_requests}, by status) already counts every refusal; the
   * per-filter ones put a Reactor checkpoint and an observation around each of the chain's filters
   * on every request, a cost that showed in the gateway's profile ({@code docs/benchmarks.md},
   * "What a refusal costs").
   */
  @Bean
  SecurityObservationSettings securityObservations() {
    return SecurityObservationSettings.noObservations();
  }

  /** Also the security firewall's answer to a malformed request (found by type). */
  @Bean
  RefusalProblems refusalProblems() {
    return new RefusalProblems();
  }

  @Bean
  SecurityWebFilterChain securityFilterChain(
      ServerHttpSecurity http,
      AccessProperties access,
      MapReactiveUserDetailsService people,
      RefusalProblems refusals) {
    SignedSessionCookie sessions = sessionCookie(access);
    return http.csrf(
            // only the login form posts with a cookie; the API's writes need a header credential
            // (the token in a cookie, not a server session, so any instance checks it)
            csrf ->
                csrf.csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse())
                    .requireCsrfProtectionMatcher(
                        ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, "/login")))
        .securityContextRepository(sessions)
        // after the login a person lands on the dashboard ("/"), whatever page they asked for:
        // remembering it would need a server session, which one of several instances lacks
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .exceptionHandling(e -> e.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
        .httpBasic(
            basic ->
                basic
                    .authenticationEntryPoint(refusals)
                    .securityContextRepository(NoOpServerSecurityContextRepository.getInstance()))
        // Spring Security's own login page; it is added by hand because an explicit entry point
        // (the problem documents above) turns off the automatic one
        .addFilterAt(loginPage(), SecurityWebFiltersOrder.LOGIN_PAGE_GENERATING)
        .addFilterAt(DefaultResourcesWebFilter.css(), SecurityWebFiltersOrder.LOGIN_PAGE_GENERATING)
        .formLogin(form -> form.loginPage("/login").securityContextRepository(sessions))
        .addFilterAt(apiKeyFilter(access, refusals), SecurityWebFiltersOrder.AUTHENTICATION)
        .authorizeExchange(
            rules ->
                rules
                    .pathMatchers(
                        "/health",
                        "/actuator/health",
                        "/actuator/health/liveness",
                        "/actuator/health/readiness",
                        "/login",
                        "/favicon.ico")
                    .permitAll()
                    .pathMatchers(HttpMethod.POST, "/deliveries")
                    .hasRole("CLIENT")
                    .pathMatchers(
                        "/actuator/**",
                        "/v3/api-docs/**",
                        "/swagger-ui.html",
                        "/swagger-ui/**",
                        "/webjars/**")
                    .hasRole("OPERATOR")
                    .pathMatchers(
                        HttpMethod.GET,
                        "/deliveries",
                        "/deliveries/**",
                        "/drones",
                        "/drones/**",
                        "/zones",
                        "/zones/**")
                    .hasAnyRole("CLIENT", "VIEWER", "OPERATOR")
                    .pathMatchers(HttpMethod.GET, "/**")
                    .hasAnyRole("VIEWER", "OPERATOR")
                    // every other method the API has is ruled above: an authenticated caller
                    // gets the API's own answer (405) for the rest
                    .anyExchange()
                    .authenticated())
        .build();
  }

  private static LoginPageGeneratingWebFilter loginPage() {
    LoginPageGeneratingWebFilter page = new LoginPageGeneratingWebFilter();
    page.setFormLoginEnabled(true);
    return page;
  }

  /** The people who may log in: the operator and, if configured, a viewer. */
  @Bean
  MapReactiveUserDetailsService people(AccessProperties access) {
    PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    List<UserDetails> users = new ArrayList<>();
    if (present(access.operatorPassword())) {
      users.add(
          User.withUsername(access.operatorUser())
              .password(encoder.encode(access.operatorPassword()))
              .roles("OPERATOR", "VIEWER")
              .build());
    }
    if (present(access.viewerUser()) && present(access.viewerPassword())) {
      users.add(
          User.withUsername(access.viewerUser())
              .password(encoder.encode(access.viewerPassword()))
              .roles("VIEWER")
              .build());
    }
    if (users.isEmpty()) {
      log.warn("no DD_OPERATOR_PASSWORD (nor viewer): nobody can log in to the dashboard");
      // the service needs one entry; this one can never match a password
      users.add(User.withUsername("nobody").password("{noop}").roles().disabled(true).build());
    }
    return new MapReactiveUserDetailsService(users);
  }

  private static AuthenticationWebFilter apiKeyFilter(
      AccessProperties access, RefusalProblems refusals) {
    ApiClients clients = ApiClients.parse(access.apiKeyHashes());
    if (clients.isEmpty()) {
      log.warn("no DD_API_KEY_HASHES: no order client can create deliveries");
    }
    ReactiveAuthenticationManager manager =
        presented ->
            Mono.justOrEmpty(clients.clientOf(String.valueOf(presented.getCredentials())))
                .map(ApiKeyAuthentication::of)
                .cast(org.springframework.security.core.Authentication.class)
                .switchIfEmpty(
                    Mono.error(
                        new org.springframework.security.authentication.BadCredentialsException(
                            "unknown API key")));
    AuthenticationWebFilter filter = new AuthenticationWebFilter(manager);
    ServerWebExchangeMatcher withKey =
        exchange ->
            exchange.getRequest().getHeaders().containsHeader(ApiKeyAuthentication.HEADER)
                ? ServerWebExchangeMatcher.MatchResult.match()
                : ServerWebExchangeMatcher.MatchResult.notMatch();
    filter.setRequiresAuthenticationMatcher(withKey);
    filter.setServerAuthenticationConverter(
        exchange ->
            Mono.just(
                ApiKeyAuthentication.presented(
                    String.valueOf(
                        exchange
                            .getRequest()
                            .getHeaders()
                            .getFirst(ApiKeyAuthentication.HEADER)))));
    filter.setAuthenticationFailureHandler(
        new ServerAuthenticationEntryPointFailureHandler(refusals));
    filter.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    return filter;
  }

  private static SignedSessionCookie sessionCookie(AccessProperties access) {
    byte[] key;
    if (present(access.sessionKey())) {
      key = access.sessionKey().getBytes(StandardCharsets.UTF_8);
    } else {
      log.warn("no DD_SESSION_KEY: logins hold only on this gateway instance and until it stops");
      key = new byte[32];
      new SecureRandom().nextBytes(key);
    }
    Duration lifetime =
        access.sessionLifetime() == null ? Duration.ofHours(12) : access.sessionLifetime();
    return new SignedSessionCookie(key, lifetime, Clock.systemUTC());
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }
}
