-- Shared by the wrk scripts (loaded with dofile): each thread gets an id from 1 (`id`) and the
-- script's arguments (`-- <keys> <tag>`), owns the keys key(1..keys), remembers in `seen` the
-- version it last saw of each, counts its successful requests in `ok` and the others in
-- `refused`; the summary prints one RESULT line.
local threads = {}

function init(args)
  keys = tonumber(args[1] or "100")
  tag = args[2] or "run"
  seen = {}
  ok = 0
  refused = 0
  wrk.headers["Content-Type"] = "application/json"
end

function key(k)
  return "wrk:" .. tag .. ":" .. id .. ":" .. k
end

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
