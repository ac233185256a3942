package dev.dronedispatch.gateway.config;

import dev.dronedispatch.kv.client.KvClient;
import java.lang.reflect.InvocationTargetException;

/**
 * Creates the KV service's HTTP client for KV_URL. The implementation ships in kv-client ({@code
 * HttpKvClient.create(baseUrl)}) and is looked up by name, so this module builds against the {@link
 * KvClient} contract alone while that client is being written.
 */
final class KvClientFactory {

  static final String HTTP_CLIENT = "dev.dronedispatch.kv.client.http.HttpKvClient";

  private KvClientFactory() {}

  static KvClient http(String baseUrl) {
    try {
      Object client =
          Class.forName(HTTP_CLIENT).getMethod("create", String.class).invoke(null, baseUrl);
      return (KvClient) client;
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw new IllegalStateException(
          HTTP_CLIENT + ".create(String) is not on the classpath; cannot reach " + baseUrl, e);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot create the KV client for " + baseUrl, e);
    }
  }
}
