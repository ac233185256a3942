-- wrk script: GET /kv/{key} of the keys wrk-kv-cas.lua created with the same <keys> and <tag>
-- (run it first, with as many threads). Prints successful reads/s.
--   wrk -t32 -c32 -d10s -s wrk-kv-get.lua http://127.0.0.1:9000 -- <keys> <tag>
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  keys = tonumber(args[1] or "100")
  tag = args[2] or "run"
  found = 0
end

function request()
  return wrk.format("GET", "/kv/wrk:" .. tag .. ":" .. id .. ":" .. math.random(keys))
end

function response(status, headers, body)
  if status == 200 then
    found = found + 1
  end
end

function done(summary, latency, requests)
  local ok = 0
  for _, t in ipairs(threads) do
    ok = ok + t:get("found")
  end
  io.write(string.format("RESULT ok/s=%.0f p50_ms=%.2f p99_ms=%.2f refused=%d errors=%d\n",
    ok / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests - ok, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout))
end
