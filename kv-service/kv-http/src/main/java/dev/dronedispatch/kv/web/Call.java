package dev.dronedispatch.kv.web;

import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/** One request as a handler sees it: decoded path variables, query parameters and the body. */
public final class Call {

  private final HttpServerRequest request;
  private final Map<String, String> pathVars;
  private final Map<String, String> query;
  private final int maxBody;

  Call(
      HttpServerRequest request, Map<String, String> pathVars, Map<String, String> query, int max) {
    this.request = request;
    this.pathVars = pathVars;
    this.query = query;
    this.maxBody = max;
  }

  public String path(String name) {
    return pathVars.get(name);
  }

  public String query(String name) {
    return query.get(name);
  }

  public String query(String name, String fallback) {
    return query.getOrDefault(name, fallback);
  }

  public long queryLong(String name, long fallback) {
    String v = query.get(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiException.malformed("query parameter '" + name + "' must be an integer");
    }
  }

  public double queryDouble(String name, double fallback) {
    String v = query.get(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw ApiException.malformed("query parameter '" + name + "' must be a number");
    }
  }

  public boolean queryFlag(String name) {
    String v = query.get(name);
    return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
  }

  public String header(String name) {
    return request.requestHeaders().get(name);
  }

  /**
   * The JSON body, refused with 415 if sent as another type and with 413 beyond the limit (checked
   * on Content-Length and while reading).
   */
  public Mono<byte[]> body() {
    String type = request.requestHeaders().get("Content-Type");
    if (type != null && !isJson(mediaType(type))) {
      return Mono.error(
          new ApiException(Failure.UNSUPPORTED_MEDIA_TYPE, "send application/json, not " + type));
    }
    return limitedBody();
  }

  /** A body that must be of exactly {@code mediaType}; limits as for {@link #body()}. */
  public Mono<byte[]> body(String mediaType) {
    String type = request.requestHeaders().get("Content-Type");
    if (type == null || !mediaType(type).equals(mediaType)) {
      return Mono.error(
          new ApiException(Failure.UNSUPPORTED_MEDIA_TYPE, "send " + mediaType + ", not " + type));
    }
    return limitedBody();
  }

  private Mono<byte[]> limitedBody() {
    String declared = request.requestHeaders().get("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > maxBody) {
          return Mono.error(bodyTooLarge());
        }
      } catch (NumberFormatException e) {
        return Mono.error(ApiException.malformed("bad Content-Length"));
      }
    }
    return request
        .receive()
        .asByteArray()
        .reduce(
            new java.io.ByteArrayOutputStream(),
            (out, chunk) -> {
              if (out.size() + chunk.length > maxBody) {
                throw bodyTooLarge();
              }
              out.writeBytes(chunk);
              return out;
            })
        .map(java.io.ByteArrayOutputStream::toByteArray)
        .defaultIfEmpty(new byte[0]);
  }

  private ApiException bodyTooLarge() {
    return new ApiException(Failure.BODY_TOO_LARGE, "request body exceeds " + maxBody + " bytes");
  }

  private static String mediaType(String contentType) {
    String t = contentType.toLowerCase(java.util.Locale.ROOT);
    int semi = t.indexOf(';');
    return (semi < 0 ? t : t.substring(0, semi)).trim();
  }

  private static boolean isJson(String mediaType) {
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }
}
