-- wrk script for bench/drains/drain-load.sh: POSTs one logplex body per request, as Logplex does, cycling
-- through distinct bodies, with a new Logplex-Frame-Id each time (a repeated id would be acknowledged as a
-- redelivery and not stored). Each request id in the bodies ends in a placeholder that gets a per-request
-- counter, so no line is stored twice (the octet counts stay right: four characters for four).
-- usage: wrk ... -s post-logplex.lua URL -- BODIES_FILE INDEX_FILE WRITE_KEY [RUN]
-- RUN (a small number, default 0) tells runs against one server apart: Lua's random numbers repeat from
-- run to run, so without it a second run resends the first one's frame ids (acknowledged as redeliveries,
-- not stored) and lines.
local counter = 0
local run = 0
local bodies = {} -- each body as the pieces between its placeholders
local counts = {}

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", tostring(math.random(1, 1000000000)))
  thread:set("tindex", threads)
end

function init(args)
  run = tonumber(args[4] or "0")
  local file = assert(io.open(args[1], "rb"))
  local data = file:read("*a")
  file:close()
  for entry in io.lines(args[2]) do
    local offset, bytes, lines = entry:match("(%d+) (%d+) (%d+)")
    local body = data:sub(tonumber(offset) + 1, tonumber(offset) + tonumber(bytes))
    local pieces = {}
    for piece in (body .. "@@@@"):gmatch("(.-)@@@@") do
      pieces[#pieces + 1] = piece
    end
    bodies[#bodies + 1] = pieces
    counts[#counts + 1] = lines
  end
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Basic " .. args[3]
  wrk.headers["Content-Type"] = "application/logplex-1"
  wrk.headers["Logplex-Drain-Token"] = "d.98ee476d-d2d8-46bf-afc2-740f6f7e5b2a"
  wrk.headers["User-Agent"] = "Logplex/v72"
  -- Threads start at different bodies so they do not send the same lines at the same moment.
  counter = math.random(0, #bodies - 1)
end

function request()
  counter = counter + 1
  local i = counter % #bodies + 1
  wrk.headers["Logplex-Frame-Id"] = tid .. "-" .. run .. "-" .. counter
  wrk.headers["Logplex-Msg-Count"] = counts[i]
  -- The run, the round through the bodies and the thread: no two requests send the same lines.
  local mark = string.format("%04x", ((run * 256 + math.floor(counter / #bodies)) * 16 + tindex) % 65536)
  return wrk.format(nil, nil, nil, table.concat(bodies[i], mark))
end

function done(summary, latency, requests)
  local codes = summary.errors.status
  io.write(string.format("wrk: %d requests, %d non-2xx, p50 %.1f ms, p99 %.1f ms\n",
    summary.requests, codes, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
