package dev.dronedispatch.gateway.web;

import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.model.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The one place errors become responses: every failure, from controllers, filters or the framework,
 * is answered with an RFC 9457 problem JSON; unexpected ones are logged with the request id and
 * answered without internals.
 */
@Component
@Order(-2)
public class ProblemErrorHandler implements ErrorWebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);
  public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
  private static final String TYPE_BASE = "https://dronedispatch.dev/problems/";

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.error(ex);
    }
    ApiProblem problem = toProblem(exchange, ex);
    byte[] bytes =
        document(problem, exchange.getRequest().getPath().value(), RequestIds.of(exchange));
    response.setStatusCode(problem.status());
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(PROBLEM_JSON);
    headers.setContentLength(bytes.length);
    problem.headers().forEach(headers::set);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }

  /**
   * The problem as a handler's answer: the same status, document and headers as {@link #handle}
   * gives it, for a handler that answers an expected refusal as a value instead of throwing it.
   */
  public static ResponseEntity<byte[]> respond(ApiProblem problem, ServerWebExchange exchange) {
    byte[] bytes =
        document(problem, exchange.getRequest().getPath().value(), RequestIds.of(exchange));
    ResponseEntity.BodyBuilder answer =
        ResponseEntity.status(problem.status()).contentType(PROBLEM_JSON);
    problem.headers().forEach((name, value) -> answer.header(name, value));
    return answer.contentLength(bytes.length).body(bytes);
  }

  /**
   * The problem document: {@code type}, {@code title}, {@code status}, {@code detail}, the request
   * path as {@code instance} (left out when there is none to name), the {@code request_id}, the
   * offending fields and the problem's extension members.
   */
  public static byte[] document(ApiProblem problem, String instance, String requestId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_BASE + problem.slug());
    body.put("title", problem.title());
    body.put("status", problem.status().value());
    body.put("detail", problem.detail());
    if (instance != null) {
      body.put("instance", instance);
    }
    body.put("request_id", requestId);
    if (!problem.errors().isEmpty()) {
      body.put("errors", problem.errors());
    }
    problem.extensions().forEach(body::putIfAbsent);
    return Json.mapper().writeValueAsBytes(body);
  }

  ApiProblem toProblem(ServerWebExchange exchange, Throwable ex) {
    if (ex instanceof ApiProblem p) {
      return p;
    }
    if (ex instanceof DataBufferLimitException) {
      return ApiProblem.of(
          HttpStatus.CONTENT_TOO_LARGE, "too-large", "Request body too large", ex.getMessage());
    }
    if (ex instanceof ResponseStatusException rse) {
      HttpStatusCode code = rse.getStatusCode();
      HttpStatus status = HttpStatus.resolve(code.value());
      if (status == null) {
        status = HttpStatus.INTERNAL_SERVER_ERROR;
      }
      String detail = rse.getReason() != null ? rse.getReason() : status.getReasonPhrase();
      Map<String, String> headers = new LinkedHashMap<>();
      rse.getHeaders().forEach((k, v) -> headers.put(k, String.join(", ", v)));
      return new ApiProblem(
          status, slug(status), status.getReasonPhrase(), detail, List.of(), headers);
    }
    if (ex instanceof InvalidMediaTypeException invalid) {
      // a media type header the framework had to parse (the controllers check their own)
      return ApiProblem.of(
          HttpStatus.BAD_REQUEST,
          "malformed-header",
          "Malformed header",
          "a media type header is not valid: " + invalid.getMediaType());
    }
    if (ex instanceof KvUnavailableException) {
      log.warn(
          "KV unavailable request_id={} path={}: {}",
          RequestIds.of(exchange),
          exchange.getRequest().getPath(),
          ex.getMessage());
      return new ApiProblem(
          HttpStatus.SERVICE_UNAVAILABLE,
          "kv-unavailable",
          "Storage unavailable",
          "the KV store did not answer; retry later",
          List.of(),
          Map.of(HttpHeaders.RETRY_AFTER, "1"));
    }
    if (ex instanceof TimeoutException) {
      return new ApiProblem(
          HttpStatus.SERVICE_UNAVAILABLE,
          "timeout",
          "Dependency timeout",
          "a dependency did not answer in time; retry later",
          List.of(),
          Map.of(HttpHeaders.RETRY_AFTER, "1"));
    }
    log.error(
        "unexpected failure request_id={} path={}",
        RequestIds.of(exchange),
        exchange.getRequest().getPath(),
        ex);
    return ApiProblem.of(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal",
        "Internal error",
        "unexpected failure; see the gateway log for request " + RequestIds.of(exchange));
  }

  private static String slug(HttpStatus status) {
    return status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
  }
}
