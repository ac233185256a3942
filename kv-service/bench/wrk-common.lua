-- Shared by the wrk scripts (loaded with dofile): each thread gets an id from 1 (`id`), counts its
-- successful requests in `ok` and the others in `refused`, and the summary prints one RESULT line.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function done(summary, latency, requests)
  local ok, refused = 0, 0
  for _, t in ipairs(threads) do
    ok = ok + t:get("ok")
    refused = refused + t:get("refused")
  end
  io.write(string.format("RESULT ok/s=%.0f p50_ms=%.2f p99_ms=%.2f refused=%d errors=%d\n",
    ok / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    refused, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout))
end
