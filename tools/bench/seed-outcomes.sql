-- $1: surgeon ids (uuid[]), $2: first surgery number, $3: how many surgeries. Set-based seed for the
-- export and summary benchmarks: one patient and one surgery each (every 10th patient has a second
-- surgery a year later), surgeries between 1 and 3 years ago so every window has closed, and five
-- invitations per surgery: about 95% answered (status 'completed' with a web response whose
-- success/satisfied flags follow Success v1 / Satisfied v1), the rest 'missed'; 1% of patients withdrawn
-- (cancelled follow-ups, stop_reason 'withdrawn'). Subject codes are random, as the API makes them.
WITH g AS (
  SELECT n, $1::uuid[] AS surgeons FROM generate_series($2::int, $2::int + $3::int - 1) n
), p AS (
  -- No email or phone: such a patient is followed on paper (migration 1764700000000's CHECK).
  INSERT INTO patients (mrn, given_name, family_name, birth_date, language, surgeon_id, subject_code, status, preferred_channel)
  SELECT 'BENCH-' || n, 'Given', 'Family', date '1940-01-01' + (n % 14000), CASE WHEN n % 7 = 0 THEN 'es' ELSE 'en' END,
         surgeons[1 + n % cardinality(surgeons)],
         'S-' || upper(substr(md5(random()::text || n), 1, 10)),
         CASE WHEN n % 100 = 0 THEN 'withdrawn' ELSE 'active' END, 'paper'
    FROM g
  RETURNING id, surgeon_id, status, (substr(mrn, 7))::int AS n
), s AS (
  INSERT INTO surgeries (patient_id, surgeon_id, procedure, surgery_date, created_at)
  SELECT p.id, p.surgeon_id, (ARRAY['laminectomy', 'endoscopic_decompression', 'other'])[1 + p.n % 3],
         current_date - 400 - (p.n % 700) + k * 365, now() + k * interval '1 second'
    FROM p, generate_series(0, CASE WHEN p.n % 10 = 0 THEN 1 ELSE 0 END) k
  RETURNING id, surgery_date, patient_id
), i AS (
  INSERT INTO invitations (surgery_id, timepoint, due_at, closes_at, status, stop_reason, sent_at, completed_at, updated_at)
  SELECT s.id, t.timepoint, d.due_at, d.due_at + t.window_days * interval '1 day',
         v.status, CASE WHEN v.status = 'cancelled' THEN 'withdrawn' END,
         d.due_at, CASE WHEN v.status = 'completed' THEN d.due_at + interval '2 days' END, now()
    FROM s
    JOIN p ON p.id = s.patient_id
    CROSS JOIN (VALUES ('baseline', -7, 6), ('2w', 14, 7), ('6w', 42, 14), ('3m', 91, 21), ('6m', 182, 28)) AS t(timepoint, offset_days, window_days)
    CROSS JOIN LATERAL (SELECT (s.surgery_date + t.offset_days)::timestamptz + interval '13 hours' AS due_at) d
    CROSS JOIN LATERAL (SELECT CASE WHEN p.status = 'withdrawn' AND t.timepoint IN ('3m', '6m') THEN 'cancelled'
                                    WHEN hashtext(s.id::text || t.timepoint) % 20 = 0 THEN 'missed'
                                    ELSE 'completed' END AS status) v
  RETURNING id, surgery_id, timepoint, status, completed_at
), a AS (
  -- Answers: baseline leg pain 5-10; follow-ups mostly better. Walking bins 0-4.
  SELECT i.id, i.surgery_id, i.timepoint, i.completed_at,
         CASE WHEN i.timepoint = 'baseline' THEN 5 + abs(hashtext(i.surgery_id::text)) % 6
              ELSE abs(hashtext(i.id::text)) % 8 END AS leg_pain,
         abs(hashtext(i.id::text || 'b')) % 11 AS back_pain,
         CASE WHEN i.timepoint = 'baseline' THEN abs(hashtext(i.surgery_id::text || 'w')) % 3
              ELSE abs(hashtext(i.id::text || 'w')) % 5 END AS walking_distance,
         CASE WHEN i.timepoint <> 'baseline' THEN 1 + abs(hashtext(i.id::text || 's')) % 5 END AS satisfaction
    FROM i
   WHERE i.status = 'completed'
)
INSERT INTO responses (invitation_id, mode, collected_at, leg_pain, back_pain, walking_distance, satisfaction, success, satisfied, definition_version)
SELECT a.id, 'web', a.completed_at, a.leg_pain, a.back_pain, a.walking_distance, a.satisfaction,
       -- Success v1 (needs a baseline): leg pain better by >= 2 and >= 30%, walking up a bin or staying in bin 4.
       CASE WHEN a.timepoint = 'baseline' OR b.leg_pain IS NULL THEN NULL
            ELSE (b.leg_pain - a.leg_pain >= 2 AND (b.leg_pain - a.leg_pain) >= 0.3 * b.leg_pain
                  AND (a.walking_distance >= b.walking_distance + 1 OR (a.walking_distance = 4 AND b.walking_distance = 4))) END,
       CASE WHEN a.timepoint = 'baseline' THEN NULL ELSE a.satisfaction >= 4 END,
       'success-v1;satisfied-v1'
  FROM a
  LEFT JOIN a b ON b.surgery_id = a.surgery_id AND b.timepoint = 'baseline';
