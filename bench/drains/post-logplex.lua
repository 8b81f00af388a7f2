-- wrk script for bench/drains/drain-load.sh: POSTs one logplex body per request, as Logplex does, with a
-- new Logplex-Frame-Id each time (a repeated id would be acknowledged as a redelivery and not stored).
-- usage: wrk ... -s post-logplex.lua URL -- BODY_FILE WRITE_KEY LINES_PER_BODY
local counter = 0

function setup(thread)
  thread:set("tid", tostring(math.random(1, 1000000000)))
end

function init(args)
  local file = assert(io.open(args[1], "rb"))
  wrk.body = file:read("*a")
  file:close()
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Basic " .. args[2]
  wrk.headers["Content-Type"] = "application/logplex-1"
  wrk.headers["Logplex-Msg-Count"] = args[3]
  wrk.headers["Logplex-Drain-Token"] = "d.98ee476d-d2d8-46bf-afc2-740f6f7e5b2a"
  wrk.headers["User-Agent"] = "Logplex/v72"
end

function request()
  counter = counter + 1
  wrk.headers["Logplex-Frame-Id"] = tid .. "-" .. counter
  return wrk.format()
end

function done(summary, latency, requests)
  local codes = summary.errors.status
  io.write(string.format("wrk: %d requests, %d non-2xx, p50 %.1f ms, p99 %.1f ms\n",
    summary.requests, codes, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
