package dev.dronedispatch.gateway.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may use the gateway (application.yml names the environment variables).
 *
 * @param apiKeyHashes DD_API_KEY_HASHES: the order clients, {@code client=sha256hex,...}
 * @param operatorUser DD_OPERATOR_USER: the operator's login (role OPERATOR, which may also view)
 * @param operatorPassword DD_OPERATOR_PASSWORD; blank: no operator login
 * @param viewerUser DD_VIEWER_USER: an optional login that may only view the dashboard and read
 * @param viewerPassword DD_VIEWER_PASSWORD; blank: no viewer login
 * @param sessionKey DD_SESSION_KEY: signs the login cookie; every gateway behind one balancer needs
 *     the same one (blank: a random key per process, so logins hold only on that instance)
 * @param sessionLifetime how long a login holds
 */
@ConfigurationProperties("gateway.access")
public record AccessProperties(
    String apiKeyHashes,
    String operatorUser,
    String operatorPassword,
    String viewerUser,
    String viewerPassword,
    String sessionKey,
    Duration sessionLifetime) {}
