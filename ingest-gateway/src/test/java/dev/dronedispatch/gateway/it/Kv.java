package dev.dronedispatch.gateway.it;

import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.ScanQuery;
import java.util.ArrayList;
import java.util.List;

/** KV helpers for assertions. */
public final class Kv {

  private Kv() {}

  /** Every live entry under {@code prefix}, paging through the scan API. */
  public static List<KvEntry> scanAll(KvClient kv, String prefix) {
    List<KvEntry> all = new ArrayList<>();
    ScanQuery q = ScanQuery.prefix(prefix, 1000);
    while (true) {
      List<KvEntry> page = kv.scan(q).block();
      all.addAll(page);
      if (page.size() < q.limit()) {
        return all;
      }
      q = q.after(page.get(page.size() - 1).key());
    }
  }
}
