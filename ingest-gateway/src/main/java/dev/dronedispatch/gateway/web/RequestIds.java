package dev.dronedispatch.gateway.web;

import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an id (nginx's {@code X-Request-Id} when present and sane, else a fresh one),
 * echoes it with the answering instance's id, and keeps it on the exchange for logs and problems.
 */
@Component
@Order(-100)
public class RequestIds implements WebFilter {

  public static final String HEADER = "X-Request-Id";
  public static final String INSTANCE_HEADER = "X-Gateway-Instance";
  private static final String ATTRIBUTE = RequestIds.class.getName() + ".id";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final InstanceId instance;

  public RequestIds(InstanceId instance) {
    this.instance = instance;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String id = resolve(exchange.getRequest().getHeaders().getFirst(HEADER));
    exchange.getAttributes().put(ATTRIBUTE, id);
    exchange.getResponse().getHeaders().set(HEADER, id);
    exchange.getResponse().getHeaders().set(INSTANCE_HEADER, instance.value());
    return chain.filter(exchange);
  }

  /** The given {@code X-Request-Id} when present and sane, else a fresh id. */
  public static String resolve(String given) {
    return given != null && SANE.matcher(given).matches()
        ? given
        : UUID.randomUUID().toString().replace("-", "");
  }

  public static String of(ServerWebExchange exchange) {
    Object id = exchange.getAttribute(ATTRIBUTE);
    return id == null ? "-" : id.toString();
  }
}
