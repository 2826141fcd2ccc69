-- wrk script: GET /api/recommend at uniformly random points of the circumplex (seeded), k=5.
math.randomseed(7)
request = function()
  local v = math.random() * 2 - 1
  local a = math.random() * 2 - 1
  return wrk.format("GET", string.format("/api/recommend?valence=%.3f&arousal=%.3f&k=5", v, a))
end
