-- The summary benchmark's baseline: the dashboard's counts written by hand, as a person would in psql.
-- Whole clinic; :now is the moment the windows are judged against. The Stride side of the benchmark
-- calls GET /api/cohorts/summary and GET /api/cohorts/funnel?timepoint=6m&measure=success.

-- Per time point: eligible (answered or window closed, deaths and cancelled surgeries left out),
-- responders, success and satisfaction counts, mean and SD of leg pain and of its change from
-- baseline, and the walking-distance bins.
SELECT i.timepoint,
       count(*) FILTER (WHERE i.stop_reason IS DISTINCT FROM 'deceased' AND i.stop_reason IS DISTINCT FROM 'surgery_cancelled') AS eligible,
       count(*) FILTER (WHERE i.stop_reason = 'deceased') AS deceased,
       count(*) FILTER (WHERE i.stop_reason = 'withdrawn') AS withdrawn,
       count(*) FILTER (WHERE i.stop_reason = 'opted_out') AS opted_out,
       count(*) FILTER (WHERE i.status = 'completed') AS responded,
       count(r.success) AS success_n, count(*) FILTER (WHERE r.success) AS success_x,
       count(r.satisfied) AS satisfied_n, count(*) FILTER (WHERE r.satisfied) AS satisfied_x,
       count(r.leg_pain) AS leg_pain_n, avg(r.leg_pain) AS leg_pain_mean, stddev_samp(r.leg_pain) AS leg_pain_sd,
       count(r.leg_pain - b.leg_pain) FILTER (WHERE i.timepoint <> 'baseline') AS change_n,
       avg(r.leg_pain - b.leg_pain) FILTER (WHERE i.timepoint <> 'baseline') AS change_mean,
       stddev_samp(r.leg_pain - b.leg_pain) FILTER (WHERE i.timepoint <> 'baseline') AS change_sd,
       count(*) FILTER (WHERE r.walking_distance = 0) AS walk0, count(*) FILTER (WHERE r.walking_distance = 1) AS walk1,
       count(*) FILTER (WHERE r.walking_distance = 2) AS walk2, count(*) FILTER (WHERE r.walking_distance = 3) AS walk3,
       count(*) FILTER (WHERE r.walking_distance = 4) AS walk4
  FROM surgeries s
  JOIN invitations i ON i.surgery_id = s.id
  LEFT JOIN responses r ON r.invitation_id = i.id
  LEFT JOIN invitations bi ON bi.surgery_id = s.id AND bi.timepoint = 'baseline'
  LEFT JOIN responses b ON b.invitation_id = bi.id
 WHERE s.status = 'scheduled' AND (i.status = 'completed' OR i.closes_at <= :'now')
 GROUP BY i.timepoint;

-- The funnel's counts: per surgeon, evaluable 6-month cases and successes.
SELECT u.id, count(r.success) AS n, count(*) FILTER (WHERE r.success) AS x
  FROM users u
  LEFT JOIN surgeries s ON s.surgeon_id = u.id AND s.status = 'scheduled'
  LEFT JOIN invitations i ON i.surgery_id = s.id AND i.timepoint = '6m' AND i.status = 'completed'
  LEFT JOIN responses r ON r.invitation_id = i.id
 WHERE u.role = 'surgeon'
 GROUP BY u.id;
