-- wrk script: POST one dossier (or a rotating mix of bodies) to /api/check, count the statuses
-- per thread, and print latency percentiles and the statuses at the end.
-- BODIES: a comma-separated list of files, sent in turn.
local files = {}
for f in string.gmatch(os.getenv("BODIES") or "", "[^,]+") do
  local h = assert(io.open(f, "rb"))
  files[#files + 1] = h:read("*a")
  h:close()
end
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end
local i = 0
counts = {}
function init(args)
  counts = { ["2xx"] = 0, ["4xx"] = 0, ["5xx"] = 0, other = 0 }
end
function request()
  i = i % #files + 1
  return wrk.format("POST", "/api/check", { ["Content-Type"] = "application/yaml" }, files[i])
end
function response(status, headers, body)
  local k = (status >= 200 and status < 300) and "2xx" or (status >= 400 and status < 500) and "4xx" or (status >= 500) and "5xx" or "other"
  counts[k] = counts[k] + 1
end
function done(summary, latency, requests)
  local totals = { ["2xx"] = 0, ["4xx"] = 0, ["5xx"] = 0, other = 0 }
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for k, v in pairs(c) do totals[k] = totals[k] + v end
  end
  io.write(string.format("requests: %d in %.1f s = %.0f/s\n", summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("statuses: 2xx %d, 4xx %d, 5xx %d, other %d; socket errors: connect %d, read %d, write %d, timeout %d\n",
    totals["2xx"], totals["4xx"], totals["5xx"], totals.other,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
